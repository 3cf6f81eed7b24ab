"""Editing and removing RKP Desa activities: the page, the policy, the enacted-APBDes lock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from auditlog.models import LogEntry

from balai.accounts.roles import Role
from balai.core.errors import ConflictError
from balai.finance.models import ApbdesLine
from balai.finance.tests.conftest import NOW, build_draft, enact
from balai.planning import selectors, services
from balai.planning.models import ForumLevel, RkpdesActivity
from balai.regions.models import Area
from conftest import DESA_PINCARA, KEC_MASAMBA, login

from .conftest import YEAR, submit

pytestmark = pytest.mark.django_db


def activity(village: Area, year: int, code: str, **extra: object) -> RkpdesActivity:
    values: dict[str, object] = {
        "actor": None,
        "village": village,
        "year": year,
        "kegiatan": selectors.kegiatan_by_code()[code],
        "name": "Rabat beton jalan",
        "location": "Dusun Tampa",
        "volume": Decimal(200),
        "unit": "m",
        "indicative_cost": Decimal(400_000_000),
    }
    values.update(extra)
    return services.rkpdes_activity_create(**values)  # type: ignore[arg-type]


@time_machine.travel(NOW, tick=False)
def test_activity_in_an_enacted_apbdes_is_not_removed(pincara: Area) -> None:
    budgeted = activity(pincara, 2025, "2.3.10")  # the draft's 5.3.5.01 line links it
    free = activity(pincara, 2025, "1.1.01", name="Penghasilan tetap")  # no line
    in_draft = activity(pincara, 2026, "2.3.10")
    enact(
        build_draft(pincara, 2025),
        agreed=dt.date(2024, 10, 21),
        submitted=dt.date(2024, 10, 22),
        evaluated=dt.date(2024, 11, 5),
    )
    build_draft(pincara, 2026)  # still a draft
    assert ApbdesLine.objects.filter(rkpdes_activity=budgeted).count() == 1
    assert ApbdesLine.objects.filter(rkpdes_activity=in_draft).count() == 1

    assert "APBDes 2025 yang sudah ditetapkan" in selectors.activity_lock(budgeted)
    with pytest.raises(ConflictError, match="APBDes 2025 yang sudah ditetapkan"):
        services.rkpdes_activity_delete(actor=None, activity=budgeted)
    assert RkpdesActivity.objects.filter(pk=budgeted.pk).exists()
    # Its cost may change (an amendment follows); its kegiatan code may not.
    services.rkpdes_activity_update(
        actor=None, activity=budgeted, indicative_cost=Decimal(390_000_000)
    )
    with pytest.raises(ConflictError, match="Kode kegiatannya tidak dapat diubah"):
        services.rkpdes_activity_update(
            actor=None, activity=budgeted, kegiatan=selectors.kegiatan_by_code()["2.3.12"]
        )
    budgeted.refresh_from_db()
    assert (budgeted.kegiatan_id, budgeted.indicative_cost) == ("2.3.10", Decimal(390_000_000))

    assert selectors.activity_lock(free) == ""
    services.rkpdes_activity_delete(actor=None, activity=free)
    # A draft budget does not hold the activity: its line is unlinked, kept.
    services.rkpdes_activity_delete(actor=None, activity=in_draft)
    assert set(RkpdesActivity.objects.values_list("pk", flat=True)) == {budgeted.pk}
    line = ApbdesLine.objects.get(apbdes__year=2026, kegiatan_code="2.3.10")
    assert line.rkpdes_activity_id is None


def test_activity_from_a_proposal_is_changed_not_removed(pincara: Area) -> None:
    proposal = submit(pincara)
    forum = services.forum_open(actor=None, level=ForumLevel.DESA, area=pincara, year=YEAR)
    services.proposal_decide_desa(actor=None, forum=forum, proposal=proposal, decision="accept")
    accepted = RkpdesActivity.objects.get()
    with pytest.raises(ConflictError, match=f"usulan musrenbang {proposal.code}"):
        services.rkpdes_activity_delete(actor=None, activity=accepted)
    assert RkpdesActivity.objects.count() == 1


def test_edit_page_changes_an_activity_for_the_village_office_only(
    operator, other_operator, camat, pincara: Area
) -> None:
    item = activity(pincara, YEAR, "2.3.10", indicative_cost=Decimal(100_000_000))
    url = f"/perencanaan/kegiatan-rkpdes/{item.pk}/"
    village_page = login(operator).get(f"/perencanaan/desa/{DESA_PINCARA}/?tahun={YEAR}")
    assert url in village_page.content.decode()

    assert login(other_operator).get(url).status_code == 404
    assert login(camat).get(url).status_code == 403  # sees plans, does not write them
    page = login(operator).get(url)
    assert page.status_code == 200
    assert 'data-testid="activity-delete"' in page.content.decode()

    form = {
        "kegiatan": "2.3.10",
        "name": "Rabat beton jalan tani",
        "location": "Dusun Tampa",
        "volume": "250",
        "unit": "m",
        "beneficiaries": "180",
        "fund_source": "DDS",
        "implementer": "TPK",
        "start_month": "3",
        "duration_days": "45",
    }
    bad = login(operator).post(url, {**form, "indicative_cost": "seratus juta"})
    assert bad.status_code == 200
    assert "Tulis angka rupiah" in bad.content.decode()
    assert RkpdesActivity.objects.get().indicative_cost == Decimal(100_000_000)

    denied = login(other_operator).post(url, {**form, "indicative_cost": "1"})
    assert denied.status_code == 404
    ok = login(operator).post(url, {**form, "indicative_cost": "125000000"})
    assert ok.status_code == 302
    assert ok["Location"] == f"/perencanaan/desa/{DESA_PINCARA}/?tahun={YEAR}"
    item.refresh_from_db()
    assert (
        item.name,
        item.volume,
        item.beneficiaries,
        item.indicative_cost,
        item.start_month,
        item.duration_days,
    ) == ("Rabat beton jalan tani", Decimal(250), 180, Decimal(125_000_000), 3, 45)
    entry = LogEntry.objects.get(additional_data__event="planning.rkpdes_activity_updated")
    assert entry.additional_data["before"]["indicative_cost"] == "100000000.00"

    removed = login(operator).post(f"/perencanaan/kegiatan-rkpdes/{item.pk}/hapus/")
    assert removed.status_code == 302
    assert not RkpdesActivity.objects.exists()


def test_kepala_desa_plans_but_kecamatan_staff_does_not(make_user, pincara: Area) -> None:
    from balai.planning import policies

    kades = make_user(Role.KEPALA_DESA, DESA_PINCARA)
    staff = make_user(Role.KECAMATAN_STAFF, KEC_MASAMBA)
    assert policies.may_plan(kades, DESA_PINCARA)
    assert not policies.may_plan(staff, DESA_PINCARA)
