"""Registry API: stats (mounted by registry/api.py at /api/v1/registry/stats)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from balai.accounts import access
from balai.accounts.apiauth import OPTIONAL_AUTH
from balai.accounts.roles import Perm
from balai.core import periods
from balai.core.dbrouter import reads_from_replica
from balai.regions.selectors import area_get
from balai.registry.policies import MONTHLY_LEVELS, PUBLIC_LEVELS
from balai.registry.stats.monthly import Basis, monthly_report
from balai.registry.stats.schemas import MonthlyOut, StatsOut
from balai.registry.stats.tables import area_stats, as_json, public_area_stats

router = Router()


@router.get("/public/{code}", response=StatsOut, auth=OPTIONAL_AUTH)
@access.api_public
@reads_from_replica
def public_stats(request: HttpRequest, code: str) -> dict[str, Any]:
    """Population tables of a village or kecamatan, small cells suppressed ("<5", "*")."""
    area = area_get(code)
    if area.level not in PUBLIC_LEVELS:
        raise Http404(_("Statistik publik tersedia untuk desa/kelurahan dan kecamatan."))
    return as_json(public_area_stats(area))


@router.get("/{code}", response=StatsOut)
@access.api_requires(Perm.REGISTRY_STATS)
@reads_from_replica
def stats(request: HttpRequest, code: str) -> dict[str, Any]:
    """Population tables of an area in the caller's scope: counts and denominators."""
    area = access.get_area_for_user(request.user, code, Perm.REGISTRY_STATS)
    return as_json(area_stats(area))


@router.get("/{code}/monthly", response=MonthlyOut)
@access.api_requires(Perm.REGISTRY_STATS)
@reads_from_replica
def monthly(
    request: HttpRequest, code: str, month: str = "", basis: str = Basis.EVENT
) -> dict[str, Any]:
    """Monthly population report (month ``YYYY-MM``, basis ``peristiwa`` or ``lapor``)."""
    area = access.get_area_for_user(request.user, code, Perm.REGISTRY_STATS)
    if area.level not in MONTHLY_LEVELS:
        raise Http404(_("Laporan bulanan tersedia untuk desa/kelurahan ke atas."))
    if basis not in Basis.FIELDS:
        basis = Basis.EVENT
    year, mon = periods.parse_month(month, default=periods.this_month())
    report = monthly_report(area, year, mon, basis)
    return {
        "area": area.code,
        "name": str(area),
        "month": f"{report.first_day:%Y-%m}",
        "basis": report.basis,
        "basis_label": report.basis_label,
        "figures": [
            {"key": k, "label": label, "male": f.male, "female": f.female, "total": f.total}
            for k, label, f in report.columns()
        ],
        "late_total": report.late_total,
        "late_counted": report.late_counted.total,
        "late": [
            {
                "kind": e.kind,
                "event_date": e.event_date,
                "report_date": e.report_date,
                "area": e.area,
                "sex": e.sex,
                "counted": e.counted,
            }
            for e in report.late
        ],
    }
