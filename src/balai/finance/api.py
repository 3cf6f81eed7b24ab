"""API endpoints of the finance module (mounted by config/api.py at /finance).

No ``from __future__ import annotations`` here: Ninja reads the real types.
"""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import periods
from balai.finance import selectors
from balai.finance.schemas import ApbdesSubmissionOut

router = Router(tags=["finance"])


@router.get(
    "/submissions",
    response=list[ApbdesSubmissionOut],
    summary="Tanggal kesepakatan, penyampaian, evaluasi dan penetapan APBDes per desa",
)
@access.api_requires(Perm.FINANCE_VIEW)
def submissions(request: HttpRequest, area: str, year: int | None = None) -> list[Any]:
    found = access.get_area_for_user(request.user, area.strip(), Perm.FINANCE_VIEW)
    year = periods.check_year(year if year is not None else timezone.localdate().year)
    return selectors.apbdes_submission_by_village(found.code, year)
