"""A resident takes a number at the MPP kiosk; the clerk calls it from the menu; the display shows it."""

from __future__ import annotations

from datetime import time
from typing import Any

from playwright.sync_api import expect

from balai.accounts.roles import Role
from balai.onestop.models import LocationKind, ProviderKind
from balai.onestop.services import catalogue
from balai.regions.models import Area
from conftest import KAB_LUTRA, KEL_KAPPUNA, PASSWORD, MakeUser


def test_resident_takes_a_number_and_the_mpp_clerk_calls_it(page: Any, make_user: MakeUser) -> None:
    kab = Area.objects.get(code=KAB_LUTRA)
    provider = catalogue.provider_save(
        actor=None, kabupaten=kab, code="dukcapil", name="Disdukcapil", kind=ProviderKind.DUKCAPIL
    )
    service = catalogue.service_save(
        actor=None, provider=provider, code="ktp-el", name="Perekaman KTP-el",
        requirements="Kartu Keluarga asli", procedure="Ambil nomor\nRekam sidik jari",
        time_value=1, cost=0, product="KTP-el", complaint_channel="SP4N-LAPOR!",
        letter_types=["pengantar_ktp"],
    )  # fmt: skip
    mpp = catalogue.location_save(
        actor=None, code="mpp-7322", name="MPP Luwu Utara", kind=LocationKind.MPP,
        owner=kab, area=Area.objects.get(code=KEL_KAPPUNA),
    )  # fmt: skip
    # Open all day, so the test runs whatever the hour in Masamba.
    catalogue.counter_save(
        actor=None, location=mpp, prefix="A", name="Loket Dukcapil", services=[service],
        opens_at=time(0, 0), closes_at=time(23, 59),
    )  # fmt: skip
    make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="lainnya", username="mpp")

    # The resident finds the service in the public catalogue, on a phone.
    page.goto("/pelayanan/")
    page.get_by_label("Cari layanan").fill("KTP")
    page.get_by_label("Cari layanan").press("Enter")
    page.get_by_role("link", name="Perekaman KTP-el").click()
    expect(page.get_by_test_id("service-standard")).to_contain_text("Kartu Keluarga asli")
    expect(page.get_by_test_id("service-letters")).to_be_visible()
    page.get_by_role("link", name="Ambil nomor (kios)").click()
    page.get_by_label("Loket").select_option(label="MPP Luwu Utara · Loket Dukcapil")
    page.get_by_label("Layanan").select_option(label="Perekaman KTP-el")
    page.get_by_role("button", name="Cetak nomor").click()
    expect(page.get_by_test_id("ticket-number")).to_have_text("A-001")
    expect(page.get_by_test_id("ticket-status")).to_contain_text("Menunggu")
    ticket_url = page.url

    # The clerk reaches the counter through the menu, opens it and calls the next number.
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("mpp")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_test_id("menu-button").click()
    page.get_by_test_id("menu-onestop-desk").click()
    page.get_by_test_id("desk-counter").first.click()
    page.get_by_test_id("counter-open").click()
    expect(page.get_by_test_id("counter-state")).to_have_text("Buka")
    page.get_by_test_id("call-next").click()
    expect(page.get_by_test_id("queue-status-A-001")).to_have_text("Dipanggil")

    # The waiting-room display and the resident's phone show the call.
    page.goto("/pelayanan/unit/mpp-7322/layar/")
    expect(page.get_by_test_id("board-called-A")).to_have_text("A-001")
    page.goto(ticket_url)
    expect(page.get_by_test_id("ticket-status")).to_contain_text("Dipanggil")
