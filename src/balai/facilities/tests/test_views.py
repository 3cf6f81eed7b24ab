"""Register, form, API and map pages: scope, denials with nothing changed, bad input."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from balai.accounts.roles import Office, Role
from balai.facilities.models import PointKind, ServicePoint
from balai.facilities.services import servicepoint_create
from balai.indicators.models import IndicatorFact
from balai.indicators.periods import period_of
from balai.indicators.services import rollup_rebuild
from balai.regions.models import Area, AreaBoundary
from conftest import (
    DESA_PATTIMANG,
    DESA_PINCARA,
    KAB_LUTRA,
    KEC_MALANGKE,
    KEC_MASAMBA,
    KEL_KAPPUNA,
    MakeUser,
    login,
)

pytestmark = pytest.mark.django_db


def _inside(code: str) -> tuple[str, str]:
    b = AreaBoundary.objects.get(area_id=code)
    return f"{b.centroid_lat:.5f}", f"{b.centroid_lng:.5f}"


def _form(village: str, **extra: str) -> dict[str, str]:
    return {
        "village": village,
        "kind": "sd",
        "name": "SD Negeri 2",
        "latitude": "",
        "longitude": "",
        "capacity": "120",
        "staff_count": "8",
        "is_active": "on",
        **extra,
    }


def test_operator_adds_a_point_in_own_village_and_sees_it(operator, boundaries) -> None:
    client = login(operator)
    lat, lng = _inside(DESA_PINCARA)
    r = client.post(
        "/sarana/tambah/", _form(DESA_PINCARA, latitude=lat.replace(".", ","), longitude=lng)
    )
    assert r.status_code == 302
    point = ServicePoint.objects.get()
    assert (point.area_id, str(point.latitude), point.capacity) == (DESA_PINCARA, lat, 120)
    page = client.get("/sarana/")
    assert page.status_code == 200 and "SD Negeri 2" in page.content.decode()


def test_form_refuses_coordinates_outside_the_kabupaten_in_indonesian(operator, boundaries):
    r = login(operator).post(
        "/sarana/tambah/", _form(DESA_PINCARA, latitude="-5.14370", longitude="119.40790")
    )
    assert r.status_code == 400
    assert "di luar wilayah Kabupaten Luwu Utara" in r.content.decode()
    assert not ServicePoint.objects.exists()
    r = login(operator).post(
        "/sarana/tambah/", _form(DESA_PINCARA, latitude="abc", longitude="120")
    )
    assert r.status_code == 400 and not ServicePoint.objects.exists()


def test_operator_cannot_add_in_another_village(operator) -> None:
    r = login(operator).post("/sarana/tambah/", _form(DESA_PATTIMANG))
    assert r.status_code == 400  # not a choice in the form
    assert not ServicePoint.objects.exists()


def test_other_village_operator_cannot_edit_and_nothing_changes(operator, other_operator):
    point = servicepoint_create(
        actor=None,
        village=Area.objects.get(code=DESA_PINCARA),
        kind=PointKind.SD,
        name="SD Negeri 1",
    )
    client = login(other_operator)
    assert client.get(f"/sarana/{point.pk}/ubah/").status_code == 404
    r = client.post(f"/sarana/{point.pk}/ubah/", _form(DESA_PINCARA, name="Diganti"))
    assert r.status_code == 404
    point.refresh_from_db()
    assert point.name == "SD Negeri 1"
    r = login(operator).post(f"/sarana/{point.pk}/ubah/", _form(DESA_PINCARA, name="SD Inpres"))
    assert r.status_code == 302
    point.refresh_from_db()
    assert point.name == "SD Inpres"


def test_camat_views_but_cannot_manage(camat, make_user: MakeUser) -> None:
    servicepoint_create(
        actor=None,
        village=Area.objects.get(code=DESA_PINCARA),
        kind=PointKind.SD,
        name="SD Negeri 1",
    )
    servicepoint_create(
        actor=None,
        village=Area.objects.get(code=DESA_PATTIMANG),
        kind=PointKind.SD,
        name="SD Pattimang",
    )
    client = login(camat)
    page = client.get("/sarana/").content.decode()
    assert "SD Negeri 1" in page and "SD Pattimang" not in page  # Pattimang is in Malangke
    assert client.get(f"/sarana/?wilayah={KEC_MALANGKE}").status_code == 403
    assert client.get("/sarana/tambah/").status_code == 403
    assert client.post("/sarana/tambah/", _form(DESA_PINCARA, name="SD Baru")).status_code == 403
    assert ServicePoint.objects.count() == 2
    resident = make_user(Role.RESIDENT, DESA_PINCARA)
    assert login(resident).get("/sarana/").status_code == 403


def test_api_kabupaten_staff_manage_and_village_scope_holds(make_user, other_operator):
    staff = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.BAPPEDA)
    body = {"village": DESA_PINCARA, "kind": "puskesmas", "name": "Puskesmas Masamba"}
    r = login(staff).post("/api/v1/facilities/points", body, content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = login(other_operator).post(
        "/api/v1/facilities/points", {**body, "name": "Lain"}, content_type="application/json"
    )
    assert r.status_code == 403
    r = login(other_operator).patch(
        f"/api/v1/facilities/points/{pk}", {"name": "Diganti"}, content_type="application/json"
    )
    assert r.status_code == 404
    assert list(ServicePoint.objects.values_list("name", flat=True)) == ["Puskesmas Masamba"]
    r = login(staff).post(
        "/api/v1/facilities/points",
        {**body, "kind": "rumah_sakit"},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["message"] == "Jenis tidak dikenal."
    assert login(other_operator).get("/api/v1/facilities/points").json() == []


def test_api_bad_coordinates_are_400_not_500(make_user, boundaries) -> None:
    staff = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.BAPPEDA)
    body = {
        "village": DESA_PINCARA,
        "kind": "sd",
        "name": "SD X",
        "latitude": -5.1437,
        "longitude": 119.4079,
    }
    r = login(staff).post("/api/v1/facilities/points", body, content_type="application/json")
    assert r.status_code == 400
    assert "di luar wilayah" in r.json()["message"]
    r = login(staff).post(
        "/api/v1/facilities/points", {**body, "latitude": 123}, content_type="application/json"
    )
    assert r.status_code == 422
    assert not ServicePoint.objects.exists()


def test_api_supply_is_scoped(camat, other_operator) -> None:
    r = login(camat).get(f"/api/v1/facilities/supply/{KEC_MASAMBA}")
    assert r.status_code == 200
    assert [row["code"] for row in r.json()] == [KEL_KAPPUNA, DESA_PINCARA]
    assert set(r.json()[0]["ratios"]) == {"balita", "usia_7_12", "usia_13_15", "usia_16_18"}
    assert login(other_operator).get(f"/api/v1/facilities/supply/{KEC_MASAMBA}").status_code == 403


def _facts(code: str, values: dict[str, tuple[int, int]]) -> date:
    period = period_of(timezone.localdate(), "M")
    now = timezone.now()
    IndicatorFact.objects.bulk_create(
        IndicatorFact(
            indicator=code,
            area_id=area,
            period_type="M",
            period_start=period.start,
            numerator=n,
            denominator=d,
            computed_at=now,
        )
        for area, (n, d) in values.items()
    )
    rollup_rebuild()  # facts written outside the refresh
    return period.start


def test_map_page_table_legend_and_polygons(camat, boundaries) -> None:
    _facts("spm.surat", {DESA_PINCARA: (9, 10), KEL_KAPPUNA: (10, 10)})
    client = login(camat)
    r = client.get("/sarana/peta/?indikator=spm.surat")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-testid="legend"' in html and "Memenuhi target" in html
    assert "90,0%" in html and "100,0%" in html
    assert "<script>" not in html and "style=" not in html
    data = client.get(f"/sarana/peta/data.json?wilayah={KEC_MASAMBA}&indikator=spm.surat").json()
    props = {f["properties"]["code"]: f["properties"] for f in data["areas"]["features"]}
    assert props[KEL_KAPPUNA]["css"] == "c-met"
    assert props[DESA_PINCARA]["css"] in ("c-near", "c-not-met")
    # Kecamatan level inside a kabupaten the camat does not cover: 403, nothing leaks.
    assert client.get(f"/sarana/peta/data.json?wilayah={KAB_LUTRA}").status_code == 403


def test_map_quantile_scale_and_bad_period(make_user, boundaries) -> None:
    staff = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.BAPPEDA)
    _facts(
        "letters.ditolak", {DESA_PINCARA: (1, 10), KEL_KAPPUNA: (5, 10), DESA_PATTIMANG: (2, 10)}
    )
    client = login(staff)
    r = client.get("/sarana/peta/?indikator=letters.ditolak&tingkat=kecamatan")
    html = r.content.decode()
    assert r.status_code == 200 and "c-q" in html and "Masamba" in html
    data = client.get(
        f"/sarana/peta/data.json?wilayah={KAB_LUTRA}&indikator=letters.ditolak&tingkat=kecamatan"
    ).json()
    assert {f["properties"]["code"] for f in data["areas"]["features"]} == {
        KEC_MALANGKE,
        KEC_MASAMBA,
    }
    r = client.get("/sarana/peta/?indikator=spm.surat&periode=2099-01")
    assert r.status_code == 400 and "belum dimulai" in r.content.decode()
    r = client.get("/sarana/peta/data.json?indikator=spm.surat&periode=bukan")
    assert r.status_code == 400
