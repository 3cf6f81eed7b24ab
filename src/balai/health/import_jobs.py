"""Puskesmas service imports as jobs, with the life of the posyandu and registry imports.

queued → checking → checked → queued → committing → done, or failed with an
Indonesian reason; failed jobs can be retried and checked/failed ones
discarded. Status changes are compare-and-set, so a double submit is refused,
never run twice. A job stuck running (its worker died) is marked failed on the
next page view. A refused or finished job's file is deleted at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit, background
from balai.core.errors import ConflictError, DomainError
from balai.health import imports
from balai.health.models import ImportStatus, ServiceImport
from balai.regions.models import Area

logger = logging.getLogger(__name__)

STALE_AFTER = dt.timedelta(minutes=15)
QUEUED_STALE_AFTER = dt.timedelta(hours=24)
Status = ImportStatus


def today() -> dt.date:
    """Return today's date (the latest allowed service date); tests pin it."""
    return timezone.localdate()


def _move(job: ServiceImport, *, old: tuple[str, ...], new: str, **fields: Any) -> bool:
    changed = ServiceImport.objects.filter(pk=job.pk, status__in=old).update(
        status=new, updated_at=timezone.now(), **fields
    )
    if changed:
        job.refresh_from_db()
    return bool(changed)


def _drop_file(job: ServiceImport) -> None:
    if job.file.name:
        job.file.delete(save=False)
        job.save(update_fields=["file", "updated_at"])


def _enqueue(job: ServiceImport, *, commit: bool) -> ServiceImport:
    # The database backend writes the task row in the caller's transaction;
    # the immediate backend (tests) runs the job right here.
    background.enqueue("health.import", job.pk, commit)
    job.refresh_from_db()
    return job


def service_import_create(*, actor: Any, area: Area, upload: UploadedFile[Any]) -> ServiceImport:
    """Store an uploaded register and queue its check (the dry run) for the worker."""
    name = upload.name or "berkas"
    if not name.lower().endswith((".csv", ".xlsx")):
        raise DomainError(_("Berkas harus .csv atau .xlsx."))
    size = upload.size or 0
    if size > imports.MAX_UPLOAD_BYTES:
        raise DomainError(
            _("Berkas lebih dari %(mb)d MB; pecah per bulan atau per puskesmas.")
            % {"mb": imports.MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if size == 0:
        raise DomainError(_("Berkas kosong."))
    job = ServiceImport(
        area=area,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        original_name=name[:200],
        size=size,
    )
    job.file.save(name, upload, save=False)
    job.full_clean()
    job.save()
    audit.record(actor=actor, action="health.import_uploaded", obj=job, data={"size": size})
    return _enqueue(job, commit=False)


def _refusal(job: ServiceImport) -> ConflictError:
    if job.is_running:
        return ConflictError(
            _("Impor ini sedang berjalan (%(s)s); tunggu sampai selesai atau gagal.")
            % {"s": job.get_status_display()},
            code="import_running",
        )
    if job.status == Status.DONE:
        return ConflictError(_("Impor ini sudah selesai disimpan."), code="import_done")
    if job.status == Status.DISCARDED:
        return ConflictError(_("Impor ini sudah dibuang; unggah ulang berkasnya."))
    if job.status == Status.CHECKED:
        return ConflictError(
            _("Perbaiki baris yang bermasalah lalu unggah ulang; tidak ada yang disimpan.")
        )
    return ConflictError(_("Impor ini tidak dapat dijalankan dalam status sekarang."))


def service_import_commit(*, job: ServiceImport, actor: Any) -> ServiceImport:
    """Queue the commit of a checked job whose rows are all valid."""
    if not job.can_commit or not _move(job, old=(Status.CHECKED,), new=Status.QUEUED):
        job.refresh_from_db()
        raise _refusal(job)
    audit.record(actor=actor, action="health.import_commit_requested", obj=job, data={})
    return _enqueue(job, commit=True)


def service_import_retry(*, job: ServiceImport, actor: Any) -> ServiceImport:
    """Run a failed job again (its check, or its commit if the check had passed)."""
    if job.status == Status.FAILED and not job.file.name:
        raise ConflictError(_("Berkas impor ini sudah dihapus; unggah ulang berkasnya."))
    if not _move(job, old=(Status.FAILED,), new=Status.QUEUED, error=""):
        job.refresh_from_db()
        raise _refusal(job)
    audit.record(actor=actor, action="health.import_retried", obj=job, data={})
    return _enqueue(job, commit=bool(job.preview.get("ok")))


def service_import_discard(*, job: ServiceImport, actor: Any) -> ServiceImport:
    """Drop a checked or failed job and delete its file."""
    if not _move(job, old=(Status.CHECKED, Status.FAILED), new=Status.DISCARDED):
        job.refresh_from_db()
        raise _refusal(job)
    _drop_file(job)
    audit.record(actor=actor, action="health.import_discarded", obj=job, data={})
    return job


def service_import_run(job_id: int, *, commit: bool) -> ServiceImport:
    """Read and check (or commit) the job's file in the worker."""
    job = ServiceImport.objects.select_related("area", "uploaded_by").get(pk=job_id)
    running = Status.COMMITTING if commit else Status.CHECKING
    if not _move(job, old=(Status.QUEUED,), new=running):
        return job  # already run, retried elsewhere, or discarded
    try:
        with job.file.open("rb") as handle:
            raw = imports.read_rows(job.original_name, handle)
        if commit:
            count = imports.commit_rows(job=job, raw=raw, today=today())
        else:
            rows = imports.check_rows(job.area_id, raw, today=today())
    except DomainError as exc:
        if _move(job, old=(running,), new=Status.FAILED, error=str(exc.message)[:2000]):
            _drop_file(job)
    except Exception as exc:
        logger.exception("Health service import %s failed", job.pk)
        reason = _("Kesalahan tak terduga: %(e)s. Coba lagi.") % {"e": exc}
        _move(job, old=(running,), new=Status.FAILED, error=reason[:2000])
        raise
    else:
        finished = (running, Status.FAILED)
        if commit:
            if _move(job, old=finished, new=Status.DONE, created_records=count, error=""):
                _drop_file(job)
        else:
            _move(
                job, old=finished, new=Status.CHECKED, preview=imports.preview_dict(rows), error=""
            )
    job.refresh_from_db()
    return job


def service_import_check_alive(
    job: ServiceImport, *, now: dt.datetime | None = None
) -> ServiceImport:
    """Mark a running job failed if its worker died; return the job as it stands."""
    if not job.is_running:
        return job
    now = now or timezone.now()
    if job.status == Status.QUEUED:
        stale = now - job.updated_at > QUEUED_STALE_AFTER
        reason = _("Impor menunggu pekerja lebih dari 24 jam; pastikan balai worker berjalan.")
    else:
        stale = now - job.updated_at > STALE_AFTER
        reason = _(
            "Impor berhenti tanpa kemajuan selama %(m)d menit (pekerja mati atau dihentikan). "
            "Tidak ada yang tersimpan; coba lagi."
        ) % {"m": STALE_AFTER.total_seconds() // 60}
    if stale and _move(job, old=(job.status,), new=Status.FAILED, error=reason):
        audit.record(actor=None, action="health.import_stalled", obj=job, data={})
    job.refresh_from_db()
    return job
