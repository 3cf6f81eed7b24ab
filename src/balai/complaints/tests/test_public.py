from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from PIL import Image

from balai.complaints.models import Attachment, Category, Complaint, Status
from conftest import DESA_PINCARA

pytestmark = pytest.mark.django_db
URL = f"/pengaduan/desa/{DESA_PINCARA}/"


def form(categories: dict[str, Category], **extra: Any) -> dict[str, Any]:
    data = {
        "category": categories["infrastruktur"].pk,
        "classification": "pengaduan",
        "title": "Jalan rusak",
        "description": "Jalan tani berlubang di dusun satu.",
        "reporter_name": "Becce",
        "reporter_phone": "081298765432",
        "reporter_email": "becce@example.org",
    }
    data.update(extra)
    return data


def file_and_track(
    client: Client, categories: dict[str, Category], **extra: Any
) -> tuple[str, str]:
    response = client.post(URL, form(categories, **extra))
    assert response.status_code == 302, response.content.decode()[:2000]
    shown = client.get(response["Location"])
    return shown.context["number"], shown.context["code"]


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    exif[0x8825] = {2: (5.0, 30.0, 0.0)}  # GPSInfo latitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_anonymous_files_and_sees_ticket_and_code_once(categories: dict[str, Category]) -> None:
    client = Client()
    number, code = file_and_track(client, categories)
    complaint = Complaint.objects.get(number=number)
    assert complaint.channel == "web" and complaint.status == Status.DITERIMA
    assert code not in complaint.tracking_hash and len(complaint.tracking_hash) == 64
    # The code is not shown again.
    assert client.get("/pengaduan/terkirim/").status_code == 302


def test_tracking_in_a_fresh_browser_needs_number_and_code(categories: dict[str, Category]) -> None:
    number, code = file_and_track(Client(), categories)
    fresh = Client()
    assert fresh.get(f"/pengaduan/lacak/{number}/").status_code == 302
    response = fresh.post("/pengaduan/lacak/", {"number": number, "code": code.lower()})
    assert response.status_code == 302
    page = fresh.get(response["Location"])
    assert page.status_code == 200
    assert page.context["complaint"].number == number


def test_unknown_ticket_and_wrong_code_get_the_same_answer(categories: dict[str, Category]) -> None:
    number, _code = file_and_track(Client(), categories)
    wrong = Client().post("/pengaduan/lacak/", {"number": number, "code": "AAAA-BBBB-CCCC"})
    unknown = Client().post(
        "/pengaduan/lacak/", {"number": "ADU-26ZZZZZZ", "code": "AAAA-BBBB-CCCC"}
    )
    assert wrong.status_code == unknown.status_code == 404
    message = "Nomor tiket atau kode pelacakan tidak cocok."
    assert message in wrong.content.decode() and message in unknown.content.decode()
    api_wrong = Client().post(
        "/api/v1/complaints/track", {"number": number, "code": "x"}, content_type="application/json"
    )
    api_unknown = Client().post(
        "/api/v1/complaints/track", {"number": "NOPE", "code": "x"}, content_type="application/json"
    )
    assert api_wrong.json() == api_unknown.json()


def test_tracking_page_shows_no_personal_data(
    categories: dict[str, Category], operator: object
) -> None:
    from balai.complaints import services

    client = Client()
    number, _code = file_and_track(client, categories)
    c = Complaint.objects.get(number=number)
    services.complaint_note(complaint=c, actor=operator, text="Catatan internal rahasia")
    services.complaint_verify(complaint=c, actor=operator, note="Sudah kami cek.")
    page = client.get(f"/pengaduan/lacak/{number}/").content.decode()
    for secret in (
        "Becce",
        "081298765432",
        "becce@example.org",
        "Catatan internal rahasia",
        "op_pincara",
        "Uji village_operator",
    ):
        assert secret not in page
    assert "Sudah kami cek." in page


