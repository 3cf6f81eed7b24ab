"""School roll imports as jobs: stored at upload, read and checked by the task worker.

The job life is ``core.import_jobs`` (the registry's and posyandu's): queued →
checking → checked → queued → committing → done, or failed with an Indonesian
reason; failed jobs can be retried, checked/failed ones discarded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from balai.core import background, import_jobs
from balai.education import imports
from balai.education.models import RollImport
from balai.regions.models import Area


def _enqueue(job_id: int, commit: bool) -> None:
    background.enqueue("education.roll_import", job_id, commit)


KIND = import_jobs.JobKind(
    model=RollImport,
    prefix="education",
    max_bytes=imports.MAX_UPLOAD_BYTES,
    read=imports.read_upload,
    check=imports.check_job,
    commit=imports.commit_job,
    enqueue=_enqueue,
)


def roll_import_create(*, actor: Any, area: Area, upload: UploadedFile[Any]) -> RollImport:
    """Store an uploaded school roll for *area* and queue its dry run."""
    job: RollImport = import_jobs.job_create(KIND, actor=actor, upload=upload, area=area)
    return job


def roll_import_commit(*, job: RollImport, actor: Any) -> RollImport:
    """Queue the commit of a checked roll whose rows are all valid."""
    result: RollImport = import_jobs.job_commit(KIND, job=job, actor=actor)
    return result


def roll_import_retry(*, job: RollImport, actor: Any) -> RollImport:
    """Run a failed roll import again."""
    result: RollImport = import_jobs.job_retry(KIND, job=job, actor=actor)
    return result


def roll_import_discard(*, job: RollImport, actor: Any) -> RollImport:
    """Drop a checked or failed roll import and delete its file."""
    result: RollImport = import_jobs.job_discard(KIND, job=job, actor=actor)
    return result


def roll_import_run(job_id: int, *, commit: bool) -> RollImport:
    """Check or commit a stored roll (the worker's side)."""
    result: RollImport = import_jobs.job_run(KIND, job_id, commit=commit)
    return result


def roll_import_check_alive(job: RollImport, *, now: dt.datetime | None = None) -> RollImport:
    """Mark a running roll import failed if its worker died."""
    result: RollImport = import_jobs.job_check_alive(KIND, job, now=now)
    return result


def sweep_roll_imports(*, now: dt.datetime | None = None, keep_days: int = 7) -> dict[str, int]:
    """Fail dead roll imports and delete old stored files."""
    return import_jobs.job_sweep(KIND, now=now, keep_days=keep_days)
