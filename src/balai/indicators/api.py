"""API of the indicator engine (mounted at /api/v1/indicators by config/api.py).

No ``from __future__ import annotations`` here: Ninja reads the real types.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.errors import DomainError
from balai.indicators import registry
from balai.indicators.exports import (
    ID_SCHEMES,
    dhis2_data_value_set,
    export_rows,
    to_csv,
    to_xlsx,
)
from balai.indicators.periods import Period, parse_period, period_of, periods_between
from balai.indicators.schemas import (
    Dhis2DataValueSetOut,
    IndicatorOut,
    IndicatorSetOut,
    ValueOut,
)
from balai.indicators.selectors import Value, check_period, child_length, indicator_table
from balai.indicators.services import today
from balai.regions.models import Area

router = Router(tags=["indicators"])
LEVELS = ("self", "children", "villages")
MAX_PERIODS = 60


def _definition(ind: registry.Indicator) -> dict[str, Any]:
    return {
        "code": ind.code,
        "name": str(ind.name),
        "definition": str(ind.definition),
        "numerator": str(ind.numerator_label),
        "denominator": str(ind.denominator_label),
        "unit": ind.unit,
        "factor": ind.factor,
        "decimals": ind.decimals,
        "period_types": list(ind.period_types),
        "kind": ind.kind,
        "target": ind.target,
        "direction": ind.direction,
        "source": str(ind.source),
        "privacy": ind.privacy,
        "owner": ind.owner,
        "has_not_served_list": ind.not_served is not None,
        "level": ind.level,
    }


def _indicators(raw: str) -> list[registry.Indicator]:
    codes = [c.strip() for c in raw.split(",") if c.strip()]
    if not codes:
        raise DomainError(_("Sebutkan indikator (parameter indicator)."), code="no_indicator")
    indicators: list[registry.Indicator] = []
    for code in codes:
        if code in {s.code for s in registry.all_sets()}:
            indicators += registry.resolve(list(registry.get_set(code).codes))
        else:
            indicators.append(registry.get(code))
    return indicators


def _area(request: HttpRequest, code: str) -> Area | None:
    if not code:
        if access.scope_code(request.user, Perm.INDICATORS_VIEW) is None:
            return None
        role = access.acting_role(request.user)
        code = role.area_id if role and role.area_id else ""
    return access.get_area_for_user(request.user, code[:40], Perm.INDICATORS_VIEW)


def _periods(indicators: list[registry.Indicator], period: str, until: str) -> list[Period]:
    first = parse_period(period) if period else period_of(today(), indicators[0].period_type)
    last = parse_period(until) if until else first
    if last.type != first.type or last < first:
        raise DomainError(
            _("Periode akhir harus sejenis dengan periode awal dan tidak lebih awal."),
            code="invalid_period",
        )
    periods = periods_between(first, last)
    if len(periods) > MAX_PERIODS:
        raise DomainError(
            _("Paling banyak %(n)d periode sekali minta.") % {"n": MAX_PERIODS},
            code="invalid_period",
        )
    check_period(indicators, first, today())
    if last.start > today():
        check_period(indicators, last, today())
    return periods


def _value(v: Value) -> dict[str, Any]:
    return {
        "indicator": v.indicator.code,
        "area": v.code,
        "area_name": v.name,
        "period": v.period.key,
        "numerator": v.num,
        "denominator": v.den,
        "value": None if v.value is None else round(v.value, v.indicator.decimals + 2),
        "target": None if v.target is None else v.target.__dict__,
        "status": v.status,
        "trend": v.trend,
        "band": v.band,
        "note": v.note,
    }


@router.get("/", response=list[IndicatorOut], summary="Definisi semua indikator")
@access.api_requires(Perm.INDICATORS_VIEW)
def indicator_definitions(request: HttpRequest) -> list[dict[str, Any]]:
    return [_definition(i) for i in registry.all_indicators()]


@router.get("/sets", response=list[IndicatorSetOut], summary="Kelompok indikator (mis. SPM Desa)")
@access.api_requires(Perm.INDICATORS_VIEW)
def indicator_sets(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"code": s.code, "name": str(s.name), "indicators": list(s.codes)}
        for s in registry.all_sets()
    ]


@router.get(
    "/values",
    response=list[ValueOut],
    summary="Nilai indikator per wilayah dan periode (pembilang, penyebut, target, status)",
)
@access.api_requires(Perm.INDICATORS_VIEW)
def indicator_values(
    request: HttpRequest,
    indicator: str,
    area: str = "",
    period: str = "",
    until: str = "",
    level: str = "self",
) -> list[dict[str, Any]]:
    """``indicator``: codes or set codes, comma separated; ``level``: self, children, villages."""
    if level not in LEVELS:
        raise DomainError(
            _("Tingkat '%(l)s' tidak dikenal; pakai self, children atau villages.")
            % {"l": level[:20]},
            code="invalid_level",
        )
    indicators = _indicators(indicator)
    place = _area(request, area)
    periods = _periods(indicators, period, until)
    rows_at = None if level == "self" else 13 if level == "villages" else None
    table = indicator_table(
        indicators=indicators,
        area=place,
        periods=periods,
        children=level == "children",
        rows_at=rows_at,
    )
    return [
        _value(table.cells[(code, ind.code, p)])
        for code, _name in table.rows
        for ind in indicators
        for p in periods
    ]


def _export_rows(
    request: HttpRequest, indicator: str, area: str, period: str, until: str, level: str
) -> list[Any]:
    indicators = _indicators(indicator)
    place = _area(request, area)
    periods = _periods(indicators, period, until)
    length = 13 if level == "villages" else child_length(place.code if place else None)
    if level == "self":
        length = len(place.code) if place else 0
    return export_rows(indicators=indicators, area=place, periods=periods, length=length)


@router.get("/export.csv", summary="Ekspor CSV (pembilang dan penyebut per wilayah dan periode)")
@access.api_requires(Perm.INDICATORS_VIEW)
def indicator_export_csv(
    request: HttpRequest,
    indicator: str,
    area: str = "",
    period: str = "",
    until: str = "",
    level: str = "villages",
) -> HttpResponse:
    rows = _export_rows(request, indicator, area, period, until, level)
    response = HttpResponse(to_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="indikator.csv"'
    return response


@router.get("/export.xlsx", summary="Ekspor XLSX (pembilang dan penyebut per wilayah dan periode)")
@access.api_requires(Perm.INDICATORS_VIEW)
def indicator_export_xlsx(
    request: HttpRequest,
    indicator: str,
    area: str = "",
    period: str = "",
    until: str = "",
    level: str = "villages",
) -> HttpResponse:
    rows = _export_rows(request, indicator, area, period, until, level)
    response = HttpResponse(
        to_xlsx(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="indikator.xlsx"'
    return response


@router.get(
    "/dhis2/dataValueSets",
    response=Dhis2DataValueSetOut,
    summary="Ekspor DHIS2 dataValueSets (JSON): pembilang dan penyebut sebagai dua data element",
)
@access.api_requires(Perm.INDICATORS_VIEW)
def indicator_dhis2(
    request: HttpRequest,
    indicator: str,
    area: str = "",
    period: str = "",
    until: str = "",
    level: str = "villages",
    id_scheme: str = "code",
) -> dict[str, Any]:
    """Post the body to DHIS2 ``/api/dataValueSets`` (the id schemes are in the payload)."""
    if id_scheme not in ID_SCHEMES:
        raise DomainError(
            _("Skema id '%(s)s' tidak dikenal; pakai code atau uid.") % {"s": id_scheme[:20]},
            code="invalid_id_scheme",
        )
    rows = _export_rows(request, indicator, area, period, until, level)
    return dhis2_data_value_set(rows, id_scheme=id_scheme)


@router.get("/{code}", response=IndicatorOut, summary="Definisi satu indikator")
@access.api_requires(Perm.INDICATORS_VIEW)
def indicator_definition(request: HttpRequest, code: str) -> dict[str, Any]:
    return _definition(registry.get(code))
