"""Pages: public catalogue, booking, kiosk, display, counter console, quotas, figures; access."""

from __future__ import annotations

import io
from datetime import time, timedelta

import pytest
import time_machine
from django.test import Client, override_settings
from openpyxl import load_workbook

from balai.accounts.roles import Role
from balai.complaints.models import ServiceKind, SurveyResponse
from balai.onestop.models import Appointment, CounterDay, Service, Ticket, TicketStatus
from balai.onestop.services import queue
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, login

from .conftest import MONDAY, make_service

TUESDAY = MONDAY.date() + timedelta(days=1)


@pytest.mark.django_db
def test_catalogue_finds_a_service_by_word_and_by_the_village_letter_it_needs(service) -> None:
    make_service("pajak")
    client = Client()
    page = client.get("/pelayanan/", {"q": "layanan pajak"})
    assert page.status_code == 200
    assert [s.code for s in page.context["services"]] == ["pajak"]
    page = client.get("/pelayanan/", {"surat": "pengantar_ktp"})
    assert {s.code for s in page.context["services"]} == {"ktp-el", "pajak"}
    assert client.get("/pelayanan/", {"surat": "sktm"}).context["services"] == []


@pytest.mark.django_db
def test_service_page_shows_the_standard_the_letters_and_where_it_is_offered(
    counter, service
) -> None:
    page = Client().get(f"/pelayanan/layanan/{service.pk}/")
    body = page.content.decode()
    assert "Surat pengantar desa" in body and "Loket A" in body
    assert [t.code for t in page.context["letters"]] == ["pengantar_ktp"]


@pytest.mark.django_db
def test_booking_a_full_slot_shows_the_message_and_books_nothing(counter, service) -> None:
    data = {"counter": counter.pk, "service": service.pk, "day": TUESDAY.isoformat(),
            "slot": "09:00", "name": "Siti"}  # fmt: skip
    with time_machine.travel(MONDAY, tick=False):
        client = Client()
        for _i in range(2):
            assert client.post("/pelayanan/unit/mpp-7322/janji/", data).status_code == 302
        page = client.post("/pelayanan/unit/mpp-7322/janji/", data)
        assert page.status_code == 400
        assert "Slot penuh." in page.content.decode()
        page = client.post("/pelayanan/unit/mpp-7322/janji/", {**data, "day": "2026-03-15"})
        assert "Slot sudah lewat." in page.content.decode()
    assert Appointment.objects.count() == 2


@pytest.mark.django_db
def test_kiosk_ticket_is_followed_on_the_phone_and_shown_on_the_display(counter, service) -> None:
    client = Client()
    with time_machine.travel(MONDAY, tick=False):
        response = client.post(
            "/pelayanan/unit/mpp-7322/kios/", {"counter": counter.pk, "service": service.pk}
        )
        ticket = Ticket.objects.get()
        assert response.url == f"/pelayanan/tiket/{ticket.code}/"
        # The printed slip: number, code and a QR code of the page to follow on a phone.
        slip = client.get(response.url).content.decode()
        assert 'data-testid="ticket-qr"><svg' in slip and 'data-testid="print-ticket"' in slip
        client.post(
            "/pelayanan/unit/mpp-7322/kios/", {"counter": counter.pk, "service": service.pk}
        )
        second = Ticket.objects.latest("sequence")
        page = client.get(f"/pelayanan/tiket/{second.code}/", headers={"HX-Request": "true"})
        assert "1 nomor lagi sebelum Anda" in page.content.decode()
        assert "<html" not in page.content.decode()  # the fragment only
        queue.counter_set_open(actor=None, counter=counter, is_open=True)
        queue.counter_call_next(actor=None, counter=counter)
        board = client.get("/pelayanan/unit/mpp-7322/layar/", headers={"HX-Request": "true"})
    html = board.content.decode()
    assert '<strong data-testid="board-called-A">A-001</strong>' in html
    assert "<td>1</td>" in html and "<td>A-002</td>" in html


