"""Indicator pages: the browser (definitions, values, drill-down), by-name lists,
the SPM Desa table and the targets page. Every figure is read from the facts."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.areacodes import is_at_least_kabupaten, is_at_least_village, kabupaten_code
from balai.core.dbrouter import reads_from_replica
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.indicators import registry
from balai.indicators.exports import spm_table_download
from balai.indicators.forms import TargetForm
from balai.indicators.models import IndicatorTarget
from balai.indicators.periods import Period, parse_period, period_of, recent
from balai.indicators.selectors import (
    check_period,
    child_length,
    indicator_table,
    not_served_list,
)
from balai.indicators.services import indicator_target_delete, indicator_target_save, today
from balai.regions.models import Area, Level
from balai.regions.selectors import area_get

TREND_PERIODS = 12


def area_for(request: HttpRequest, perm: str = Perm.INDICATORS_VIEW) -> Area | None:
    """Return the area asked for (``wilayah``), else the acting role's; None = national."""
    code = request.GET.get("wilayah", "").strip()
    if not code:
        if access.scope_code(request.user, perm) is None:
            return None
        role = access.acting_role(request.user)
        code = role.area_id if role and role.area_id else ""
    return access.get_area_for_user(request.user, code[:40], perm)


def period_for(request: HttpRequest, type_: str, name: str = "periode") -> Period:
    raw = request.GET.get(name, "").strip()
    return parse_period(raw) if raw else period_of(today(), type_)


def _error(request: HttpRequest, exc: DomainError, context: dict[str, Any]) -> HttpResponse:
    context["error"] = exc.message
    return render(request, "indicators/error.html", context, status=400)


@access.requires(Perm.INDICATORS_VIEW)
@reads_from_replica
def indicator_list(request: HttpRequest) -> HttpResponse:
    area = area_for(request)
    groups: dict[str, list[registry.Indicator]] = {}
    for ind in registry.all_indicators():
        groups.setdefault(ind.owner, []).append(ind)
    context = {
        "area": area,
        "groups": groups,
        "sets": registry.all_sets(),
        "can_edit_targets": access.has_perm(request.user, Perm.INDICATORS_TARGETS),
    }
    return render(request, "indicators/list.html", context)


@access.requires(Perm.INDICATORS_VIEW)
@reads_from_replica
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = registry.get(code)
    area = area_for(request)
    context: dict[str, Any] = {"indicator": indicator, "area": area}
    try:
        period = period_for(request, indicator.period_type)
        check_period([indicator], period, today())
    except DomainError as exc:
        # Landing on an indicator nobody has data for yet is not an error: show 0/0.
        if request.GET.get("periode") or exc.code != "no_data":
            return _error(request, exc, context)
        messages.info(request, exc.message)
        period = period_of(today(), indicator.period_type)
    periods = recent(period, TREND_PERIODS)
    own = indicator_table(indicators=[indicator], area=area, periods=periods)
    below = (
        indicator_table(indicators=[indicator], area=area, periods=[period], children=True)
        if area is None or not is_at_least_village(area.code)
        else None
    )
    code_ = area.code if area else ""
    context.update(
        period=period,
        value=own.cells[(code_, indicator.code, period)],
        history=[own.cells[(code_, indicator.code, p)] for p in reversed(periods)],
        children=[below.cells[(c, indicator.code, period)] for c, _n in below.rows]
        if below
        else [],
        child_is_village=child_length(area.code if area else None) >= 13,
        can_list=indicator.not_served is not None
        and area is not None
        and access.has_perm(request.user, Perm.REGISTRY_VIEW, area),
        parent=area_get(area.parent_id) if area and area.parent_id else None,
    )
    return render(request, "indicators/detail.html", context)


@access.requires(Perm.REGISTRY_VIEW)
def not_served(request: HttpRequest, code: str) -> HttpResponse:
    indicator = registry.get(code)
    area = area_for(request, Perm.REGISTRY_VIEW)
    context: dict[str, Any] = {"indicator": indicator, "area": area}
    if area is None:
        return _error(request, DomainError(_("Pilih wilayah.")), context)
    if indicator.not_served is None:
        return _error(request, DomainError(_("Indikator ini tidak punya daftar nama.")), context)
    try:
        period = period_for(request, indicator.period_type)
        check_period([indicator], period, today())
        people = not_served_list(user=request.user, indicator=indicator, area=area, period=period)
    except DomainError as exc:
        return _error(request, exc, context)
    page = Paginator(people, 100).get_page(request.GET.get("hal"))
    context.update(period=period, page=page)
    return render(request, "indicators/not_served.html", context)


