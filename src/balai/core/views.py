"""The home page per role and the health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.accounts.selectors import roles_of
from balai.core import attention


@access.own_account
def home(request: HttpRequest) -> HttpResponse:
    role = access.acting_role(request.user)
    context = {
        "role": role,
        "roles": roles_of(request.user),  # type: ignore[arg-type]
        "items": attention.items_for(request.user, role) if role else [],
        "can_monitor": access.has_perm(request.user, Perm.SERVICES_MONITOR),
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


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 answer outside the API's own handler: the JSON error shape under /api/."""
    if request.path.startswith("/api/"):
        body = {
            "code": "server_error",
            "message": _("Terjadi kesalahan pada server. Silakan coba lagi."),
            "errors": {},
        }
        return JsonResponse(body, status=500)
    return HttpResponseServerError(loader.get_template("500.html").render())
