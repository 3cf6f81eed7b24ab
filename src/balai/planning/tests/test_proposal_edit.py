"""The proposer edits or withdraws a proposal until the musrenbang desa decides it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from balai.accounts.roles import Role
from balai.core.errors import ConflictError, DomainError
from balai.planning import policies, selectors, services
from balai.planning.models import ForumLevel, Origin, Proposal, ProposalEvent, Stage
from balai.regions.models import Area
from balai.registry.models import Resident
from balai.registry.tests.factories import make_resident
from conftest import DESA_PINCARA, KEC_MASAMBA, login

from .conftest import YEAR, submit
from .test_views import resident_client

pytestmark = pytest.mark.django_db


def test_update_changes_an_undecided_proposal_and_keeps_the_history(
    operator, pincara: Area, dusun: Area
) -> None:
    proposal = submit(pincara, actor=operator)
    assert proposal.entered_by == operator
    services.proposal_update(
        actor=operator,
        proposal=proposal,
        title="  Rabat beton jalan tani Tampa 400 m ",
        estimated_cost=Decimal(120_000_000),
        volume=Decimal(400),
        beneficiaries=120,  # unchanged: not in the audit entry
    )
    proposal.refresh_from_db()
    assert (proposal.title, proposal.estimated_cost, proposal.volume, proposal.code[:2]) == (
        "Rabat beton jalan tani Tampa 400 m",
        Decimal(120_000_000),
        Decimal(400),
        "U-",
    )
    assert list(proposal.events.values_list("stage", "note")) == [
        (Stage.SUBMITTED, ""),
        (Stage.SUBMITTED, "Usulan diperbarui oleh pengusul."),
    ]
    entry = LogEntry.objects.get(additional_data__event="planning.proposal_updated")
    assert entry.additional_data["changed"] == {
        "title": ["Rabat beton jalan tani Dusun Tampa", "Rabat beton jalan tani Tampa 400 m"],
        "estimated_cost": ["90000000.00", "120000000"],
        "volume": ["300.00", "400"],
    }
    # The same checks as at submission; nothing is saved on a refusal.
    with pytest.raises(DomainError, match="di luar"):
        services.proposal_update(actor=operator, proposal=proposal, latitude=48.85, longitude=2.35)
    with pytest.raises(DomainError) as exc:
        services.proposal_update(actor=operator, proposal=proposal, estimated_cost="banyak")
    assert "estimated_cost" in exc.value.field_errors
    with pytest.raises(DomainError, match="nama kelompok"):
        services.proposal_update(actor=operator, proposal=proposal, group_name=" ")
    with pytest.raises(DomainError, match="tidak dikenal"):
        services.proposal_update(actor=operator, proposal=proposal, stage=Stage.DESA_ACCEPTED)
    proposal.refresh_from_db()
    assert (proposal.estimated_cost, proposal.latitude, proposal.group_name, proposal.stage) == (
        Decimal(120_000_000),
        None,
        "PKK Pincara",
        Stage.SUBMITTED,
    )
    assert proposal.events.count() == 2


def test_a_decided_proposal_cannot_be_edited_or_withdrawn(pincara: Area) -> None:
    proposal = submit(pincara, village_authority=False)
    forum = services.forum_open(actor=None, level=ForumLevel.DESA, area=pincara, year=YEAR)
    services.proposal_decide_desa(actor=None, forum=forum, proposal=proposal, decision="forward")
    proposal.refresh_from_db()
    with pytest.raises(ConflictError, match="sudah diputuskan di musrenbang desa"):
        services.proposal_update(actor=None, proposal=proposal, title="Jembatan")
    with pytest.raises(ConflictError, match="tidak dapat diubah atau ditarik lagi"):
        services.proposal_withdraw(actor=None, proposal=proposal, reason="Sudah dibangun")
    proposal.refresh_from_db()
    assert (proposal.title, proposal.stage) == ("Rabat beton jalan tani Dusun Tampa", "kecamatan")


def test_withdrawn_proposal_keeps_its_code_reason_and_leaves_the_counts(
    pincara: Area, resident: Resident
) -> None:
    from balai.indicators.testing import fact

    mine = submit(pincara, origin=Origin.RESIDENT, group_name="", proposer=resident)
    other = submit(pincara, title="Sumur bor")
    with pytest.raises(DomainError, match="alasan"):
        services.proposal_withdraw(actor=None, proposal=mine, reason="  ")
    services.proposal_withdraw(actor=None, proposal=mine, reason="Sudah dibangun swadaya")
    mine.refresh_from_db()
    assert (mine.stage, mine.answer_reason) == (Stage.WITHDRAWN, "Sudah dibangun swadaya")
    assert ProposalEvent.objects.filter(proposal=mine).last().note == (
        "Ditarik pengusul: Sudah dibangun swadaya"
    )
    assert LogEntry.objects.filter(
        additional_data__event="planning.proposal_moved", additional_data__to="ditarik"
    ).exists()
    # Not supported, not on the forum's table, not counted by the indicator.
    assert selectors.open_for_support(village=pincara, year=YEAR, resident=resident) == [
        (other, False)
    ]
    forum = services.forum_open(actor=None, level=ForumLevel.DESA, area=pincara, year=YEAR)
    assert list(selectors.forum_proposals(forum, pending_only=False)) == [other]
    assert fact("perencanaan.usulan_terakomodasi", DESA_PINCARA, str(YEAR)) == (0, 1)
    assert (
        selectors.proposal_similar(
            village=pincara, year=YEAR, kegiatan=mine.kegiatan, title=mine.title
        )
        == []
    )


def test_a_proposal_others_were_folded_into_is_not_withdrawn(pincara: Area) -> None:
    kept = submit(pincara)
    dup = submit(pincara, title="Rabat beton jalan tani Tampa")
    services.proposal_mark_duplicate(actor=None, proposal=dup, of=kept)
    with pytest.raises(ConflictError, match="sudah digabung ke usulan"):
        services.proposal_withdraw(actor=None, proposal=kept, reason="Batal")
    assert Proposal.objects.get(pk=kept.pk).stage == Stage.SUBMITTED


def test_who_may_edit(make_user, operator, pincara: Area, resident: Resident) -> None:
    colleague = make_user(Role.SEKRETARIS_DESA, DESA_PINCARA)
    camat = make_user(Role.CAMAT, KEC_MASAMBA)
    recorded = submit(pincara, actor=operator)
    legacy = submit(pincara, title="Talud")  # recorded before the recorder was kept
    own = submit(pincara, origin=Origin.RESIDENT, group_name="", proposer=resident)
    neighbour = make_resident(DESA_PINCARA, name="Tetangga")
    assert policies.may_edit_proposal(operator, recorded, resident=None)
    assert not policies.may_edit_proposal(colleague, recorded, resident=None)
    assert policies.may_edit_proposal(colleague, legacy, resident=None)
    assert not policies.may_edit_proposal(camat, legacy, resident=None)
    assert not policies.may_edit_proposal(operator, own, resident=None)
    assert policies.may_edit_proposal(None, own, resident=resident)
    assert not policies.may_edit_proposal(None, own, resident=neighbour)
    assert not policies.may_edit_proposal(None, recorded, resident=resident)


def test_resident_edits_and_withdraws_own_proposal_from_the_web(
    pincara: Area, resident: Resident, time_machine
) -> None:
    time_machine.move_to("2026-01-10T02:00:00Z")  # plan year 2027
    own = submit(pincara, origin=Origin.RESIDENT, group_name="", proposer=resident)
    client = resident_client(resident)
    home = client.get("/perencanaan/warga/").content.decode()
    url = f"/perencanaan/warga/usulan/{own.code}/ubah/"
    assert url in home
    form = {
        "form": "edit",
        "title": "Rabat beton jalan tani Tampa",
        "description": "",
        "kegiatan": "2.3.12",
        "location": "Dusun Tampa",
        "volume": "300",
        "unit": "m",
        "estimated_cost": "sembilan puluh juta",
        "beneficiaries": "150",
        "village_authority": "on",
    }
    bad = client.post(url, form)
    assert bad.status_code == 200
    assert "Tulis angka rupiah" in bad.content.decode()
    assert Proposal.objects.get(pk=own.pk).beneficiaries == 120
    ok = client.post(url, {**form, "estimated_cost": "95000000"})
    assert ok.status_code == 302
    own.refresh_from_db()
    assert (own.title, own.estimated_cost, own.beneficiaries) == (
        "Rabat beton jalan tani Tampa",
        Decimal(95_000_000),
        150,
    )

    empty = client.post(url, {"form": "withdraw", "reason": ""})
    assert empty.status_code == 200
    assert "Tuliskan alasan usulan ditarik." in empty.content.decode()
    assert client.post(url, {"form": "withdraw", "reason": "Sudah ada bantuan"}).status_code == 302
    track = client.get(f"/perencanaan/lacak/{own.code}/").content.decode()
    assert "Ditarik pengusul" in track and "Sudah ada bantuan" in track
    assert resident.name not in track and resident.nik not in track

    decided = client.get(url).content.decode()
    assert 'data-testid="proposal-decided"' in decided
    again = client.post(url, {**form, "estimated_cost": "1"})
    assert again.status_code == 200
    assert "sudah diputuskan di musrenbang desa" in again.content.decode()
    assert Proposal.objects.get(pk=own.pk).estimated_cost == Decimal(95_000_000)

    other = make_resident(DESA_PINCARA, name="Tetangga")
    assert resident_client(other).get(url).status_code == 404


def test_staff_edit_page_is_for_who_recorded_it(make_user, operator, pincara: Area) -> None:
    colleague = make_user(Role.SEKRETARIS_DESA, DESA_PINCARA)
    recorded = submit(pincara, actor=operator, origin=Origin.YOUTH, group_name="Karang Taruna")
    url = f"/perencanaan/usulan/{recorded.pk}/ubah/"
    page = login(operator).get(f"/perencanaan/desa/{DESA_PINCARA}/?tahun={YEAR}")
    assert url in page.content.decode()
    assert login(colleague).post(url, {"form": "withdraw", "reason": "x"}).status_code == 403
    assert Proposal.objects.get(pk=recorded.pk).stage == Stage.SUBMITTED
    moved = login(operator).post(url, {"form": "withdraw", "reason": "Digabung ke usulan PKK"})
    assert moved.status_code == 302
    assert Proposal.objects.get(pk=recorded.pk).stage == Stage.WITHDRAWN


def test_the_answer_reaches_the_office_member_who_recorded_a_group_proposal(
    operator, pincara: Area, django_capture_on_commit_callbacks
) -> None:
    from django.core import mail

    operator.email = "operator@pincara.desa.id"
    operator.save(update_fields=["email"])
    recorded = submit(pincara, actor=operator)
    legacy = submit(pincara, title="Talud")  # no recorder: nobody to write to
    forum = services.forum_open(actor=None, level=ForumLevel.DESA, area=pincara, year=YEAR)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_decide_desa(
            actor=None, forum=forum, proposal=recorded, decision="reject", reason="Pagu habis"
        )
        services.proposal_decide_desa(
            actor=None, forum=forum, proposal=legacy, decision="reject", reason="Pagu habis"
        )
    assert [m.to for m in mail.outbox] == [["operator@pincara.desa.id"]]
    assert "Pagu habis" in mail.outbox[0].body
