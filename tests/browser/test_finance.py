"""The kepala desa drafts the APBDes, agrees it with the BPD and sends it to the camat, in a browser."""

from __future__ import annotations

from datetime import date
from typing import Any

from playwright.sync_api import expect

from balai.accounts.roles import Role
from balai.finance.models import Apbdes, Status
from conftest import DESA_PINCARA, PASSWORD, MakeUser


def test_kades_drafts_agrees_and_submits_the_apbdes_through_the_menu(
    page: Any, make_user: MakeUser
) -> None:
    year = date.today().year + 1  # noqa: DTZ011 -- the live server's year
    make_user(Role.KEPALA_DESA, DESA_PINCARA, username="kades")

    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("kades")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_test_id("menu-button").click()
    page.get_by_test_id("menu-apbdes").click()
    page.get_by_label("Tahun anggaran").fill(str(year))
    page.get_by_test_id("apbdes-create").click()
    expect(page.get_by_test_id("apbdes-status")).to_contain_text("Rancangan")

    form = page.get_by_test_id("line-form")
    for account, kegiatan, source, text, amount in (
        ("4.2.1.01", "", "DDS", "Dana Desa", "500.000.000"),
        ("5.3.5.01", "2.3.10", "DDS", "Rabat beton jalan", "12a"),
    ):
        form.get_by_label("Kode rekening").fill(account)
        form.get_by_label("Kode kegiatan (belanja)").fill(kegiatan)
        form.get_by_label("Sumber dana").select_option(source)
        form.get_by_label("Uraian").fill(text)
        form.get_by_label("Anggaran (Rp)").fill(amount)
        page.get_by_test_id("line-add").click()
        form = page.get_by_test_id("line-form")
    expect(form).to_contain_text("Jumlah 12a tidak sah")  # refused, the form keeps the input
    form.get_by_label("Anggaran (Rp)").fill("500000000")
    page.get_by_test_id("line-add").click()
    expect(page.get_by_test_id("lines")).to_contain_text("Rabat beton jalan")
    expect(page.get_by_test_id("check-balanced")).to_contain_text("memenuhi")

    agree = page.get_by_test_id("action-sepakati")
    agree.get_by_label("Nomor berita acara").fill("01/BA-BPD")
    page.get_by_test_id("submit-sepakati").click()
    expect(page.get_by_test_id("apbdes-status")).to_contain_text("Disepakati")
    page.get_by_test_id("submit-sampaikan").click()
    expect(page.get_by_test_id("apbdes-status")).to_contain_text("Disampaikan ke camat")
    expect(page.get_by_test_id("evaluation-due")).to_be_visible()
    apbdes = Apbdes.objects.get(village_id=DESA_PINCARA, year=year)
    assert apbdes.status == Status.SUBMITTED
    assert apbdes.lines.count() == 2