def test_complainant_replies_reopens_rates_and_answers_the_survey(
    categories: dict[str, Category], operator: object
) -> None:
    from balai.complaints import services

    client = Client()
    number, _code = file_and_track(client, categories)
    c = Complaint.objects.get(number=number)
    client.post(f"/pengaduan/lacak/{number}/balas/", {"text": "Tambahan: dekat masjid."})
    assert c.events.filter(kind="balasan").exists()
    c = services.complaint_verify(complaint=c, actor=operator)
    c = services.complaint_assign(complaint=c, actor=operator, assignee=operator)
    c = services.complaint_respond(complaint=c, actor=operator, text="Dicek.")
    c = services.complaint_resolve(complaint=c, actor=operator, text="Selesai.")
    client.post(f"/pengaduan/lacak/{number}/nilai/", {"rating": "5", "comment": "Bagus"})
    c.refresh_from_db()
    assert c.rating == 5
    scores = {f"u{i}": "4" if i % 2 else "3" for i in range(1, 10)}
    client.post(f"/pengaduan/lacak/{number}/survei/", {**scores, "suggestion": "Pertahankan"})
    assert c.survey.u1 == 4 and c.survey.u2 == 3  # type: ignore[attr-defined]
    # A message without the explicit tick does not reopen a finished complaint.
    client.post(f"/pengaduan/lacak/{number}/buka-kembali/", {"text": "Rusak lagi."})
    c.refresh_from_db()
    assert c.status == Status.SELESAI
    client.post(
        f"/pengaduan/lacak/{number}/buka-kembali/", {"text": "Rusak lagi.", "confirm": "on"}
    )
    c.refresh_from_db()
    assert c.status == Status.DIDISPOSISIKAN


def test_another_browser_cannot_act_on_a_ticket(categories: dict[str, Category]) -> None:
    number, _code = file_and_track(Client(), categories)
    response = Client().post(f"/pengaduan/lacak/{number}/balas/", {"text": "Saya orang lain"})
    assert response.status_code == 404
    assert not Complaint.objects.get(number=number).events.filter(kind="balasan").exists()


def test_logged_in_resident_files_self_service_and_sees_own_list(
    categories: dict[str, Category], make_user: Any
) -> None:
    from balai.accounts.roles import Role
    from conftest import login

    resident = make_user(Role.RESIDENT, DESA_PINCARA, username="warga_a")
    client = login(resident)
    number, _code = file_and_track(client, categories)
    c = Complaint.objects.get(number=number)
    assert c.channel == "mandiri" and c.reporter_user == resident
    mine = client.get("/pengaduan/saya/")
    assert number in mine.content.decode()
    # The own account opens the status page without the code, in any browser.
    assert login(resident).get(f"/pengaduan/lacak/{number}/").status_code == 200


@override_settings(COMPLAINTS_RATE_LIMIT=(3, 600))
def test_rate_limit_per_address(categories: dict[str, Category]) -> None:
    client = Client()
    for _i in range(3):
        assert client.post(URL, form(categories)).status_code == 302
    blocked = client.post(URL, form(categories))
    assert blocked.status_code == 429
    assert "Terlalu banyak pengiriman" in blocked.content.decode()
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(URL, form(categories)).status_code == 302
    assert Complaint.objects.count() == 4


def test_honeypot_drops_the_submission(categories: dict[str, Category]) -> None:
    response = Client().post(URL, form(categories, website="http://spam.example"))
    assert response.status_code == 400
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"title": "   "}, "tidak boleh kosong."),
        ({"description": "x" * 5001}, "5000"),
        ({"category": "999999"}, "Kategori tidak dikenal"),
        ({"reporter_phone": "<script>"}, "Nomor HP hanya angka"),
    ],
)
def test_bad_input_gets_an_indonesian_message_and_keeps_the_text(
    categories: dict[str, Category], extra: dict[str, str], message: str
) -> None:
    response = Client().post(URL, form(categories, **extra))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "Jalan tani berlubang" in body or "x" * 100 in body  # what was typed is kept
    assert Complaint.objects.count() == 0


def test_disguised_executable_is_refused_and_nothing_is_saved(
    categories: dict[str, Category],
) -> None:
    exe = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/jpeg")
    response = Client().post(URL, {**form(categories), "lampiran": [exe]})
    assert response.status_code == 400
    assert "bukan foto" in response.content.decode()
    assert Complaint.objects.count() == 0 and Attachment.objects.count() == 0


