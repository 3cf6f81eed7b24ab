from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from balai.core.errors import DomainError
from balai.planning import selectors, services
from balai.planning.loader import read_kegiatan
from balai.planning.models import Kegiatan, RkpdesActivity
from balai.planning.services._common import clean
from balai.regions.models import Area

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _activity(village: Area, **extra: object) -> RkpdesActivity:
    kegiatan = selectors.kegiatan_by_code()["2.3.10"]
    values: dict[str, object] = {
        "actor": None,
        "village": village,
        "year": YEAR,
        "kegiatan": kegiatan,
        "name": "Rabat beton jalan Dusun Tampa",
        "location": "Dusun Tampa",
        "volume": Decimal("350"),
        "unit": "m",
        "beneficiaries": 420,
        "indicative_cost": Decimal("175000000"),
    }
    values.update(extra)
    return services.rkpdes_activity_create(**values)  # type: ignore[arg-type]


def test_reference_list_ships_239_kegiatan_with_names_per_level() -> None:
    found = selectors.kegiatan_by_code()
    assert len(found) == 239 == len(read_kegiatan())
    road = found["2.3.10"]
    assert road.bidang == "2"
    assert road.sub_bidang == "2.3"
    assert road.sub_bidang_name == "Pekerjaan Umum dan Penataan Ruang"
    assert road.name == "Pembangunan/Rehabilitas/Peningkatan/Pengerasan Jalan Desa"
    assert road.siskeudes_code == "02.03.10."
    assert found["1.1.01"].name == "Penyediaan Penghasilan Tetap dan Tunjangan Kepala Desa"
    # List order: bidang, sub-bidang, then kegiatan number.
    codes = list(found)
    assert codes[0] == "1.1.01"
    assert codes[-1] == "5.3.01"
    assert codes.index("2.3.09") < codes.index("2.3.10") < codes.index("2.3.90")


def test_loader_command_is_idempotent() -> None:
    from django.core.management import call_command

    Kegiatan.objects.filter(code="5.3.01").update(name="diubah")
    call_command("planning_load_kegiatan")
    assert Kegiatan.objects.count() == 239
    assert Kegiatan.objects.get(code="5.3.01").name == "Penanganan Keadaan Mendesak"


def test_rkpdes_activity_traced_to_rpjmdes_and_within_pagu(pincara: Area) -> None:
    plan = services.rpjmdes_create(actor=None, village=pincara, start_year=2025, term_years=6)
    goal = services.rpjmdes_goal_add(actor=None, rpjmdes=plan, text="Jalan desa layak")
    programme = services.rpjmdes_programme_add(
        actor=None,
        rpjmdes=plan,
        goal=goal,
        kegiatan=selectors.kegiatan_by_code()["2.3.10"],
        name="Peningkatan jalan desa",
        first_year=2026,
        last_year=2028,
    )
    services.pagu_set(actor=None, area=pincara, year=YEAR, amount=Decimal("300000000"))
    traced = _activity(pincara, programme=programme)
    untraced = _activity(
        pincara, name="Drainase", indicative_cost=Decimal("150000000"), volume=Decimal(100)
    )

    check = selectors.rkpdes_consistency(village=pincara, year=YEAR)
    assert check.rpjmdes == plan
    assert check.total == Decimal("325000000")
    assert check.over_pagu == Decimal("25000000")
    assert check.untraced == [untraced]
    assert not check.ok

    services.rkpdes_activity_update(
        actor=None, activity=untraced, programme=programme, indicative_cost=Decimal("125000000")
    )
    check = selectors.rkpdes_consistency(village=pincara, year=YEAR)
    assert check.total == Decimal("300000000")
    assert check.over_pagu == 0
    assert check.untraced == []
    assert check.ok
    assert traced.programme == programme
    assert LogEntry.objects.filter(
        additional_data__event="planning.rkpdes_activity_updated"
    ).exists()


def test_programme_of_another_village_or_year_is_refused(pincara: Area, pattimang: Area) -> None:
    other = services.rpjmdes_create(actor=None, village=pattimang, start_year=2025)
    programme = services.rpjmdes_programme_add(
        actor=None,
        rpjmdes=other,
        kegiatan=selectors.kegiatan_by_code()["2.3.10"],
        name="Jalan",
        first_year=2025,
        last_year=2026,
    )
    with pytest.raises(DomainError, match="RPJM Desa lain"):
        _activity(pincara, programme=programme)
    with pytest.raises(DomainError, match="tidak dijadwalkan pada tahun 2027"):
        _activity(pattimang, programme=programme)
    assert not RkpdesActivity.objects.exists()


def test_rpjmdes_terms_may_not_overlap_and_may_last_eight_years(pincara: Area) -> None:
    plan = services.rpjmdes_create(actor=None, village=pincara, start_year=2025, term_years=8)
    assert plan.end_year == 2032
    with pytest.raises(DomainError, match="2025-2032"):
        services.rpjmdes_create(actor=None, village=pincara, start_year=2030)
    assert selectors.rpjmdes_for_year(village=pincara, year=2032) == plan
    assert selectors.rpjmdes_for_year(village=pincara, year=2033) is None


def test_activity_bad_input_is_a_clear_message(pincara: Area) -> None:
    with pytest.raises(DomainError) as exc:
        _activity(pincara, indicative_cost=Decimal("-5"))
    assert "indicative_cost" in exc.value.field_errors
    kecamatan = Area.objects.get(code=pincara.parent_id)
    with pytest.raises(DomainError, match="bukan desa"):
        _activity(kecamatan)
    assert not RkpdesActivity.objects.exists()


def test_clean_maps_validation_errors_to_fields(pincara: Area) -> None:
    activity = RkpdesActivity(village=pincara, year=YEAR)
    with pytest.raises(DomainError) as exc:
        clean(activity)
    assert {"kegiatan", "name", "location"} <= set(exc.value.field_errors)
