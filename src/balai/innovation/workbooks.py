"""The national portal's workbook of a round, built by the task worker.

Building it reads every answer and evidence of the round (13.7 s for 600
innovations on a loaded machine), so the request only records a job and
queues ``innovation.workbook``; the page shows the job's progress (innovations
written of all) and offers the file when it is ready.

    queued -> running -> done -> expired (file deleted after KEEP)
                     \\-> failed (reason; ask again)

A running job without progress for ``STALE_AFTER`` is taken for dead (on the
next page view or by ``balai imports_sweep``, which also deletes files older
than ``KEEP``). Asking while a job of the round is running returns that job.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit, background
from balai.core.exports import XlsxWriter, export_file
from balai.innovation import exports, selectors
from balai.innovation.models import Assessment, Evidence, WorkbookExport, WorkbookStatus

logger = logging.getLogger(__name__)

KEEP = dt.timedelta(hours=24)
STALE_AFTER = dt.timedelta(minutes=15)
QUEUED_STALE_AFTER = dt.timedelta(hours=24)
# Progress is written every this many innovations (one UPDATE each).
PROGRESS_EVERY = 25
RUNNING = (WorkbookStatus.QUEUED, WorkbookStatus.RUNNING)


def _move(job: WorkbookExport, *, old: tuple[str, ...], new: str, **fields: Any) -> bool:
    """Compare-and-set the job's status; True when this call moved it."""
    changed = WorkbookExport.objects.filter(pk=job.pk, status__in=old).update(
        status=new, updated_at=timezone.now(), **fields
    )
    if changed:
        job.refresh_from_db()
    return bool(changed)


def workbook_request(*, actor: Any, assessment: Assessment, base_url: str) -> WorkbookExport:
    """Queue the workbook of *assessment* (or return the job of it already under way)."""
    with transaction.atomic():
        Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
        running = (
            WorkbookExport.objects.filter(assessment=assessment, status__in=RUNNING)
            .order_by("-pk")
            .first()
        )
        if running is not None and workbook_check_alive(running).is_running:
            return running
        job = WorkbookExport.objects.create(
            assessment=assessment,
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
            base_url=base_url.rstrip("/")[:300],
        )
        audit.record(actor=actor, action="innovation.workbook_requested", obj=job)
    # The database backend writes the task row now; the immediate one (tests) runs it here.
    background.enqueue("innovation.workbook", job.pk)
    job.refresh_from_db()
    return job


def workbook_build(job_id: int) -> WorkbookExport:
    """Write the workbook of the job's round into its file (the worker's side)."""
    job = WorkbookExport.objects.select_related("assessment__rule_set").get(pk=job_id)
    if not _move(job, old=(WorkbookStatus.QUEUED,), new=WorkbookStatus.RUNNING):
        return job  # already built, or taken for dead and asked again
    assessment = job.assessment
    total = assessment.innovations.count()
    WorkbookExport.objects.filter(pk=job.pk).update(total=total, done=0)

    def progress(done: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            WorkbookExport.objects.filter(pk=job.pk).update(done=done, updated_at=timezone.now())

    def link(ev: Evidence) -> str:
        return f"{job.base_url}/inovasi/bukti/{ev.pk}/"

    try:
        result = selectors.iid(assessment)
        with export_file(".xlsx") as path:
            with XlsxWriter(path) as book:
                exports.round_xlsx(book, assessment, result, link, progress=progress)
            name = f"iid-{assessment.year}-{assessment.kabupaten_id}-{job.pk}.xlsx"
            with path.open("rb") as handle:
                job.file.save(name, File(handle), save=False)
            size = path.stat().st_size
            path.unlink()
    except Exception as exc:
        logger.exception("innovation workbook %s failed", job.pk)
        reason = _("Kesalahan tak terduga: %(e)s. Minta ulang buku kerjanya.") % {"e": exc}
        if job.file.name:
            job.file.delete(save=False)
        _move(job, old=(WorkbookStatus.RUNNING,), new=WorkbookStatus.FAILED, error=reason[:2000])
        raise
    # FAILED too: a slow build wrongly taken for dead still delivers its file.
    if not _move(
        job,
        old=(WorkbookStatus.RUNNING, WorkbookStatus.FAILED),
        new=WorkbookStatus.DONE,
        file=job.file.name,
        size=size,
        done=total,
        error="",
        finished_at=timezone.now(),
    ):
        job.file.delete(save=False)
    job.refresh_from_db()
    return job


def workbook_check_alive(job: WorkbookExport, *, now: dt.datetime | None = None) -> WorkbookExport:
    """Mark a job failed if its worker died (no progress for a while); return it as it stands."""
    if not job.is_running:
        return job
    now = now or timezone.now()
    limit = QUEUED_STALE_AFTER if job.status == WorkbookStatus.QUEUED else STALE_AFTER
    if job.updated_at < now - limit:
        reason = (
            _("Pekerja latar tidak mengambil tugas ini; pastikan `balai worker` berjalan.")
            if job.status == WorkbookStatus.QUEUED
            else _("Penyusunan berhenti tanpa kabar selama %(m)d menit; minta ulang.")
            % {"m": STALE_AFTER.total_seconds() // 60}
        )
        _move(job, old=(job.status,), new=WorkbookStatus.FAILED, error=reason)
    job.refresh_from_db()
    return job


def sweep_workbooks(*, now: dt.datetime | None = None, keep_days: int = 7) -> dict[str, int]:
    """Fail dead jobs and delete workbooks built more than ``KEEP`` ago.

    *keep_days* (the sweep's retention of unfinished uploads) does not apply: a
    workbook is a copy of data the platform holds, so it is kept ``KEEP`` only.
    """
    now = now or timezone.now()
    counts = {"stalled": 0, "files": 0}
    for job in WorkbookExport.objects.filter(status__in=RUNNING):
        if workbook_check_alive(job, now=now).status == WorkbookStatus.FAILED:
            counts["stalled"] += 1
    old = WorkbookExport.objects.filter(
        status=WorkbookStatus.DONE, finished_at__lt=now - KEEP
    ).exclude(file="")
    for job in old:
        job.file.delete(save=False)
        if _move(job, old=(WorkbookStatus.DONE,), new=WorkbookStatus.EXPIRED, file=""):
            counts["files"] += 1
    return counts
