"""API, exports (CSV, XLSX, DHIS2) and pages of the engine: contents, bad input, access."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.test import Client
from openpyxl import load_workbook

from balai.accounts.roles import Role
from balai.indicators.models import Dhis2Mapping, IndicatorFact, IndicatorTarget
from balai.indicators.services import rollup_rebuild
from balai.regions.models import Area
from balai.registry import codes
from balai.registry.tests.factories import make_resident
from conftest import (
    DESA_PATTIMANG,
    DESA_PINCARA,
    KAB_LUTRA,
    KEC_MASAMBA,
    KEL_KAPPUNA,
    MakeUser,
    login,
)

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
NOW = datetime(2026, 3, 20, 9, tzinfo=WITA)


@pytest.fixture
def facts(tree: None) -> None:
    """spm.surat in March 2026: Pincara 3/4, Kappuna 1/2, Pattimang 0/1; February: Pincara 1/4."""
    for code, num, den, start in (
        (DESA_PINCARA, 3, 4, date(2026, 3, 1)),
        (KEL_KAPPUNA, 1, 2, date(2026, 3, 1)),
        (DESA_PATTIMANG, 0, 1, date(2026, 3, 1)),
        (DESA_PINCARA, 1, 4, date(2026, 2, 1)),
    ):
        IndicatorFact.objects.create(
            indicator="spm.surat", area_id=code, period_type="M", period_start=start,
            numerator=num, denominator=den, computed_at=NOW,
        )  # fmt: skip
    rollup_rebuild()  # facts written outside the refresh


@pytest.fixture(autouse=True)
def _now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def test_definitions_and_values_with_target_status_and_trend(
    facts: None, make_user: MakeUser
) -> None:
    client = login(make_user(Role.CAMAT, KEC_MASAMBA))
    defs = client.get("/api/v1/indicators/").json()
    surat = next(d for d in defs if d["code"] == "spm.surat")
    assert (surat["owner"], surat["period_types"], surat["target"]) == ("letters", ["M"], 100.0)
    assert client.get("/api/v1/indicators/spm.surat").json()["direction"] == "ge"
    sets = client.get("/api/v1/indicators/sets").json()
    assert sets[0]["code"] == "spm_desa" and len(sets[0]["indicators"]) == 5
    body = client.get(
        f"/api/v1/indicators/values?indicator=spm.surat&area={KEC_MASAMBA}&period=2026-03"
    ).json()
    assert body == [
        {
            "indicator": "spm.surat",
            "area": KEC_MASAMBA,
            "area_name": Area.objects.get(code=KEC_MASAMBA).name,
            "period": "2026-03",
            "numerator": 4,
            "denominator": 6,
            "value": pytest.approx(66.667, abs=0.001),
            "target": {"value": 100.0, "direction": "ge", "near_band": 5.0, "source": "bawaan"},
            "status": "not_met",
            "trend": "better",  # February 1/4 = 25%
            "band": "",
            "note": "",
        }
    ]
    children = client.get(
        f"/api/v1/indicators/values?indicator=spm.surat&area={KEC_MASAMBA}&period=2026-03"
        "&level=children"
    ).json()
    assert {(v["area"], v["numerator"], v["denominator"]) for v in children} >= {
        (DESA_PINCARA, 3, 4),
        (KEL_KAPPUNA, 1, 2),
    }
    assert sum(v["numerator"] for v in children) == 4


def test_bad_input_gets_an_indonesian_message_never_a_500(facts: None, make_user: MakeUser) -> None:
    client = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="dpmd"))
    base = "/api/v1/indicators/values?indicator="
    cases = {
        f"{base}tidak.ada": (404, "tidak dikenal"),
        f"{base}spm.surat&area=99.99": (404, ""),
        f"{base}spm.surat&period=2026-13": (400, "tidak dikenal"),
        f"{base}spm.surat&period=2027-01": (400, "belum dimulai"),
        f"{base}spm.surat&period=2020-01": (400, "di luar data"),
        f"{base}spm.surat&period=2026-Q1": (400, "tidak dihitung per"),
        f"{base}spm.surat&period=2026-03&level=rt": (400, "tidak dikenal"),
        f"{base}spm.surat&period=2026-03&until=2026-01": (400, "tidak lebih awal"),
        "/api/v1/indicators/tidak.ada": (404, "tidak dikenal"),
        "/api/v1/indicators/dhis2/dataValueSets?indicator=spm.surat&id_scheme=x": (400, "code"),
    }
    for url, (status, text) in cases.items():
        response = client.get(url)
        assert response.status_code == status, url
        assert text in response.json()["message"], url
    assert client.get("/indikator/tidak.ada/").status_code == 404
    page = client.get("/indikator/spm.surat/?periode=2031-01")
    assert page.status_code == 400 and "belum dimulai" in page.content.decode()


def test_csv_xlsx_and_dhis2_exports_carry_numerator_and_denominator(
    facts: None, make_user: MakeUser
) -> None:
    client = login(make_user(Role.CAMAT, KEC_MASAMBA))
    query = "indicator=spm.surat&period=2026-02&until=2026-03"
    rows = list(csv.reader(io.StringIO(client.get(f"/api/v1/indicators/export.csv?{query}").text)))
    assert rows[0][:6] == [
        "indikator",
        "periode",
        "kode_wilayah",
        "nama_wilayah",
        "pembilang",
        "penyebut",
    ]
    assert [r[1:3] + r[4:7] for r in rows[1:]] == [
        ["2026-02", DESA_PINCARA, "1", "4", "25.0"],
        ["2026-03", KEL_KAPPUNA, "1", "2", "50.0"],
        ["2026-03", DESA_PINCARA, "3", "4", "75.0"],
    ]  # Pattimang lies outside the camat's kecamatan
    book = load_workbook(io.BytesIO(client.get(f"/api/v1/indicators/export.xlsx?{query}").content))
    sheet = list(book.active.values)  # type: ignore[union-attr]
    assert sheet[3][2:6] == (DESA_PINCARA, Area.objects.get(code=DESA_PINCARA).name, 3, 4)
    dhis2 = client.get(f"/api/v1/indicators/dhis2/dataValueSets?{query}").json()
    assert (dhis2["dataElementIdScheme"], dhis2["orgUnitIdScheme"]) == ("CODE", "CODE")
    assert dhis2["dataValues"][-2:] == [
        {"dataElement": "spm.surat.num", "period": "202603", "orgUnit": DESA_PINCARA, "value": "3"},
        {"dataElement": "spm.surat.den", "period": "202603", "orgUnit": DESA_PINCARA, "value": "4"},
    ]
    Dhis2Mapping.objects.create(kind="data_element", local_code="spm.surat.num", uid="aAbBcCdDeE1")
    Dhis2Mapping.objects.create(kind="data_element", local_code="spm.surat.den", uid="aAbBcCdDeE2")
    Dhis2Mapping.objects.create(kind="org_unit", local_code=DESA_PINCARA, uid="oOrRgGuUnN1")
    mapped = client.get(f"/api/v1/indicators/dhis2/dataValueSets?{query}&id_scheme=uid").json()
    assert mapped["orgUnitIdScheme"] == "UID"
    assert [
        (v["dataElement"], v["period"], v["orgUnit"], v["value"]) for v in mapped["dataValues"]
    ] == [
        ("aAbBcCdDeE1", "202602", "oOrRgGuUnN1", "1"),
        ("aAbBcCdDeE2", "202602", "oOrRgGuUnN1", "4"),
        ("aAbBcCdDeE1", "202603", "oOrRgGuUnN1", "3"),
        ("aAbBcCdDeE2", "202603", "oOrRgGuUnN1", "4"),
    ]  # Kappuna has no mapping: left out


def test_api_access_is_scoped_and_denied_without_the_permission(
    facts: None, make_user: MakeUser
) -> None:
    url = "/api/v1/indicators/values?indicator=spm.surat&period=2026-03"
    assert Client().get(url).status_code == 401
    resident = login(make_user(Role.RESIDENT, DESA_PINCARA))
    assert resident.get(url).status_code == 403
    assert resident.get("/api/v1/indicators/export.csv?indicator=spm.surat").status_code == 403
    camat = login(make_user(Role.CAMAT, KEC_MASAMBA))
    assert camat.get(f"{url}&area={DESA_PATTIMANG}").status_code == 403
    # Without an area the camat gets his own kecamatan.
    assert camat.get(url).json()[0]["area"] == KEC_MASAMBA


def test_detail_page_drills_down_with_indonesian_numbers(facts: None, make_user: MakeUser) -> None:
    client = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="dpmd"))
    page = client.get(f"/indikator/spm.surat/?wilayah={KEC_MASAMBA}&periode=2026-03")
    assert page.status_code == 200
    children = {v.code: (v.num, v.den) for v in page.context["children"]}
    assert children[DESA_PINCARA] == (3, 4) and children[KEL_KAPPUNA] == (1, 2)
    body = page.content.decode()
    assert "66,7%" in body and "75,0%" in body
    assert f"wilayah={DESA_PINCARA}" in body  # drill-down link to the level below
    listing = client.get("/indikator/")
    assert listing.status_code == 200 and "spm.kependudukan" in listing.content.decode()


def test_not_served_list_is_scoped_audited_and_denied_outside(
    tree: None, make_user: MakeUser
) -> None:
    rt = f"{DESA_PINCARA}.01.001"
    missing = make_resident(rt, name="Belum KTP", birth_date=date(1990, 1, 1), ektp=codes.EKtp.NO)
    make_resident(rt, name="Sudah KTP", birth_date=date(1990, 1, 1), ektp=codes.EKtp.YES)
    make_resident(DESA_PATTIMANG, name="Desa Lain", birth_date=date(1990, 1, 1))
    from balai.indicators.services import indicator_refresh

    indicator_refresh(codes=["spm.kependudukan"])
    operator = make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA)
    views = LogEntry.objects.filter(additional_data__event="indicators.not_served_viewed")
    page = login(operator).get("/indikator/spm.kependudukan/belum-terlayani/")
    assert page.status_code == 200
    assert [p.pk for p in page.context["page"]] == [missing.pk]
    (entry,) = views
    assert entry.additional_data["indicator"] == "spm.kependudukan"
    assert (entry.object_pk, entry.actor_id) == (DESA_PINCARA, operator.pk)
    other = login(make_user(Role.VILLAGE_OPERATOR, DESA_PATTIMANG))
    denied = other.get(f"/indikator/spm.kependudukan/belum-terlayani/?wilayah={DESA_PINCARA}")
    assert denied.status_code == 403
    assert views.count() == 1  # nothing logged for the refused view
    no_list = login(operator).get("/indikator/spm.surat/belum-terlayani/")
    assert no_list.status_code == 400 and "daftar nama" in no_list.content.decode()


def test_targets_page_kabupaten_sets_its_own_but_not_the_national_one(
    make_user: MakeUser,
) -> None:
    dpmd = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="dpmd"))
    form = {
        "indicator": "posyandu.stunting", "kabupaten": KAB_LUTRA, "year": "2026",
        "value": "12", "direction": "le", "near_band": "2", "basis": "Perbup",
    }  # fmt: skip
    assert dpmd.post("/indikator/target/", form).status_code == 302
    saved = IndicatorTarget.objects.get()
    assert (saved.area_id, saved.value, saved.direction) == (KAB_LUTRA, 12, "le")
    national = dpmd.post("/indikator/target/", {**form, "kabupaten": ""})
    assert national.status_code == 403
    other = dpmd.post("/indikator/target/", {**form, "kabupaten": "73.17"})
    assert other.status_code == 403
    assert IndicatorTarget.objects.count() == 1
    camat = login(make_user(Role.CAMAT, KEC_MASAMBA))
    assert camat.get("/indikator/target/").status_code == 403
    assert camat.post(f"/indikator/target/{saved.pk}/hapus/").status_code == 403
    assert IndicatorTarget.objects.count() == 1
    assert dpmd.post(f"/indikator/target/{saved.pk}/hapus/").status_code == 302
    assert not IndicatorTarget.objects.exists()


def test_exports_never_write_an_area_name_as_a_formula() -> None:
    import zipfile

    from balai.indicators import registry
    from balai.indicators.exports import ExportRow, to_csv, to_xlsx
    from balai.indicators.periods import parse_period

    row = ExportRow(
        indicator=registry.get("spm.surat"),
        period=parse_period("2026-03"),
        area_code="73.22.03.2004",
        area_name="\t=HYPERLINK(1)",
        num=1,
        den=2,
    )
    assert "'\t=HYPERLINK(1)" in to_csv([row])
    with zipfile.ZipFile(io.BytesIO(to_xlsx([row]))) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "=HYPERLINK(1)" in sheet
