"""Village office pages: the queue, counter requests, workflow steps, the register."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import audit, periods
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.letters import catalogue, exporting, policies, warnings
from balai.letters.actions import pdf_response
from balai.letters.exporting import MONTHS
from balai.letters.forms import MoveForm, UploadForm, fields_form
from balai.letters.models import Channel, RejectReason, RequirementDocument, Status
from balai.letters.selectors import requests as sel
from balai.letters.services import requests as svc
from balai.letters.services.uploads import document_attach
from balai.regions.models import Area


def acting_village(request: HttpRequest, perm: str) -> Area:
    """Return the village a village-office page works on (see ``policies.village_for_page``)."""
    return policies.village_for_page(request, perm)


EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def document_response(doc: RequirementDocument) -> FileResponse:
    """Serve a stored requirement document as a download, typed as sniffed at upload."""
    name = slugify(doc.name) or "dokumen"
    response = FileResponse(
        doc.file.open("rb"),
        as_attachment=True,
        filename=f"{name}.{EXTENSIONS.get(doc.content_type, 'bin')}",
        content_type=doc.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@access.requires(Perm.LETTERS_VIEW)
def queue(request: HttpRequest) -> HttpResponse:
    filters = sel.RequestFilters(
        status=request.GET.get("status", "terbuka"),
        letter_type=request.GET.get("jenis", ""),
        overdue=request.GET.get("terlambat") == "1",
    )
    items = list(sel.letter_request_list(user=request.user, filters=filters)[:200])
    context = {
        "items": items,
        "now": timezone.now(),
        "filters": filters,
        "statuses": Status.choices,
        "types": catalogue.TYPE_CHOICES,
        "pages": policies.pages_for(request.user),
        "export_query": urlencode(
            {"status": filters.status, "jenis": filters.letter_type}
            | ({"terlambat": "1"} if filters.overdue else {})
        )
        + "&",
    }
    return render(request, "letters/queue.html", context)


@access.requires(Perm.LETTERS_PROCESS)
def request_create(request: HttpRequest) -> HttpResponse:
    village = acting_village(request, Perm.LETTERS_PROCESS)
    letter = catalogue.letter_type(request.GET.get("jenis", "") or request.POST.get("jenis", ""))
    if letter is None:
        return render(request, "letters/request_pick.html", {"types": catalogue.TYPES})
    form = fields_form(letter, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outsider = None
        try:
            if letter.serves_outsiders and data.get("bukan_penduduk"):
                subject = None
                outsider = {
                    "nama": data.get("nama_bukan_penduduk", ""),
                    "nik": data.get("nik") or "",
                    "alamat": data.get("alamat_bukan_penduduk", ""),
                }
            else:
                subject = _subject(request, village, data, _picked_pk(request))
            created = svc.letter_request_create(
                actor=request.user,
                village=village,
                letter_type=letter.code,
                subject=subject,
                outsider=outsider,
                data={f.name: data.get(f.name) for f in letter.fields},
                purpose=data.get("purpose", ""),
                channel=Channel.COUNTER,
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Permohonan #%(pk)s dicatat.") % {"pk": created.pk})
            return redirect(created)
    chosen = _picked_pk(request)
    picked = _picked(request, village, chosen) if chosen else None
    context = {"letter": letter, "form": form, "village": village, "picked": picked}
    return render(request, "letters/request_form.html", context)


def _picked_pk(request: HttpRequest) -> int | None:
    raw = request.POST.get("subjek", "")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) < 12 else None


def _subject(request: HttpRequest, village: Area, data: dict[str, Any], pk: int | None) -> Any:
    """The letter's subject: the resident picked by name, else the one whose NIK was typed.

    A typed NIK counts against the NIK look-up limit; a pick is a resident of the
    caller's scope found by the name search, fetched by id (404 outside).
    """
    if pk is not None:
        return sel.subject_get_for_user(user=request.user, village=village, pk=pk)
    if not data.get("nik"):
        message = _("Pilih penduduk dari pencarian nama atau ketik NIK-nya.")
        raise DomainError(message, field_errors={"nik": [message]})
    subject = svc.resident_by_nik(actor=request.user, village=village, nik=data["nik"])
    if subject is None:
        raise DomainError(svc.not_in_area_message())
    return subject


def _picked(request: HttpRequest, village: Area, pk: int) -> dict[str, Any] | None:
    try:
        resident = sel.subject_get_for_user(user=request.user, village=village, pk=pk)
    except Http404:
        return None
    return sel.subject_card(request.user, resident)


@access.requires(Perm.LETTERS_PROCESS)
def subject_search(request: HttpRequest) -> HttpResponse:
    """Search-as-you-type over the village's residents by name (an htmx fragment)."""
    village = acting_village(request, Perm.LETTERS_PROCESS)
    q = request.GET.get("cari", "")[:100]
    rows = [
        sel.subject_card(request.user, r)
        for r in sel.subject_search(user=request.user, village=village, q=q)
    ]
    context = {"rows": rows, "q": q, "village": village}
    return render(request, "letters/_subject_search.html#results", context)


