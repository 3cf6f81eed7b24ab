"""The request workflow: validation, transitions, signing, voiding."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry

from balai.core.errors import ConflictError, DomainError
from balai.letters.models import IssuedDocument, LetterRequest, Status, StatusChange
from balai.letters.services import compose, pdf
from balai.letters.services.requests import issued_document_void, letter_request_transition
from balai.registry.services import resident_record_death

pytestmark = pytest.mark.django_db


def sign(request, operator, kades):
    letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)
    return letter_request_transition(request=request, to=Status.SIGNED, actor=kades)


def test_counter_request_is_signed_numbered_and_rendered(make_request, head, operator, kades):
    request = make_request(head)
    assert request.status == Status.SUBMITTED
    assert request.due_at > request.received_at
    signed = sign(request, operator, kades)
    assert signed.status == Status.SIGNED
    issued = IssuedDocument.objects.get(request=request)
    assert issued.sequence == 1
    assert issued.number.startswith("400.12.2.1/001/2004/")
    assert bytes(issued.pdf).startswith(b"%PDF-")
    assert len(issued.sha256) == 64
    assert issued.subject_name == "BUDI SANTOSO"
    assert signed.completed_at is not None
    history = list(StatusChange.objects.filter(request=request).values_list("to_status", flat=True))
    assert history == [Status.SUBMITTED, Status.VERIFIED, Status.SIGNED]
    events = LogEntry.objects.filter(additional_data__event="letter.ditandatangani")
    assert events.count() == 1


def test_numbers_follow_one_another_and_skip_nothing(make_request, head, child, operator, kades):
    numbers = [sign(make_request(p), operator, kades).issued.sequence for p in (head, child, head)]
    assert numbers == [1, 2, 3]


def test_signing_before_verification_is_refused_and_changes_nothing(make_request, head, kades):
    request = make_request(head)
    with pytest.raises(ConflictError):
        letter_request_transition(request=request, to=Status.SIGNED, actor=kades)
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED
    assert not IssuedDocument.objects.exists()


def test_village_with_sekdes_approval_needs_it_before_signing(
    make_request, head, operator, sekdes, kades, village_settings
):
    village_settings.requires_approval = True
    village_settings.save()
    request = make_request(head)
    letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)
    with pytest.raises(ConflictError):
        letter_request_transition(request=request, to=Status.SIGNED, actor=kades)
    letter_request_transition(request=request, to=Status.APPROVED, actor=sekdes)
    assert (
        letter_request_transition(request=request, to=Status.SIGNED, actor=kades).status
        == Status.SIGNED
    )


def test_rejection_needs_a_reason(make_request, head, operator):
    request = make_request(head)
    with pytest.raises(DomainError, match="alasan"):
        letter_request_transition(request=request, to=Status.REJECTED, actor=operator)
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED


def test_voiding_a_signed_letter_voids_its_number_for_good(
    make_request, head, child, operator, kades
):
    first = sign(make_request(head), operator, kades)
    issued_document_void(request=first, actor=kades, reason="Data tidak sesuai: salah alamat")
    issued = IssuedDocument.objects.get(request=first)
    assert issued.is_void
    assert "salah alamat" in issued.void_reason
    second = sign(make_request(child), operator, kades)
    assert second.issued.sequence == 2


def test_missing_required_field_is_refused_with_nothing_saved(make_request, head):
    with pytest.raises(DomainError) as exc:
        make_request(head, "usaha", data={"nama_usaha": "Warung Budi"})
    assert "jenis_usaha" in exc.value.field_errors
    assert not LetterRequest.objects.exists()


def test_missing_purpose_is_refused(make_request, head):
    with pytest.raises(DomainError, match="Keperluan"):
        make_request(head, purpose="")


def test_sktm_only_for_head_of_family(make_request, head, child):
    with pytest.raises(DomainError, match="kepala keluarga"):
        make_request(child, "sktm")
    assert make_request(head, "sktm").status == Status.SUBMITTED


def test_subject_outside_the_village_is_refused_without_naming_them(make_request, outsider):
    with pytest.raises(DomainError, match="tidak ditemukan di wilayah Anda") as exc:
        make_request(outsider)
    assert outsider.name not in str(exc.value)
    assert "Pattimang" not in str(exc.value)
    assert not LetterRequest.objects.exists()


def test_dead_subject_only_for_the_death_letter(make_request, head, child):
    resident_record_death(actor=None, resident=head, event_date=date(2026, 1, 5))
    head.refresh_from_db()
    with pytest.raises(DomainError, match="hidup"):
        make_request(head)
    request = make_request(
        head,
        "kematian",
        data={
            "tanggal_meninggal": "2026-01-05",
            "tempat_meninggal": "Dusun I",
            "lokasi_meninggal": "rumah",
            "bukti_kematian": "SPTJM kebenaran data kematian (meninggal di rumah)",
            "sebab": "sakit",
            "pelapor": child.nik,
        },
    )
    assert request.data["pelapor"] == child.nik


def test_death_letter_for_a_living_person_is_refused(make_request, head, child):
    with pytest.raises(DomainError, match="meninggal"):
        make_request(head, "kematian", data={})


def test_heirs_letter_is_countersigned_by_the_camat(
    make_request, head, child, operator, kades, camat_user, family, village_settings
):
    from balai.registry.tests.factories import make_resident

    w1 = make_resident(head.area_id, name="Saksi Satu")
    w2 = make_resident(head.area_id, name="Saksi Dua")
    resident_record_death(actor=None, resident=head, event_date=date(2026, 1, 5))
    head.refresh_from_db()
    request = make_request(
        head,
        "ahli_waris",
        data={
            "tanggal_meninggal": "2026-01-05",
            "ahli_waris": f"{child.nik}; {child.name}; anak kandung",
            "saksi1": w1.nik,
            "saksi2": w2.nik,
        },
    )
    signed = sign(request, operator, kades)
    assert signed.completed_at is None
    first_hash = signed.issued.sha256
    with pytest.raises(ConflictError):
        letter_request_transition(request=request, to=Status.DONE, actor=operator)
    done = letter_request_transition(request=request, to=Status.COUNTERSIGNED, actor=camat_user)
    issued = IssuedDocument.objects.get(request=request)
    assert issued.countersigner_name == "Drs. Camat Masamba"
    assert issued.sha256 != first_hash
    assert done.completed_at is not None
    png = pdf.compile_typst(
        pdf.letter_source(compose.doc_from_json(issued.layout, village_settings)), fmt="png", ppi=40
    )
    assert png.startswith(b"\x89PNG")
