"""Registry API: bulk import, run by the task worker; poll ``GET /imports/{id}``.

No ``from __future__ import annotations``: Ninja reads the real types.
"""

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router
from ninja.files import UploadedFile

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.registry.importing.jobs import (
    import_job_check_alive,
    import_job_create,
    import_job_start,
    progress_of,
)
from balai.registry.importing.models import ImportJob
from balai.registry.policies import import_job_get_for_user, import_village_for

router = Router()


@router.post(
    "/",
    summary="Impor berkas penduduk (uji coba, atau simpan dengan commit=true) oleh pekerja",
)
@access.api_requires(Perm.REGISTRY_IMPORT)
def import_file(
    request: HttpRequest, village: Form[str], file: File[UploadedFile], commit: Form[bool] = False
) -> dict[str, Any]:
    area = import_village_for(request.user, village)
    job = import_job_create(actor=request.user, village=area, upload=file)
    job = import_job_start(job=job, commit=commit, review=False)
    return _state(job)


@router.get("/{job_id}", summary="Status dan laporan satu impor")
@access.api_requires(Perm.REGISTRY_IMPORT)
def import_status(request: HttpRequest, job_id: int) -> dict[str, Any]:
    return _state(import_job_check_alive(import_job_get_for_user(request.user, job_id)))


def _state(job: ImportJob) -> dict[str, Any]:
    """Return the job as the API shows it: status, reason, progress, then the report."""
    return {
        "id": job.pk,
        "status": job.status,
        "error": job.error,
        "progress": progress_of(job) if job.is_running else None,
        **job.report,
    }
