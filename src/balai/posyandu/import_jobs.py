"""Measurement imports as jobs: stored at upload, read and checked by the task worker.

The job life is ``core.import_jobs`` (shared with the school roll import), the
same as the registry's import jobs (``registry/importing/jobs.py``):
queued → checking → checked → queued → committing → done, or failed with an
Indonesian reason; failed jobs can be retried and checked/failed ones discarded.
Status changes are compare-and-set, so a double submit is refused, never run twice.
A job stuck running for ``STALE_AFTER`` (its worker died) is marked failed on the
next page view or by ``balai imports_sweep``. A refused or finished job's file is
deleted at once; the sweep deletes the rest after ``KEEP_DAYS``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy

from balai.core import background, import_jobs
from balai.posyandu import imports
from balai.posyandu.models import Posyandu, VisitImport

STALE_AFTER = import_jobs.STALE_AFTER
KEEP_DAYS = import_jobs.KEEP_DAYS


def _enqueue(job_id: int, commit: bool) -> None:
    background.enqueue("posyandu.import", job_id, commit)


def _check(job: VisitImport, raw: Any) -> dict[str, Any]:
    return imports.preview_dict(imports.check_rows(job.posyandu, raw))


def _commit(job: VisitImport, raw: Any) -> int:
    return imports.commit_rows(actor=job.uploaded_by, posyandu=job.posyandu, raw=raw)


KIND = import_jobs.JobKind(
    model=VisitImport,
    prefix="posyandu",
    max_bytes=imports.MAX_UPLOAD_BYTES,
    read=imports.read_upload,
    check=_check,
    commit=_commit,
    enqueue=_enqueue,
    count_field="created_visits",
    too_big=gettext_lazy("Berkas lebih dari %(mb)d MB; pecah per bulan atau per posyandu."),
)


def visit_import_create(
    *, actor: Any, posyandu: Posyandu, upload: UploadedFile[Any]
) -> VisitImport:
    """Store an uploaded sheet and queue its check for the worker."""
    job: VisitImport = import_jobs.job_create(KIND, actor=actor, upload=upload, posyandu=posyandu)
    return job


def visit_import_commit(*, job: VisitImport, actor: Any) -> VisitImport:
    """Queue the commit of a checked job whose rows are all valid."""
    result: VisitImport = import_jobs.job_commit(KIND, job=job, actor=actor)
    return result


def visit_import_retry(*, job: VisitImport, actor: Any) -> VisitImport:
    """Run a failed job again (its check, or its commit if the check had passed)."""
    result: VisitImport = import_jobs.job_retry(KIND, job=job, actor=actor)
    return result


def visit_import_discard(*, job: VisitImport, actor: Any) -> VisitImport:
    """Drop a checked or failed job and delete its file."""
    result: VisitImport = import_jobs.job_discard(KIND, job=job, actor=actor)
    return result


def visit_import_run(job_id: int, *, commit: bool) -> VisitImport:
    """Read and check (or commit) the job's sheet in the worker."""
    result: VisitImport = import_jobs.job_run(KIND, job_id, commit=commit)
    return result


def visit_import_check_alive(job: VisitImport, *, now: dt.datetime | None = None) -> VisitImport:
    """Mark a running job failed if its worker died; return the job as it stands."""
    result: VisitImport = import_jobs.job_check_alive(KIND, job, now=now)
    return result


def sweep_visit_imports(
    *, now: dt.datetime | None = None, keep_days: int = KEEP_DAYS
) -> dict[str, int]:
    """Fail dead jobs and delete the stored files of old unfinished ones."""
    return import_jobs.job_sweep(KIND, now=now, keep_days=keep_days)
