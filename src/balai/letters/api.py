"""API endpoints of the letters module (mounted by config/api.py at /letters).

No ``from __future__ import annotations``: Ninja reads the real types.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from balai.accounts import access
from balai.accounts.apiauth import OPTIONAL_AUTH
from balai.accounts.roles import Perm
from balai.core.areacodes import village_code
from balai.core.errors import DomainError
from balai.letters import catalogue
from balai.letters.actions import mark_received, pdf_response
from balai.letters.models import Channel, LetterRequest, ServiceStandard
from balai.letters.schemas import (
    MoveIn,
    RequestIn,
    RequestOut,
    ResidentRequestIn,
    StandardOut,
    VerificationOut,
)
from balai.letters.selectors import requests as sel
from balai.letters.services import requests as svc
from balai.letters.services.residents_auth import account_for_user
from balai.regions.models import Area, Level
from balai.regions.selectors import area_get

router = Router(tags=["letters"])


def _out(item: LetterRequest) -> dict[str, object]:
    issued = sel.issued_for_request(item)
    return {
        "id": item.pk,
        "letter_type": item.letter_type,
        "status": item.status,
        "channel": item.channel,
        "village": item.area_id,
        "subject_name": item.subject_name,
        "received_at": item.received_at,
        "due_at": item.due_at,
        "completed_at": item.completed_at,
        "number": issued.number if issued else None,
        "pdf_ready": bool(issued and not issued.is_void and sel.pdf_ready(item)),
        "reject_reason": item.reject_reason,
        "reject_note": item.reject_note,
    }


def _village_for(request: HttpRequest, perm: str) -> Area:
    role = access.acting_role(request.user)
    area = getattr(role, "area", None)
    if area is None or area.level != Level.DESA_KELURAHAN:
        raise DomainError(_("Permohonan dibuat oleh perangkat desa."), code="not_village")
    access.require(request.user, perm, area)
    assert isinstance(area, Area)  # noqa: S101 -- checked above
    return area


@router.get(
    "/standards/{code}",
    response=list[StandardOut],
    auth=OPTIONAL_AUTH,
    summary="Standar pelayanan desa",
)
@access.api_public
def standards(request: HttpRequest, code: str) -> list[ServiceStandard]:
    area = area_get(code)
    if area.level != Level.DESA_KELURAHAN:
        raise Http404(_("Desa/kelurahan tidak ditemukan."))
    return list(ServiceStandard.objects.filter(area=area, is_published=True).order_by("name"))


@router.get(
    "/verify/{code}", response=VerificationOut, auth=OPTIONAL_AUTH, summary="Verifikasi surat"
)
@access.api_public
def verify(request: HttpRequest, code: str) -> dict[str, object]:
    issued = sel.issued_by_code(code)
    if issued is None:
        raise Http404(_("Kode verifikasi tidak dikenal: surat ini tidak tercatat."))
    return {
        "valid": not issued.is_void,
        "voided": issued.is_void,
        "void_reason": issued.void_reason,
        "number": issued.number,
        "letter_type": issued.letter_type,
        "title": issued.title,
        "issued_at": issued.issued_at,
        "village_code": issued.area_id,
        "village": str(issued.area),
        "signer": issued.signer_name,
        "countersigner": issued.countersigner_name,
        "subject_name": issued.subject_name,
        "sha256": issued.sha256,
    }


@router.post("/requests", response={201: RequestOut}, summary="Catat permohonan di loket")
@access.api_requires(Perm.LETTERS_PROCESS)
def request_create(request: HttpRequest, payload: RequestIn) -> Status[dict[str, object]]:
    village = _village_for(request, Perm.LETTERS_PROCESS)
    subject = svc.resident_by_nik(actor=request.user, village=village, nik=payload.nik)
    if subject is None:
        message = svc.not_in_area_message()
        raise DomainError(message, code="nik_not_found", field_errors={"nik": [message]})
    item = svc.letter_request_create(
        actor=request.user,
        village=village,
        letter_type=payload.letter_type,
        subject=subject,
        data=payload.data,
        purpose=payload.purpose,
        channel=Channel.COUNTER,
    )
    return Status(201, _out(item))


@router.get("/requests/{id}", response=RequestOut, summary="Status permohonan")
@access.api_requires(Perm.LETTERS_VIEW)
def request_detail(request: HttpRequest, id: int) -> dict[str, object]:
    return _out(sel.letter_request_get_for_user(user=request.user, pk=id))


@router.post("/requests/{id}/status", response=RequestOut, summary="Ubah status permohonan")
@access.api_requires(Perm.LETTERS_VIEW)
def request_move(request: HttpRequest, id: int, payload: MoveIn) -> dict[str, object]:
    item = sel.letter_request_get_for_user(user=request.user, pk=id)
    if payload.to not in sel.allowed_moves(request.user, item):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Anda tidak dapat mengubah status permohonan ini."))
    item = svc.letter_request_transition(
        request=item,
        to=payload.to,
        actor=request.user,
        note=payload.note,
        reason=payload.reason,
        base_url=request.build_absolute_uri("/"),
    )
    return _out(item)


@router.get("/requests/{id}/pdf", summary="Unduh surat (PDF)")
@access.api_requires(Perm.LETTERS_VIEW)
def request_pdf(request: HttpRequest, id: int) -> HttpResponse:
    item = sel.letter_request_get_for_user(user=request.user, pk=id)
    issued = sel.issued_for_request(item)
    if issued is None:
        raise Http404(_("Surat belum ditandatangani."))
    return pdf_response(bytes(issued.pdf), f"surat-{item.pk}.pdf", inline=False)


@router.get("/me/requests", response=list[RequestOut], summary="Permohonan saya (warga)")
@access.api_own_account
def my_requests(request: HttpRequest) -> list[dict[str, object]]:
    account = account_for_user(request.user)
    if account is None:
        return []
    return [_out(item) for item in sel.resident_requests(account)[:100]]


@router.post("/me/requests", response={201: RequestOut}, summary="Ajukan surat (warga)")
@access.api_own_account
def my_request_create(
    request: HttpRequest, payload: ResidentRequestIn
) -> Status[dict[str, object]]:
    account = account_for_user(request.user)
    if account is None:
        raise Http404(_("Hanya untuk warga yang masuk dengan NIK dan PIN."))
    if catalogue.letter_type(payload.letter_type) is None:
        raise DomainError(_("Jenis surat tidak dikenal."))
    item = svc.letter_request_create(
        actor=request.user,
        village=Area.objects.get(code=village_code(account.resident.area_id)),
        letter_type=payload.letter_type,
        subject=account.resident,
        data=payload.data,
        purpose=payload.purpose,
        channel=Channel.ONLINE,
        applicant=account.resident,
    )
    return Status(201, _out(item))


@router.get("/me/requests/{id}/pdf", summary="Unduh surat saya (warga)")
@access.api_own_account
def my_request_pdf(request: HttpRequest, id: int) -> HttpResponse:
    account = account_for_user(request.user)
    if account is None:
        raise Http404(_("Permohonan tidak ditemukan."))
    item = sel.resident_request_get(account, id)
    issued = sel.issued_for_request(item)
    if issued is None or issued.is_void or not sel.pdf_ready(item):
        raise Http404(_("Surat belum siap diunduh."))
    return pdf_response(bytes(issued.pdf), f"surat-{item.pk}.pdf", inline=False)


@router.post("/me/requests/{id}/received", response=RequestOut, summary="Surat sudah saya terima")
@access.api_own_account
def my_request_received(request: HttpRequest, id: int) -> dict[str, object]:
    """Close the request on the resident's word; downloading the PDF never does."""
    account = account_for_user(request.user)
    if account is None:
        raise Http404(_("Permohonan tidak ditemukan."))
    item = sel.resident_request_get(account, id)
    return _out(mark_received(item, request.user))