@pytest.mark.django_db
@time_machine.travel(MONDAY, tick=False)
def test_clerk_calls_next_only_on_counters_of_their_area(make_user, counter, service, desk) -> None:
    mpp_clerk = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="lainnya", username="mpp"))
    village_op = login(make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA))
    queue.ticket_take(counter=counter, service_id=service.pk)
    # A village operator may not touch the kabupaten's MPP counter: 404, nothing changes.
    assert village_op.get(f"/pelayanan/loket/{counter.pk}/").status_code == 404
    assert village_op.post(f"/pelayanan/loket/{counter.pk}/buka/").status_code == 404
    counter.refresh_from_db()
    assert counter.is_open is False
    # Calling on the closed counter: the message, no ticket called.
    page = mpp_clerk.post(f"/pelayanan/loket/{counter.pk}/panggil/", follow=True)
    assert "sedang tutup" in page.content.decode()
    assert Ticket.objects.get().status == TicketStatus.WAITING
    mpp_clerk.post(f"/pelayanan/loket/{counter.pk}/buka/")
    page = mpp_clerk.post(f"/pelayanan/loket/{counter.pk}/panggil/", follow=True)
    assert "Memanggil A-001" in page.content.decode()
    ticket = Ticket.objects.get()
    assert ticket.status == TicketStatus.CALLED
    assert village_op.post(f"/pelayanan/antrean/{ticket.pk}/selesai/").status_code == 404
    assert Ticket.objects.get().status == TicketStatus.CALLED


@pytest.mark.django_db
def test_resident_may_not_open_the_counter_pages(make_user, counter) -> None:
    warga = login(make_user(Role.RESIDENT, DESA_PINCARA))
    assert warga.get("/pelayanan/loket/").status_code == 403
    assert warga.post(f"/pelayanan/loket/{counter.pk}/buka/").status_code == 403
    counter.refresh_from_db()
    assert counter.is_open is False


@pytest.mark.django_db
def test_quota_page_refuses_a_quota_below_bookings(make_user, counter, service) -> None:
    clerk = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="dpmptsp"))
    # Counter staff of another office serve at the MPP but do not manage it.
    other = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="lainnya"))
    refused = other.post(
        "/pelayanan/kelola/unit/mpp-7322/",
        {"counter": counter.pk, "day": TUESDAY.isoformat(), "quota": 5},
    )
    assert refused.status_code == 403 and not CounterDay.objects.exists()
    with time_machine.travel(MONDAY, tick=False):
        for slot in (time(9, 0), time(9, 30)):
            queue.appointment_book(
                counter=counter, service_id=service.pk, day=TUESDAY, slot=slot, name="A"
            )
        page = clerk.post(
            "/pelayanan/kelola/unit/mpp-7322/",
            {"counter": counter.pk, "day": TUESDAY.isoformat(), "quota": 1},
        )
    assert page.status_code == 400
    assert "lebih kecil dari 2 janji" in page.content.decode()
    assert not CounterDay.objects.exists()
    camat = login(make_user(Role.CAMAT, KEC_MASAMBA))
    assert camat.get("/pelayanan/kelola/unit/mpp-7322/").status_code == 404


@pytest.mark.django_db
def test_service_form_names_the_missing_components(make_user, service) -> None:
    clerk = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="dpmptsp"))
    data = {"provider": service.provider_id, "code": "izin", "name": "Izin", "requirements": "",
            "procedure": "Datang", "time_value": 1, "time_unit": "hari", "cost": 0, "product": "",
            "complaint_channel": "LAPOR", "wait_minutes": 30, "serve_minutes": 10}  # fmt: skip
    page = clerk.post(f"/pelayanan/kelola/katalog/{KAB_LUTRA}/baru/", data)
    assert page.status_code == 400
    assert "Komponen standar pelayanan ini wajib diisi." in page.content.decode()
    assert not Service.objects.filter(code="izin").exists()
    operator = login(make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA))
    assert operator.post(f"/pelayanan/kelola/katalog/{KAB_LUTRA}/baru/", data).status_code == 403