@access.requires(Perm.SERVICES_MONITOR)
@reads_from_replica
def spm_desa(request: HttpRequest) -> HttpResponseBase:
    area = area_for(request, Perm.SERVICES_MONITOR)
    spm = registry.get_set("spm_desa")
    indicators = registry.resolve(list(spm.codes))
    context: dict[str, Any] = {"area": area, "indicators": indicators, "set": spm}
    try:
        period = period_for(request, "M", "bulan")
        if period.type != "M":
            raise DomainError(_("Tabel SPM Desa dihitung per bulan; pakai 2026-03."))
        check_period(indicators, period, today())
    except DomainError as exc:
        return _error(request, exc, context)
    total = indicator_table(indicators=indicators, area=area, periods=[period])
    level = area.level if area is not None else None
    kecamatan = None
    if level not in (Level.KECAMATAN, Level.DESA_KELURAHAN):
        # Kabupaten and above: the level below, then every village.
        kecamatan = indicator_table(
            indicators=indicators, area=area, periods=[period], children=True, trend=False
        )
    # Every village of a kabupaten or below; above that, the level below only.
    villages = (
        indicator_table(indicators=indicators, area=area, periods=[period], rows_at=13, trend=False)
        if area is not None and is_at_least_kabupaten(area.code)
        else None
    )
    code = area.code if area else ""
    context.update(
        period=period,
        total=total.row_values(code, period),
        kecamatan=[kecamatan.row_values(c, period) for c, _n in kecamatan.rows]
        if kecamatan
        else [],
        rows=sorted(
            (villages.row_values(c, period) for c, _n in villages.rows),
            key=lambda row: (-sum(1 for v in row if v.status == "met"), row[0].code),
        )
        if villages
        else [],
    )
    fmt = request.GET.get("format", "")
    if fmt in ("xlsx", "csv"):
        return spm_table_download(
            indicators, [context["total"], *context["kecamatan"], *context["rows"]], period, fmt
        )
    context["query"] = urlencode(
        {"wilayah": code, "bulan": period.key} if code else {"bulan": period.key}
    )
    return render(request, "indicators/spm_desa.html", context)


@access.requires(Perm.INDICATORS_TARGETS)
def targets(request: HttpRequest) -> HttpResponse:
    scope = access.scope_code(request.user, Perm.INDICATORS_TARGETS)
    rows = IndicatorTarget.objects.select_related("area").order_by("indicator", "-year", "area_id")
    if scope is not None:
        rows = rows.filter(area__isnull=True) | rows.filter(area__code=kabupaten_code(scope))
    initial = {"year": today().year, "kabupaten": kabupaten_code(scope or "")}
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        code = data["kabupaten"].strip()
        try:
            area = _target_area(request, code)
            indicator_target_save(
                actor=request.user,
                indicator=data["indicator"],
                area=area,
                year=data["year"],
                value=data["value"],
                direction=data["direction"],
                near_band=data["near_band"],
                basis=data["basis"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Target disimpan."))
            return redirect("indicators:targets")
    context = {"form": form, "rows": rows, "indicators": registry.all_indicators()}
    return render(request, "indicators/targets.html", context)


def _target_area(request: HttpRequest, code: str) -> Area | None:
    if not code:
        if access.scope_code(request.user, Perm.INDICATORS_TARGETS) is not None:
            raise PermissionDenied(_("Target nasional hanya dapat diubah admin sistem."))
        return None
    return access.get_area_for_user(request.user, code, Perm.INDICATORS_TARGETS)


@require_POST
@access.requires(Perm.INDICATORS_TARGETS)
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(IndicatorTarget, pk=pk)
    if target.area_id is None:
        _target_area(request, "")
    else:
        access.require(request.user, Perm.INDICATORS_TARGETS, target.area_id)
    indicator_target_delete(actor=request.user, target=target)
    messages.success(request, _("Target dihapus."))
    return redirect("indicators:targets")
