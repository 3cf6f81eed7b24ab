"""The village operator's school roll import path, in a browser."""

from __future__ import annotations

from datetime import date
from typing import Any

from playwright.sync_api import expect

from balai.accounts.roles import Role
from balai.education import schooling
from balai.education.models import Enrolment
from balai.facilities.models import PointKind
from balai.facilities.services import servicepoint_create
from balai.regions.models import Area
from balai.registry import codes
from balai.registry.tests.factories import make_resident
from conftest import DESA_PINCARA, PASSWORD, MakeUser


def test_operator_imports_a_school_roll_then_sees_who_is_out_of_school(
    page: Any, make_user: MakeUser, tmp_path: Any
) -> None:
    year = schooling.school_year_of(date.today())  # noqa: DTZ011 -- the live server's year
    village = Area.objects.get(code=DESA_PINCARA)
    servicepoint_create(
        actor=None, village=village, kind=PointKind.SD, name="SD Negeri 1", npsn="40300002"
    )
    make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA, username="operator")
    pupil = make_resident(
        DESA_PINCARA,
        name="ANI LESTARI",
        sex=codes.Sex.FEMALE,
        birth_date=date(year - 8, 1, 10),
        relation=codes.FamilyRelation.CHILD,
    )
    make_resident(
        DESA_PINCARA,
        name="BAYU PRATAMA",
        birth_date=date(year - 9, 2, 11),
        relation=codes.FamilyRelation.CHILD,
    )
    sheet = tmp_path / "murid.csv"
    sheet.write_text(
        f"nik,npsn,jenjang,tahun_ajaran\n{pupil.nik},40300002,sd,{year}/{year + 1}\n"
        f"7322039999999999,40300002,sd,{year}/{year + 1}\n"
    )

    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("operator")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"/pendidikan/impor/{DESA_PINCARA}/")
    expect(page.get_by_test_id("template-xlsx")).to_be_visible()
    page.get_by_label("Berkas daftar murid (.xlsx atau .csv)").set_input_files(str(sheet))
    page.get_by_test_id("roll-upload").click()
    expect(page.get_by_test_id("import-status")).to_contain_text("Siap disimpan")
    expect(page.get_by_test_id("import-preview")).to_contain_text("NIK tidak ditemukan")
    expect(page.get_by_test_id("import-commit")).to_have_count(0)  # one row is refused

    sheet.write_text(f"nik,npsn,jenjang,tahun_ajaran\n{pupil.nik},40300002,sd,{year}\n")
    page.goto(f"/pendidikan/impor/{DESA_PINCARA}/")
    page.get_by_label("Berkas daftar murid (.xlsx atau .csv)").set_input_files(str(sheet))
    page.get_by_test_id("roll-upload").click()
    expect(page.get_by_test_id("import-preview")).to_contain_text("ANI LESTARI")
    page.get_by_test_id("import-commit").click()
    expect(page.get_by_test_id("import-done")).to_contain_text("1 murid disimpan")
    assert Enrolment.objects.filter(resident=pupil, school_year=year).count() == 1

    page.goto(f"/pendidikan/tidak-sekolah/{DESA_PINCARA}/")
    expect(page.get_by_test_id("out-of-school")).to_contain_text("BAYU PRATAMA")
    expect(page.get_by_test_id("out-of-school")).not_to_contain_text("ANI LESTARI")
