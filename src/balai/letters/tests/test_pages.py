"""Pages and API: the counter flow, access denials with nothing changed, verification, residents."""

from __future__ import annotations

import hashlib
import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from balai.accounts.roles import Role
from balai.letters.models import IssuedDocument, LetterRequest, ResidentAccount, Status
from balai.letters.services import residents_auth
from balai.letters.services.requests import issued_document_void, letter_request_transition
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, login

pytestmark = pytest.mark.django_db


def signed(make_request, head, operator, kades):
    request = make_request(head)
    letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)
    return letter_request_transition(request=request, to=Status.SIGNED, actor=kades)


def test_operator_records_a_counter_request_by_nik(operator, head, village_settings):
    client = login(operator)
    response = client.post(
        "/layanan/permohonan/baru/", {"jenis": "domisili", "nik": head.nik, "purpose": "bank"}
    )
    request = LetterRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/layanan/permohonan/{request.pk}/"
    assert request.subject == head
    page = client.get(response["Location"])
    assert b"Diajukan" in page.content


def test_counter_form_shows_the_missing_field_and_saves_nothing(operator, head, village_settings):
    response = login(operator).post(
        "/layanan/permohonan/baru/", {"jenis": "usaha", "nik": head.nik, "purpose": "modal"}
    )
    assert response.status_code == 200
    assert "wajib diisi" in response.content.decode()
    assert not LetterRequest.objects.exists()


def test_kades_signs_from_the_page_and_the_pdf_verifies(make_request, head, operator, kades):
    request = make_request(head)
    letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)
    client = login(kades)
    client.post(f"/layanan/permohonan/{request.pk}/status/", {"to": Status.SIGNED, "confirm": "1"})
    issued = IssuedDocument.objects.get(request=request)
    pdf = client.get(f"/layanan/permohonan/{request.pk}/surat.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == issued.sha256
    page = login(operator).get(f"/layanan/v/{issued.verification_code}/")
    text = page.content.decode()
    assert issued.number in text and "BUDI SANTOSO" in text and issued.sha256 in text
    assert head.nik not in text


def test_operator_cannot_sign_and_nothing_changes(make_request, head, operator):
    request = make_request(head)
    letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)
    login(operator).post(
        f"/layanan/permohonan/{request.pk}/status/", {"to": Status.SIGNED, "confirm": "1"}
    )
    request.refresh_from_db()
    assert request.status == Status.VERIFIED
    assert not IssuedDocument.objects.exists()


def test_other_village_gets_404_for_a_request_and_changes_nothing(
    make_request, head, other_operator
):
    request = make_request(head)
    client = login(other_operator)
    assert client.get(f"/layanan/permohonan/{request.pk}/").status_code == 404
    assert (
        client.post(
            f"/layanan/permohonan/{request.pk}/status/", {"to": Status.VERIFIED}
        ).status_code
        == 404
    )
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED


def test_camat_sees_village_requests_but_cannot_verify(make_request, head, camat_user):
    request = make_request(head)
    client = login(camat_user)
    assert client.get(f"/layanan/permohonan/{request.pk}/").status_code == 200
    client.post(f"/layanan/permohonan/{request.pk}/status/", {"to": Status.VERIFIED})
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED


def test_forged_or_altered_code_says_unknown(make_request, head, operator, kades, client):
    issued = signed(make_request, head, operator, kades).issued
    altered = issued.verification_code[:-1] + ("A" if issued.verification_code[-1] != "A" else "B")
    for code in (altered, "x" * 40, "palsu"):
        response = client.get(f"/layanan/v/{code}/")
        assert response.status_code == 404
        assert "Kode tidak dikenal" in response.content.decode()
    api = client.get(f"/api/v1/letters/verify/{altered}")
    assert api.status_code == 404


def test_verification_compares_an_uploaded_copy(make_request, head, operator, kades, client):
    issued = signed(make_request, head, operator, kades).issued
    url = f"/layanan/v/{issued.verification_code}/"
    same = client.post(url, {"berkas": SimpleUploadedFile("a.pdf", bytes(issued.pdf))})
    assert "sama persis" in same.content.decode()
    changed = client.post(url, {"berkas": SimpleUploadedFile("a.pdf", bytes(issued.pdf) + b"x")})
    assert "BERBEDA" in changed.content.decode()


