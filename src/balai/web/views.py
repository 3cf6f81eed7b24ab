"""The home page per role and the health checks."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.accounts.selectors import roles_of
from balai.core import attention, holidays
from balai.core.forms import LocalHolidayForm
from balai.core.health import readiness
from balai.core.models import Holiday
from balai.regions.models import KEMENDAGRI_LEVELS, Area, Level
from balai.web.regions.policies import area_visible


@access.own_account
def home(request: HttpRequest) -> HttpResponse:
    role = access.acting_role(request.user)
    context = {
        "role": role,
        "roles": roles_of(request.user),  # type: ignore[arg-type]
        "items": attention.items_for(request.user, role) if role else [],
        "area_visible": bool(role and role.area and area_visible(request.user, role.area)),
        "can_manage_holidays": access.has_perm(request.user, Perm.CALENDAR_MANAGE),
    }
    return render(request, "core/home.html", context)


def _kabupaten(request: HttpRequest, code: str) -> Area:
    """Return the kabupaten whose local holidays *request*'s user manages (403/404 else)."""
    if not code:  # the role's kabupaten, or a picker for roles above one
        return access.page_area(request, Perm.CALENDAR_MANAGE, levels=(Level.KABUPATEN_KOTA,))
    kabupaten = access.get_area_for_user(request.user, code, Perm.CALENDAR_MANAGE)
    if kabupaten.level != Level.KABUPATEN_KOTA:
        raise Http404(_("Hari libur daerah diatur per kabupaten/kota."))
    return kabupaten


def _holiday_url(kabupaten: Area, year: int) -> str:
    return f"{reverse('core:holidays')}?area={kabupaten.code}&tahun={year}"


@access.requires(Perm.CALENDAR_MANAGE)
def local_holidays(request: HttpRequest) -> HttpResponse:
    kabupaten = _kabupaten(request, request.GET.get("area", ""))
    try:
        year = int(request.GET.get("tahun") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    form = LocalHolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        area = kabupaten
        if data["area"]:
            area = access.get_area_for_user(request.user, data["area"], Perm.CALENDAR_MANAGE)
        if not kabupaten.contains(area.code) or area.level not in KEMENDAGRI_LEVELS:
            form.add_error("area", _("Pilih kecamatan atau desa di kabupaten ini."))
        else:
            holidays.holiday_set(
                actor=request.user,
                day=data["day"],
                name=data["name"],
                kind=data["kind"],
                area=area,
                closed=data["closed"],
                source=data["source"],
            )
            messages.success(request, _("Hari libur disimpan."))
            return redirect(_holiday_url(kabupaten, data["day"].year))
    context = {
        "kabupaten": kabupaten,
        "year": year,
        "rows": holidays.local_holidays(kabupaten, year),
        "form": form,
    }
    return render(request, "core/holidays.html", context)


@access.requires(Perm.CALENDAR_MANAGE)
@require_POST
def local_holiday_delete(request: HttpRequest, pk: int) -> HttpResponse:
    kabupaten = _kabupaten(request, request.POST.get("area", ""))
    holiday = get_object_or_404(Holiday, pk=pk, area__within=kabupaten.code)
    holidays.holiday_delete(actor=request.user, holiday=holiday)
    messages.success(request, _("Hari libur dihapus."))
    return redirect(_holiday_url(kabupaten, holiday.day.year))


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
