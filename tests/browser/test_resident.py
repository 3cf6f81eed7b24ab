"""A resident on a phone finds the way in from the staff login page and sees only resident menus."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from balai.accounts.roles import Role
from balai.letters.models import VillageLetterSettings
from balai.letters.services import residents_auth
from balai.regions.models import Area
from balai.registry.tests.factories import make_family, make_resident
from conftest import DESA_PINCARA, MakeUser

pytestmark = pytest.mark.django_db(transaction=True)


def test_resident_gets_in_with_nik_and_pin_and_sees_only_resident_menus(
    page: Any, make_user: MakeUser
) -> None:
    operator = make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA, username="operator")
    VillageLetterSettings.objects.create(area=Area.objects.get(code=DESA_PINCARA), head_name="A")
    family = make_family(f"{DESA_PINCARA}.01.001")
    resident = make_resident(f"{DESA_PINCARA}.01.001", name="Sitti Aminah", family=family)
    code = residents_auth.activation_issue(actor=operator, resident=resident)

    page.goto("/akun/masuk/")
    expect(page.get_by_test_id("resident-help")).to_contain_text("NIK dan PIN")
    page.get_by_role("link", name="Buat PIN").click()
    page.get_by_label("NIK").fill(resident.nik)
    page.get_by_label("Kode aktivasi dari kantor desa").fill(code)
    page.get_by_label("PIN baru (6 angka)").fill("583927")
    page.get_by_label("Ulangi PIN").fill("583927")
    page.get_by_role("button", name="Simpan PIN").click()

    page.get_by_label("NIK").fill(resident.nik)
    page.get_by_label("PIN").fill("583927")
    page.get_by_test_id("resident-login-form").get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SITTI AMINAH")

    page.get_by_test_id("menu-button").click()
    menu = page.get_by_test_id("menu")
    expect(menu.get_by_test_id("nav-letters")).to_have_text("Surat saya")
    for staff in ("nav-registry", "nav-complaints", "nav-posyandu", "menu-tokens", "menu-password"):
        expect(menu.get_by_test_id(staff)).to_have_count(0)
    menu.get_by_test_id("menu-my-complaints").click()
    expect(page).to_have_url("/pengaduan/saya/")
