"""Puskesmas service imports as jobs: stored at upload, read and checked by the task worker.

The job life is ``core.import_jobs`` (shared with the education and posyandu
imports): queued → checking → checked → queued → committing → done, or failed
with an Indonesian reason; failed jobs can be retried, checked/failed ones
discarded.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core import background, import_jobs
from balai.health import imports
from balai.health.models import ServiceImport
from balai.regions.models import Area

Raw = list[tuple[int, dict[str, str]]]


def today() -> dt.date:
    """Return today's date (the latest allowed service date); tests pin it."""
    return timezone.localdate()


def _read(name: str, content: bytes) -> Raw:
    return imports.read_rows(name, io.BytesIO(content))


def _check(job: ServiceImport, raw: Raw) -> dict[str, Any]:
    return imports.preview_dict(imports.check_rows(job.area_id, raw, today=today()))


def _commit(job: ServiceImport, raw: Raw) -> int:
    return imports.commit_rows(job=job, raw=raw, today=today())


def _enqueue(job_id: int, commit: bool) -> None:
    background.enqueue("health.import", job_id, commit)


KIND = import_jobs.JobKind(
    model=ServiceImport,
    prefix="health",
    max_bytes=imports.MAX_UPLOAD_BYTES,
    read=_read,
    check=_check,
    commit=_commit,
    enqueue=_enqueue,
    count_field="created_records",
    too_big=_("Berkas lebih dari %(mb)d MB; pecah per bulan atau per puskesmas."),
)


def service_import_create(*, actor: Any, area: Area, upload: UploadedFile[Any]) -> ServiceImport:
    """Store an uploaded register and queue its check (the dry run) for the worker."""
    job: ServiceImport = import_jobs.job_create(KIND, actor=actor, upload=upload, area=area)
    return job


def service_import_commit(*, job: ServiceImport, actor: Any) -> ServiceImport:
    """Queue the commit of a checked job whose rows are all valid."""
    result: ServiceImport = import_jobs.job_commit(KIND, job=job, actor=actor)
    return result


def service_import_retry(*, job: ServiceImport, actor: Any) -> ServiceImport:
    """Run a failed job again (its check, or its commit if the check had passed)."""
    result: ServiceImport = import_jobs.job_retry(KIND, job=job, actor=actor)
    return result


def service_import_discard(*, job: ServiceImport, actor: Any) -> ServiceImport:
    """Drop a checked or failed job and delete its file."""
    result: ServiceImport = import_jobs.job_discard(KIND, job=job, actor=actor)
    return result


def service_import_run(job_id: int, *, commit: bool) -> ServiceImport:
    """Read and check (or commit) the job's file in the worker."""
    result: ServiceImport = import_jobs.job_run(KIND, job_id, commit=commit)
    return result


def service_import_check_alive(
    job: ServiceImport, *, now: dt.datetime | None = None
) -> ServiceImport:
    """Mark a running job failed if its worker died; return the job as it stands."""
    result: ServiceImport = import_jobs.job_check_alive(KIND, job, now=now)
    return result


def sweep_service_imports(*, now: dt.datetime | None = None, keep_days: int = 7) -> dict[str, int]:
    """Fail dead service imports and delete old stored files."""
    return import_jobs.job_sweep(KIND, now=now, keep_days=keep_days)
