from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail

from balai.accounts.roles import Office
from balai.core.errors import ConflictError, DomainError
from balai.planning import selectors, services
from balai.planning.models import (
    CriterionBasis,
    ForumEntry,
    ForumLevel,
    Origin,
    Proposal,
    ProposalEvent,
    RkpdesActivity,
    Stage,
)
from balai.regions.models import Area
from balai.registry.models import Resident
from balai.registry.tests.factories import make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA

from .conftest import YEAR, submit

pytestmark = pytest.mark.django_db


def test_resident_proposal_gets_a_code_and_a_public_history(
    pincara: Area, resident: Resident
) -> None:
    proposal = submit(pincara, origin=Origin.RESIDENT, group_name="", proposer=resident)
    assert proposal.code.startswith("U-") and len(proposal.code) == 10
    assert list(proposal.events.values_list("stage", flat=True)) == [Stage.SUBMITTED]
    assert selectors.proposal_public(proposal.code.lower()) == proposal


def test_proposal_outside_the_village_is_refused(
    pincara: Area, pattimang: Area, dusun: Area
) -> None:
    other = make_resident(DESA_PATTIMANG, name="Warga Pattimang")
    with pytest.raises(DomainError, match="tidak terdaftar di"):
        submit(pincara, origin=Origin.RESIDENT, proposer=other)
    with pytest.raises(DomainError, match="bukan dusun/RW/RT di"):
        submit(pattimang, origin=Origin.DUSUN, origin_area=dusun)
    with pytest.raises(DomainError, match="di luar"):
        submit(pincara, latitude=48.85, longitude=2.35)  # Paris
    with pytest.raises(DomainError, match="nama kelompok"):
        submit(pincara, group_name=" ")
    assert not Proposal.objects.exists()


def test_cost_that_is_not_a_number_is_a_field_error(pincara: Area) -> None:
    with pytest.raises(DomainError) as exc:
        submit(pincara, estimated_cost="sembilan juta")
    assert "estimated_cost" in exc.value.field_errors
    assert not Proposal.objects.exists()


def test_support_once_per_village_resident(pincara: Area, resident: Resident) -> None:
    proposal = submit(pincara)
    services.proposal_support(actor=None, proposal=proposal, resident=resident)
    with pytest.raises(ConflictError, match="sudah mendukung"):
        services.proposal_support(actor=None, proposal=proposal, resident=resident)
    outsider = make_resident(DESA_PATTIMANG)
    with pytest.raises(DomainError, match="warga desa"):
        services.proposal_support(actor=None, proposal=proposal, resident=outsider)
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_duplicates_are_detected_and_folded(pincara: Area) -> None:
    first = submit(pincara, title="Rabat beton jalan tani Dusun Tampa")
    second = submit(pincara, title="Jalan tani Dusun Tampa rabat beton 300 m")
    unrelated = submit(
        pincara, title="Posyandu baru", kegiatan=selectors.kegiatan_by_code()["2.2.02"]
    )
    similar = selectors.proposal_similar(
        village=pincara, year=YEAR, kegiatan=second.kegiatan, title=second.title, exclude=second.pk
    )
    assert similar == [first]
    services.proposal_mark_duplicate(actor=None, proposal=second, of=first)
    second.refresh_from_db()
    assert second.stage == Stage.DUPLICATE and second.merged_into == first
    assert unrelated.stage == Stage.SUBMITTED


def _criteria() -> dict[str, int]:
    kab = Area.objects.get(code=KAB_LUTRA)
    urgency = services.criterion_add(
        actor=None, kabupaten=kab, name="Urgensi", basis=CriterionBasis.MANUAL, weight=3
    )
    services.criterion_add(
        actor=None,
        kabupaten=kab,
        name="Penerima manfaat",
        basis=CriterionBasis.BENEFICIARIES,
        weight=2,
    )
    services.criterion_add(
        actor=None, kabupaten=kab, name="Biaya", basis=CriterionBasis.COST, weight=1
    )
    return {"urgency": urgency.pk}


