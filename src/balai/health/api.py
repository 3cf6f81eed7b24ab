"""API endpoints of the health module (mounted by config/api.py at /health).

No ``from __future__ import annotations`` here: Ninja reads the real types.
"""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import periods
from balai.health import import_jobs, selectors
from balai.health.schemas import HealthImportOut, PrevalenceParameterOut

router = Router(tags=["health"])


@router.get("/imports/{pk}", response=HealthImportOut, summary="Status impor layanan puskesmas")
@access.api_requires(Perm.HEALTH_IMPORT)
def import_status(request: HttpRequest, pk: int) -> dict[str, Any]:
    job = selectors.service_import_get_for_user(user=request.user, pk=pk)
    job = import_jobs.service_import_check_alive(job)
    preview = job.preview or {}
    return {
        "id": job.pk,
        "area": job.area_id,
        "original_name": job.original_name,
        "status": job.status,
        "error": job.error,
        "rows": int(preview.get("count", 0)),
        "rows_with_problems": int(preview.get("errors", 0)),
        "by_status": dict(preview.get("by_status", {})),
        "created_records": job.created_records,
        "created_at": job.created_at,
        "updated_at": job.updated_at,
    }


@router.get(
    "/parameters",
    response=list[PrevalenceParameterOut],
    summary="Parameter prevalensi yang berlaku untuk kabupaten dan tahun",
)
@access.api_requires(Perm.HEALTH_VIEW)
def parameters(request: HttpRequest, area: str = "", year: int | None = None) -> list[Any]:
    kabupaten = selectors.kabupaten_for_user(user=request.user, code=area.strip())
    year = periods.check_year(year if year is not None else timezone.localdate().year)
    return [
        {
            "group": row.group,
            "label": row.label,
            "rate_percent": row.rate.rate_percent,
            "age_min": row.rate.age_min,
            "age_max": row.rate.age_max,
            "source": row.rate.source,
            "confirmed": row.rate.confirmed,
            "national": row.rate.national,
        }
        for row in selectors.parameter_table(kabupaten=kabupaten, year=year)
    ]
