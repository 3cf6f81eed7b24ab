"""Service points: coordinate validation, register rows, supply figures and distances."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from balai.core.errors import DomainError
from balai.facilities.models import PointKind, ServicePoint
from balai.facilities.selectors import register_rows, supply_by_village
from balai.facilities.services import servicepoint_create, servicepoint_update
from balai.posyandu import services as posyandu_services
from balai.regions import geo
from balai.regions.models import Area, AreaBoundary
from balai.registry.tests.factories import make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, KEL_KAPPUNA, MakeUser

TODAY = date(2026, 6, 15)


def _inside(code: str) -> tuple[Decimal, Decimal]:
    """A point inside the kabupaten near the centroid of *code*'s polygon."""
    b = AreaBoundary.objects.get(area_id=code)
    return Decimal(f"{b.centroid_lat:.5f}"), Decimal(f"{b.centroid_lng:.5f}")


@pytest.mark.django_db
def test_point_inside_the_kabupaten_polygon_is_saved(boundaries: None) -> None:
    lat, lng = _inside(DESA_PINCARA)
    point = servicepoint_create(
        actor=None,
        village=Area.objects.get(code=DESA_PINCARA),
        kind=PointKind.SD,
        name="SD Negeri 1",
        latitude=lat,
        longitude=lng,
        capacity=180,
        staff_count=9,
    )
    assert (point.latitude, point.longitude) == (lat, lng)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lat", "lng"),
    [
        ("-5.14370", "119.40790"),  # Makassar: in Sulawesi Selatan, outside Luwu Utara
        ("2.56000", "120.33000"),  # latitude sign flipped (north of the equator)
        ("-2.56000", "20.33000"),  # longitude missing a digit
    ],
)
def test_point_outside_the_kabupaten_polygon_is_refused_in_indonesian(
    boundaries: None, lat: str, lng: str
) -> None:
    with pytest.raises(DomainError) as exc:
        servicepoint_create(
            actor=None,
            village=Area.objects.get(code=DESA_PINCARA),
            kind=PointKind.SD,
            name="SD Salah",
            latitude=Decimal(lat),
            longitude=Decimal(lng),
        )
    assert "di luar wilayah Kabupaten Luwu Utara" in exc.value.message
    assert "latitude" in exc.value.field_errors
    assert not ServicePoint.objects.exists()


@pytest.mark.django_db
def test_without_a_polygon_indonesia_bbox_applies(tree: None) -> None:
    village = Area.objects.get(code="32.73.01.1002")  # Gegerkalong, Bandung: no polygon loaded
    with pytest.raises(DomainError) as exc:
        servicepoint_create(
            actor=None,
            village=village,
            kind=PointKind.SD,
            name="SD London",
            latitude=Decimal("51.50000"),
            longitude=Decimal("-0.12000"),
        )
    assert "di luar Indonesia" in exc.value.message
    point = servicepoint_create(
        actor=None,
        village=village,
        kind=PointKind.SD,
        name="SD Gegerkalong",
        latitude=Decimal("-6.86000"),
        longitude=Decimal("107.59000"),
    )
    assert point.pk is not None
    with pytest.raises(DomainError, match="lintang dan bujur"):
        servicepoint_create(
            actor=None,
            village=village,
            kind=PointKind.SD,
            name="SD Setengah",
            latitude=Decimal("-6.86000"),
        )


@pytest.mark.django_db
def test_update_to_a_bad_location_changes_nothing(boundaries: None) -> None:
    lat, lng = _inside(DESA_PINCARA)
    point = servicepoint_create(
        actor=None,
        village=Area.objects.get(code=DESA_PINCARA),
        kind=PointKind.PAUD,
        name="PAUD Melati",
        latitude=lat,
        longitude=lng,
    )
    with pytest.raises(DomainError):
        servicepoint_update(
            actor=None,
            point=point,
            latitude=Decimal("-5.14370"),
            longitude=Decimal("119.40790"),
            name="PAUD Baru",
        )
    point.refresh_from_db()
    assert (point.latitude, point.name) == (lat, "PAUD Melati")


