"""The home page per role and the health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from balai.accounts import access
from balai.accounts.selectors import roles_of
from balai.core import attention
from balai.regions.policies import area_visible


@access.own_account
def home(request: HttpRequest) -> HttpResponse:
    role = access.acting_role(request.user)
    context = {
        "role": role,
        "roles": roles_of(request.user),  # type: ignore[arg-type]
        "items": attention.items_for(request.user, role) if role else [],
        "area_visible": bool(role and role.area and area_visible(request.user, role.area)),
    }
    return render(request, "core/home.html", context)


@access.public
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Render the 404 page with the raising code's message, if it gave one in words."""
    message = exception.args[0] if exception.args else None
    context = {"exception": message if isinstance(message, str) else None}
    return render(request, "404.html", context, status=404)
