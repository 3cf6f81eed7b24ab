"""Phone-sized pages (390 px): no sideways page scroll; wide tables say they scroll."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from balai.accounts.roles import Role
from balai.letters.models import IssuedDocument, LetterRequest, Status
from balai.regions.models import Area
from balai.registry.tests.factories import make_family, make_resident
from conftest import DESA_PINCARA, PASSWORD, MakeUser

pytestmark = pytest.mark.django_db(transaction=True)

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def _issued(code: str) -> IssuedDocument:
    family = make_family(f"{DESA_PINCARA}.01.001")
    resident = make_resident(f"{DESA_PINCARA}.01.001", name="Budi Santoso", family=family)
    village = Area.objects.get(code=DESA_PINCARA)
    request = LetterRequest.objects.create(
        area=village,
        letter_type="domisili",
        subject=resident,
        status=Status.SIGNED,
        received_at=timezone.now(),
        due_at=timezone.now(),
    )
    return IssuedDocument.objects.create(
        request=request,
        area=village,
        year=2026,
        sequence=1,
        letter_type="domisili",
        number="400.12.2.1/001/2004/XII/2026",
        title="Surat Keterangan Domisili",
        subject_name="Budi Santoso",
        signer_name="Andi Baso",
        signer_title="Kepala Desa",
        verification_code=code,
        sha256="ab" * 32,
        pdf=b"%PDF-1.4",
        issued_at=timezone.now(),
    )


def test_verification_page_fits_a_phone(page: Any, tree: None) -> None:
    issued = _issued("K7QW2M9XPA4TZ3NB")
    page.goto(f"/layanan/v/{issued.verification_code}/")
    expect(page.get_by_test_id("verify-sha")).to_have_text(issued.sha256)
    assert page.viewport_size["width"] == 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_wide_table_shows_a_scroll_hint_on_a_phone(page: Any, make_user: MakeUser) -> None:
    make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA, username="operator")
    _issued("K7QW2M9XPA4TZ3NB")
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("operator")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("home-role")).to_be_visible()
    page.goto("/layanan/agenda/")
    box = page.locator(".table-scroll").first
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    expect(box).to_have_class("table-scroll is-overflowing")
    expect(page.locator(".scroll-hint").first).to_be_visible()
    expect(page.locator(".scroll-hint").first).to_contain_text("Geser")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    # Scrolled to the end, the edge fade goes away.
    box.evaluate("el => { el.scrollLeft = el.scrollWidth; el.dispatchEvent(new Event('scroll')); }")
    expect(box).to_have_class("table-scroll is-overflowing at-end")