@pytest.mark.django_db
@time_machine.travel(MONDAY, tick=False)
def test_survey_after_service_counts_for_the_unit_and_flags_the_small_sample(
    make_user, counter, service
) -> None:
    ticket = queue.ticket_take(counter=counter, service_id=service.pk)
    queue.counter_set_open(actor=None, counter=counter, is_open=True)
    client = Client()
    scores = {f"u{i}": 4 for i in range(1, 10)}
    page = client.post(f"/pelayanan/tiket/{ticket.code}/survei/", scores, follow=True)
    assert "setelah Anda selesai dilayani" in page.content.decode()
    queue.counter_call_next(actor=None, counter=counter)
    queue.ticket_transition(actor=None, ticket=ticket, to=TicketStatus.DONE)
    client.post(f"/pelayanan/tiket/{ticket.code}/survei/", {**scores, "u1": 2})
    answer = SurveyResponse.objects.get()
    assert (answer.service_kind, answer.unit_code) == (ServiceKind.ONESTOP, "mpp-7322")
    camat = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="lainnya"))
    page = camat.get("/pelayanan/kinerja/")
    (unit,) = page.context["units"]
    # One answer of 8 x 4 + 2 = 34 over 9 scores: IKM 34 / 9 x 25 = 94.44; population 1 needs 1.
    assert (unit.skm.responses, unit.skm.ikm, unit.population, unit.minimum) == (1, 94.44, 1, 1)
    assert unit.below_minimum is False


@pytest.mark.django_db
def test_complaint_can_name_a_unit_serving_the_village(counter, paten) -> None:
    from balai.complaints.models import Category, Complaint
    from balai.complaints.services.categories import category_defaults_ensure

    category_defaults_ensure()
    category = Category.objects.filter(kabupaten=None).first()
    data = {"category": category.pk, "classification": "pengaduan", "title": "Antre lama",
            "description": "Menunggu 3 jam di loket", "reporter_name": "A",
            "unit_code": "mpp-7322"}  # fmt: skip
    client = Client()
    page = client.get(f"/pengaduan/desa/{DESA_PINCARA}/")
    assert ("mpp-7322", "MPP Luwu Utara") in page.context["form"].fields["unit_code"].choices
    assert client.post(f"/pengaduan/desa/{DESA_PINCARA}/", data).status_code == 302
    assert Complaint.objects.get().unit_code == "mpp-7322"
    # PATEN Masamba does not serve Pattimang (Malangke): refused, nothing filed.
    page = client.post(f"/pengaduan/desa/{DESA_PATTIMANG}/", {**data, "unit_code": "paten-732203"})
    assert page.status_code == 400
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
@time_machine.travel(MONDAY, tick=False)
def test_api_lists_the_catalogue_and_calls_next_only_in_scope(make_user, counter, service) -> None:
    body = Client().get("/api/v1/onestop/services?q=ktp").json()
    assert [s["code"] for s in body] == ["ktp-el"]
    assert body[0]["letter_types"] == ["pengantar_ktp"]
    queue.ticket_take(counter=counter, service_id=service.pk)
    queue.counter_set_open(actor=None, counter=counter, is_open=True)
    outsider = login(make_user(Role.CAMAT, KEC_MASAMBA))
    assert outsider.post(f"/api/v1/onestop/counters/{counter.pk}/call-next").status_code == 404
    assert Ticket.objects.get().status == TicketStatus.WAITING
    clerk = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="lainnya"))
    called = clerk.post(f"/api/v1/onestop/counters/{counter.pk}/call-next")
    assert called.status_code == 200, called.json()
    assert called.json()["number"] == "A-001"
    assert clerk.post(f"/api/v1/onestop/counters/{counter.pk}/call-next").status_code == 204
    board = Client().get("/api/v1/onestop/units/mpp-7322/queue").json()
    assert board == [
        {"counter": "A", "name": "Loket A", "is_open": True, "called": "", "waiting": 0,
         "next_numbers": []}
    ]  # fmt: skip


