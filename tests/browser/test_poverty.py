"""The village operator checks aid targeting through the menu, opens a by-name list, adds a recipient."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from balai.poverty.models import Recipient
from balai.poverty.tests.conftest import World, world  # noqa: F401 -- the fixture
from conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_operator_reviews_targeting_errors_and_adds_a_left_out_family(
    page: Any,
    world: World,  # noqa: F811 -- the fixture
) -> None:
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("op_pincara")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_test_id("menu-button").click()
    page.get_by_test_id("menu-poverty-village").click()
    expect(page.get_by_role("heading", name="Ketepatan sasaran bantuan sosial")).to_be_visible()
    expect(page.get_by_test_id("check-pkh-meninggal")).to_have_text("1")
    expect(page.get_by_test_id("check-pkh-eksklusi")).to_have_text("1")
    page.get_by_test_id("check-pkh-eksklusi").get_by_role("link").click()
    expect(page.get_by_test_id("flagged-list")).to_contain_text("KEPALA B")
    page.go_back()
    page.get_by_test_id("recipients-pkh").click()
    expect(page.get_by_test_id("recipient-count")).to_contain_text("3 penerima")
    page.get_by_label("NIK penerima").fill(world.people["b_head"].nik)
    page.get_by_test_id("recipient-save").click()
    expect(page.get_by_test_id("recipient-count")).to_contain_text("4 penerima")
    assert Recipient.objects.filter(programme=world.pkh, resident=world.people["b_head"]).exists()
