"""Handing a signed letter over: downloads change nothing, closing is an explicit POST,
and a signed letter is voided, never rejected."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.test import Client

from balai.core.errors import ConflictError
from balai.letters.models import IssuedDocument, LetterRequest, Status
from balai.letters.selectors.requests import allowed_moves
from balai.letters.services import residents_auth
from balai.letters.services.requests import issued_document_void, letter_request_transition
from conftest import login

pytestmark = pytest.mark.django_db


def signed(make_request, head, operator, kades) -> LetterRequest:
    request = make_request(head)
    letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)
    return letter_request_transition(request=request, to=Status.SIGNED, actor=kades)


def resident_client(operator, resident, client: Client) -> Client:
    code = residents_auth.activation_issue(actor=operator, resident=resident)
    residents_auth.pin_set(nik=resident.nik, code=code, pin="135790")
    client.post("/layanan/warga/masuk/", {"nik": resident.nik, "pin": "135790"})
    return client


def test_getting_the_pdf_never_closes_the_request(make_request, head, operator, kades, client):
    request = signed(make_request, head, operator, kades)
    resident = resident_client(operator, head, client)
    for url in (
        f"/layanan/warga/surat/{request.pk}.pdf",
        f"/api/v1/letters/me/requests/{request.pk}/pdf",
    ):
        response = resident.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert login(operator).get(f"/layanan/permohonan/{request.pk}/surat.pdf").status_code == 200
    request.refresh_from_db()
    assert request.status == Status.SIGNED
    assert request.history.filter(to_status=Status.DONE).count() == 0


def test_resident_closes_the_request_with_an_explicit_post(
    make_request, head, operator, kades, client
):
    request = signed(make_request, head, operator, kades)
    resident = resident_client(operator, head, client)
    home = resident.get("/layanan/warga/").content.decode()
    assert "Sudah saya terima" in home
    response = resident.post(f"/layanan/warga/surat/{request.pk}/diterima/")
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.DONE
    change = request.history.get(to_status=Status.DONE)
    assert change.note == "Diterima oleh warga"
    assert LogEntry.objects.filter(additional_data__event="letter.selesai").count() == 1
    assert "Sudah saya terima" not in resident.get("/layanan/warga/").content.decode()


def test_no_receipt_button_for_a_voided_letter(make_request, head, operator, kades, client):
    request = signed(make_request, head, operator, kades)
    issued_document_void(request=request, actor=kades, reason="salah cetak")
    resident = resident_client(operator, head, client)
    assert "Sudah saya terima" not in resident.get("/layanan/warga/").content.decode()
    resident.post(f"/layanan/warga/surat/{request.pk}/diterima/")
    request.refresh_from_db()
    assert request.status == Status.SIGNED


def test_closing_needs_post_and_csrf(make_request, head, operator, kades):
    request = signed(make_request, head, operator, kades)
    strict = resident_client(operator, head, Client(enforce_csrf_checks=True))
    url = f"/layanan/warga/surat/{request.pk}/diterima/"
    assert strict.get(url).status_code == 405
    assert strict.post(url).status_code == 403  # no CSRF token
    request.refresh_from_db()
    assert request.status == Status.SIGNED


def test_resident_cannot_close_someone_elses_or_an_unsigned_request(
    make_request, head, child, operator, kades, client
):
    others = signed(make_request, head, operator, kades)
    pending = make_request(child)
    resident = resident_client(operator, child, client)
    assert resident.post(f"/layanan/warga/surat/{others.pk}/diterima/").status_code == 404
    resident.post(f"/layanan/warga/surat/{pending.pk}/diterima/")
    api = resident.post(f"/api/v1/letters/me/requests/{pending.pk}/received")
    assert api.status_code == 409
    others.refresh_from_db()
    pending.refresh_from_db()
    assert others.status == Status.SIGNED and pending.status == Status.SUBMITTED


def test_resident_closes_through_the_api(make_request, head, operator, kades, client):
    request = signed(make_request, head, operator, kades)
    resident = resident_client(operator, head, client)
    response = resident.post(f"/api/v1/letters/me/requests/{request.pk}/received")
    assert response.status_code == 200 and response.json()["status"] == Status.DONE


def test_operator_marks_handed_over(make_request, head, operator, kades):
    request = signed(make_request, head, operator, kades)
    client = login(operator)
    assert "Selesai diserahkan" in client.get(request.get_absolute_url()).content.decode()
    client.post(f"/layanan/permohonan/{request.pk}/status/", {"to": Status.DONE})
    request.refresh_from_db()
    assert request.status == Status.DONE


def test_no_rejection_after_signing(make_request, head, operator, kades):
    request = signed(make_request, head, operator, kades)
    assert Status.REJECTED not in allowed_moves(kades, request)
    page = login(kades).get(request.get_absolute_url()).content.decode()
    assert "Tolak permohonan" not in page
    with pytest.raises(ConflictError):
        letter_request_transition(
            request=request, to=Status.REJECTED, actor=kades, reason="lainnya", note="x"
        )
    login(kades).post(
        f"/layanan/permohonan/{request.pk}/status/",
        {"to": Status.REJECTED, "reason": "lainnya", "note": "x"},
    )
    request.refresh_from_db()
    assert request.status == Status.SIGNED
    assert IssuedDocument.objects.get(request=request).voided_at is None


def test_kades_voids_a_signed_letter(make_request, head, operator, kades, client):
    request = signed(make_request, head, operator, kades)
    login(kades).post(f"/layanan/permohonan/{request.pk}/batalkan/", {"reason": "salah cetak"})
    issued = IssuedDocument.objects.get(request=request)
    assert issued.is_void and issued.void_reason == "salah cetak"
    assert LogEntry.objects.filter(additional_data__event="letter.void").count() == 1
    text = client.get(f"/layanan/v/{issued.verification_code}/").content.decode()
    assert "DIBATALKAN" in text and "salah cetak" in text
    register = login(operator).get("/layanan/agenda/").content.decode()
    assert issued.number in register and "DIBATALKAN" in register


def test_operator_cannot_void_and_nothing_changes(make_request, head, operator, kades):
    request = signed(make_request, head, operator, kades)
    response = login(operator).post(
        f"/layanan/permohonan/{request.pk}/batalkan/", {"reason": "salah cetak"}
    )
    assert response.status_code == 403
    assert IssuedDocument.objects.get(request=request).voided_at is None
    assert LogEntry.objects.filter(additional_data__event="letter.void").count() == 0


def test_void_needs_a_reason(make_request, head, operator, kades):
    request = signed(make_request, head, operator, kades)
    login(kades).post(f"/layanan/permohonan/{request.pk}/batalkan/", {"reason": "  "})
    assert IssuedDocument.objects.get(request=request).voided_at is None


def verified(make_request, head, operator) -> LetterRequest:
    request = make_request(head)
    return letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)


def test_kades_sees_an_unnumbered_draft_that_stores_nothing(make_request, head, operator, kades):
    from balai.letters.models import NumberSequence

    request = verified(make_request, head, operator)
    client = login(kades)
    page = client.get(request.get_absolute_url()).content.decode()
    preview = f"/layanan/permohonan/{request.pk}/pratinjau.pdf"
    assert f'src="{preview}"' in page and 'name="confirm"' in page
    response = client.get(preview)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert not IssuedDocument.objects.exists() and not NumberSequence.objects.exists()
    request.refresh_from_db()
    assert request.status == Status.VERIFIED


def test_draft_preview_is_scoped_and_gone_after_signing(
    make_request, head, operator, kades, other_operator
):
    request = verified(make_request, head, operator)
    preview = f"/layanan/permohonan/{request.pk}/pratinjau.pdf"
    assert login(other_operator).get(preview).status_code == 404
    letter_request_transition(request=request, to=Status.SIGNED, actor=kades)
    assert login(kades).get(preview).status_code == 404


def test_signing_needs_the_confirmation(make_request, head, operator, kades):
    request = verified(make_request, head, operator)
    client = login(kades)
    url = f"/layanan/permohonan/{request.pk}/status/"
    response = client.post(url, {"to": Status.SIGNED}, follow=True)
    assert "centang pernyataan" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.VERIFIED and not IssuedDocument.objects.exists()
    client.post(url, {"to": Status.SIGNED, "confirm": "1"})
    request.refresh_from_db()
    assert request.status == Status.SIGNED and IssuedDocument.objects.get(request=request)
