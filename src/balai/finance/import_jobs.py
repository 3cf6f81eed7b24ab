"""Siskeudes imports as jobs: stored at upload, read and checked by the task worker.

The job life is ``core.import_jobs``: queued → checking → checked → queued →
committing → done, or failed with an Indonesian reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import connection
from django.utils.translation import gettext_lazy as _

from balai.core import background, import_jobs
from balai.finance import siskeudes, siskeudes_pg
from balai.finance.models import SiskeudesImport
from balai.regions.models import Area


def _enqueue(job_id: int, commit: bool) -> None:
    background.enqueue("finance.siskeudes_import", job_id, commit)


def _read(name: str, content: bytes) -> bytes:
    """Refuse a file that is no Siskeudes export; its rows are read by check or commit."""
    with siskeudes.open_archive(content):
        return content


def _check(job: SiskeudesImport, content: bytes) -> dict[str, Any]:
    return siskeudes.check_job(job, siskeudes.read_upload(job.original_name, content))


def _commit(job: SiskeudesImport, content: bytes) -> int:
    """Commit set-based on PostgreSQL, row by row elsewhere (same checks, same messages)."""
    if connection.vendor == "postgresql":
        return siskeudes_pg.commit_pg(job, content)
    return siskeudes.commit_job(job, siskeudes.read_upload(job.original_name, content))


KIND = import_jobs.JobKind(
    model=SiskeudesImport,
    prefix="finance",
    max_bytes=siskeudes.MAX_UPLOAD_BYTES,
    read=_read,
    check=_check,
    commit=_commit,
    enqueue=_enqueue,
    extensions=(".zip",),
    wrong_type=_("Berkas harus ZIP ekspor Siskeudes (.zip berisi tabel .csv)."),
)


def siskeudes_import_create(
    *, actor: Any, village: Area, year: int, upload: UploadedFile[Any]
) -> SiskeudesImport:
    """Store an uploaded Siskeudes ZIP for *village* and *year* and queue its dry run."""
    job: SiskeudesImport = import_jobs.job_create(
        KIND, actor=actor, upload=upload, village=village, year=year
    )
    return job


def siskeudes_import_commit(*, job: SiskeudesImport, actor: Any) -> SiskeudesImport:
    """Queue the commit of a checked import whose rows are all valid."""
    result: SiskeudesImport = import_jobs.job_commit(KIND, job=job, actor=actor)
    return result


def siskeudes_import_retry(*, job: SiskeudesImport, actor: Any) -> SiskeudesImport:
    """Run a failed import again."""
    result: SiskeudesImport = import_jobs.job_retry(KIND, job=job, actor=actor)
    return result


def siskeudes_import_discard(*, job: SiskeudesImport, actor: Any) -> SiskeudesImport:
    """Drop a checked or failed import and delete its file."""
    result: SiskeudesImport = import_jobs.job_discard(KIND, job=job, actor=actor)
    return result


def siskeudes_import_run(job_id: int, *, commit: bool) -> SiskeudesImport:
    """Check or commit a stored import (the worker's side)."""
    result: SiskeudesImport = import_jobs.job_run(KIND, job_id, commit=commit)
    return result


def siskeudes_import_check_alive(
    job: SiskeudesImport, *, now: dt.datetime | None = None
) -> SiskeudesImport:
    """Mark a running import failed if its worker died."""
    result: SiskeudesImport = import_jobs.job_check_alive(KIND, job, now=now)
    return result


def sweep_siskeudes_imports(
    *, now: dt.datetime | None = None, keep_days: int = 7
) -> dict[str, int]:
    """Fail dead Siskeudes imports and delete old stored files."""
    return import_jobs.job_sweep(KIND, now=now, keep_days=keep_days)
