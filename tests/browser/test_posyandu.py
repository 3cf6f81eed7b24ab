"""A cadre enters a posyandu visit on a phone and sees the z-scores as she types."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from balai.accounts.roles import Role
from balai.posyandu import services
from balai.posyandu.models import ChildVisit
from balai.regions.models import Area
from balai.registry import codes
from balai.registry.tests.factories import make_resident
from conftest import DESA_PINCARA, PASSWORD, MakeUser

pytestmark = pytest.mark.django_db(transaction=True)


def test_cadre_enters_a_visit_and_sees_zscore_feedback(page: Any, make_user: MakeUser) -> None:
    area = Area.objects.get(code=f"{DESA_PINCARA}.01")
    posyandu = services.posyandu_create(actor=None, area=area, name="Posyandu Mawar")
    cadre = make_user(Role.POSYANDU_CADRE, DESA_PINCARA, username="kader")
    services.cadre_link(actor=None, posyandu=posyandu, user=cadre)
    today = services.today()
    born = date(today.year - 1, today.month, 1)
    child = make_resident(
        area.code,
        name="Budi Santoso",
        sex=codes.Sex.MALE,
        birth_date=born,
        event_date=born,
        relation=codes.FamilyRelation.CHILD,
    )
    services.enrol(actor=None, posyandu=posyandu, resident=child, kind="child")

    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("kader")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"/posyandu/{posyandu.pk}/")
    expect(page.get_by_test_id("expected-children")).to_contain_text("BUDI SANTOSO")
    page.get_by_test_id(f"record-{child.pk}").click()

    page.get_by_test_id("weight").fill("9,4")
    page.get_by_test_id("length").fill("74.0")
    expect(page.get_by_test_id("z-zlen")).not_to_have_text("—")
    expect(page.get_by_test_id("z-zwei")).to_have_text(re.compile(r"^-?\d+[.,]\d\d$"))

    page.get_by_test_id("length").fill("45.0")  # implausible: a warning before saving
    expect(page.get_by_test_id("implausible").first).to_contain_text("di luar batas wajar WHO")
    page.get_by_test_id("length").fill("74.0")
    expect(page.get_by_test_id("implausible")).to_have_count(0)

    page.get_by_test_id("save").click()
    expect(page.get_by_role("status")).to_contain_text("Kunjungan BUDI SANTOSO tersimpan")
    expect(page.get_by_test_id("done")).to_be_visible()
    visit = ChildVisit.objects.get(resident=child)
    assert visit.zlen is not None and str(visit.weight_kg) == "9.40"


def test_cadre_imports_a_sheet_checked_by_the_worker(
    page: Any, make_user: MakeUser, tmp_path: Any
) -> None:
    area = Area.objects.get(code=f"{DESA_PINCARA}.01")
    posyandu = services.posyandu_create(actor=None, area=area, name="Posyandu Melati")
    cadre = make_user(Role.POSYANDU_CADRE, DESA_PINCARA, username="kader")
    services.cadre_link(actor=None, posyandu=posyandu, user=cadre)
    child = make_resident(
        area.code,
        name="Ani Lestari",
        sex=codes.Sex.FEMALE,
        birth_date=date(2024, 1, 10),
        event_date=date(2024, 1, 10),
        relation=codes.FamilyRelation.CHILD,
    )
    sheet = tmp_path / "ukur.csv"
    sheet.write_text(f'nik,tanggal_kunjungan,berat_kg\n{child.nik},2025-03-05,"9,2"\n')

    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("kader")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"/posyandu/{posyandu.pk}/impor/")
    page.get_by_label("Berkas pengukuran (.xlsx atau .csv)").set_input_files(str(sheet))
    page.get_by_role("button", name="Periksa (tanpa menyimpan)").click()
    expect(page.get_by_test_id("import-status")).to_contain_text("Siap disimpan")
    expect(page.get_by_test_id("import-preview")).to_contain_text("ANI LESTARI")
    page.get_by_test_id("import-commit").click()
    expect(page.get_by_role("status")).to_contain_text("1 kunjungan diimpor")
    assert ChildVisit.objects.filter(resident=child).count() == 1


def test_cadre_corrects_then_deletes_a_visit_on_a_phone(page: Any, make_user: MakeUser) -> None:
    area = Area.objects.get(code=f"{DESA_PINCARA}.01")
    posyandu = services.posyandu_create(actor=None, area=area, name="Posyandu Mawar")
    cadre = make_user(Role.POSYANDU_CADRE, DESA_PINCARA, username="kader")
    services.cadre_link(actor=None, posyandu=posyandu, user=cadre)
    today = services.today()
    born = date(today.year - 1, today.month, 1)
    child = make_resident(
        area.code,
        name="Budi Santoso",
        sex=codes.Sex.MALE,
        birth_date=born,
        event_date=born,
        relation=codes.FamilyRelation.CHILD,
    )
    services.enrol(actor=None, posyandu=posyandu, resident=child, kind="child")
    from decimal import Decimal

    visit, _result = services.child_visit_record(
        actor=cadre,
        posyandu=posyandu,
        resident=child,
        data=services.ChildVisitData(
            visit_date=today, weight_kg=Decimal("9.4"), lenhei_cm=Decimal("74.0"), measure="L"
        ),
    )

    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("kader")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"/posyandu/anak/{child.pk}/")
    page.get_by_test_id(f"edit-visit-{visit.pk}").click()
    expect(page.get_by_test_id("weight")).to_have_value(re.compile(r"^9[.,]40?$"))
    page.get_by_test_id("weight").fill("9,8")
    page.get_by_test_id("save").click()
    expect(page.get_by_role("status")).to_contain_text("Kunjungan BUDI SANTOSO diperbaiki")
    expect(page.get_by_test_id("visits")).to_contain_text("9,80")
    visit.refresh_from_db()
    assert str(visit.weight_kg) == "9.80"

    page.get_by_text("Hapus", exact=True).click()
    page.get_by_test_id(f"delete-visit-{visit.pk}").click()
    expect(page.get_by_role("status")).to_contain_text("Kunjungan BUDI SANTOSO dihapus")
    assert not ChildVisit.objects.filter(pk=visit.pk).exists()