def test_desa_musrenbang_ranks_accepts_forwards_and_closes(
    pincara: Area, resident: Resident, django_capture_on_commit_callbacks
) -> None:
    keys = _criteria()
    services.pagu_set(actor=None, area=pincara, year=YEAR, amount=Decimal(150_000_000))
    road = submit(pincara, origin=Origin.RESIDENT, proposer=resident)  # 90 jt, 120 jiwa
    posyandu = submit(
        pincara,
        title="Kelas ibu hamil",
        kegiatan=selectors.kegiatan_by_code()["2.2.02"],
        estimated_cost=Decimal(30_000_000),
        beneficiaries=40,
    )
    bridge = submit(
        pincara,
        title="Jembatan kabupaten",
        estimated_cost=Decimal(900_000_000),
        beneficiaries=400,
        village_authority=False,
    )
    forum = services.forum_open(actor=None, level=ForumLevel.DESA, area=pincara, year=YEAR)
    urgency = str(keys["urgency"])
    services.forum_score(actor=None, forum=forum, proposal=road, scores={urgency: 4})
    services.forum_score(actor=None, forum=forum, proposal=posyandu, scores={urgency: 5})
    services.forum_score(actor=None, forum=forum, proposal=bridge, scores={urgency: 2})
    with pytest.raises(DomainError, match="1 sampai 5"):
        services.forum_score(actor=None, forum=forum, proposal=road, scores={urgency: 9})

    result = selectors.forum_ranking(forum)
    by_code = {r.item.code: r for r in result.rows}
    # Beneficiaries 40..400, cost 30..900 jt; weights urgency 3, beneficiaries 2, cost 1.
    # road: (3x4 + 2x(1+4x80/360) + 1x(1+4x(1-60/870))) / 6 = (12 + 3.778 + 4.724) / 6
    assert by_code[road.code].score == Decimal("3.417")
    # posyandu: (15 + 2x1 + 1x5) / 6
    assert by_code[posyandu.code].score == Decimal("3.667")
    # bridge: (6 + 2x5 + 1x1) / 6
    assert by_code[bridge.code].score == Decimal("2.833")
    assert [r.item.code for r in result.rows] == [posyandu.code, road.code, bridge.code]
    # Greedy under 150 jt: 30 + 90 fit, 900 does not.
    assert [r.fits for r in result.rows] == [True, True, False]
    assert result.used == Decimal(120_000_000)

    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_decide_desa(actor=None, forum=forum, proposal=road, decision="accept")
    services.proposal_decide_desa(actor=None, forum=forum, proposal=bridge, decision="forward")
    with pytest.raises(ConflictError, match="belum diputuskan"):
        services.forum_close(actor=None, forum=forum)
    with pytest.raises(DomainError, match="alasan"):
        services.proposal_decide_desa(actor=None, forum=forum, proposal=posyandu, decision="reject")
    with pytest.raises(DomainError, match="diteruskan ke kecamatan, bukan"):
        services.proposal_decide_desa(actor=None, forum=forum, proposal=bridge, decision="accept")
    services.proposal_decide_desa(
        actor=None, forum=forum, proposal=posyandu, decision="reject", reason="Sudah didanai Dinkes"
    )
    services.forum_close(actor=None, forum=forum)

    road.refresh_from_db()
    assert road.stage == Stage.DESA_ACCEPTED
    activity = RkpdesActivity.objects.get()
    assert road.rkpdes_activity == activity
    assert (activity.kegiatan_id, activity.indicative_cost, activity.year) == (
        "2.3.12",
        Decimal(90_000_000),
        YEAR,
    )
    assert Proposal.objects.get(pk=bridge.pk).stage == Stage.KECAMATAN
    assert list(
        ForumEntry.objects.filter(forum=forum)
        .order_by("rank")
        .values_list("proposal__code", "fits")
    ) == [
        (posyandu.code, True),
        (road.code, True),
        (bridge.code, False),
    ]
    assert [m.to for m in mail.outbox] == [["siti@example.org"]]
    with pytest.raises(ConflictError, match="sudah ditutup"):
        submit(pincara)