@access.requires(Perm.LETTERS_PROCESS)
def subject_pick(request: HttpRequest) -> HttpResponse:
    """The chosen subject: a hidden ``subjek`` field and the person's card (an htmx fragment)."""
    village = acting_village(request, Perm.LETTERS_PROCESS)
    raw = request.GET.get("pk", "")
    if not raw.isdigit():
        raise Http404
    resident = sel.subject_get_for_user(user=request.user, village=village, pk=int(raw))
    context = {"picked": sel.subject_card(request.user, resident)}
    return render(request, "letters/_subject_search.html#picked", context)


@access.requires(Perm.LETTERS_VIEW)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = sel.letter_request_get_for_user(user=request.user, pk=pk)
    letter = catalogue.letter_type(item.letter_type)
    context = {
        "item": item,
        "letter": letter,
        "moves": sel.allowed_moves(request.user, item),
        "issued": sel.issued_for_request(item),
        "history": item.history.select_related("actor"),
        "documents": item.documents.all(),
        "reasons": RejectReason.choices,
        "upload_form": UploadForm(),
        "can_upload": access.has_perm(request.user, Perm.LETTERS_PROCESS, item.area_id),
        "can_void": access.has_perm(request.user, Perm.LETTERS_SIGN, item.area_id),
        "now": timezone.now(),
        "status_labels": dict(Status.choices),
        "warnings": warnings.for_request(request.user, item),
    }
    return render(request, "letters/request_detail.html", context)


