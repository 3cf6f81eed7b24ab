"""Request and response guards that apply to every route.

``RequestSanityMiddleware`` refuses NUL characters (U+0000) anywhere a view
could read text from: the path, the query string, form fields, uploaded file
names and JSON bodies. PostgreSQL cannot store NUL in text, so such input
would otherwise end as a server error deep inside a query; no legitimate
form or API client sends it. ``NulCookieMiddleware`` (before the session
middleware reads the session cookie) drops a cookie carrying NUL, treating it
as absent rather than refusing the request, so a damaged cookie cannot lock a
user out.

``ConflictMiddleware`` answers a database integrity error that escapes a
view (two submissions of the same form racing to insert the same row: the
second hits a unique constraint) with 409 and an Indonesian "reload and
check" message instead of a server error; the traceback is still logged.

``NoStoreMiddleware`` sends ``Cache-Control: private, no-store`` on every
response except an anonymous caller's view of a route listed in
``config.public_routes.CACHEABLE_PUBLIC_ROUTES``: pages, PDFs and exports seen
by a signed-in user, and public pages showing a tracking result or a
verified letter, carry personal data that no browser or proxy cache may keep.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from balai.core.public_routes import CACHEABLE_PUBLIC_ROUTES

logger = logging.getLogger("balai.request")
NUL = "\x00"
JSON_TYPES = ("application/json", "application/geo+json")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(values: Iterable[str]) -> bool:
    return any(NUL in value for value in values)


def _json_has_nul(value: Any) -> bool:
    stack = [value]  # iterative: nesting depth cannot exhaust the Python stack
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if NUL in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _body_has_nul(request: HttpRequest) -> bool:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    content_type = request.content_type or ""
    if content_type in FORM_TYPES:
        for key, values in request.POST.lists():
            if NUL in key or _has_nul(values):
                return True
        names = (f.name or "" for _key, files in request.FILES.lists() for f in files)
        return any(NUL in name for name in names)
    if content_type in JSON_TYPES:
        raw = request.body
        if b"\x00" not in raw and b"\\u0000" not in raw:
            return False
        try:
            return _json_has_nul(json.loads(raw))
        except (ValueError, RecursionError):
            return b"\x00" in raw  # not JSON: the endpoint answers 422, but never stores NUL
    return False


def request_has_nul(request: HttpRequest) -> bool:
    """Return True if any text a view could read from *request* contains NUL."""
    if NUL in request.path:
        return True
    for key, values in request.GET.lists():
        if NUL in key or _has_nul(values):
            return True
    return _body_has_nul(request)


def invalid_characters_response(request: HttpRequest) -> HttpResponse:
    """The 400 answer for input with NUL: the API's error shape, or the 400 page."""
    message = _("Permintaan memuat karakter yang tidak diizinkan (NUL).")
    if request.path.startswith("/api/"):
        body = {"code": "invalid_characters", "message": message, "errors": {}}
        return JsonResponse(body, status=400)
    return render(request, "400.html", {"exception": message}, status=400)


class NulCookieMiddleware:
    """Drop cookies whose name or value holds NUL (before sessions and CSRF read them)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name in [name for name, value in request.COOKIES.items() if NUL in name + value]:
            del request.COOKIES[name]
        return self.get_response(request)


class RequestSanityMiddleware:
    """Refuse NUL characters in request text with 400 before any view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request_has_nul(request):
            return invalid_characters_response(request)
        return self.get_response(request)


def may_be_cached(request: HttpRequest) -> bool:
    """Return True if caches may keep the answer to *request* (anonymous, listed route)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    match = request.resolver_match
    return match is not None and match.view_name in CACHEABLE_PUBLIC_ROUTES


class NoStoreMiddleware:
    """``Cache-Control: private, no-store`` on every response that may hold personal data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not may_be_cached(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def conflict_message() -> str:
    return _(
        "Data yang sama baru saja disimpan oleh permintaan lain (mungkin formulir terkirim dua "
        "kali). Muat ulang halaman dan periksa hasilnya."
    )


class ConflictMiddleware:
    """409 instead of 500 for an IntegrityError raised by a view (a lost race)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, IntegrityError):
            return None
        logger.warning("Integrity error on %s %s", request.method, request.path, exc_info=exception)
        if request.path.startswith("/api/"):
            body = {"code": "conflict", "message": conflict_message(), "errors": {}}
            return JsonResponse(body, status=409)
        return render(request, "409.html", {"exception": conflict_message()}, status=409)