def test_kecamatan_merges_ranks_under_pagu_and_opd_answers(pincara: Area, make_user) -> None:
    kab = Area.objects.get(code=KAB_LUTRA)
    kec = Area.objects.get(code=KEC_MASAMBA)
    services.criterion_add(
        actor=None, kabupaten=kab, name="Penerima", basis=CriterionBasis.BENEFICIARIES, weight=1
    )
    pu = services.opd_add(
        actor=None, kabupaten=kab, code="1.03", name="Dinas PUPR", office=Office.LAINNYA
    )
    dinkes = services.opd_add(
        actor=None, kabupaten=kab, code="1.02", name="Dinas Kesehatan", office=Office.DINKES
    )
    services.pagu_set(actor=None, area=kec, year=YEAR, amount=Decimal(1_000_000_000))
    a = submit(
        pincara,
        title="Jembatan gantung Tampa",
        estimated_cost=Decimal(800_000_000),
        beneficiaries=500,
        village_authority=False,
    )
    b = submit(
        pincara,
        title="Jembatan gantung Dusun Tampa",
        estimated_cost=Decimal(700_000_000),
        beneficiaries=100,
        village_authority=False,
    )
    c = submit(
        pincara,
        title="Puskesmas pembantu",
        kegiatan=selectors.kegiatan_by_code()["2.2.01"],
        estimated_cost=Decimal(400_000_000),
        beneficiaries=300,
        village_authority=False,
    )
    d = submit(
        pincara,
        title="Pasar kecamatan",
        estimated_cost=Decimal(150_000_000),
        beneficiaries=50,
        village_authority=False,
    )
    desa = services.forum_open(actor=None, level=ForumLevel.DESA, area=pincara, year=YEAR)
    for p in (a, b, c, d):
        services.proposal_decide_desa(actor=None, forum=desa, proposal=p, decision="forward")
    forum = services.forum_open(actor=None, level=ForumLevel.KECAMATAN, area=kec, year=YEAR)
    a, b, c, d = (Proposal.objects.get(pk=p.pk) for p in (a, b, c, d))
    services.proposal_merge(actor=None, forum=forum, main=a, others=[b])
    a.refresh_from_db()
    assert a.beneficiaries == 600
    assert Proposal.objects.get(pk=b.pk).merged_into == a

    # Beneficiaries a 600, c 300, d 50 -> scores 5, 1+4x250/550=2.818, 1.
    result = selectors.forum_ranking(forum)
    assert [(r.item.code, r.score, r.fits) for r in result.rows] == [
        (a.code, Decimal("5.000"), True),  # 800 jt of 1 M
        (c.code, Decimal("2.818"), False),  # 400 jt no longer fits
        (d.code, Decimal("1.000"), True),  # 150 jt still fits: 950 jt
    ]
    with pytest.raises(ConflictError, match="Petakan OPD"):
        services.forum_close(actor=None, forum=forum)
    assert Proposal.objects.get(pk=c.pk).stage == Stage.KECAMATAN  # nothing moved
    services.proposal_assign_opd(
        actor=None, forum=forum, proposal=a, opd=pu, programme="Jalan dan jembatan"
    )
    services.proposal_assign_opd(actor=None, forum=forum, proposal=d, opd=pu, programme="Pasar")
    services.forum_close(actor=None, forum=forum)
    assert Proposal.objects.get(pk=a.pk).stage == Stage.KABUPATEN
    c.refresh_from_db()
    assert c.stage == Stage.KECAMATAN_REJECTED
    assert "tidak muat" in c.answer_reason

    # A forward into a closed level is refused, nothing changes.
    late = submit(pincara, title="Irigasi", village_authority=False)
    with pytest.raises(ConflictError, match="kecamatan 2027 sudah ditutup"):
        services.proposal_decide_desa(actor=None, forum=desa, proposal=late, decision="forward")
    assert Proposal.objects.get(pk=late.pk).stage == Stage.SUBMITTED

    # The OPD answers only its own proposals.
    a.refresh_from_db()
    with pytest.raises(DomainError, match="bukan usulan untuk Dinas Kesehatan"):
        services.opd_answer(actor=None, opd=dinkes, proposal=a, accepted=False, reason="x")
    assert Proposal.objects.get(pk=a.pk).stage == Stage.KABUPATEN
    services.opd_answer(
        actor=None,
        opd=pu,
        proposal=a,
        accepted=True,
        programme="Jalan dan jembatan",
        activity="Pembangunan jembatan gantung",
    )
    a.refresh_from_db()
    assert a.stage == Stage.OPD_ACCEPTED and a.answered_at is not None
    assert ProposalEvent.objects.filter(proposal=a).count() == 4
    with pytest.raises(ConflictError):
        services.opd_answer(
            actor=None, opd=pu, proposal=a, accepted=False, reason="berubah pikiran"
        )


def test_indicators_sum_counts_up_the_tree(pincara: Area, pattimang: Area) -> None:
    from balai.indicators.testing import fact

    accepted = submit(pincara)
    submit(pincara, title="Sumur bor")
    dup = submit(pincara, title="Rabat beton jalan tani Tampa")
    submit(pattimang, title="Talud")
    forum = services.forum_open(actor=None, level=ForumLevel.DESA, area=pincara, year=YEAR)
    services.proposal_decide_desa(actor=None, forum=forum, proposal=accepted, decision="accept")
    services.proposal_mark_duplicate(actor=None, proposal=dup, of=accepted)
    kab = Area.objects.get(code=KAB_LUTRA)
    services.theme_add(
        actor=None, kabupaten=kab, year=YEAR, name="Jalan usaha tani", kegiatan_prefixes=["2.3.12"]
    )
    services.rkpdes_activity_create(
        actor=None,
        village=pincara,
        year=YEAR,
        kegiatan=selectors.kegiatan_by_code()["2.2.02"],
        name="Posyandu",
        location="Balai desa",
        volume=Decimal(12),
        unit="bulan",
        indicative_cost=Decimal(30_000_000),
    )
    year = str(YEAR)
    # Pincara: 2 counted (the duplicate is not), 1 accepted; Pattimang is in Malangke.
    assert fact("perencanaan.usulan_terakomodasi", KEC_MASAMBA, year) == (1, 2)
    assert fact("perencanaan.usulan_terakomodasi", KAB_LUTRA, year) == (1, 3)
    # 90 jt road (2.3.12, a priority theme) of 90 + 30 jt.
    assert fact("perencanaan.rkpdes_selaras", DESA_PINCARA, year) == (90_000_000, 120_000_000)
