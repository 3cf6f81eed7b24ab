"""Registry API: bulk import (returns the dry-run report, or commits with commit=true).

No ``from __future__ import annotations``: Ninja reads the real types.
"""

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router
from ninja.files import UploadedFile

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.registry.importing.jobs import import_job_create, import_job_run
from balai.registry.views.imports import _village_for

router = Router()


@router.post("/", summary="Impor berkas penduduk (uji coba, atau simpan dengan commit=true)")
@access.api_requires(Perm.REGISTRY_IMPORT)
def import_file(
    request: HttpRequest, village: Form[str], file: File[UploadedFile], commit: Form[bool] = False
) -> dict[str, Any]:
    area = _village_for(request.user, village)
    job = import_job_create(actor=request.user, village=area, upload=file)
    job = import_job_run(job.pk, commit=False)
    if commit and job.status == "checked":
        job = import_job_run(job.pk, commit=True)
    return {"id": job.pk, "status": job.status, "error": job.error, **job.report}
