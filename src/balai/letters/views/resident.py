"""Resident self-service: own requests, new online requests, downloads of signed letters."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.core.areacodes import village_code
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.letters import catalogue
from balai.letters.actions import mark_received, pdf_response
from balai.letters.forms import fields_form
from balai.letters.models import Channel, ResidentAccount
from balai.letters.selectors import requests as sel
from balai.letters.services import compose
from balai.letters.services import requests as svc
from balai.letters.services.residents_auth import account_for_user
from balai.letters.views.staff import document_response
from balai.regions.models import Area


def _account(request: HttpRequest) -> ResidentAccount:
    account = account_for_user(request.user)
    if account is None:
        raise Http404(_("Halaman ini untuk warga yang masuk dengan NIK dan PIN."))
    return account


def _village_of(account: ResidentAccount) -> Area:
    return Area.objects.get(code=village_code(account.resident.area_id))


@access.own_account
def resident_home(request: HttpRequest) -> HttpResponse:
    account = _account(request)
    village = _village_of(account)
    templates = [(t, compose.template_for(village, t)) for t in catalogue.TYPES]
    online = [t for t, tpl in templates if tpl.online and tpl.is_active]
    items = list(sel.resident_requests(account).prefetch_related("documents")[:50])
    context = {
        "account": account,
        "items": items,
        "receivable": sel.receivable_ids(items),
        "types": online,
    }
    return render(request, "letters/resident_home.html", context)


@access.own_account
def resident_request_create(request: HttpRequest, code: str) -> HttpResponse:
    account = _account(request)
    letter = catalogue.letter_type(code)
    if letter is None:
        raise Http404(_("Jenis surat tidak dikenal."))
    form = fields_form(letter, request.POST or None, with_subject=False)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.letter_request_create(
                actor=request.user,
                village=_village_of(account),
                letter_type=letter.code,
                subject=account.resident,
                data={f.name: data.get(f.name) for f in letter.fields},
                purpose=data.get("purpose", ""),
                channel=Channel.ONLINE,
                applicant=account.resident,
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Permohonan terkirim. Pantau statusnya di halaman ini."))
            return redirect("letters:resident_home")
    return render(
        request, "letters/request_form.html", {"letter": letter, "form": form, "resident": True}
    )


@access.own_account
def resident_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand out the signed letter. A GET changes nothing: link previews may fetch it too."""
    account = _account(request)
    item = sel.resident_request_get(account, pk)
    issued = sel.issued_for_request(item)
    if issued is None or issued.is_void or not sel.pdf_ready(item):
        raise Http404(_("Surat belum siap diunduh."))
    return pdf_response(bytes(issued.pdf), f"surat-{item.pk}.pdf", inline=False)


@access.own_account
def resident_document(request: HttpRequest, pk: int, doc: int) -> FileResponse:
    account = _account(request)
    found = sel.resident_document_get(account, request_pk=pk, pk=doc)
    return document_response(found)


@require_POST
@access.own_account
def resident_received(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the request when the resident says the letter reached them ("sudah diterima")."""
    account = _account(request)
    item = sel.resident_request_get(account, pk)
    try:
        mark_received(item, request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Terima kasih. Permohonan ditutup."))
    return redirect("letters:resident_home")
