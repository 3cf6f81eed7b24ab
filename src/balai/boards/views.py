"""Supervision boards: the kecamatan and kabupaten scorecards, the village profile and
the basic-service gap table (pages, PDF, XLSX, CSV). Reads come from ``boards.selectors``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.boards import exports as board_exports
from balai.boards import selectors
from balai.core import exports
from balai.core.dbrouter import reads_from_replica
from balai.core.errors import DomainError
from balai.indicators import registry
from balai.indicators.periods import period_of
from balai.indicators.policies import GAP_LEVELS
from balai.indicators.selectors import check_period
from balai.indicators.services import today
from balai.indicators.views import period_for
from balai.regions.models import Area, Level


def _error(request: HttpRequest, message: str, context: dict[str, Any]) -> HttpResponse:
    context["error"] = message
    return render(request, "indicators/error.html", context, status=400)


def _sorting(request: HttpRequest, default: str, default_desc: bool) -> tuple[str, bool]:
    key = request.GET.get("urut", "").strip()[:60] or default
    arah = request.GET.get("arah", "")
    return key, (arah == "turun") if arah in ("naik", "turun") else default_desc


@access.requires(Perm.INDICATORS_VIEW)
@reads_from_replica
def scorecard_kecamatan(request: HttpRequest, fmt: str = "html") -> HttpResponseBase:
    area = access.page_area(request, Perm.INDICATORS_VIEW, levels=(Level.KECAMATAN,))
    return _scorecard(request, area, selectors.VILLAGE, fmt, _("Kartu skor kecamatan"))


@access.requires(Perm.INDICATORS_VIEW)
@reads_from_replica
def scorecard_kabupaten(request: HttpRequest, fmt: str = "html") -> HttpResponseBase:
    area = access.page_area(request, Perm.INDICATORS_VIEW, levels=(Level.KABUPATEN_KOTA,))
    return _scorecard(request, area, selectors.KECAMATAN, fmt, _("Kartu skor kabupaten"))


def _scorecard(
    request: HttpRequest, area: Area, rows_at: int, fmt: str, title: str
) -> HttpResponseBase:
    theme = request.GET.get("tema", "").strip()[:60]
    context: dict[str, Any] = {"area": area, "title": title, "theme": theme}
    try:
        type_ = selectors.theme_period_type(theme)
        period = period_for(request, type_)
        indicators = selectors.theme_indicators(theme, period.type)
        if indicators:
            check_period(indicators, period, today())
    except DomainError as exc:
        if request.GET.get("periode") or exc.code != "no_data":
            return _error(request, exc.message, context)
        messages.info(request, exc.message)
        period = period_of(today(), type_)
    card = selectors.scorecard(area=area, indicators=indicators, period=period, rows_at=rows_at)
    key, descending = _sorting(request, "nama", False)
    rows = selectors.sort_rows(card.rows, key, descending, [i.code for i in indicators])
    name = f"scorecard-{area.code}-{period.key}"
    if fmt == "pdf":
        response = HttpResponse(
            board_exports.scorecard_pdf(card, rows, title=title), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    if fmt == "xlsx":
        return exports.xlsx_download(
            lambda book: board_exports.scorecard_xlsx(book, card, rows, title=title),
            f"{name}.xlsx",
            personal=False,
        )
    context.update(
        card=card,
        rows=rows,
        period=period,
        sort=key,
        descending=descending,
        sets=registry.all_sets(),
        query=request.GET.urlencode(),
        parent_allowed=rows_at == selectors.VILLAGE
        and area.parent_id is not None
        and access.has_perm(request.user, Perm.INDICATORS_VIEW, area.parent_id),
    )
    return render(request, "boards/scorecard.html", context)


@access.requires(Perm.INDICATORS_VIEW)
@reads_from_replica
def village_profile(request: HttpRequest, code: str) -> HttpResponse:
    village = access.get_area_for_user(request.user, code[:40], Perm.INDICATORS_VIEW)
    if village.level != Level.DESA_KELURAHAN:
        raise Http404(_("Profil hanya tersedia untuk desa/kelurahan."))
    profile = selectors.village_profile(user=request.user, village=village, on=today())
    kecamatan = village.parent
    context = {
        "village": village,
        "profile": profile,
        "kecamatan": kecamatan
        if kecamatan and access.has_perm(request.user, Perm.INDICATORS_VIEW, kecamatan)
        else None,
    }
    return render(request, "boards/village_profile.html", context)


@access.requires(Perm.INDICATORS_VIEW)
@reads_from_replica
def gap_table(request: HttpRequest, fmt: str = "html") -> HttpResponseBase:
    area = access.page_area(request, Perm.INDICATORS_VIEW, levels=GAP_LEVELS)
    sector = request.GET.get("sektor", "").strip()
    context: dict[str, Any] = {"area": area, "sector": sector, "sectors": selectors.SECTORS}
    try:
        year = selectors.check_gap_params(
            sector=sector, raw_year=request.GET.get("tahun", ""), this_year=today().year
        )
    except DomainError as exc:
        return _error(request, exc.message, context)
    rows = selectors.gap_table(area=area, sector=sector, year=year, today=today())
    key, descending = _sorting(request, "kesenjangan", True)
    rows = selectors.sort_gap(rows, key, descending=descending)
    name = f"kesenjangan-{area.code}-{year}"
    if fmt == "csv":
        response = HttpResponse(board_exports.gap_csv(rows), content_type=exports.CSV_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "xlsx":
        return exports.xlsx_download(
            lambda book: board_exports.gap_xlsx(book, rows), f"{name}.xlsx", personal=False
        )
    listable = {
        r.village_code
        for r in rows
        if access.has_perm(request.user, Perm.REGISTRY_VIEW, r.village_code)
    }
    context.update(
        rows=rows,
        year=year,
        sort=key,
        descending=descending,
        listable=listable,
        indicators=selectors.sector_indicators(sector),
        query=request.GET.urlencode(),
    )
    return render(request, "boards/gap.html", context)