def test_voided_letter_shows_as_voided(make_request, head, operator, kades, client):
    request = signed(make_request, head, operator, kades)
    issued_document_void(request=request, actor=kades, reason="salah cetak")
    issued = IssuedDocument.objects.get(request=request)
    text = client.get(f"/layanan/v/{issued.verification_code}/").content.decode()
    assert "DIBATALKAN" in text and "salah cetak" in text
    assert client.get(f"/api/v1/letters/verify/{issued.verification_code}").json()["valid"] is False


def png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 128, 0)).save(buf, "PNG")
    return buf.getvalue()


def test_requirement_upload_accepts_pdf_and_images_only(make_request, head, operator):
    request = make_request(head)
    client = login(operator)
    url = f"/layanan/permohonan/{request.pk}/dokumen/"
    client.post(url, {"name": "KK", "file": SimpleUploadedFile("kk.pdf", b"%PDF-1.4 test")})
    client.post(url, {"name": "KTP", "file": SimpleUploadedFile("ktp.png", png_bytes())})
    bad = client.post(
        url,
        {"name": "X", "file": SimpleUploadedFile("x.pdf", b"<svg onload=alert(1)>")},
        follow=True,
    )
    assert "bukan PDF atau gambar" in bad.content.decode()
    big = client.post(
        url,
        {"name": "B", "file": SimpleUploadedFile("b.pdf", b"%PDF-" + b"0" * (6 * 1024 * 1024))},
        follow=True,
    )
    assert "terlalu besar" in big.content.decode()
    kinds = sorted(request.documents.values_list("content_type", flat=True))
    assert kinds == ["application/pdf", "image/jpeg"]


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n<< /S /JavaScript /JS (app.alert(1)) >>",
        b"%PDF-1.4\n<< /S /J#61vaScript /J#53 (app.alert(1)) >>",
        b"%PDF-1.4\n<< /Names << /Embedded#46iles 3 0 R >> >>",
    ],
)
def test_requirement_pdf_with_active_content_is_refused(make_request, head, operator, content):
    request = make_request(head)
    response = login(operator).post(
        f"/layanan/permohonan/{request.pk}/dokumen/",
        {"name": "KK", "file": SimpleUploadedFile("kk.pdf", content)},
        follow=True,
    )
    assert "skrip atau berkas tersemat" in response.content.decode()
    assert not request.documents.exists()


def test_template_with_unknown_placeholder_is_refused_with_its_name(operator, village_settings):
    client = login(operator)
    response = client.post(
        "/layanan/templat/domisili/", {"body": "Halo [Nama] dari [planet_asal].", "is_active": "on"}
    )
    assert "[planet_asal]" in response.content.decode()
    from balai.letters.models import LetterTemplate

    assert not LetterTemplate.objects.exists()


def test_template_with_broken_markup_is_refused(operator, village_settings):
    response = login(operator).post(
        "/layanan/templat/domisili/", {"body": "Ini **tebal tanpa tutup", "is_active": "on"}
    )
    assert "tidak ditutup" in response.content.decode()


def test_template_saved_and_used_with_case_convention(make_request, head, operator, kades):
    client = login(operator)
    body = 'Nama: [nama] / [Nama] / [NAma] / [NamA]. Nomor [nomor_surat]. Tanda `#` \\ "kutip" #set page(width: 1cm)'
    response = client.post(
        "/layanan/templat/domisili/",
        {"body": body, "is_active": "on", "online": "on", "classification": "470"},
    )
    assert response.status_code == 302
    from balai.letters import placeholders
    from balai.letters.markup import apply_case

    assert apply_case("nama", "Budi SANTOSO") == "budi santoso"
    assert apply_case("Nama", "budi SANTOSO") == "Budi Santoso"
    assert apply_case("NAma", "Budi") == "BUDI"
    assert apply_case("NamA", "budi X") == "budi X"
    assert (
        placeholders.Values(text={"nomor_surat": "470/001/XI"}).resolve("nomor_surat")
        == '#"470/001/XI"'
    )
    issued = signed(make_request, head, operator, kades).issued
    assert issued.number.startswith("470/001/")


