"""Registry pages: stats (routes listed in ``urlpatterns``, gathered by registry/urls.py).

Staff pages (``Perm.REGISTRY_STATS``, any area within the acting role's scope)
and public pages per village and kecamatan with small cells suppressed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import exports, periods
from balai.core.dbrouter import reads_from_replica
from balai.core.exports import XlsxWriter
from balai.regions import selectors as regions
from balai.regions.models import Area
from balai.registry.policies import MONTHLY_LEVELS, PUBLIC_LEVELS
from balai.registry.stats import export
from balai.registry.stats.monthly import Basis, monthly_report
from balai.registry.stats.pyramid import pyramid
from balai.registry.stats.tables import AreaStats, area_stats, public_area_stats


def _xlsx(build: Callable[[XlsxWriter], object], name: str, *, personal: bool) -> FileResponse:
    return exports.xlsx_download(build, name, personal=personal)


def _ancestors_in_scope(request: HttpRequest, area: Area) -> list[Area]:
    return [
        a
        for a in regions.area_ancestors(area)
        if access.has_perm(request.user, Perm.REGISTRY_STATS, a)
    ]


def _context(request: HttpRequest, stats: AreaStats) -> dict[str, object]:
    area = stats.area
    children = regions.area_children(
        area, include_subvillage=not stats.public and access.may_see_subareas(request.user, area)
    )
    if stats.public:
        children = children.filter(level__in=PUBLIC_LEVELS)
    ancestors = regions.area_ancestors(area)
    return {
        "stats": stats,
        "area": area,
        "ancestors": _ancestors_in_scope(request, area) if not stats.public else [],
        "public_ancestors": [a for a in ancestors if a.level in PUBLIC_LEVELS],
        "children": children,
        "pyramid": pyramid(stats.table("age")),
    }


AREA_CODE_RE = re.compile(r"[0-9]{1,4}(?:\.[0-9]{1,4}){0,5}")


@access.requires(Perm.REGISTRY_STATS)
@reads_from_replica
def stats_home(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("kode", "").strip() or access.scope_code(
        request.user, Perm.REGISTRY_STATS
    )
    if not code:
        return render(request, "registry/stats/home.html")
    if not AREA_CODE_RE.fullmatch(code):  # e.g. "a/b": no such area, and no URL for it
        raise Http404(_("Wilayah dengan kode %(code)s tidak ditemukan.") % {"code": code[:40]})
    return redirect("registry:stats_area", code=code)


@access.requires(Perm.REGISTRY_STATS)
@reads_from_replica
def stats_area(request: HttpRequest, code: str) -> HttpResponse:
    area = access.get_area_for_user(request.user, code, Perm.REGISTRY_STATS)
    context = _context(request, area_stats(area))
    context["monthly"] = area.level in MONTHLY_LEVELS
    return render(request, "registry/stats/area.html", context)


@access.requires(Perm.REGISTRY_STATS)
@reads_from_replica
def stats_xlsx(request: HttpRequest, code: str) -> HttpResponseBase:
    area = access.get_area_for_user(request.user, code, Perm.REGISTRY_STATS)
    stats = area_stats(area)
    return _xlsx(
        lambda book: export.stats_xlsx(book, stats),
        f"statistik-{area.code}-{stats.as_of:%Y%m%d}.xlsx",
        personal=True,  # unsuppressed small cells
    )


def _month_and_basis(request: HttpRequest) -> tuple[date, str]:
    year, month = periods.month_param(request)
    first = date(year, month, 1)
    basis = request.GET.get("dasar", Basis.EVENT)
    return first, basis if basis in Basis.FIELDS else Basis.EVENT


@access.requires(Perm.REGISTRY_STATS)
@reads_from_replica
def monthly(request: HttpRequest, code: str) -> HttpResponse:
    area = access.get_area_for_user(request.user, code, Perm.REGISTRY_STATS)
    if area.level not in MONTHLY_LEVELS:
        raise Http404(_("Laporan bulanan tersedia untuk desa/kelurahan ke atas."))
    first, basis = _month_and_basis(request)
    report = monthly_report(area, first.year, first.month, basis)
    context = {
        "report": report,
        "area": area,
        "ancestors": _ancestors_in_scope(request, area),
        "month_value": f"{first:%Y-%m}",
        "bases": [(k, str(v)) for k, v in Basis.LABELS.items()],
    }
    return render(request, "registry/stats/monthly.html", context)


@access.requires(Perm.REGISTRY_STATS)
@reads_from_replica
def monthly_xlsx(request: HttpRequest, code: str) -> HttpResponseBase:
    area = access.get_area_for_user(request.user, code, Perm.REGISTRY_STATS)
    if area.level not in MONTHLY_LEVELS:
        raise Http404(_("Laporan bulanan tersedia untuk desa/kelurahan ke atas."))
    first, basis = _month_and_basis(request)
    report = monthly_report(area, first.year, first.month, basis)
    name = f"laporan-bulanan-{area.code}-{first:%Y-%m}-{basis}.xlsx"
    return _xlsx(lambda book: export.monthly_xlsx(book, report), name, personal=True)


def _public_area(code: str) -> AreaStats:
    area = regions.area_get(code)
    if area.level not in PUBLIC_LEVELS:
        raise Http404(_("Statistik publik tersedia untuk desa/kelurahan dan kecamatan."))
    return public_area_stats(area)


@access.public
@reads_from_replica
def public_stats(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "registry/stats/public.html", _context(request, _public_area(code)))


@access.public
@reads_from_replica
def public_stats_xlsx(request: HttpRequest, code: str) -> HttpResponseBase:
    stats = _public_area(code)
    return _xlsx(
        lambda book: export.stats_xlsx(book, stats),
        f"statistik-publik-{code}-{stats.as_of:%Y%m%d}.xlsx",
        personal=False,  # published figures, small cells suppressed
    )


urlpatterns: list[URLPattern] = [
    path("statistik/", stats_home, name="stats_home"),
    path("statistik/<str:code>/", stats_area, name="stats_area"),
    path("statistik/<str:code>/unduh.xlsx", stats_xlsx, name="stats_xlsx"),
    path("statistik/<str:code>/bulanan/", monthly, name="stats_monthly"),
    path("statistik/<str:code>/bulanan/unduh.xlsx", monthly_xlsx, name="stats_monthly_xlsx"),
    path("publik/statistik/<str:code>/", public_stats, name="public_stats"),
    path("publik/statistik/<str:code>/unduh.xlsx", public_stats_xlsx, name="public_stats_xlsx"),
]
