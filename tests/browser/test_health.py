"""A Dinkes officer imports a puskesmas service register: upload, dry run, commit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from balai.accounts.roles import Office, Role
from balai.health.models import ServiceRecord
from balai.registry import codes
from balai.registry.tests.factories import make_resident
from conftest import DESA_PINCARA, KAB_LUTRA, PASSWORD, MakeUser

pytestmark = pytest.mark.django_db(transaction=True)


def test_dinkes_imports_a_register_checked_by_the_worker(
    page: Any, make_user: MakeUser, tmp_path: Any
) -> None:
    make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DINKES, username="dinkes")
    person = make_resident(
        DESA_PINCARA, name="SITI AMINAH", sex=codes.Sex.FEMALE, birth_date=date(1950, 3, 1)
    )
    sheet = tmp_path / "register.csv"
    sheet.write_text(
        "nik,layanan,tanggal,tempat\n"
        f"{person.nik},lansia,2025-03-05,Puskesmas Masamba\n"
        "7322039999990001,lansia,2025-03-05,Puskesmas Masamba\n"
    )

    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("dinkes")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"/kesehatan/impor/{KAB_LUTRA}/")
    page.get_by_label("Berkas register layanan (.xlsx atau .csv)").set_input_files(str(sheet))
    page.get_by_role("button", name="Periksa (tanpa menyimpan)").click()
    expect(page.get_by_test_id("import-status")).to_contain_text("Siap disimpan")
    expect(page.get_by_test_id("import-preview")).to_contain_text("NIK tidak ada di data penduduk")
    expect(page.get_by_test_id("import-commit")).to_have_count(0)  # one bad row: no commit

    sheet.write_text(
        f"nik,layanan,tanggal,tempat\n{person.nik},lansia,2025-03-05,Puskesmas Masamba\n"
    )
    page.goto(f"/kesehatan/impor/{KAB_LUTRA}/")
    page.get_by_label("Berkas register layanan (.xlsx atau .csv)").set_input_files(str(sheet))
    page.get_by_role("button", name="Periksa (tanpa menyimpan)").click()
    expect(page.get_by_test_id("import-status")).to_contain_text("Siap disimpan")
    expect(page.get_by_test_id("import-preview")).to_contain_text("SITI AMINAH")
    page.get_by_test_id("import-commit").click()
    expect(page.get_by_test_id("import-done")).to_contain_text("1 layanan dicatat")
    assert ServiceRecord.objects.filter(resident=person, service="lansia").count() == 1
