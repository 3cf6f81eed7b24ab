"""Turn a page's request for an area into a picker instead of an error page."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from balai.accounts import access
from balai.accounts.selectors import areas_to_pick


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
