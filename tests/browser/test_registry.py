"""An operator on a phone finds a resident, opens the record and records a death."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from balai.accounts.roles import Role
from balai.registry import codes
from balai.registry.models import EventKind, Resident
from balai.registry.tests.factories import make_family, make_resident
from conftest import DESA_PINCARA, MakeUser
from tests.browser.test_shell import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_operator_searches_opens_and_records_a_death(page: Any, make_user: MakeUser) -> None:
    make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA, username="operator")
    family = make_family(DESA_PINCARA)
    person = make_resident(f"{DESA_PINCARA}.01.001", name="LA BACO", family=family)
    make_resident(f"{DESA_PINCARA}.01.001", name="BUDI SANTOSO")
    log_in(page, "operator")
    page.get_by_test_id("menu-button").click()
    page.get_by_test_id("nav-registry").click()
    page.evaluate("window.__marker = 1")
    page.get_by_test_id("resident-search").fill("baco")
    rows = page.get_by_test_id("resident-rows")
    expect(rows).to_contain_text("LA BACO")
    expect(rows).not_to_contain_text("BUDI SANTOSO")
    assert page.evaluate("window.__marker") == 1  # htmx swapped the rows, no reload
    rows.get_by_role("link", name="LA BACO").click()
    expect(page.get_by_test_id("resident-name")).to_have_text("LA BACO")
    expect(page.get_by_test_id("resident-nik")).to_have_text(person.nik)
    page.get_by_test_id("resident-actions").locator("summary").click()
    page.get_by_role("link", name="Catat kematian").click()
    page.get_by_label("Tanggal peristiwa").fill("2025-03-04")
    page.get_by_label("Tempat meninggal").fill("Rumah")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_contain_text("Peristiwa Kematian dicatat")
    expect(page.get_by_test_id("resident-status")).to_have_text("Mati")
    expect(page.get_by_test_id("event-history")).to_contain_text("Kematian")
    expect(page.get_by_test_id("event-history")).to_contain_text("04-03-2025")
    expect(page).to_have_url(re.compile(rf"/penduduk/{person.pk}/$"))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    person.refresh_from_db()
    assert person.status == codes.BasicStatus.DEAD
    assert person.events.filter(kind=EventKind.DEATH).count() == 1
    assert Resident.objects.count() == 2
