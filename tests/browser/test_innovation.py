"""An office records an innovation with its mandatory evidence and submits it;
Bappeda verifies it and reads the IID, all through the menu."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from balai.accounts.roles import Office, Role
from balai.innovation import services
from balai.innovation.models import Innovation, InnovationStatus, Review
from balai.regions.models import Area
from conftest import KAB_LUTRA, MakeUser
from tests.browser.test_shell import log_in

pytestmark = pytest.mark.django_db(transaction=True)

MANDATORY = ("16", "17", "32", "33", "35")


def test_office_fills_and_submits_bappeda_verifies(page: Any, make_user: MakeUser) -> None:
    services.assessment_open(
        actor=None,
        kabupaten=Area.objects.get(code=KAB_LUTRA),
        year=2023,
        deadline=date(2030, 6, 30),
    )
    make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DINKES, username="dinkes")
    make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.BAPPEDA, username="bappeda")

    log_in(page, "dinkes")
    page.get_by_test_id("menu-button").click()
    page.get_by_test_id("menu-innovations").click()
    page.get_by_test_id("innovation-new").click()
    page.get_by_label("Nama inovasi").fill("Posyandu Digital Balita Sehat")
    page.get_by_label("Bentuk").select_option("pelayanan")
    page.get_by_label("Jenis").select_option("digital")
    page.get_by_label("Inisiator").select_option("perangkat_daerah")
    page.get_by_label("Urusan").select_option("kesehatan")
    page.get_by_label("Tahapan").select_option("penerapan")
    page.get_by_label("Tanggal penerapan").fill("2022-03-01")
    page.get_by_test_id("innovation-save").click()
    expect(page.get_by_test_id("innovation-name")).to_have_text("Posyandu Digital Balita Sehat")
    expect(page.get_by_test_id("mandatory-missing")).to_contain_text("16, 17, 32, 33, 35")

    # Submitting early is refused with the list of what is missing.
    page.get_by_test_id("innovation-submit").click()
    expect(page.get_by_role("status")).to_contain_text("Indikator wajib belum lengkap")

    for label in MANDATORY:
        form = page.get_by_test_id(f"answer-form-{label}")
        form.locator("select[name=parameter]").select_option("3")
        form.locator("input[name=url]").fill(f"https://dinkes.luwuutarakab.go.id/bukti/{label}")
        form.get_by_role("button", name=f"Simpan indikator {label}").click()
        expect(page.get_by_role("status")).to_contain_text(f"Indikator {label} disimpan")
    expect(page.get_by_test_id("mandatory-ok")).to_be_visible()
    page.get_by_test_id("innovation-submit").click()
    expect(page.get_by_test_id("status")).to_have_text("Diajukan, menunggu verifikasi")

    page.context.clear_cookies()
    log_in(page, "bappeda")
    page.get_by_test_id("menu-button").click()
    page.get_by_test_id("menu-iid").click()
    # 5 mandatory at 3: (3+2+2+3+4) x 3 = 42 / MAX(10, 1) + 0.38 = 4.58 -> IID 1,83.
    expect(page.get_by_test_id("iid")).to_contain_text("1,83")
    page.get_by_test_id("pending").get_by_role("link", name="Posyandu Digital Balita Sehat").click()
    for label in MANDATORY:
        form = page.get_by_test_id(f"review-form-{label}")
        form.locator("select[name=decision]").select_option("terima")
        form.get_by_role("button", name="Simpan verifikasi").click()
        expect(page.get_by_test_id(f"answer-{label}").get_by_test_id("review")).to_have_text(
            "Diterima"
        )
    expect(page.get_by_test_id("status")).to_have_text("Terverifikasi")

    innovation = Innovation.objects.get(name="Posyandu Digital Balita Sehat")
    assert innovation.status == InnovationStatus.VERIFIED
    assert (innovation.owner_kind, innovation.office) == ("office", Office.DINKES)
    assert innovation.answers.filter(review=Review.ACCEPTED).count() == 5
