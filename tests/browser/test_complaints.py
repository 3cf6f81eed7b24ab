"""File a complaint anonymously on a phone, track it, handle it as the village operator."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from balai.accounts.roles import Role
from balai.complaints.models import Complaint
from balai.complaints.services.categories import category_defaults_ensure
from conftest import DESA_PINCARA, PASSWORD, MakeUser

pytestmark = pytest.mark.django_db(transaction=True)


def test_anonymous_files_tracks_and_operator_answers(page: Any, make_user: MakeUser) -> None:
    category_defaults_ensure()
    make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA, username="operator")
    page.goto("/pengaduan/")
    page.get_by_test_id("village-search").fill("Pincara")
    page.get_by_role("link", name=re.compile("Pincara")).click()
    expect(page.get_by_test_id("village-name")).to_contain_text("Pincara")
    page.get_by_label("Kategori").select_option(label="Infrastruktur")
    page.get_by_label("Judul").fill("Jembatan <b>kayu</b> patah")
    page.get_by_label("Uraian").fill("Jembatan ke kebun patah sejak kemarin.")
    page.get_by_label("Nomor HP/WhatsApp").fill("081234567890")
    page.get_by_role("button", name="Kirim pengaduan").click()
    number = page.get_by_test_id("ticket-number").inner_text()
    code = page.get_by_test_id("tracking-code").inner_text()
    assert Complaint.objects.filter(number=number, channel="web").exists()

    # A fresh visit must enter both values.
    page.context.clear_cookies()
    page.goto("/pengaduan/lacak/")
    page.get_by_label("Nomor tiket").fill(number)
    page.get_by_label("Kode pelacakan").fill(code)
    page.get_by_role("button", name="Lacak").click()
    expect(page.get_by_test_id("status")).to_have_text("Diterima")
    expect(page.get_by_test_id("title")).to_have_text("Jembatan <b>kayu</b> patah")

    # The operator verifies it.
    page.context.clear_cookies()
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("operator")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto("/pengaduan/kelola/")
    page.get_by_role("link", name=number).click()
    page.get_by_test_id("action").select_option("verify")
    page.get_by_label("Isi / alasan").fill("Sudah kami catat, tim akan meninjau.")
    page.get_by_role("button", name="Simpan tindakan").click()
    expect(page.get_by_test_id("status")).to_have_text("Diverifikasi")
    expect(page.get_by_role("status")).to_contain_text("Pengaduan diverifikasi")
