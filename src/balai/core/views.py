"""The home page per role and the health checks."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.accounts.selectors import roles_of
from balai.core import attention
from balai.core.health import readiness


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


def _uncached(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@access.public
def healthz(request: HttpRequest) -> HttpResponse:
    """Tell that the process answers; touches no database (liveness)."""
    return _uncached(JsonResponse({"status": "ok"}))


@access.public
def readyz(request: HttpRequest) -> HttpResponse:
    """Check the databases and the task queue (readiness): 200 when usable, else 503."""
    result = readiness()
    body = {"status": "ok" if result.ok else "unavailable", "checks": result.checks}
    return _uncached(JsonResponse(body, status=200 if result.ok else 503))


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Render the 404 page with the raising code's message, if it gave one in words."""
    message = exception.args[0] if exception.args else None
    context = {"exception": message if isinstance(message, str) else None}
    return render(request, "404.html", context, status=404)