@pytest.mark.django_db
def test_posyandu_points_locate_units_of_the_same_village(tree: None) -> None:
    pincara = Area.objects.get(code=DESA_PINCARA)
    unit = posyandu_services.posyandu_create(
        actor=None, area=Area.objects.get(code=f"{DESA_PINCARA}.01"), name="Posyandu Mawar"
    )
    far = posyandu_services.posyandu_create(
        actor=None, area=Area.objects.get(code=DESA_PATTIMANG), name="Posyandu Jauh"
    )
    with pytest.raises(DomainError, match="harus menunjuk unit"):
        servicepoint_create(actor=None, village=pincara, kind=PointKind.POSYANDU, name="X")
    with pytest.raises(DomainError, match="tidak berada di desa ini"):
        servicepoint_create(
            actor=None, village=pincara, kind=PointKind.POSYANDU, name="", posyandu=far
        )
    point = servicepoint_create(
        actor=None, village=pincara, kind=PointKind.POSYANDU, name="", posyandu=unit
    )
    assert point.name == "Posyandu Mawar"
    assert ServicePoint.objects.count() == 1


@pytest.mark.django_db
def test_register_shows_points_and_unlocated_posyandu_units_once(make_user: MakeUser) -> None:
    from balai.accounts.roles import Role

    pincara = Area.objects.get(code=DESA_PINCARA)
    located = posyandu_services.posyandu_create(actor=None, area=pincara, name="Posyandu Mawar")
    posyandu_services.posyandu_create(actor=None, area=pincara, name="Posyandu Melati")
    servicepoint_create(
        actor=None,
        village=pincara,
        kind=PointKind.POSYANDU,
        name="",
        posyandu=located,
        staff_count=5,
    )
    servicepoint_create(actor=None, village=pincara, kind=PointKind.SD, name="SD Negeri 1")
    camat = make_user(Role.CAMAT, KEC_MASAMBA)
    rows = register_rows(user=camat)
    assert [(r.kind, r.name, r.point_id is not None) for r in rows] == [
        ("posyandu", "Posyandu Mawar", True),
        ("posyandu", "Posyandu Melati", False),
        ("sd", "SD Negeri 1", True),
    ]
    assert [r.name for r in register_rows(user=camat, kind=PointKind.SD)] == ["SD Negeri 1"]


def _born(years: int = 0, months: int = 0, days: int = 0) -> date:
    from balai.facilities.selectors import _subtract

    born = _subtract(TODAY, years=years, months=months)
    return date.fromordinal(born.toordinal() - days)


@pytest.mark.django_db
def test_supply_counts_and_ratios_by_hand(boundaries: None) -> None:
    pincara = Area.objects.get(code=DESA_PINCARA)
    # Children 0-59 months: born today (0 months) and 59 months 30 days ago count;
    # exactly 60 months does not. Pincara: 2 children; Kappuna: 1.
    make_resident(DESA_PINCARA, birth_date=TODAY, event_date=TODAY)
    make_resident(f"{DESA_PINCARA}.01.001", birth_date=_born(months=59, days=-1), event_date=TODAY)
    make_resident(DESA_PINCARA, birth_date=_born(months=60), event_date=TODAY)
    make_resident(KEL_KAPPUNA, birth_date=_born(years=2), event_date=TODAY)
    # 7-12 years: 7 today and 12 years 364 days count, 13 does not; 13-15: one; 16-18: one.
    make_resident(DESA_PINCARA, birth_date=_born(years=7), event_date=TODAY)
    make_resident(DESA_PINCARA, birth_date=_born(years=13, days=-1), event_date=TODAY)
    make_resident(DESA_PINCARA, birth_date=_born(years=13), event_date=TODAY)
    make_resident(DESA_PINCARA, birth_date=_born(years=18), event_date=TODAY)
    dead = make_resident(DESA_PINCARA, birth_date=_born(years=8), event_date=TODAY)
    from balai.registry import codes

    type(dead).objects.filter(pk=dead.pk).update(status=codes.BasicStatus.DEAD)
    posyandu_services.posyandu_create(actor=None, area=pincara, name="Posyandu Mawar")
    posyandu_services.posyandu_create(
        actor=None, area=Area.objects.get(code=f"{DESA_PINCARA}.01"), name="Posyandu Melati"
    )
    lat, lng = _inside(DESA_PINCARA)
    servicepoint_create(
        actor=None, village=pincara, kind=PointKind.SD, name="SD 1", latitude=lat, longitude=lng
    )
    servicepoint_create(actor=None, village=pincara, kind=PointKind.SD, name="SD 2")
    servicepoint_create(
        actor=None, village=pincara, kind=PointKind.SD, name="SD 3", is_active=False
    )
    figures = supply_by_village(within=KEC_MASAMBA, today=TODAY)
    assert set(figures) == {DESA_PINCARA, KEL_KAPPUNA}
    p = figures[DESA_PINCARA]
    assert p["kinds"]["posyandu"]["count"] == 2
    assert p["kinds"]["sd"]["count"] == 2  # the inactive one is not counted
    assert p["kinds"]["smp"] == {"count": 0, "nearest_km": None}
    assert p["ratios"]["balita"] == {
        "kind": "posyandu",
        "population": 2,
        "points": 2,
        "per_point": 1.0,
    }
    assert p["ratios"]["usia_7_12"] == {
        "kind": "sd",
        "population": 2,
        "points": 2,
        "per_point": 1.0,
    }
    assert p["ratios"]["usia_13_15"]["population"] == 1
    assert p["ratios"]["usia_13_15"]["per_point"] is None
    assert p["ratios"]["usia_16_18"]["population"] == 1
    k = figures[KEL_KAPPUNA]
    assert k["ratios"]["balita"] == {
        "kind": "posyandu",
        "population": 1,
        "points": 0,
        "per_point": None,
    }
    assert k["kinds"]["sd"]["count"] == 0