@require_POST
@access.requires(Perm.LETTERS_VIEW)
def request_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = sel.letter_request_get_for_user(user=request.user, pk=pk)
    form = MoveForm(request.POST)
    if not form.is_valid() or form.cleaned_data["to"] not in sel.allowed_moves(request.user, item):
        messages.error(request, _("Anda tidak dapat mengubah status permohonan ini."))
        return redirect(item)
    data = form.cleaned_data
    if data["to"] == Status.SIGNED and not request.POST.get("confirm"):
        messages.error(
            request, _("Baca pratinjau surat dan centang pernyataan sebelum menandatangani.")
        )
        return redirect(item)
    try:
        svc.letter_request_transition(
            request=item,
            to=data["to"],
            actor=request.user,
            note=data["note"],
            reason=data["reason"],
            base_url=request.build_absolute_uri("/"),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Status diubah: %(s)s.") % {"s": Status(data["to"]).label})
    return redirect(item)


@require_POST
@access.requires(Perm.LETTERS_SIGN)
def request_void(request: HttpRequest, pk: int) -> HttpResponse:
    """Void a signed letter (there is no rejection after signing)."""
    item = sel.letter_request_get_for_user(user=request.user, pk=pk)
    access.require(request.user, Perm.LETTERS_SIGN, item.area_id)
    try:
        svc.issued_document_void(
            request=item, actor=request.user, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Surat dibatalkan. Nomornya tetap tercatat di buku agenda."))
    return redirect(item)


# django-csp types views as taking only the request.
@csp_replace({"frame-ancestors": [SELF], "object-src": [SELF]})  # type: ignore[arg-type]
@access.requires(Perm.LETTERS_VIEW)
def request_draft_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter as signing would produce it, unnumbered; framed in the detail page."""
    item = sel.letter_request_get_for_user(user=request.user, pk=pk)
    if sel.issued_for_request(item) is not None or not item.is_open:
        raise Http404(_("Pratinjau hanya untuk surat yang belum ditandatangani."))
    response = pdf_response(sel.letter_draft_pdf(item), f"pratinjau-{item.pk}.pdf")
    response["X-Frame-Options"] = "SAMEORIGIN"  # framed by our own detail page only
    return response


@access.requires(Perm.LETTERS_VIEW)
def request_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    item = sel.letter_request_get_for_user(user=request.user, pk=pk)
    issued = sel.issued_for_request(item)
    if issued is None:
        raise Http404(_("Surat belum ditandatangani."))
    return pdf_response(bytes(issued.pdf), f"surat-{item.pk}.pdf")


@require_POST
@access.requires(Perm.LETTERS_PROCESS)
def request_upload(request: HttpRequest, pk: int) -> HttpResponse:
    item = sel.letter_request_get_for_user(user=request.user, pk=pk)
    access.require(request.user, Perm.LETTERS_PROCESS, item.area_id)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas dan isi nama dokumen."))
        return redirect(item)
    try:
        document_attach(
            actor=request.user,
            request=item,
            name=form.cleaned_data["name"],
            upload=form.cleaned_data["file"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Dokumen dilampirkan."))
    return redirect(item)


@access.requires(Perm.LETTERS_VIEW)
def request_document(request: HttpRequest, pk: int, doc: int) -> FileResponse:
    found = sel.requirement_document_get_for_user(user=request.user, request_pk=pk, pk=doc)
    audit.record_view(actor=request.user, obj=found, purpose="letter.document")
    return document_response(found)


REGISTER_PAGE_ROWS = 500


def _month(request: HttpRequest) -> int | None:
    raw = request.GET.get("bulan", "").strip()
    if raw.isdigit() and 1 <= int(raw) <= 12:
        return int(raw)
    if raw:
        messages.error(request, _("Bulan tidak dikenal; pilih Januari sampai Desember."))
    return None


def _download_format(request: HttpRequest) -> str:
    fmt = request.GET.get("format", "")
    return fmt if fmt in ("xlsx", "csv") else ""


@access.requires(Perm.LETTERS_VIEW)
def register(request: HttpRequest) -> HttpResponseBase:
    """The outgoing-letter register (buku agenda surat keluar) of a year or month."""
    year, month = periods.year_param(request), _month(request)
    qs = sel.register_list(user=request.user, year=year, month=month)
    fmt = _download_format(request)
    if fmt:
        return exporting.register_download(
            actor=request.user, rows=qs, fmt=fmt, year=year, month=month
        )
    rows = [exporting.register_row(d) for d in qs[: REGISTER_PAGE_ROWS + 1]]
    context = {
        "rows": rows[:REGISTER_PAGE_ROWS],
        "truncated": len(rows) > REGISTER_PAGE_ROWS,
        "header": exporting.register_header(),
        "year": year,
        "month": month,
        "month_name": MONTHS.get(month) if month else "",
        "months": sorted(MONTHS.items()),
        "query": f"tahun={year}&bulan={month or ''}",
    }
    return render(request, "letters/register.html", context)


@access.requires(Perm.LETTERS_VIEW)
def request_export(request: HttpRequest) -> HttpResponseBase:
    """The request list with the queue's filters, as XLSX or CSV."""
    filters = sel.RequestFilters(
        status=request.GET.get("status", "terbuka"),
        letter_type=request.GET.get("jenis", ""),
        overdue=request.GET.get("terlambat") == "1",
    )
    qs = sel.letter_request_list(user=request.user, filters=filters)
    return exporting.requests_download(
        actor=request.user,
        rows=qs,
        fmt=_download_format(request) or "xlsx",
        filters={k: v for k, v in filters.__dict__.items() if v},
    )
