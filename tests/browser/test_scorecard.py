"""A camat opens the kecamatan scorecard, sorts it by an indicator and drills into a village."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from balai.accounts.roles import Role
from balai.boards.tests.boards_fixtures import declared  # noqa: F401
from conftest import KEC_MASAMBA, PASSWORD, MakeUser

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.usefixtures("declared")
def test_camat_sorts_the_scorecard_and_opens_a_village_profile(
    page: Any, make_user: MakeUser
) -> None:
    make_user(Role.CAMAT, KEC_MASAMBA, username="camat_masamba")
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("camat_masamba")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_test_id("menu-button").click()
    page.get_by_test_id("menu-scorecard-kec").click()
    expect(page.get_by_role("heading", name="Kartu skor kecamatan")).to_be_visible()
    page.get_by_test_id("theme").select_option("uji.tema")
    page.get_by_label("Periode").fill("2026-03")
    page.get_by_role("button", name="Tampilkan").click()
    villages = page.get_by_test_id("village-link")
    expect(villages).to_have_text(["Kappuna", "Pincara"])  # by name
    # Surat uji, lowest first: Pincara 75% (B) before Kappuna 95% (H).
    page.get_by_test_id("sort-uji.surat").click()
    expect(villages).to_have_text(["Pincara", "Kappuna"])
    expect(page.locator("tbody tr").first.locator("td").first).to_contain_text("75,0% B")
    page.get_by_test_id("sort-uji.surat").click()  # again: highest first
    expect(villages).to_have_text(["Kappuna", "Pincara"])
    villages.filter(has_text="Pincara").click()
    expect(page.get_by_role("heading", name="Profil desa Pincara")).to_be_visible()
    expect(page.get_by_test_id("profile")).to_contain_text("Surat uji")