def test_oversized_file_is_refused(categories: dict[str, Category]) -> None:
    big = SimpleUploadedFile(
        "besar.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), content_type="application/pdf"
    )
    response = Client().post(URL, {**form(categories), "lampiran": [big]})
    assert response.status_code == 400
    assert "lebih dari 5 MB" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_photo_is_reencoded_without_gps_and_pdf_kept(
    categories: dict[str, Category], operator: object
) -> None:
    photo = SimpleUploadedFile("jalan.png", jpeg_with_gps(), content_type="image/png")
    pdf = SimpleUploadedFile("surat.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    number, _code = file_and_track(Client(), categories, lampiran=[photo, pdf])
    c = Complaint.objects.get(number=number)
    kinds = sorted(a.content_type for a in c.attachments.all())
    assert kinds == ["application/pdf", "image/jpeg"]
    stored = c.attachments.get(content_type="image/jpeg").file.open("rb").read()
    assert b"KameraRahasia" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()
    from conftest import login

    served = login(operator).get(f"/pengaduan/kelola/{c.pk}/lampiran/{c.attachments.first().pk}/")  # type: ignore[arg-type, union-attr]
    assert served.status_code == 200 and served["X-Content-Type-Options"] == "nosniff"


def test_pdf_with_javascript_is_refused(categories: dict[str, Category]) -> None:
    pdf = SimpleUploadedFile(
        "x.pdf", b"%PDF-1.4\n<< /JavaScript (app.alert(1)) >>", content_type="application/pdf"
    )
    response = Client().post(URL, {**form(categories), "lampiran": [pdf]})
    assert response.status_code == 400 and Complaint.objects.count() == 0


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n<< /S /J#61vaScript /J#53 (app.alert(1)) >>",
        b"%PDF-1.4\n<< /S /Java#53cript >>",
        b"%PDF-1.4\n<< /OpenAction << /S /Launch /F (cmd.exe) >> >>",
    ],
)
def test_pdf_with_escaped_active_content_is_refused(
    categories: dict[str, Category], content: bytes
) -> None:
    pdf = SimpleUploadedFile("x.pdf", content, content_type="application/pdf")
    response = Client().post(URL, {**form(categories), "lampiran": [pdf]})
    assert response.status_code == 400 and Complaint.objects.count() == 0


XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "'';!--\"<XSS>=&{()}",
    "<iframe src=//evil.example></iframe>",
    "{{ 7*7 }}{% debug %}",
]


def test_xss_payloads_are_escaped_on_every_page(
    categories: dict[str, Category], operator: object
) -> None:
    from balai.complaints import services
    from conftest import login

    client = Client()
    payload = " ".join(XSS)
    number, _code = file_and_track(
        client,
        categories,
        title=XSS[1][:150],
        description=payload,
        location=XSS[2],
        reporter_name=XSS[0][:100],
    )
    c = Complaint.objects.get(number=number)
    client.post(f"/pengaduan/lacak/{number}/balas/", {"text": payload})
    services.complaint_verify(complaint=c, actor=operator, note=payload)
    services.complaint_note(complaint=c, actor=operator, text=payload)
    staff = login(operator)  # type: ignore[arg-type]
    pages = [
        client.get(f"/pengaduan/lacak/{number}/"),
        staff.get(f"/pengaduan/kelola/{c.pk}/"),
        staff.get("/pengaduan/kelola/"),
        staff.get("/pengaduan/dasbor/"),
    ]
    api = client.get(f"/api/v1/complaints/open311/requests/{number}.json?tracking_code={_code}")
    assert api["Content-Type"] == "application/json; charset=utf-8"  # data, never HTML
    for response in pages:
        body = response.content.decode()
        assert response.status_code == 200
        for raw in ("<script>alert(1)", "<img src=x", "<svg/onload", "<iframe", "<XSS>"):
            assert raw not in body, (response.request["PATH_INFO"], raw)
    assert "&lt;script&gt;" in pages[0].content.decode()


def test_public_submission_is_a_fixed_small_number_of_queries(
    categories: dict[str, Category], django_assert_num_queries: Any
) -> None:
    client = Client()
    assert client.post(URL, form(categories)).status_code == 302  # session exists from here
    # Session, village, categories (once), ticket number, holidays (once);
    # in a savepoint the complaint, its audit diff (reads the survey), event
    # and audit rows, the stale marks of the indicator facts; the session
    # save. No re-validation of rows the view
    # already loaded. (The notification tasks run after commit, not here.)
    # The rate limit: one locked read and one write of its counter in the
    # database cache, in a savepoint (4 with SAVEPOINT/RELEASE); one stale mark for the indicators;
    # the service units a complaint may name (``complaints.units``).
    with django_assert_num_queries(21):
        assert client.post(URL, form(categories)).status_code == 302
    assert Complaint.objects.count() == 2


def test_category_of_another_list_is_refused_without_saving(
    categories: dict[str, Category],
) -> None:
    other = Category.objects.create(code="lain", name="Lain", unit_level="desa", is_active=False)
    for pk in (other.pk, 999_999, "x"):
        response = Client().post(URL, form(categories, category=pk))
        assert response.status_code == 400
        assert "Kategori tidak dikenal" in response.content.decode()
    assert not Complaint.objects.exists()
