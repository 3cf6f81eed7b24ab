"""API endpoints of the binwas module (mounted by config/api.py at /supervision).

Read-only, for the kabupaten's own dashboards (DPMD, Inspektorat). No
``from __future__ import annotations`` here: Ninja reads the real types.
"""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import periods
from balai.core.errors import DomainError
from balai.regions.models import Level
from balai.supervision import selectors
from balai.supervision.models import FollowUpStatus
from balai.supervision.schemas import SupervisionFollowUpOut, SupervisionOverviewRowOut

router = Router(tags=["supervision"])
VIEW = Perm.SUPERVISION_VIEW


@router.get(
    "/overview",
    response=list[SupervisionOverviewRowOut],
    summary="Ringkasan binwas per kecamatan (kabupaten) atau per desa (kecamatan)",
)
@access.api_requires(VIEW)
def overview(
    request: HttpRequest, area: str, year: int | None = None, quarter: int | None = None
) -> list[dict[str, Any]]:
    place = access.get_area_for_user(request.user, area.strip(), VIEW)
    if place.level not in (Level.KECAMATAN, Level.KABUPATEN_KOTA):
        raise DomainError(_("Ringkasan binwas tersedia untuk kecamatan atau kabupaten."))
    if quarter is not None and quarter not in (1, 2, 3, 4):
        raise DomainError(_("Triwulan harus 1 sampai 4."), code="invalid_period")
    year = periods.check_year(year if year is not None else timezone.localdate().year)
    rows = selectors.overview(area=place, year=year, quarter=quarter)
    return [
        {"code": r.code, "name": r.name, **{k: r.counts[k] for k, _l in selectors.OVERVIEW_COLUMNS}}
        for r in rows
    ]


@router.get(
    "/followups",
    response=list[SupervisionFollowUpOut],
    summary="Temuan dan keputusan rakor beserta status tindak lanjutnya",
)
@access.api_requires(VIEW)
def followups(
    request: HttpRequest, area: str = "", status: str = "", overdue: bool = False
) -> list[dict[str, Any]]:
    if status and status not in FollowUpStatus.values and status != "terbuka":
        raise DomainError(_("Status tindak lanjut tidak dikenal."))
    within = ""
    if area.strip():
        within = access.get_area_for_user(request.user, area.strip(), VIEW).code
    items = selectors.followup_list(
        user=request.user, within=within or None, status=status, overdue=overdue
    )[:1000]
    return [
        {
            "id": f.pk,
            "kind": f.kind,
            "area": f.area_id,
            "description": f.description,
            "recommendation": f.recommendation,
            "responsible": f.responsible,
            "office": f.office,
            "found_on": f.found_on,
            "due_on": f.due_on,
            "status": f.status,
            "closed_at": f.closed_at,
            "closed_by_data": f.closed_by_data,
            "escalated_at": f.escalated_at,
        }
        for f in items
    ]
