"""Supply register pages: the register per area, the point form, the map."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.facilities import maps, selectors, services
from balai.facilities.forms import ServicePointForm
from balai.facilities.models import PointKind, ServicePoint
from balai.indicators import registry
from balai.indicators.periods import Period, parse_period, period_of
from balai.indicators.selectors import check_period
from balai.posyandu.models import Posyandu
from balai.regions.models import Area, Level

MAP_LEVELS = {"kecamatan": maps.KECAMATAN_LENGTH, "desa": maps.VILLAGE_LENGTH}


def _area(request: HttpRequest, perm: str) -> Area | None:
    """The area asked for (``wilayah``), else the acting role's (None: national)."""
    code = request.GET.get("wilayah", "").strip()[:40]
    if not code:
        code = access.scope_code(request.user, perm) or ""
    return access.get_area_for_user(request.user, code, perm) if code else None


@access.requires(Perm.FACILITIES_VIEW)
def register(request: HttpRequest) -> HttpResponse:
    area = _area(request, Perm.FACILITIES_VIEW)
    kind = request.GET.get("jenis", "")
    if kind not in PointKind.values:
        kind = ""
    rows = selectors.register_rows(user=request.user, kind=kind, area=area.code if area else "")
    context = {
        "area": area,
        "rows": rows,
        "kind": kind,
        "kinds": PointKind.choices,
        "can_manage": access.has_perm(request.user, Perm.FACILITIES_MANAGE),
    }
    return render(request, "facilities/register.html", context)


def _form_choices(request: HttpRequest) -> dict[str, Any]:
    villages = access.scoped(
        Area.objects.filter(level=Level.DESA_KELURAHAN, is_active=True),
        request.user,
        Perm.FACILITIES_MANAGE,
        field="code",
    ).order_by("code")
    units = access.scoped(
        Posyandu.objects.filter(is_active=True), request.user, Perm.FACILITIES_MANAGE
    ).order_by("area_id", "name")
    return {"villages": villages, "posyandu_units": units}


def _save(request: HttpRequest, form: ServicePointForm, point: ServicePoint | None) -> Any:
    data = form.cleaned_data
    fields = {
        "kind": data["kind"],
        "name": data["name"] or "",
        "posyandu": data["posyandu"],
        "npsn": data["npsn"] or "",
        "latitude": data["latitude"],
        "longitude": data["longitude"],
        "capacity": data["capacity"],
        "staff_count": data["staff_count"],
        "is_active": data["is_active"],
    }
    if point is None:
        return services.servicepoint_create(actor=request.user, village=data["village"], **fields)
    if not fields["name"] and fields["posyandu"] is not None:
        fields["name"] = fields["posyandu"].name
    return services.servicepoint_update(actor=request.user, point=point, **fields)


def _edit(request: HttpRequest, point: ServicePoint | None) -> HttpResponse:
    initial: dict[str, Any] = {"is_active": True}
    if point is not None:
        initial = {
            "village": point.area_id,
            "kind": point.kind,
            "name": point.name,
            "posyandu": point.posyandu_id,
            "latitude": point.latitude,
            "longitude": point.longitude,
            "npsn": point.npsn,
            "capacity": point.capacity,
            "staff_count": point.staff_count,
            "is_active": point.is_active,
        }
    choices = _form_choices(request)
    if request.method == "POST":
        # Editing: the village field is disabled, so the form takes it from *initial*.
        form = ServicePointForm(request.POST, initial=initial, editing=point is not None, **choices)
        if form.is_valid():
            try:
                saved = _save(request, form, point)
            except DomainError as exc:
                for field_name, errors in exc.field_errors.items():
                    for error in errors:
                        form.add_error(field_name if field_name in form.fields else None, error)
                if not exc.field_errors:
                    apply_domain_error(form, exc)
            else:
                messages.success(request, _("%(p)s disimpan.") % {"p": saved})
                return redirect(f"{_register_url()}?wilayah={saved.area_id}")
        status = 400
    else:
        form = ServicePointForm(initial=initial, editing=point is not None, **choices)
        status = 200
    return render(request, "facilities/form.html", {"form": form, "point": point}, status=status)


def _register_url() -> str:
    from django.urls import reverse

    return reverse("facilities:register")


@access.requires(Perm.FACILITIES_MANAGE)
def point_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@access.requires(Perm.FACILITIES_MANAGE)
def point_edit(request: HttpRequest, pk: int) -> HttpResponse:
    point = selectors.servicepoint_get_for_user(
        user=request.user, pk=pk, perm=Perm.FACILITIES_MANAGE
    )
    return _edit(request, point)


# ---- map -----------------------------------------------------------------------


def _map_params(request: HttpRequest) -> tuple[Area, registry.Indicator, Period, int]:
    """Area, indicator, period and row level of the map (DomainError: Indonesian message)."""
    # A national role picks a kabupaten (or below) first; a village role maps its village.
    area = access.page_area(
        request,
        Perm.FACILITIES_VIEW,
        levels=(Level.KABUPATEN_KOTA, Level.KECAMATAN, Level.DESA_KELURAHAN),
    )
    if not access.has_perm(request.user, Perm.INDICATORS_VIEW, area):
        raise PermissionDenied
    indicators = registry.all_indicators()
    if not indicators:
        raise DomainError(_("Belum ada indikator."))
    code = request.GET.get("indikator", "") or indicators[0].code
    indicator = registry.get(code)
    raw = request.GET.get("periode", "").strip()
    today = timezone.localdate()
    period = parse_period(raw) if raw else period_of(today, indicator.period_type)
    check_period([indicator], period, today)
    level = request.GET.get("tingkat", "desa")
    rows_at = MAP_LEVELS.get(level, maps.VILLAGE_LENGTH)
    rows_at = max(rows_at, len(area.code))
    return area, indicator, period, rows_at


@access.requires(Perm.FACILITIES_VIEW)
def map_page(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "indicators": registry.all_indicators(),
        "levels": [("desa", _("Desa/kelurahan")), ("kecamatan", _("Kecamatan"))],
    }
    try:
        area, indicator, period, rows_at = _map_params(request)
    except DomainError as exc:
        context["error"] = exc.message
        return render(request, "facilities/map.html", context, status=400)
    data = maps.choropleth(
        indicator=indicator, area=area, period=period, rows_at=rows_at, with_shapes=False
    )
    query = request.GET.copy()
    query["wilayah"] = area.code
    query["indikator"] = indicator.code
    query["periode"] = period.key
    context.update(
        area=area,
        indicator=indicator,
        period=period,
        level="kecamatan" if rows_at == maps.KECAMATAN_LENGTH else "desa",
        data=data,
        missing=[row for row in data.rows if not row.has_shape],
        data_query=query.urlencode(),
    )
    return render(request, "facilities/map.html", context)


@access.requires(Perm.FACILITIES_VIEW)
def map_data(request: HttpRequest) -> HttpResponse:
    try:
        area, indicator, period, rows_at = _map_params(request)
    except DomainError as exc:
        return JsonResponse({"code": exc.code, "message": exc.message}, status=400)
    data = maps.choropleth(indicator=indicator, area=area, period=period, rows_at=rows_at)
    payload = {
        "areas": maps.feature_collection(data),
        "points": maps.point_markers(within=area.code),
        "tile_url": _tile_url(),
    }
    return JsonResponse(payload, json_dumps_params={"separators": (",", ":")})


def _tile_url() -> str:
    from django.conf import settings

    return str(getattr(settings, "BALAI_MAP_TILE_URL", ""))
