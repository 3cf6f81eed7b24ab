"""A letter from the counter to the verification page, in a phone-sized browser."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from balai.accounts.roles import Role
from balai.letters.models import IssuedDocument, VillageLetterSettings
from balai.regions.models import Area
from balai.registry.tests.factories import make_family, make_resident
from conftest import DESA_PINCARA, PASSWORD, MakeUser

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page: Any, username: str) -> None:
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("home-role")).to_be_visible()


def log_out(page: Any) -> None:
    page.get_by_role("button", name="Keluar").click()


def test_counter_request_is_signed_downloaded_and_verified(page: Any, make_user: MakeUser) -> None:
    make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA, username="operator")
    make_user(Role.KEPALA_DESA, DESA_PINCARA, username="kades")
    VillageLetterSettings.objects.create(
        area=Area.objects.get(code=DESA_PINCARA), head_name="Andi Baso"
    )
    family = make_family(f"{DESA_PINCARA}.01.001")
    resident = make_resident(f"{DESA_PINCARA}.01.001", name="Budi Santoso", family=family)

    log_in(page, "operator")
    page.get_by_test_id("menu-button").click()
    page.get_by_test_id("nav-letters").click()
    page.get_by_test_id("new-request").click()
    page.get_by_role("link", name="Surat Keterangan Domisili").click()
    page.get_by_label("NIK penduduk yang bersangkutan").fill(resident.nik)
    page.get_by_label("Keperluan").fill("melamar pekerjaan")
    page.get_by_role("button", name="Catat permohonan").click()
    expect(page.get_by_test_id("request-status")).to_have_text("Diajukan")
    page.get_by_test_id("move-diverifikasi").click()
    expect(page.get_by_test_id("request-status")).to_have_text("Diverifikasi")
    detail = page.url
    log_out(page)

    log_in(page, "kades")
    page.goto(detail)
    # The head reads the unnumbered draft, framed in the page, before signing.
    preview = page.get_by_test_id("letter-preview")
    expect(preview).to_be_visible()
    draft = page.request.get(preview.get_attribute("src"))
    assert draft.headers["content-type"] == "application/pdf"
    assert IssuedDocument.objects.count() == 0
    # Signing without ticking the confirmation is stopped by the browser.
    page.get_by_test_id("move-ditandatangani").click()
    expect(page.get_by_test_id("request-status")).to_have_text("Diverifikasi")
    page.get_by_test_id("confirm-sign").check()
    page.get_by_test_id("move-ditandatangani").click()
    expect(page.get_by_test_id("request-status")).to_have_text("Ditandatangani kepala desa")
    number = page.get_by_test_id("letter-number").inner_text()
    assert re.fullmatch(r"400\.12\.2\.1/001/2004/[IVX]+/\d{4}", number)
    href = page.get_by_test_id("download-pdf").get_attribute("href")
    pdf = page.request.get(href)
    assert pdf.headers["content-type"] == "application/pdf"
    assert hashlib.sha256(pdf.body()).hexdigest() == IssuedDocument.objects.get().sha256

    page.get_by_test_id("verify-link").click()
    expect(page.get_by_test_id("verify-number")).to_have_text(number)
    expect(page.get_by_test_id("verify-subject")).to_have_text("BUDI SANTOSO")
    expect(page.get_by_test_id("verify-status")).to_contain_text("Surat asli")
