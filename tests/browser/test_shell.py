"""Log in as several roles and click through the shell in a real browser."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from balai.accounts.roles import Role
from balai.regions.models import Area
from conftest import DESA_PATTIMANG, DESA_PINCARA, KEC_MASAMBA, PASSWORD, MakeUser

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page: Any, username: str) -> None:
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("home-role")).to_be_visible()


def test_operator_adds_a_dusun_to_own_village(page: Any, make_user: MakeUser) -> None:
    make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA, username="operator")
    log_in(page, "operator")
    expect(page.get_by_test_id("home-role")).to_have_text("Operator Desa")
    page.get_by_test_id("home-area").click()
    expect(page.get_by_test_id("area-title")).to_have_text("Desa Pincara")
    page.get_by_text("Tambah dusun / RW / RT").click()
    page.get_by_label("Jenis").select_option("dusun")
    page.get_by_role("textbox", name=re.compile(r"^Nama")).fill("Dusun Mawar")
    page.get_by_role("button", name="Tambah", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Dusun Mawar ditambahkan")
    expect(page.get_by_test_id("children")).to_contain_text("Dusun Mawar")
    assert Area.objects.filter(code=f"{DESA_PINCARA}.02", name="Dusun Mawar").exists()


def test_camat_sees_own_kecamatan_and_gets_404_outside(page: Any, make_user: MakeUser) -> None:
    make_user(Role.CAMAT, KEC_MASAMBA, username="camat")
    log_in(page, "camat")
    expect(page.get_by_test_id("home-area")).to_contain_text("Masamba")
    page.goto(f"/wilayah/{DESA_PINCARA}/")
    expect(page.get_by_test_id("children")).to_contain_text("Dusun Satu")
    expect(page.get_by_test_id("subarea-add")).to_have_count(0)
    page.goto(f"/wilayah/{DESA_PATTIMANG}.01/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Halaman tidak ditemukan")


def test_user_with_two_roles_switches_the_active_one(page: Any, make_user: MakeUser) -> None:
    make_user(Role.SEKRETARIS_DESA, DESA_PINCARA, username="sekdes")
    make_user(Role.POSYANDU_CADRE, DESA_PINCARA, username="sekdes")
    log_in(page, "sekdes")
    expect(page.get_by_test_id("acting-role")).to_contain_text("Sekretaris Desa")
    page.get_by_test_id("role-switch").select_option(label="Kader Posyandu — Pincara")
    page.get_by_role("button", name="Ganti").click()
    expect(page.get_by_test_id("acting-role")).to_contain_text("Kader Posyandu")
    expect(page.get_by_role("status")).to_contain_text("Sekarang Anda bertindak sebagai")


def test_live_search_updates_results_without_reload(page: Any, tree: None) -> None:
    page.goto("/wilayah/")
    page.evaluate("window.__marker = 1")
    page.get_by_test_id("region-search").fill("masam")
    results = page.get_by_test_id("search-results")
    expect(results).to_contain_text("Kecamatan Masamba")
    assert page.evaluate("window.__marker") == 1  # htmx swapped a fragment, no navigation
    expect(page).to_have_url(re.compile(r"/wilayah/cari/\?q=masam"))


def test_pages_fit_a_phone_screen(page: Any, make_user: MakeUser) -> None:
    make_user(Role.KEPALA_DESA, DESA_PINCARA, username="kades")
    log_in(page, "kades")
    for path in ("/", f"/wilayah/{DESA_PINCARA}/", "/akun/token/", "/wilayah/cari/?q=pinc"):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)


def test_logout_returns_to_login(page: Any, make_user: MakeUser) -> None:
    make_user(Role.RT_HEAD, f"{DESA_PINCARA}.01.001", username="rt")
    log_in(page, "rt")
    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(re.compile("/akun/masuk/"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/akun/masuk/\?next=/"))


def test_english_browser_sees_indonesian_until_the_user_chooses_english(
    page: Any, make_user: MakeUser
) -> None:
    make_user(Role.KEPALA_DESA, DESA_PINCARA, username="kades")
    page.goto("/akun/masuk/")  # the browser context asks for en-US
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk ke Balai")
    log_in(page, "kades")
    page.goto("/akun/")
    page.get_by_label("Bahasa tampilan").select_option("en")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_contain_text("Language setting saved")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile("/akun/masuk/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Balai")
