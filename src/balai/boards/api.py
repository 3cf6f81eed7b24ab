"""API of the supervision boards (mounted at /api/v1/boards by config/api.py).

The gap table and the village profile as JSON, from the same reads as the
pages (``boards.selectors``). No ``from __future__ import annotations`` here:
Ninja reads the real types.
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.boards import selectors
from balai.boards.schemas import GapRowOut, VillageProfileOut
from balai.indicators.policies import GAP_LEVELS
from balai.indicators.selectors import Target, Value
from balai.indicators.services import today
from balai.regions.models import Level

router = Router(tags=["boards"])


def _target(target: Target | None) -> dict[str, Any] | None:
    return None if target is None else target.__dict__


def _round(value: float | None, decimals: int) -> float | None:
    return None if value is None else round(value, decimals + 2)


@router.get(
    "/gap",
    response=list[GapRowOut],
    summary="Tabel kesenjangan layanan dasar: kebutuhan, terlayani, kesenjangan, sarana per desa",
)
@access.api_requires(Perm.INDICATORS_VIEW)
def gap(
    request: HttpRequest,
    area: str,
    sector: str = "",
    year: str = "",
    sort: str = "kesenjangan",
    descending: bool = True,
) -> list[dict[str, Any]]:
    """One row per village under *area* (a kabupaten or kecamatan) and basic service."""
    picked = access.get_area_for_user(request.user, area.strip()[:40], Perm.INDICATORS_VIEW)
    if picked.level not in GAP_LEVELS:
        raise Http404(_("Tabel kesenjangan dibuka per kabupaten/kota atau kecamatan."))
    on = today()
    wanted = selectors.check_gap_params(sector=sector.strip(), raw_year=year, this_year=on.year)
    rows = selectors.gap_table(area=picked, sector=sector.strip(), year=wanted, today=on)
    rows = selectors.sort_gap(rows, sort[:30], descending=descending)
    return [
        {
            "village": r.village_code,
            "village_name": r.village_name,
            "indicator": r.indicator.code,
            "indicator_name": str(r.indicator.name),
            "period": r.period.key,
            "demand": r.demand,
            "served": r.served,
            "gap": r.gap,
            "coverage": _round(r.coverage, r.indicator.decimals),
            "target": _target(r.target),
            "status": r.status,
            "points": r.points,
            "per_point": r.per_point,
            "nearest_km": r.nearest_km,
            "supply": [s.__dict__ for s in r.supply],
            "has_not_served_list": r.has_list,
        }
        for r in rows
    ]


def _history(v: Value) -> dict[str, Any]:
    return {
        "period": v.period.key,
        "numerator": v.num,
        "denominator": v.den,
        "value": _round(v.value, v.indicator.decimals),
    }


@router.get(
    "/village/{code}",
    response=VillageProfileOut,
    summary="Profil desa: setiap indikator dengan riwayat, status, kesenjangan, dan pekerjaan terbuka",
)
@access.api_requires(Perm.INDICATORS_VIEW)
def village_profile(request: HttpRequest, code: str) -> dict[str, Any]:
    village = access.get_area_for_user(request.user, code[:40], Perm.INDICATORS_VIEW)
    if village.level != Level.DESA_KELURAHAN:
        raise Http404(_("Profil hanya tersedia untuk desa/kelurahan."))
    profile = selectors.village_profile(user=request.user, village=village, on=today())
    lines = []
    for line in profile.lines:
        v = line.value
        lines.append(
            {
                "indicator": v.indicator.code,
                "name": str(v.indicator.name),
                **_history(v),
                "target": _target(v.target),
                "status": v.status,
                "previous_value": _round(v.previous_value, v.indicator.decimals),
                "trend": v.trend,
                "changed": line.changed,
                "unserved": line.unserved,
                "target_gap": _round(line.target_gap, v.indicator.decimals),
                "history": [_history(h) for h in line.history],
            }
        )
    return {
        "code": village.code,
        "name": village.name,
        "lines": lines,
        "open_work": [w.__dict__ for w in profile.work],
    }