@pytest.mark.django_db
def test_nearest_distance_is_haversine_from_the_village_centroid(boundaries: None) -> None:
    pincara = Area.objects.get(code=DESA_PINCARA)
    kappuna = AreaBoundary.objects.get(area_id=KEL_KAPPUNA)
    # A school 0.05 degrees of latitude south of Kappuna's centroid, in Pincara;
    # and one farther away in Pattimang (Malangke): Kappuna's nearest is the first.
    school = (kappuna.centroid_lat - 0.05, kappuna.centroid_lng)
    servicepoint_create(
        actor=None,
        village=pincara,
        kind=PointKind.SMP,
        name="SMP Dekat",
        latitude=Decimal(f"{school[0]:.5f}"),
        longitude=Decimal(f"{school[1]:.5f}"),
    )
    lat, lng = _inside(DESA_PATTIMANG)
    servicepoint_create(
        actor=None,
        village=Area.objects.get(code=DESA_PATTIMANG),
        kind=PointKind.SMP,
        name="SMP Jauh",
        latitude=lat,
        longitude=lng,
    )
    figures = supply_by_village(within=KAB_LUTRA, today=TODAY)
    expected = 0.05 * 111.195  # one degree of latitude is 111.195 km
    assert figures[KEL_KAPPUNA]["kinds"]["smp"]["nearest_km"] == pytest.approx(expected, abs=0.01)
    assert figures[KEL_KAPPUNA]["centroid"] == (kappuna.centroid_lat, kappuna.centroid_lng)
    # Pattimang's nearest SMP is its own, ~0 km from its centroid.
    assert figures[DESA_PATTIMANG]["kinds"]["smp"]["nearest_km"] == pytest.approx(0, abs=0.01)
    # A kecamatan's figures still find the nearest school across the kecamatan border.
    masamba = supply_by_village(within=KEC_MASAMBA, today=TODAY)
    assert masamba[KEL_KAPPUNA]["kinds"]["smp"]["nearest_km"] == pytest.approx(expected, abs=0.01)
    assert geo.haversine_km((120.0, -2.0), (120.0, -2.05)) == pytest.approx(expected, abs=0.001)


@pytest.mark.django_db
def test_village_without_polygon_has_no_distance_but_still_counts(tree: None) -> None:
    pincara = Area.objects.get(code=DESA_PINCARA)
    servicepoint_create(
        actor=None,
        village=pincara,
        kind=PointKind.SD,
        name="SD 1",
        latitude=Decimal("-2.60000"),
        longitude=Decimal("120.30000"),
    )
    figures = supply_by_village(within=KEC_MASAMBA, today=TODAY)
    assert figures[DESA_PINCARA]["centroid"] is None
    assert figures[DESA_PINCARA]["kinds"]["sd"] == {"count": 1, "nearest_km": None}
