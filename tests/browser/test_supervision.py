"""A camat plans a binwas visit from the menu, fills it on a phone (autosaved) and records a finding."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from balai.accounts.roles import Role
from balai.supervision.models import Answer, FollowUp
from conftest import KEC_MASAMBA, PASSWORD, MakeUser

pytestmark = pytest.mark.django_db(transaction=True)


def test_camat_plans_visits_and_fills_one_on_a_phone(page: Any, make_user: MakeUser) -> None:
    make_user(Role.CAMAT, KEC_MASAMBA, username="camat_masamba")
    today = timezone.localdate().isoformat()
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("camat_masamba")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_test_id("menu-button").click()
    page.get_by_test_id("menu-binwas-agenda").click()
    expect(
        page.get_by_role("heading", name="Agenda pembinaan dan pengawasan · Masamba")
    ).to_be_visible()
    page.get_by_test_id("activity-new").click()
    page.get_by_label("Judul kegiatan").fill("Pengawasan papan SPM")
    page.get_by_label("Tanggal mulai").fill(today)
    page.get_by_label("Tanggal selesai").fill(today)
    page.get_by_label("Pincara").check()
    page.get_by_test_id("activity-save").click()
    expect(page.get_by_test_id("visits")).to_contain_text("Pincara")
    page.get_by_test_id("visit-link").filter(has_text="Pincara").click()
    page.get_by_test_id("visit-start").click()
    expect(page.get_by_test_id("brief")).to_be_visible()
    expect(page.get_by_test_id("visit-status")).to_have_text("Draf")
    # htmx is a deferred script: a change made before it has run is saved with the next
    # change (the whole form is sent), not on its own; wait for it as a phone user would.
    page.wait_for_function("() => window.htmx !== undefined && document.readyState === 'complete'")
    page.get_by_label("Papan informasi standar pelayanan terpasang di kantor desa?").select_option(
        "tidak"
    )
    expect(page.get_by_test_id("saved")).to_contain_text("Draf tersimpan")
    assert Answer.objects.get().value == "tidak"
    page.get_by_test_id("finding-add").locator("summary").click()
    page.get_by_label("Uraian temuan").fill("Papan SPM belum dipasang")
    page.get_by_label("Rekomendasi").fill("Pasang papan di ruang layanan")
    page.get_by_label("Batas waktu (hari kerja)").fill("10")
    page.get_by_test_id("finding-save").click()
    expect(page.get_by_test_id("findings")).to_contain_text("Papan SPM belum dipasang")
    item = FollowUp.objects.get()
    assert item.area_id == "73.22.03.2004" and item.due_days == 10
