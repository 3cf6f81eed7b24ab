"""Kabupaten staff open the kabupaten scorecard from the menu (kecamatan rows read from the
stored roll-ups), drill into a kecamatan and open a village profile."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from balai.accounts.roles import Office, Role
from balai.boards.tests.boards_fixtures import declared  # noqa: F401
from conftest import KAB_LUTRA, PASSWORD, MakeUser

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.usefixtures("declared")
def test_kabupaten_staff_drill_from_the_kabupaten_scorecard_to_a_village(
    page: Any, make_user: MakeUser
) -> None:
    make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.BAPPEDA, username="bappeda")
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("bappeda")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_test_id("menu-button").click()
    page.get_by_test_id("menu-scorecard-kab").click()
    expect(page.get_by_role("heading", name="Kartu skor kabupaten")).to_be_visible()
    page.get_by_test_id("theme").select_option("uji.tema")
    page.get_by_label("Periode").fill("2026-03")
    page.get_by_role("button", name="Tampilkan").click()
    kecamatan = page.get_by_test_id("kecamatan-link")
    expect(kecamatan).to_have_text(["Malangke", "Masamba"])
    # Masamba = Pincara 3/4 + Kappuna 19/20 = 22/24 = 91,7% (not met): a sum, not an average.
    masamba = page.locator("tbody tr").filter(has_text="Masamba")
    expect(masamba.locator("td").first).to_contain_text("91,7% B")
    kecamatan.filter(has_text="Masamba").click()
    expect(page.get_by_role("heading", name="Kartu skor kecamatan")).to_be_visible()
    villages = page.get_by_test_id("village-link")
    expect(villages).to_have_text(["Kappuna", "Pincara"])
    villages.filter(has_text="Pincara").click()
    expect(page.get_by_role("heading", name="Profil desa Pincara")).to_be_visible()
    expect(page.get_by_test_id("profile")).to_contain_text("Surat uji")
