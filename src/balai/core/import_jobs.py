"""The life of an uploaded import job, shared by modules whose sheets are small.

The same life as the registry's and posyandu's import jobs
(``registry/importing/jobs.py``, ``posyandu/import_jobs.py``)::

    queued -> checking -> checked -> queued -> committing -> done
                 \\-> failed (reason) -> queued (retry)      \\-> failed
    checked/failed -> discarded

A module describes its job once (``JobKind``: the model, the task that runs
it, how to read, check and commit the stored file) and calls these functions.
Status changes are compare-and-set, so a double submit is refused, never run
twice; a job that fails for any reason ends ``failed`` with an Indonesian
reason and can be retried; a running job whose worker died is marked failed
on the next page view or by the sweep. A refused or finished job's file is
deleted at once, the rest by the sweep after ``KEEP_DAYS``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.core import audit
from balai.core.errors import ConflictError, DomainError
from balai.core.models import BaseModel

logger = logging.getLogger(__name__)

STALE_AFTER = dt.timedelta(minutes=15)
QUEUED_STALE_AFTER = dt.timedelta(hours=24)
KEEP_DAYS = 7


class JobStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("Menunggu")
    CHECKING = "checking", gettext_lazy("Sedang diperiksa")
    CHECKED = "checked", gettext_lazy("Siap disimpan")
    COMMITTING = "committing", gettext_lazy("Sedang disimpan")
    DONE = "done", gettext_lazy("Selesai")
    FAILED = "failed", gettext_lazy("Gagal")
    DISCARDED = "discarded", gettext_lazy("Dibuang")


RUNNING = (JobStatus.QUEUED, JobStatus.CHECKING, JobStatus.COMMITTING)


class ImportJobBase(BaseModel):
    """An uploaded sheet: checked by the worker, then committed on request."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Emptied when the job ends (done, refused, discarded) or by the sweep.
    file = models.FileField(gettext_lazy("berkas"), upload_to="imports/%Y/%m/", blank=True)
    original_name = models.CharField(gettext_lazy("nama berkas"), max_length=200)
    size = models.PositiveIntegerField(gettext_lazy("ukuran (byte)"))
    status = models.CharField(
        gettext_lazy("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    preview = models.JSONField(gettext_lazy("pratinjau"), default=dict, blank=True)
    error = models.TextField(gettext_lazy("galat"), blank=True)
    written = models.PositiveIntegerField(gettext_lazy("baris disimpan"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING

    @property
    def can_commit(self) -> bool:
        return self.status == JobStatus.CHECKED and bool(self.preview.get("ok"))

    @property
    def can_retry(self) -> bool:
        return self.status == JobStatus.FAILED and bool(self.file.name)

    @property
    def can_discard(self) -> bool:
        return self.status in (JobStatus.CHECKED, JobStatus.FAILED) and bool(self.file.name)


Raw = Any


@dataclass(frozen=True)
class JobKind:
    """How one module's jobs are read, checked, committed and run."""

    # An ``ImportJobBase`` subclass, or a model with the same fields.
    model: type[Any]
    # Audit actions are "<prefix>.import_uploaded", "<prefix>.import_retried" ...
    prefix: str
    max_bytes: int
    # (name, content) -> rows; DomainError when the file is unusable.
    read: Callable[[str, bytes], Raw]
    # (job, rows) -> the preview stored on the job (JSON, with "ok").
    check: Callable[[Any, Raw], dict[str, Any]]
    # (job, rows) -> rows written, all in one transaction or none.
    commit: Callable[[Any, Raw], int]
    # (job id, commit) -> None: enqueue the module's task.
    enqueue: Callable[[int, bool], None]
    # The job's field that receives the count of rows written.
    count_field: str = "written"
    # The refusal of a too-big upload (``%(mb)d``), if the module words it its own way.
    too_big: Any = None
    # File name endings accepted at upload, and the refusal of any other.
    extensions: tuple[str, ...] = (".csv", ".xlsx")
    wrong_type: Any = None


def _move(kind: JobKind, job: Any, *, old: tuple[str, ...], new: str, **fields: Any) -> bool:
    changed = kind.model._default_manager.filter(pk=job.pk, status__in=old).update(
        status=new, updated_at=timezone.now(), **fields
    )
    if changed:
        job.refresh_from_db()
    return bool(changed)


def _drop_file(job: Any) -> None:
    if job.file.name:
        job.file.delete(save=False)
        job.save(update_fields=["file", "updated_at"])


def _enqueue(kind: JobKind, job: Any, *, commit: bool) -> Any:
    # The database task backend writes the task row in the caller's transaction;
    # the immediate backend (tests) runs the job right here.
    kind.enqueue(job.pk, commit)
    job.refresh_from_db()
    return job


def job_create(kind: JobKind, *, actor: Any, upload: UploadedFile[Any], **fields: Any) -> Any:
    """Store an uploaded sheet and queue its check for the worker."""
    name = upload.name or "berkas"
    if not name.lower().endswith(kind.extensions):
        raise DomainError(kind.wrong_type or _("Berkas harus .csv atau .xlsx."))
    size = upload.size or 0
    if size > kind.max_bytes:
        message = kind.too_big or _("Berkas lebih dari %(mb)d MB; pecah menjadi beberapa berkas.")
        raise DomainError(str(message) % {"mb": kind.max_bytes // (1024 * 1024)})
    if size == 0:
        raise DomainError(_("Berkas kosong."))
    job = kind.model(
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        original_name=name[:200],
        size=size,
        **fields,
    )
    job.file.save(name, upload, save=False)
    job.full_clean()
    job.save()
    audit.record(actor=actor, action=f"{kind.prefix}.import_uploaded", obj=job, data={"size": size})
    return _enqueue(kind, job, commit=False)


def _refusal(job: Any) -> ConflictError:
    if job.is_running:
        return ConflictError(
            _("Impor ini sedang berjalan (%(s)s); tunggu sampai selesai atau gagal.")
            % {"s": job.get_status_display()},
            code="import_running",
        )
    if job.status == JobStatus.DONE:
        return ConflictError(_("Impor ini sudah selesai disimpan."), code="import_done")
    if job.status == JobStatus.DISCARDED:
        return ConflictError(_("Impor ini sudah dibuang; unggah ulang berkasnya."))
    if job.status == JobStatus.CHECKED:
        return ConflictError(
            _("Perbaiki baris yang bermasalah lalu unggah ulang; tidak ada yang disimpan.")
        )
    return ConflictError(_("Impor ini tidak dapat dijalankan dalam status sekarang."))


def job_commit(kind: JobKind, *, job: Any, actor: Any) -> Any:
    """Queue the commit of a checked job whose rows are all valid."""
    if not job.can_commit or not _move(kind, job, old=(JobStatus.CHECKED,), new=JobStatus.QUEUED):
        job.refresh_from_db()
        raise _refusal(job)
    audit.record(actor=actor, action=f"{kind.prefix}.import_commit_requested", obj=job, data={})
    return _enqueue(kind, job, commit=True)


def job_retry(kind: JobKind, *, job: Any, actor: Any) -> Any:
    """Run a failed job again (its check, or its commit if the check had passed)."""
    if job.status == JobStatus.FAILED and not job.file.name:
        raise ConflictError(_("Berkas impor ini sudah dihapus; unggah ulang berkasnya."))
    if not _move(kind, job, old=(JobStatus.FAILED,), new=JobStatus.QUEUED, error=""):
        job.refresh_from_db()
        raise _refusal(job)
    audit.record(actor=actor, action=f"{kind.prefix}.import_retried", obj=job, data={})
    return _enqueue(kind, job, commit=bool(job.preview.get("ok")))


def job_discard(kind: JobKind, *, job: Any, actor: Any) -> Any:
    """Drop a checked or failed job and delete its file."""
    if not _move(kind, job, old=(JobStatus.CHECKED, JobStatus.FAILED), new=JobStatus.DISCARDED):
        job.refresh_from_db()
        raise _refusal(job)
    _drop_file(job)
    audit.record(actor=actor, action=f"{kind.prefix}.import_discarded", obj=job, data={})
    return job


def job_run(kind: JobKind, job_id: int, *, commit: bool) -> Any:
    """Read and check (or commit) the job's stored sheet; called by the worker."""
    job = kind.model._default_manager.get(pk=job_id)
    running = JobStatus.COMMITTING if commit else JobStatus.CHECKING
    if not _move(kind, job, old=(JobStatus.QUEUED,), new=running):
        return job  # already run, retried elsewhere, or discarded
    try:
        with job.file.open("rb") as handle:
            content = handle.read(kind.max_bytes + 1)
        raw = kind.read(job.original_name, content)
        if commit:
            count = kind.commit(job, raw)
        else:
            preview = kind.check(job, raw)
    except DomainError as exc:
        if _move(kind, job, old=(running,), new=JobStatus.FAILED, error=exc.message[:2000]):
            _drop_file(job)
    except Exception as exc:
        logger.exception("%s import %s failed", kind.prefix, job.pk)
        reason = _("Kesalahan tak terduga: %(e)s. Coba lagi.") % {"e": exc}
        _move(kind, job, old=(running,), new=JobStatus.FAILED, error=reason[:2000])
        raise
    else:
        # FAILED too: a slow run wrongly taken for dead still reports what it did.
        finished = (running, JobStatus.FAILED)
        if commit:
            done = {kind.count_field: count}
            if _move(kind, job, old=finished, new=JobStatus.DONE, error="", **done):
                _drop_file(job)
        else:
            _move(kind, job, old=finished, new=JobStatus.CHECKED, preview=preview, error="")
    job.refresh_from_db()
    return job


def job_check_alive(kind: JobKind, job: Any, *, now: dt.datetime | None = None) -> Any:
    """Mark a running job failed if its worker died; return the job as it stands."""
    if not job.is_running:
        return job
    now = now or timezone.now()
    if job.status == JobStatus.QUEUED:
        stale = now - job.updated_at > QUEUED_STALE_AFTER
        reason = _("Impor menunggu pekerja lebih dari 24 jam; pastikan balai worker berjalan.")
    else:
        stale = now - job.updated_at > STALE_AFTER
        reason = _(
            "Impor berhenti tanpa kemajuan selama %(m)d menit (pekerja mati atau dihentikan). "
            "Tidak ada yang tersimpan; coba lagi."
        ) % {"m": STALE_AFTER.total_seconds() // 60}
    if stale and _move(kind, job, old=(job.status,), new=JobStatus.FAILED, error=reason):
        audit.record(actor=None, action=f"{kind.prefix}.import_stalled", obj=job, data={})
    job.refresh_from_db()
    return job


def job_sweep(
    kind: JobKind, *, now: dt.datetime | None = None, keep_days: int = KEEP_DAYS
) -> dict[str, int]:
    """Fail dead jobs and delete the stored files of old unfinished ones."""
    now = now or timezone.now()
    counts = {"stalled": 0, "files": 0}
    jobs = kind.model._default_manager
    for job in jobs.filter(status__in=RUNNING):
        if job_check_alive(kind, job, now=now).status == JobStatus.FAILED:
            counts["stalled"] += 1
    old = jobs.exclude(status__in=RUNNING).exclude(file="")
    for job in old.filter(updated_at__lt=now - dt.timedelta(days=keep_days)):
        _drop_file(job)
        counts["files"] += 1
    return counts


# Every module with uploaded jobs registers how to sweep them (in its app's
# ready()), so ``balai imports_sweep`` reaches new modules without edits.
Sweeper = Callable[..., dict[str, int]]
_SWEEPERS: dict[str, tuple[Any, Sweeper]] = {}


def register_sweeper(key: str, label: Any, sweep: Sweeper) -> None:
    """Declare *sweep(keep_days=N)* (returns counts such as stalled/files) under *label*."""
    _SWEEPERS[key] = (label, sweep)


def sweepers() -> list[tuple[Any, Sweeper]]:
    """Every registered sweeper, in registration order."""
    return list(_SWEEPERS.values())