@pytest.mark.django_db
@override_settings(ONESTOP_RATE_LIMIT=(2, 600), ONESTOP_KIOSK_ADDRESSES=["10.0.0.50"])
def test_kiosk_limits_numbers_per_address_but_not_the_units_own_kiosk(counter, service) -> None:
    url = "/pelayanan/unit/mpp-7322/kios/"
    data = {"counter": counter.pk, "service": service.pk}
    phone = Client(REMOTE_ADDR="10.0.0.7")
    with time_machine.travel(MONDAY, tick=False):
        assert [phone.post(url, data).status_code for _i in range(2)] == [302, 302]
        blocked = phone.post(url, data)
        assert blocked.status_code == 429
        body = blocked.content.decode()
        assert "Terlalu banyak nomor antrean atau janji diambil dari alamat Anda" in body
        # What was chosen stays on the form.
        assert f'<option value="{counter.pk}" selected>' in body
        assert Ticket.objects.count() == 2
        assert Client(REMOTE_ADDR="10.0.0.8").post(url, data).status_code == 302
        kiosk = Client(REMOTE_ADDR="10.0.0.50")
        assert [kiosk.post(url, data).status_code for _i in range(4)] == [302] * 4
    assert Ticket.objects.count() == 7


@pytest.mark.django_db
@override_settings(ONESTOP_RATE_LIMIT=(1, 600))
def test_booking_form_limits_bookings_per_address(counter, service) -> None:
    url = "/pelayanan/unit/mpp-7322/janji/"
    data = {"counter": counter.pk, "service": service.pk, "day": TUESDAY.isoformat(),
            "slot": "09:00", "name": "Siti"}  # fmt: skip
    with time_machine.travel(MONDAY, tick=False):
        client = Client(REMOTE_ADDR="10.0.0.7")
        assert client.post(url, data).status_code == 302
        blocked = client.post(url, {**data, "name": "Budi"})
        assert blocked.status_code == 429
        assert 'value="Budi"' in blocked.content.decode()
    assert list(Appointment.objects.values_list("name", flat=True)) == ["Siti"]


@pytest.mark.django_db
def test_performance_pages_download_times_against_the_standard_as_xlsx_and_csv(
    make_user, counter, service
) -> None:
    first = queue.ticket_take(counter=counter, service_id=service.pk, now=MONDAY)
    queue.ticket_take(counter=counter, service_id=service.pk, now=MONDAY)
    queue.counter_set_open(actor=None, counter=counter, is_open=True)
    # Waits of 20 and 45 minutes (standard 30); the first served 25 minutes (standard 10).
    queue.counter_call_next(actor=None, counter=counter, now=MONDAY + timedelta(minutes=20))
    queue.counter_call_next(actor=None, counter=counter, now=MONDAY + timedelta(minutes=45))
    assert Ticket.objects.get(pk=first.pk).status == TicketStatus.DONE
    staff = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="lainnya"))
    url = "/pelayanan/kinerja/mpp-7322/?dari=2026-03-01&sampai=2026-03-31"
    response = staff.get(url + "&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "waktu-pelayanan-mpp-7322-20260301-20260331.csv" in response["Content-Disposition"]
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Unit,Per,Nama,Standar waktu tunggu (menit),Dipanggil,")
    assert lines[1:] == [
        "mpp-7322,Layanan,Layanan ktp-el,30,2,32.5,1,50.0,10,1,25.0,0,0.0,0",
        "mpp-7322,Loket,Loket A,,2,32.5,1,50.0,,1,25.0,0,0.0,0",
    ]
    xlsx = staff.get(url + "&format=xlsx")
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert book.sheetnames == ["Per layanan", "Per loket"]
    rows = list(book["Per layanan"].iter_rows(values_only=True))
    assert rows[0][:2] == ("MPP Luwu Utara", "01-03-2026 s.d. 31-03-2026")
    assert rows[2][2:8] == ("Layanan ktp-el", 30, 2, 32.5, 1, 50)
    skm = staff.get("/pelayanan/kinerja/?tahun=2026&format=xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(skm.streaming_content))).active.values)
    assert rows[1][:6] == ("mpp-7322", "MPP Luwu Utara", "Mal Pelayanan Publik", 1, 0, 1)
    assert rows[1][8] == "ya"  # no answer yet: below the minimum sample
    # A village operator cannot download a kabupaten unit's figures.
    operator = login(make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA))
    assert operator.get(url + "&format=csv").status_code in (403, 404)
