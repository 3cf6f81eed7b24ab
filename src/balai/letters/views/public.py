"""Public pages: service standards, poster, maklumat, letter verification."""

from __future__ import annotations

import hashlib
import re

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from balai.accounts import access, lockout
from balai.core.client_ip import client_ip
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.letters.actions import pdf_response
from balai.letters.forms import ResidentActivateForm, ResidentLoginForm
from balai.letters.selectors.requests import issued_by_code
from balai.letters.services import compose, residents_auth, standards
from balai.regions.models import Area, Level
from balai.regions.selectors import area_get
from balai.registry.identifiers import normalise_number

MAX_CHECK_UPLOAD = 10 * 1024 * 1024


@access.public
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, code: str) -> HttpResponse:
    issued = issued_by_code(code)
    match: bool | None = None
    if request.method == "POST" and issued is not None:
        upload = request.FILES.get("berkas")
        if upload is not None and upload.size is not None and upload.size <= MAX_CHECK_UPLOAD:
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            match = digest.hexdigest() == issued.sha256
    context = {"issued": issued, "code": code, "match": match}
    return render(request, "letters/verify.html", context, status=200 if issued else 404)


# Verification codes are secrets.token_urlsafe() output (URL-safe base64), at most 32 long.
VERIFICATION_CODE_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")


@access.public
def verify_lookup(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("kode", "").strip()
    if VERIFICATION_CODE_RE.fullmatch(code):
        return redirect(reverse("letters:verify", args=[code]))
    if code:  # not a code Balai prints (e.g. "a/b"): the ordinary "not found" answer
        context = {"issued": None, "code": code[:32]}
        return render(request, "letters/verify.html", context, status=404)
    return render(request, "letters/verify.html", {"issued": None, "code": "", "lookup": True})


def _village(code: str) -> Area:
    area = area_get(code)
    if area.level != Level.DESA_KELURAHAN:
        raise Http404(_("Desa/kelurahan dengan kode %(code)s tidak ditemukan.") % {"code": code})
    return area


@access.public
def standards_page(request: HttpRequest, code: str) -> HttpResponse:
    village = _village(code)
    context = {
        "village": village,
        "standards": standards.published_standards(village),
        "settings": compose.settings_for(village),
    }
    return render(request, "letters/standards_public.html", context)


@access.public
def standards_poster(request: HttpRequest, code: str) -> HttpResponse:
    village = _village(code)
    return pdf_response(standards.poster_pdf(village), f"standar-pelayanan-{village.code}.pdf")


@access.public
def maklumat(request: HttpRequest, code: str) -> HttpResponse:
    village = _village(code)
    return pdf_response(standards.maklumat_pdf(village), f"maklumat-{village.code}.pdf")


@access.public
@require_http_methods(["GET", "POST"])
def resident_login(request: HttpRequest) -> HttpResponse:
    form = ResidentLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        nik = normalise_number(form.cleaned_data["nik"])
        # Axes' backend refuses locked NIK/address pairs and counts failures.
        user = authenticate(
            request,
            username=lockout.resident_username(nik),
            nik=nik,
            pin=form.cleaned_data["pin"],
        )
        if user is None:
            form.add_error(None, _("NIK atau PIN salah."))
        else:
            login(request, user)
            return redirect("letters:resident_home")
    return render(request, "letters/resident_login.html", {"form": form})


@access.public
@require_http_methods(["GET", "POST"])
def resident_activate(request: HttpRequest) -> HttpResponse:
    form = ResidentActivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        nik = normalise_number(data["nik"])
        username = lockout.resident_username(nik)
        try:
            if data["pin"] != data["pin2"]:
                raise DomainError(_("Kedua PIN tidak sama."))
            if not lockout.attempt_allowed(request, username):
                raise residents_auth.LoginError(_("Terlalu banyak percobaan. Coba lagi nanti."))
            try:
                residents_auth.pin_set(
                    nik=nik, code=data["code"], pin=data["pin"], ip=client_ip(request)
                )
            except residents_auth.LoginError:
                lockout.attempt_failed(request, username)
                raise
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("PIN disimpan. Silakan masuk dengan NIK dan PIN."))
            return redirect("letters:resident_login")
    return render(request, "letters/resident_activate.html", {"form": form})
