"""Welfare-register and recipient imports as jobs (``core.import_jobs``): stored, checked, committed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from balai.core import background, import_jobs
from balai.poverty import decision_import, recipient_import, welfare, welfare_sql
from balai.poverty.models import (
    DecisionImport,
    Programme,
    RecipientImport,
    VerificationRound,
    WelfareImport,
)
from balai.regions.models import Area


def _enqueue_welfare(job_id: int, commit: bool) -> None:
    background.enqueue("poverty.welfare_import", job_id, commit)


def _enqueue_recipients(job_id: int, commit: bool) -> None:
    background.enqueue("poverty.recipient_import", job_id, commit)


def _enqueue_decisions(job_id: int, commit: bool) -> None:
    background.enqueue("poverty.decision_import", job_id, commit)


WELFARE = import_jobs.JobKind(
    model=WelfareImport,
    prefix="poverty.welfare",
    max_bytes=welfare.MAX_UPLOAD_BYTES,
    read=welfare.open_extract,
    check=welfare.check_job,
    commit=welfare_sql.commit_job,
    enqueue=_enqueue_welfare,
)
RECIPIENTS = import_jobs.JobKind(
    model=RecipientImport,
    prefix="poverty.recipients",
    max_bytes=recipient_import.MAX_UPLOAD_BYTES,
    read=recipient_import.read_upload,
    check=recipient_import.check_job,
    commit=recipient_import.commit_job,
    enqueue=_enqueue_recipients,
)
DECISIONS = import_jobs.JobKind(
    model=DecisionImport,
    prefix="poverty.decisions",
    max_bytes=decision_import.MAX_UPLOAD_BYTES,
    read=decision_import.read_upload,
    check=decision_import.check_job,
    commit=decision_import.commit_job,
    enqueue=_enqueue_decisions,
)
KINDS = {"kesejahteraan": WELFARE, "penerima": RECIPIENTS, "keputusan": DECISIONS}


def welfare_import_create(
    *, actor: Any, area: Area, source: str, snapshot_date: dt.date, upload: UploadedFile[Any]
) -> WelfareImport:
    """Store an uploaded welfare extract for *area* and queue its dry run."""
    job: WelfareImport = import_jobs.job_create(
        WELFARE, actor=actor, upload=upload, area=area, source=source, snapshot_date=snapshot_date
    )
    return job


def recipient_import_create(
    *, actor: Any, village: Area, programme: Programme, upload: UploadedFile[Any]
) -> RecipientImport:
    """Store an uploaded recipient list of *programme* for *village* and queue its dry run."""
    job: RecipientImport = import_jobs.job_create(
        RECIPIENTS, actor=actor, upload=upload, area=village, programme=programme
    )
    return job


def decision_import_create(
    *, actor: Any, item: VerificationRound, upload: UploadedFile[Any]
) -> DecisionImport:
    """Store Dinsos' results for round *item* and queue their check for the worker."""
    job: DecisionImport = import_jobs.job_create(
        DECISIONS, actor=actor, upload=upload, area=item.area, round=item
    )
    return job


def job_action(kind: import_jobs.JobKind, *, job: Any, actor: Any, action: str) -> Any:
    """Run a page action (``simpan``, ``ulangi``, ``buang``) on a job; KeyError if unknown."""
    service = {
        "simpan": import_jobs.job_commit,
        "ulangi": import_jobs.job_retry,
        "buang": import_jobs.job_discard,
    }[action]
    return service(kind, job=job, actor=actor)


def job_check_alive(kind: import_jobs.JobKind, job: Any) -> Any:
    """Mark a running job failed if its worker died."""
    return import_jobs.job_check_alive(kind, job)


def sweep(
    *, now: dt.datetime | None = None, keep_days: int = import_jobs.KEEP_DAYS
) -> dict[str, int]:
    """Fail dead poverty imports and delete old stored files."""
    out: dict[str, int] = {}
    for kind in (WELFARE, RECIPIENTS, DECISIONS):
        for key, value in import_jobs.job_sweep(kind, now=now, keep_days=keep_days).items():
            out[key] = out.get(key, 0) + value
    return out
