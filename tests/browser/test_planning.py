"""The village operator records a group's proposal, holds the musrenbang desa, and the proposal is tracked."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from balai.accounts.roles import Role
from balai.planning.models import Proposal, RkpdesActivity, Stage
from conftest import DESA_PINCARA, PASSWORD, MakeUser


def test_operator_takes_a_proposal_through_the_musrenbang_desa(
    page: Any, make_user: MakeUser
) -> None:
    make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA, username="operator")
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("operator")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("home-role")).to_be_visible()

    page.get_by_test_id("menu-button").click()
    page.get_by_test_id("menu-planning-village").click()
    page.get_by_test_id("proposal-add").click()
    page.get_by_label("Diusulkan oleh").select_option("pkk")
    page.get_by_label("Nama kelompok / forum").fill("PKK Pincara")
    page.get_by_label("Judul usulan").fill("Rabat beton jalan tani Dusun Tampa")
    page.get_by_label("Kegiatan (bidang/sub-bidang/kegiatan)").select_option("2.3.12")
    page.get_by_label("Lokasi (dusun/RT, patokan)").fill("Dusun Tampa")
    page.get_by_label("Volume").fill("300")
    page.get_by_label("Satuan (m, unit, orang, paket)").fill("m")
    page.get_by_label("Perkiraan biaya (Rp)").fill("90000000")
    page.get_by_label("Penerima manfaat (jiwa)").fill("120")
    page.get_by_test_id("proposal-submit").click()
    expect(page.get_by_test_id("village-proposals")).to_contain_text("Rabat beton jalan tani")
    code = Proposal.objects.get().code

    page.get_by_test_id("forum-open").click()
    expect(page.get_by_test_id("ranking")).to_contain_text(code)
    page.get_by_label("Keputusan").select_option("accept")
    page.get_by_test_id("decide").click()
    expect(page.get_by_test_id("decided")).to_contain_text(code)
    page.get_by_test_id("forum-close").click()
    expect(page.get_by_test_id("forum-status")).to_contain_text("Ditutup")
    assert RkpdesActivity.objects.get().indicative_cost == 90_000_000

    page.context.clear_cookies()
    page.goto("/perencanaan/lacak/")
    page.get_by_label("Kode usulan").fill(code)
    page.get_by_role("button", name="Lacak").click()
    expect(page.get_by_test_id("track-stage")).to_contain_text("RKP Desa")
    assert Proposal.objects.get().stage == Stage.DESA_ACCEPTED
