"""API endpoints of the poverty module (mounted by config/api.py at /poverty).

Aggregates for a kabupaten system (the Dinsos dashboard, SIKS-NG bridges):
the programmes and their rules, and the targeting checks per village and
programme. No names or NIKs leave through the API.

No ``from __future__ import annotations`` here: Ninja reads the real types.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.poverty import checks, selectors
from balai.poverty.schemas import PovertyProgrammeOut, TargetingCheckOut
from balai.regions.models import Level

router = Router(tags=["poverty"])

CHECK_LEVELS = (Level.KABUPATEN_KOTA, Level.KECAMATAN, Level.DESA_KELURAHAN)


@router.get(
    "/programmes",
    response=list[PovertyProgrammeOut],
    summary="Program bantuan yang berlaku di wilayah dan aturan kelayakannya",
)
@access.api_requires(Perm.POVERTY_VIEW)
def programmes(request: HttpRequest, area: str) -> list[Any]:
    found = access.get_area_for_user(request.user, area.strip(), Perm.POVERTY_VIEW)
    return [
        {
            "id": p.pk,
            "code": p.code,
            "name": p.name,
            "area": p.area_id,
            "unit": p.unit,
            "fund_source": p.fund_source,
            "start": p.start,
            "end": p.end,
            "desil_min": p.desil_min,
            "desil_max": p.desil_max,
            "age_min": p.age_min,
            "age_max": p.age_max,
            "exclude_officials": p.exclude_officials,
            "not_combined_with": sorted(o.code for o in p.not_combined_with.all()),
            "is_active": p.is_active,
        }
        for p in selectors.programme_list(user=request.user, area_code=found.code)
    ]


@router.get(
    "/checks/{code}",
    response=list[TargetingCheckOut],
    summary="Pemeriksaan ketepatan sasaran per desa dan program (jumlah, tanpa nama)",
)
@access.api_requires(Perm.POVERTY_VIEW)
def targeting_checks(request: HttpRequest, code: str) -> list[Any]:
    area = selectors.area_for_checks(user=request.user, code=code, levels=CHECK_LEVELS)
    inclusion = checks.inclusion_counts(within=[area.code])
    exclusion = checks.exclusion_counts(within=[area.code])
    names = {p.pk: p.code for p in selectors.programme_list(user=request.user, area_code=area.code)}
    rows = []
    for key in sorted(set(inclusion) | set(exclusion)):
        village, programme = key
        if programme not in names:
            continue
        cells = {**inclusion.get(key, {}), **exclusion.get(key, {})}
        rows.append(
            {
                "village": village,
                "programme": names[programme],
                "recipients": cells.pop("recipients", 0),
                "eligible": cells.pop("eligible", 0),
                "checks": {c.value: int(cells.get(c.value, 0)) for c in checks.Check},
            }
        )
    return rows