def test_template_preview_returns_an_image(operator, village_settings):
    response = login(operator).post(
        "/layanan/templat/sktm/pratinjau/", {"body": "[data_diri]\n\nHalo [Nama]."}
    )
    assert b"data:image/png;base64," in response.content
    bad = login(operator).post("/layanan/templat/sktm/pratinjau/", {"body": "[apa]"})
    assert b"[apa]" in bad.content


def test_sekdes_cannot_edit_templates(sekdes, village_settings):
    response = login(sekdes).post("/layanan/templat/domisili/", {"body": "x"})
    assert response.status_code == 403


def test_resident_sets_pin_logs_in_requests_and_downloads(
    operator, kades, head, village_settings, client
):
    code = login(operator).post("/layanan/akun-warga/", {"nik": head.nik}).context["code"]
    assert len(code) == 8
    client.post(
        "/layanan/warga/aktivasi/",
        {"nik": head.nik, "code": code, "pin": "135790", "pin2": "135790"},
    )
    account = ResidentAccount.objects.get(resident=head)
    assert account.pin_hash.startswith(("argon2", "md5"))  # tests use MD5 for speed
    assert account.code_hash == ""
    response = client.post("/layanan/warga/masuk/", {"nik": head.nik, "pin": "135790"})
    assert response["Location"] == "/layanan/warga/"
    client.post("/layanan/warga/mohon/domisili/", {"purpose": "sekolah anak"})
    request = LetterRequest.objects.get()
    assert request.channel == "daring" and request.applicant == head
    assert client.get(f"/layanan/warga/surat/{request.pk}.pdf").status_code == 404
    letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)
    letter_request_transition(request=request, to=Status.SIGNED, actor=kades)
    pdf = client.get(f"/layanan/warga/surat/{request.pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    request.refresh_from_db()
    assert request.status == Status.SIGNED  # downloading changes nothing
    client.post(f"/layanan/warga/surat/{request.pk}/diterima/")
    request.refresh_from_db()
    assert request.status == Status.DONE
    assert client.get(f"/layanan/warga/surat/{request.pk}.pdf").status_code == 200
    assert client.get("/layanan/").status_code == 403  # no staff pages for residents
    assert client.get("/api/v1/letters/me/requests").json()[0]["pdf_ready"] is True


def test_resident_cannot_download_someone_elses_letter(
    make_request, head, child, operator, kades, client, village_settings
):
    request = signed(make_request, head, operator, kades)
    code = residents_auth.activation_issue(actor=operator, resident=child)
    residents_auth.pin_set(nik=child.nik, code=code, pin="246810")
    client.post("/layanan/warga/masuk/", {"nik": child.nik, "pin": "246810"})
    assert client.get(f"/layanan/warga/surat/{request.pk}.pdf").status_code == 404
    assert client.get(f"/api/v1/letters/me/requests/{request.pk}/pdf").status_code == 404


def test_repeated_wrong_pins_lock_the_nik_from_that_address_and_are_logged(
    head, operator, client, village_settings
):
    from django.conf import settings

    code = residents_auth.activation_issue(actor=operator, resident=head)
    residents_auth.pin_set(nik=head.nik, code=code, pin="583920")
    for _i in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/layanan/warga/masuk/", {"nik": head.nik, "pin": "000000"})
        assert "NIK atau PIN salah" in response.content.decode()
    locking = client.post("/layanan/warga/masuk/", {"nik": head.nik, "pin": "000000"})
    assert locking.status_code == 429
    response = client.post("/layanan/warga/masuk/", {"nik": head.nik, "pin": "583920"})
    assert response.status_code == 429
    assert "dikunci" in response.content.decode()
    assert "_auth_user_id" not in client.session
    failures = LogEntry.objects.filter(additional_data__event="letters.resident_login_failed")
    assert failures.count() == settings.AXES_FAILURE_LIMIT  # the refused try is not one
    # The resident at home (another address) is not locked out by it.
    from django.test import Client

    home = Client(REMOTE_ADDR="10.20.30.40")
    assert home.post("/layanan/warga/masuk/", {"nik": head.nik, "pin": "583920"}).status_code == 302


def test_unknown_nik_login_gives_the_same_message(client, tree):
    response = client.post("/layanan/warga/masuk/", {"nik": "7322031705900099", "pin": "123456"})
    assert "NIK atau PIN salah" in response.content.decode()


def test_api_creates_a_request_and_reports_its_status(operator, head, village_settings):
    client = login(operator)
    response = client.post(
        "/api/v1/letters/requests",
        {"letter_type": "sktm", "nik": head.nik, "purpose": "beasiswa"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "diajukan" and body["number"] is None
    assert client.get(f"/api/v1/letters/requests/{body['id']}").json()["id"] == body["id"]


def test_api_refuses_sktm_for_a_child_with_an_indonesian_message(operator, child, village_settings):
    response = login(operator).post(
        "/api/v1/letters/requests",
        {"letter_type": "sktm", "nik": child.nik, "purpose": "beasiswa"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "kepala keluarga" in response.json()["message"]
    assert not LetterRequest.objects.exists()


def test_public_standards_page_poster_and_maklumat(
    make_user, pincara, operator, village_settings, client
):
    dpmd = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="dpmd", username="dpmd")
    login(dpmd).post("/layanan/standar/adopsi/")
    login(operator).post("/layanan/standar/adopsi/")
    page = client.get(f"/layanan/desa/{DESA_PINCARA}/")
    assert "Surat Keterangan Domisili" in page.content.decode()
    # Each letter links to the one-stop services of the kabupaten that need it.
    assert f'href="/pelayanan/?surat=domisili&amp;wilayah={KAB_LUTRA}"' in page.content.decode()
    assert client.get(f"/layanan/desa/{DESA_PINCARA}/standar.pdf").content.startswith(b"%PDF-")
    assert client.get(f"/layanan/desa/{DESA_PINCARA}/maklumat.pdf").content.startswith(b"%PDF-")
    api = client.get(f"/api/v1/letters/standards/{DESA_PINCARA}").json()
    assert len(api) == 19 and api[0]["cost"] == 0
    assert client.get(f"/api/v1/letters/standards/{DESA_PATTIMANG}").json() == []


def test_village_change_to_a_standard_needs_the_decision_number(
    make_user, operator, village_settings
):
    from balai.letters.models import ServiceStandard

    dpmd = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="dpmd", username="dpmd")
    login(dpmd).post("/layanan/standar/adopsi/")
    login(operator).post("/layanan/standar/adopsi/")
    standard = ServiceStandard.objects.get(area_id=DESA_PINCARA, code="domisili")
    data = {
        "name": standard.name, "legal_basis": "x", "responsible_official": "Kepala Desa",
        "officer": "Kasi", "time_value": 2, "time_unit": "jam", "cost": 0, "cost_note": "Gratis",
        "opening_hours": "08-16", "decision_ref": "", "is_published": "on",
        "requirements_text": "KTP\nKK", "procedure_text": "Datang",
    }  # fmt: skip
    response = login(operator).post(f"/layanan/standar/{standard.pk}/ubah/", data)
    assert "keputusan kepala desa" in response.content.decode()
    standard.refresh_from_db()
    assert standard.time_unit == "hari"
    data["decision_ref"] = "Keputusan Kepala Desa No. 5/2026"
    login(operator).post(f"/layanan/standar/{standard.pk}/ubah/", data)
    standard.refresh_from_db()
    assert (standard.time_value, standard.time_unit, standard.requirements) == (
        2,
        "jam",
        ["KTP", "KK"],
    )


def test_other_village_operator_cannot_edit_a_standard(
    make_user, operator, other_operator, village_settings
):
    from balai.letters.models import ServiceStandard

    dpmd = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="dpmd", username="dpmd")
    login(dpmd).post("/layanan/standar/adopsi/")
    login(operator).post("/layanan/standar/adopsi/")
    standard = ServiceStandard.objects.get(area_id=DESA_PINCARA, code="domisili")
    assert (
        login(other_operator)
        .post(f"/layanan/standar/{standard.pk}/ubah/", {"name": "X"})
        .status_code
        == 404
    )
    standard.refresh_from_db()
    assert standard.name != "X"


def _with_documents(make_request, head, operator):
    request = make_request(head)
    client = login(operator)
    url = f"/layanan/permohonan/{request.pk}/dokumen/"
    client.post(
        url, {"name": "Kartu Keluarga", "file": SimpleUploadedFile("kk.pdf", b"%PDF-1.4 kk")}
    )
    client.post(url, {"name": "KTP", "file": SimpleUploadedFile("ktp.png", png_bytes())})
    return request, {d.content_type: d for d in request.documents.all()}


def test_staff_in_scope_download_requirement_documents_and_each_view_is_audited(
    make_request, head, operator
):
    request, docs = _with_documents(make_request, head, operator)
    client = login(operator)
    page = client.get(f"/layanan/permohonan/{request.pk}/")
    for doc in docs.values():
        assert f"/layanan/permohonan/{request.pk}/dokumen/{doc.pk}/" in page.content.decode()
    pdf = client.get(f"/layanan/permohonan/{request.pk}/dokumen/{docs['application/pdf'].pk}/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content) == b"%PDF-1.4 kk"
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="kartu-keluarga.pdf"'
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in pdf["Cache-Control"] and "private" in pdf["Cache-Control"]
    image = client.get(f"/layanan/permohonan/{request.pk}/dokumen/{docs['image/jpeg'].pk}/")
    assert image["Content-Type"] == "image/jpeg"
    assert b"".join(image.streaming_content).startswith(b"\xff\xd8")  # re-encoded at upload
    viewed = LogEntry.objects.filter(additional_data__event="viewed", actor=operator)
    assert sorted(int(e.object_pk) for e in viewed) == sorted(d.pk for d in docs.values())


def test_requirement_documents_are_404_outside_scope_and_on_other_requests(
    make_request, head, operator, other_operator
):
    request, docs = _with_documents(make_request, head, operator)
    other = make_request(head)
    doc = docs["application/pdf"]
    before = LogEntry.objects.filter(additional_data__event="viewed").count()
    outsider = login(other_operator)
    assert outsider.get(f"/layanan/permohonan/{request.pk}/dokumen/{doc.pk}/").status_code == 404
    mismatched = login(operator).get(f"/layanan/permohonan/{other.pk}/dokumen/{doc.pk}/")
    assert mismatched.status_code == 404
    anonymous = Client().get(f"/layanan/permohonan/{request.pk}/dokumen/{doc.pk}/")
    assert anonymous.status_code == 302 and "/akun/masuk/" in anonymous["Location"]
    assert LogEntry.objects.filter(additional_data__event="viewed").count() == before


def test_residents_download_their_own_requirement_documents_only(
    make_request, head, child, operator, village_settings
):
    request, docs = _with_documents(make_request, head, operator)
    doc = docs["application/pdf"]
    url = f"/layanan/warga/permohonan/{request.pk}/dokumen/{doc.pk}/"
    owner = Client()
    residents_auth.pin_set(
        nik=head.nik,
        code=residents_auth.activation_issue(actor=operator, resident=head),
        pin="135790",
    )
    owner.post("/layanan/warga/masuk/", {"nik": head.nik, "pin": "135790"})
    assert url in owner.get("/layanan/warga/").content.decode()
    mine = owner.get(url)
    assert mine.status_code == 200 and b"".join(mine.streaming_content) == b"%PDF-1.4 kk"
    assert mine["X-Content-Type-Options"] == "nosniff" and "no-store" in mine["Cache-Control"]
    stranger = Client()
    residents_auth.pin_set(
        nik=child.nik,
        code=residents_auth.activation_issue(actor=operator, resident=child),
        pin="246810",
    )
    stranger.post("/layanan/warga/masuk/", {"nik": child.nik, "pin": "246810"})
    assert stranger.get(url).status_code == 404
