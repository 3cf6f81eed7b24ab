"""The out-of-school list (by name, scoped, audited, exported) and the menu entries."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from auditlog.models import LogEntry

from balai.accounts.roles import Office, Role
from balai.core.exports import XLSX_TYPE
from balai.education.models import Level
from balai.education.services import enrolment_record
from balai.registry import codes
from balai.registry.tests.factories import make_resident
from conftest import (
    DESA_PATTIMANG,
    DESA_PINCARA,
    KAB_LUTRA,
    KEC_MASAMBA,
    close_response,
    login,
)

pytestmark = pytest.mark.django_db

URL = f"/pendidikan/tidak-sekolah/{DESA_PINCARA}/"


def child(area: str, born: date, name: str, **data: object):
    return make_resident(
        area, name=name, birth_date=born, relation=codes.FamilyRelation.CHILD, **data
    )


@pytest.fixture
def pincara(schools):
    kids = {
        "dropped": child(DESA_PINCARA, date(2013, 3, 3), "PUTUS"),  # 13
        "never": child(DESA_PINCARA, date(2016, 2, 2), "BELUM"),  # 10
        "earlier": child(DESA_PINCARA, date(2008, 6, 30), "DULU"),  # 18
        "in_school": child(DESA_PINCARA, date(2018, 1, 10), "SEKOLAH"),  # 8
        "registry": child(  # 11, registry says in SD
            DESA_PINCARA, date(2015, 7, 1), "TERDATA", education_current=codes.EducationCurrent.SD
        ),
        "small": child(DESA_PINCARA, date(2021, 1, 1), "KECIL"),  # 5: not in 7-18
        "elsewhere": child(DESA_PATTIMANG, date(2016, 4, 4), "PATTIMANG"),
    }
    for key, school, level, year in (
        ("dropped", "sd", Level.SD, 2025),
        ("earlier", "smp", Level.SMP, 2023),
        ("in_school", "sd", Level.SD, 2026),
    ):
        enrolment_record(
            actor=None, resident=kids[key], school=schools[school], level=level, school_year=year
        )
    return kids


def test_operator_sees_the_out_of_school_children_with_reasons(operator, pincara):
    response = login(operator).get(URL)
    assert response.status_code == 200
    rows = {r.resident.name: r for r in response.context["rows"]}
    assert sorted(rows) == ["BELUM", "DULU", "PUTUS"]
    assert rows["PUTUS"].reason == "dropped" and rows["PUTUS"].last_year == 2025
    assert rows["PUTUS"].last_level == "sd"
    assert rows["BELUM"].reason == "never" and rows["BELUM"].last_year is None
    assert rows["DULU"].reason == "left_earlier" and rows["DULU"].age == 18
    page = response.content.decode()
    assert "Putus sekolah" in page and "PATTIMANG" not in page
    views = LogEntry.objects.filter(additional_data__event="education.out_of_school_viewed")
    assert views.count() == 1 and views.get().additional_data["rows"] == 3


def test_a_past_school_year_ignores_todays_registry_field(operator, pincara):
    response = login(operator).get(URL + "?tahun=2025")
    # 2025/2026, ages on 1 July 2025: Putus (12) was on the roll; Belum 9, Dulu 17,
    # Sekolah 7 (not on the 2025 roll) and Terdata 10 (the registry field is today's).
    names = sorted(r.resident.name for r in response.context["rows"])
    assert names == ["BELUM", "DULU", "SEKOLAH", "TERDATA"]


def test_the_list_exports_as_csv_and_xlsx(operator, pincara):
    client = login(operator)
    response = client.get(URL + "?format=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    close_response(response)
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(body)))
    assert sorted(r["nama"] for r in rows) == ["BELUM", "DULU", "PUTUS"]
    putus = next(r for r in rows if r["nama"] == "PUTUS")
    assert putus["nik"] == pincara["dropped"].nik and putus["terakhir_terdaftar"] == "2025/2026"
    response = client.get(URL + "?format=xlsx")
    assert response["Content-Type"] == XLSX_TYPE
    close_response(response)


def test_the_camat_sees_the_list_of_a_village_in_the_kecamatan(camat, pincara):
    response = login(camat).get(URL)
    assert response.status_code == 200 and len(response.context["rows"]) == 3


def test_outside_the_area_the_list_is_refused_and_not_audited(other_operator, make_user, pincara):
    assert login(other_operator).get(URL).status_code == 403
    cadre = make_user(Role.POSYANDU_CADRE, DESA_PINCARA)
    assert login(cadre).get(URL).status_code == 403
    views = LogEntry.objects.filter(additional_data__event="education.out_of_school_viewed")
    assert views.count() == 0


def test_the_list_is_per_village(camat):
    assert login(camat).get(f"/pendidikan/tidak-sekolah/{KEC_MASAMBA}/").status_code == 404


def _menu(user) -> dict[str, str]:
    response = login(user).get("/")
    links = {}
    for section in response.context["menu"]:
        for link in section.links:
            links[link.testid] = link.url
    return links


def test_menu_entries_follow_the_roles(operator, camat, make_user):
    links = _menu(operator)
    assert links["menu-out-of-school"] == URL
    assert links["menu-roll-import"] == f"/pendidikan/impor/{DESA_PINCARA}/"
    camat_links = _menu(camat)
    assert "menu-out-of-school" in camat_links and "menu-roll-import" not in camat_links
    disdik = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DISDIK)
    assert _menu(disdik)["menu-roll-import"] == f"/pendidikan/impor/{KAB_LUTRA}/"
    dpmd = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DPMD)
    assert "menu-roll-import" not in _menu(dpmd)
    assert "menu-out-of-school" in _menu(dpmd)


# ---- API -------------------------------------------------------------------------------

API = f"/api/v1/education/out-of-school/{DESA_PINCARA}"


def test_api_lists_the_out_of_school_children_by_name_and_audits(operator, pincara):
    response = login(operator).get(API)
    assert response.status_code == 200
    rows = {r["name"]: r for r in response.json()}
    assert sorted(rows) == ["BELUM", "DULU", "PUTUS"]
    putus = rows["PUTUS"]
    assert putus["nik"] == pincara["dropped"].nik and putus["age"] == 13
    assert (putus["reason"], putus["last_school_year"], putus["last_level"]) == (
        "dropped",
        2025,
        "sd",
    )
    assert (rows["DULU"]["reason"], rows["DULU"]["age"]) == ("left_earlier", 18)
    assert rows["BELUM"]["last_school_year"] is None
    assert rows["BELUM"]["area"] == DESA_PINCARA
    views = LogEntry.objects.filter(additional_data__event="education.out_of_school_viewed")
    assert views.count() == 1 and views.get().additional_data["rows"] == 3
    # A past school year: ages on 1 July 2025, the 2025 roll (as the page).
    names = sorted(r["name"] for r in login(operator).get(API + "?year=2025").json())
    assert names == ["BELUM", "DULU", "SEKOLAH", "TERDATA"]


def test_api_refuses_outside_the_area_and_bad_input_without_auditing(
    other_operator, make_user, camat, pincara
):
    assert login(other_operator).get(API).status_code == 403
    cadre = make_user(Role.POSYANDU_CADRE, DESA_PINCARA)
    assert login(cadre).get(API).status_code == 403
    client = login(camat)
    response = client.get(f"/api/v1/education/out-of-school/{KEC_MASAMBA}")
    assert response.status_code == 404
    assert "per desa/kelurahan" in response.json()["message"]
    response = client.get(API + "?year=20x6")
    assert (
        response.status_code == 400 and "Tahun '20x6' tidak dikenal" in response.json()["message"]
    )
    assert client.get("/api/v1/education/out-of-school/99.99.99.9999").status_code == 404
    views = LogEntry.objects.filter(additional_data__event="education.out_of_school_viewed")
    assert views.count() == 0
