"""API of the education module (mounted at /api/v1/education by config/api.py).

No ``from __future__ import annotations`` here: Ninja reads the real types.
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import periods
from balai.education import selectors
from balai.education.schemas import OutOfSchoolOut
from balai.regions.models import Level

router = Router(tags=["education"])


@router.get(
    "/out-of-school/{code}",
    response=list[OutOfSchoolOut],
    summary="Anak 7-18 tahun tidak sekolah di satu desa, per nama (diaudit)",
)
@access.api_requires(Perm.EDUCATION_VIEW)
def out_of_school(request: HttpRequest, code: str, year: str = "") -> list[dict[str, Any]]:
    """The by-name list of the page: needs education and registry view in the village.

    *year* is the school year's first year (2026 = 2026/2027; blank: the
    current one). The rows are narrowed to the caller's scope and the viewing
    is audited by the selector.
    """
    village = access.get_area_for_user(request.user, code[:40], Perm.EDUCATION_VIEW)
    if village.level != Level.DESA_KELURAHAN:
        raise Http404(_("Daftar anak tidak sekolah dibuka per desa/kelurahan."))
    school_year = periods.parse_year(year, default=selectors.current_school_year())
    rows = selectors.out_of_school(user=request.user, village=village, school_year=school_year)
    return [
        {
            "resident_id": r.resident.pk,
            "nik": r.resident.nik,
            "name": r.resident.name,
            "sex": r.resident.sex,
            "birth_date": r.resident.birth_date,
            "age": r.age,
            "area": r.resident.area_id,
            "area_name": r.resident.area.name,
            "reason": r.reason,
            "reason_label": r.reason_label,
            "last_school_year": r.last_year,
            "last_level": r.last_level,
        }
        for r in rows
    ]
