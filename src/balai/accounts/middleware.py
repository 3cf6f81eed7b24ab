"""Request middleware of accounts.

``UserLanguageMiddleware`` picks the language of every response from the
user's own setting (``User.language``), or for anonymous callers from the
cookie set by Django's ``set_language`` view, else Indonesian. The browser's
Accept-Language is never read: a shared office PC or a phone set to English
must not turn a village screen English.

``AreaChoiceMiddleware`` turns a page's request for an area into a picker
instead of an error page.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers

from balai.accounts import access
from balai.accounts.selectors import areas_to_pick


def request_language(request: HttpRequest) -> str:
    """Return the language *request* is answered in: the user's, the cookie's, or Indonesian."""
    available = {code for code, _name in settings.LANGUAGES}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        chosen = getattr(user, "language", "")
    else:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in available else settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    """Activate the user's language (see the module docstring); after authentication."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request_language(request)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        # override, not activate: the thread's language is restored afterwards,
        # so one user's English never leaks into work done outside a request.
        with translation.override(language):
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class AreaChoiceMiddleware:
    """Render ``accounts/area_pick.html`` when a view raises ``AreaChoiceRequired``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, access.AreaChoiceRequired):
            return None
        query = request.GET.get("cari", "")[:100]
        areas, needs_query = areas_to_pick(
            user=request.user, perm=exception.perm, levels=exception.levels, query=query
        )
        params = {k: v for k, v in request.GET.items() if k not in (access.AREA_PARAM, "cari")}
        links = [
            (area, f"{request.path}?{urlencode({**params, access.AREA_PARAM: area.code})}")
            for area in areas
        ]
        context = {"links": links, "query": query, "needs_query": needs_query}
        return render(request, "accounts/area_pick.html", context)
