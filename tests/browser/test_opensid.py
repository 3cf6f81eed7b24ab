"""OpenSID habits in a browser: the buku induk by month with its XLSX, a subject picked by name."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from balai.accounts.roles import Role
from balai.letters.models import LetterRequest, VillageLetterSettings
from balai.regions.models import Area
from balai.registry import codes
from balai.registry.models import EventKind
from balai.registry.services import resident_register
from balai.registry.tests.factories import make_family, make_resident
from conftest import DESA_PINCARA, MakeUser
from tests.browser.test_shell import log_in

pytestmark = pytest.mark.django_db(transaction=True)
RT1 = f"{DESA_PINCARA}.01.001"


def test_operator_filters_the_buku_induk_and_downloads_it(page: Any, make_user: MakeUser) -> None:
    make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA, username="operator")
    family = make_family(RT1)
    make_resident(RT1, name="LA BACO", family=family)
    resident_register(
        actor=None,
        area=Area.objects.get(code=RT1),
        family=family,
        kind=EventKind.BIRTH,
        event_date=date(2026, 3, 5),
        data={
            "name": "I CICI",
            "sex": codes.Sex.FEMALE,
            "birth_date": date(2026, 3, 5),
            "family_relation": codes.FamilyRelation.CHILD,
        },
    )
    log_in(page, "operator")
    page.get_by_test_id("menu-button").click()
    page.get_by_test_id("menu-book-induk").click()
    page.get_by_test_id("book-month").fill("2026-02")
    page.get_by_test_id("book-apply").click()
    book = page.get_by_test_id("book-induk")
    expect(book).to_contain_text("LA BACO")
    expect(book).not_to_contain_text("I CICI")  # born in March
    page.get_by_test_id("book-month").fill("2026-03")
    page.get_by_test_id("book-apply").click()
    expect(book).to_contain_text("I CICI")
    link = page.get_by_test_id("download-xlsx")
    href = link.get_attribute("href")
    assert "bulan=2026-03" in href and "format=xlsx" in href
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename.endswith(".xlsx")
    # The same file, fetched again to read it (the artifact store is left alone).
    body = page.request.get(page.url.split("?")[0] + href).body()
    with zipfile.ZipFile(io.BytesIO(body)) as xlsx:
        sheet = xlsx.read("xl/worksheets/sheet1.xml").decode()
    assert "LA BACO" in sheet and "I CICI" in sheet


def test_operator_picks_the_letter_subject_by_name(page: Any, make_user: MakeUser) -> None:
    make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA, username="operator")
    VillageLetterSettings.objects.create(
        area=Area.objects.get(code=DESA_PINCARA), head_name="Andi Baso"
    )
    family = make_family(RT1)
    budi = make_resident(RT1, name="Budi Santoso", family=family)
    make_resident(
        RT1,
        name="Budi Santoso",
        family=family,
        relation=codes.FamilyRelation.CHILD,
        birth_date=date(2010, 8, 9),
    )
    log_in(page, "operator")
    page.goto("/layanan/permohonan/baru/?jenis=domisili")
    page.get_by_test_id("subject-search").fill("budi sant")
    options = page.get_by_test_id("subject-option")
    expect(options).to_have_count(2)
    # Two people share the name: the birth date tells them apart.
    options.filter(has_text="17-05-1990").click()
    expect(page.get_by_test_id("subject-picked")).to_contain_text(budi.nik)
    page.get_by_label("Keperluan").fill("melamar pekerjaan")
    page.get_by_role("button", name="Catat permohonan").click()
    expect(page.get_by_test_id("request-status")).to_have_text("Diajukan")
    assert LetterRequest.objects.get().subject_id == budi.pk
