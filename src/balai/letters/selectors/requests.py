"""Reads of letter requests and issued letters, always through the area scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.holidays import calendar_for
from balai.letters import catalogue
from balai.letters.models import (
    ALLOWED_TRANSITIONS,
    OPEN_STATUSES,
    IssuedDocument,
    LetterRequest,
    RequirementDocument,
    ResidentAccount,
    Status,
)
from balai.letters.services import compose, pdf
from balai.letters.services.compose import settings_for
from balai.letters.services.requests import letter_type_or_error, next_forward, request_doc

# The permission that moves a request to each status.
FORWARD_PERMS: dict[str, str] = {
    Status.VERIFIED: Perm.LETTERS_PROCESS,
    Status.APPROVED: Perm.LETTERS_APPROVE,
    Status.SIGNED: Perm.LETTERS_SIGN,
    Status.COUNTERSIGNED: Perm.LETTERS_COUNTERSIGN,
    Status.DONE: Perm.LETTERS_PROCESS,
}


@dataclass(frozen=True)
class RequestFilters:
    status: str = ""
    letter_type: str = ""
    overdue: bool = False
    area: str = ""


def letter_request_list(
    *, user: Any, filters: RequestFilters | None = None
) -> QuerySet[LetterRequest]:
    """Return the requests *user* may see, newest first, with subject and area loaded."""
    f = filters or RequestFilters()
    qs = access.scoped(LetterRequest.objects.all(), user, Perm.LETTERS_VIEW)
    if f.status == "terbuka":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.letter_type:
        qs = qs.filter(letter_type=f.letter_type)
    if f.overdue:
        qs = qs.filter(
            status__in=OPEN_STATUSES, completed_at__isnull=True, due_at__lt=timezone.now()
        )
    if f.area:
        qs = qs.filter(area__within=f.area)
    return qs.select_related("area", "subject", "issued").order_by("due_at", "id")


def letter_request_get_for_user(*, user: Any, pk: int) -> LetterRequest:
    """Return one request *user* may see (404 otherwise)."""
    return access.get_in_scope(
        LetterRequest.objects.select_related(
            "area", "subject", "subject__family", "standard", "created_by"
        ),
        user,
        Perm.LETTERS_VIEW,
        pk=pk,
        message=_("Permohonan tidak ditemukan."),
    )


def allowed_moves(user: Any, request: LetterRequest) -> list[str]:
    """Return the statuses *user* may move *request* to now (rejection included).

    Rejection is offered only where the workflow table allows it (never after signing).
    """
    settings = settings_for(request.area)
    moves = [
        to
        for to in next_forward(request, settings.requires_approval)
        if access.has_perm(user, FORWARD_PERMS[to], request.area_id)
    ]
    forward = next_forward(request, settings.requires_approval)
    step = forward[0] if forward else None
    reject_perm = FORWARD_PERMS.get(step) if step and step != Status.DONE else Perm.LETTERS_SIGN
    rejectable = Status.REJECTED in ALLOWED_TRANSITIONS.get(request.status, set())
    if rejectable and reject_perm and access.has_perm(user, reject_perm, request.area_id):
        moves.append(Status.REJECTED)
    return moves


def letter_draft_pdf(request: LetterRequest) -> bytes:
    """Render the letter *request* would get if signed today, marked DRAF.

    It has no number and no verification code: nothing is taken or stored, so the
    head of the village can read it before signing as often as needed.
    """
    village = request.area
    letter = letter_type_or_error(request.letter_type)
    settings = settings_for(village)
    template = compose.template_for(village, letter)
    day = timezone.localtime(timezone.now(), calendar_for(village).tz).date()
    doc = request_doc(
        request,
        letter=letter,
        settings=settings,
        template=template,
        number=_("(nomor diberikan saat ditandatangani)"),
        day=day,
        draft=True,
    )
    return pdf.render_letter(doc)


def receivable_ids(items: list[LetterRequest]) -> set[int]:
    """Return the ids among *items* whose resident may now say the letter arrived."""
    ready = [i.pk for i in items if i.status != Status.DONE and pdf_ready(i)]
    valid = IssuedDocument.objects.filter(request__in=ready, voided_at__isnull=True)
    return set(valid.values_list("request_id", flat=True))


def issued_for_request(request: LetterRequest) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(request=request).first()


def pdf_ready(request: LetterRequest) -> bool:
    """Tell whether the letter of *request* may be handed out (signed, countersigned if needed)."""
    letter = catalogue.letter_type(request.letter_type)
    if request.status == Status.DONE:
        return True
    if request.status == Status.COUNTERSIGNED:
        return True
    return request.status == Status.SIGNED and not (letter and letter.countersign)


def issued_by_code(code: str) -> IssuedDocument | None:
    """Return the issued letter with verification *code* (public lookup), or None."""
    if not code or len(code) > 32:
        return None
    return IssuedDocument.objects.select_related("area").filter(verification_code=code).first()


def register_list(
    *, user: Any, year: int | None = None, month: int | None = None
) -> QuerySet[IssuedDocument]:
    """Return the outgoing-letter register (voided rows included) *user* may see.

    *month* narrows to letters dated in that month of *year* (the register's own
    year, which is the year of the letter's date).
    """
    qs = access.scoped(IssuedDocument.objects.all(), user, Perm.LETTERS_VIEW).select_related(
        "area", "request"
    )
    if year:
        qs = qs.filter(year=year)
    if year and month:
        qs = qs.filter(issued_at__month=month)
    return qs.defer("pdf", "layout").order_by("area_id", "-year", "scope_key", "-sequence")


SUBJECT_SEARCH_SIZE = 10


def subject_search(*, user: Any, village: Any, q: str) -> list[Any]:
    """Return up to ten residents of *village* whose name holds every word of *q*.

    The counter picks a letter's subject by name; only residents *user* may
    process letters for are searched (the caller's scope, then the village).
    """
    from balai.registry.models import Resident

    words = q.split()[:5]
    if not words or len(q.strip()) < 2:
        return []
    qs = access.scoped(Resident.objects.all(), user, Perm.LETTERS_PROCESS).filter(
        area__within=village.code
    )
    for word in words:
        qs = qs.filter(name__icontains=word)
    qs = qs.select_related("area", "area__parent").order_by("name", "id")
    return list(qs[:SUBJECT_SEARCH_SIZE])


def subject_card(user: Any, resident: Any) -> dict[str, Any]:
    """What the counter sees to tell people apart: name, NIK, birth date, dusun/RT.

    The NIK is masked (region kept) unless *user* may see identity numbers.
    """
    from balai.regions.models import KEMENDAGRI_LEVELS
    from balai.registry.selectors import mask_number, may_see_identity

    area = resident.area
    place = str(area)
    parent = getattr(area, "parent", None)
    if parent is not None and parent.level not in KEMENDAGRI_LEVELS:
        place = f"{parent} / {area}"
    shows = may_see_identity(user, resident.area_id)
    return {
        "pk": resident.pk,
        "name": resident.name,
        "nik": resident.nik if shows else mask_number(resident.nik),
        "birth_date": resident.birth_date,
        "place": place if area.level not in KEMENDAGRI_LEVELS else "",
        "alive": resident.is_alive,
        "status": resident.get_status_display(),
    }


def subject_get_for_user(*, user: Any, village: Any, pk: int) -> Any:
    """Return the resident *pk* of *village* that *user* may pick as a subject (404 otherwise)."""
    from balai.registry.models import Resident

    found = (
        access.scoped(Resident.objects.all(), user, Perm.LETTERS_PROCESS)
        .filter(area__within=village.code, pk=pk)
        .select_related("area", "area__parent", "family")
        .first()
    )
    if found is None:
        raise Http404(_("Penduduk tidak ditemukan."))
    return found


def resident_requests(account: ResidentAccount) -> QuerySet[LetterRequest]:
    """Return the requests a resident made or is the subject of."""
    from django.db.models import Q

    return (
        LetterRequest.objects.filter(Q(applicant=account.resident) | Q(subject=account.resident))
        .select_related("area", "subject")
        .order_by("-received_at")
    )


def resident_request_get(account: ResidentAccount, pk: int) -> LetterRequest:
    """Return one of the resident's own requests (404 otherwise)."""
    found = resident_requests(account).filter(pk=pk).first()
    if found is None:
        raise Http404(_("Permohonan tidak ditemukan."))
    return found


def requirement_document_get_for_user(
    *, user: Any, request_pk: int, pk: int
) -> RequirementDocument:
    """Return a requirement document of a request *user* may see (404 otherwise)."""
    item = letter_request_get_for_user(user=user, pk=request_pk)
    found = item.documents.filter(pk=pk).first()
    if found is None:
        raise Http404(_("Dokumen tidak ditemukan."))
    return found


def resident_document_get(
    account: ResidentAccount, *, request_pk: int, pk: int
) -> RequirementDocument:
    """Return a requirement document of one of the resident's own requests (404 otherwise)."""
    item = resident_request_get(account, request_pk)
    found = item.documents.filter(pk=pk).first()
    if found is None:
        raise Http404(_("Dokumen tidak ditemukan."))
    return found
