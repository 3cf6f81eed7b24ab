"""Import jobs: every upload is stored and read by the task worker, never in the request.

Life of a job::

    queued -> checking -> checked -> queued -> committing -> done
                 \\-> failed (reason) -> queued (retry)      \\-> failed
    checked/failed -> discarded

Every status change is a compare-and-set (``UPDATE ... WHERE status = old``), so a
double submit or a retry of a running job gets a clear refusal, never a second run
or a 500. A job that fails for any reason ends ``failed`` with an Indonesian reason.
A job whose worker died (no progress for ``STALE_AFTER``, or its task row failed)
is found on the next page view or by ``balai imports_sweep`` and marked failed; it
can then be retried. Files do not linger: a refused file (the reader's limits, a
bad format) and a finished job's file are deleted at once, progress files and work
copies when the run ends, everything else by the sweep after ``KEEP_DAYS``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import audit, background
from balai.core.errors import ConflictError, DomainError
from balai.regions.models import Area
from balai.registry.importing.engine import ERROR, ImportReport, run_import
from balai.registry.importing.models import RUNNING_STATUSES, ImportJob, ImportStatus

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
ROWS_SHOWN = 5000
STALE_AFTER = dt.timedelta(minutes=15)  # no progress for this long: the worker died
QUEUED_STALE_AFTER = dt.timedelta(hours=24)
KEEP_DAYS = 7  # stored files of unfinished jobs (checked, failed) are swept after this
_PENDING = "pending"  # task_id between the status change and the enqueue


def _progress_path(job_id: int) -> Path:
    return Path(settings.VAR_DIR) / "import-progress" / f"{job_id}.json"


def _work_dir(job_id: int) -> Path:
    return Path(settings.VAR_DIR) / "import-work" / str(job_id)


def progress_of(job: ImportJob) -> int | None:
    """Return rows processed so far by a running job (read from its progress file)."""
    try:
        return int(json.loads(_progress_path(job.pk).read_text())["rows"])
    except (OSError, ValueError, KeyError):
        return None


def _write_progress(job_id: int, rows: int) -> None:
    # A file, not a row: the commit runs in one long transaction, and SQLite
    # allows one writer, so a progress row would stay invisible until the end.
    # Its modification time is also the job's heartbeat.
    path = _progress_path(job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"rows": rows}))


def _last_sign_of_life(job: ImportJob) -> dt.datetime:
    try:
        mtime = _progress_path(job.pk).stat().st_mtime
    except OSError:
        return job.updated_at
    return max(job.updated_at, dt.datetime.fromtimestamp(mtime, tz=dt.UTC))


def _remove_files(job: ImportJob, *, upload: bool) -> None:
    """Delete the job's progress file and work copy (and with *upload*, its stored file)."""
    _progress_path(job.pk).unlink(missing_ok=True)
    shutil.rmtree(_work_dir(job.pk), ignore_errors=True)
    if upload and job.file.name:
        job.file.delete(save=False)  # sets the name to ""


def _move(
    job: ImportJob,
    *,
    old: tuple[str, ...],
    new: str,
    unstarted: bool = False,
    **fields: Any,
) -> bool:
    """Compare-and-set the job's status; return False if it was not in *old*.

    *unstarted*: also require that no task was enqueued for the job yet.
    """
    rows = ImportJob.objects.filter(pk=job.pk, status__in=old)
    if unstarted:
        rows = rows.filter(task_id="")
    changed = rows.update(status=new, updated_at=timezone.now(), **fields)
    if changed:
        job.refresh_from_db()
    return bool(changed)


def import_job_create(*, actor: Any, village: Area, upload: UploadedFile[Any]) -> ImportJob:
    """Store an uploaded file for *village* and return its job (queued, not yet started)."""
    size = upload.size or 0
    if size > MAX_UPLOAD_BYTES:
        raise DomainError(
            _(
                "Berkas %(mb).0f MB terlalu besar; batasnya %(max)d MB. Pecah berkas per dusun, "
                "atau minta admin menjalankan perintah balai residents import."
            )
            % {"mb": size / 1e6, "max": MAX_UPLOAD_BYTES // (1024 * 1024)},
            field_errors={"file": [_("Berkas terlalu besar.")]},
        )
    if size == 0:
        raise DomainError(_("Berkas kosong."), field_errors={"file": [_("Berkas kosong.")]})
    job = ImportJob(
        village=village,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        original_name=(upload.name or "berkas")[:200],
        size=size,
    )
    job.file.save(upload.name or "berkas", upload, save=False)
    job.full_clean()
    job.save()
    audit.record(actor=actor, action="registry.import_uploaded", obj=job, data={"size": size})
    return job


def _report_dict(report: ImportReport) -> dict[str, Any]:
    data = report.as_dict()
    data["summary"] = report.summary()
    errors = [r for r in data["rows"] if r["action"] == ERROR]
    others = [r for r in data["rows"] if r["action"] != ERROR]
    data["rows"] = errors[:ROWS_SHOWN] + others[: max(0, ROWS_SHOWN - len(errors))]
    data["rows_truncated"] = len(report.rows) > len(data["rows"])
    return data


def _enqueue(job: ImportJob, *, commit: bool) -> ImportJob:
    # The database task backend writes the task row in the caller's transaction,
    # so the worker sees it only once the job's status is committed too; the
    # immediate backend (tests) runs the job right here.
    result = background.enqueue("registry.import", job.pk, commit)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def import_job_start(*, job: ImportJob, commit: bool, review: bool = True) -> ImportJob:
    """Queue the job's check (or, once checked, its commit) for the worker.

    Without *review* (the API's ``commit=true``) a new job is committed directly:
    the commit checks every row as the dry run does and skips the bad ones.
    """
    if commit and review:
        moved = _move(
            job,
            old=(ImportStatus.CHECKED,),
            new=ImportStatus.QUEUED,
            commit_requested=True,
            task_id=_PENDING,
        )
    else:  # a new job, queued at upload: started exactly once
        moved = _move(
            job,
            old=(ImportStatus.QUEUED,),
            new=ImportStatus.QUEUED,
            unstarted=True,
            commit_requested=commit,
            task_id=_PENDING,
        )
    if not moved:
        job.refresh_from_db()
        raise _refusal(job, commit=commit)
    return _enqueue(job, commit=commit)


def _refusal(job: ImportJob, *, commit: bool) -> ConflictError:
    if job.is_running:
        return ConflictError(
            _("Impor ini sedang berjalan (%(s)s); tunggu sampai selesai atau gagal.")
            % {"s": job.get_status_display()},
            code="import_running",
        )
    if job.status == ImportStatus.DONE:
        return ConflictError(_("Impor ini sudah selesai disimpan."), code="import_done")
    if job.status == ImportStatus.DISCARDED:
        return ConflictError(_("Impor ini sudah dibuang; unggah ulang berkasnya."))
    if commit and job.status != ImportStatus.CHECKED:
        return ConflictError(_("Periksa berkas dulu sebelum menyimpan."), code="not_checked")
    return ConflictError(_("Impor ini tidak dapat dijalankan dalam status sekarang."))


def import_job_retry(*, job: ImportJob, actor: Any) -> ImportJob:
    """Run a failed job again (its check, or its commit if that was what failed)."""
    if job.status == ImportStatus.FAILED and not job.file.name:
        raise ConflictError(
            _("Berkas impor ini sudah dihapus; unggah ulang berkasnya."), code="import_no_file"
        )
    if not _move(
        job, old=(ImportStatus.FAILED,), new=ImportStatus.QUEUED, error="", task_id=_PENDING
    ):
        job.refresh_from_db()
        raise _refusal(job, commit=job.commit_requested)
    audit.record(actor=actor, action="registry.import_retried", obj=job, data={})
    return _enqueue(job, commit=job.commit_requested)


def import_job_discard(*, job: ImportJob, actor: Any) -> ImportJob:
    """Drop a checked or failed job and delete its stored file."""
    if not _move(job, old=(ImportStatus.CHECKED, ImportStatus.FAILED), new=ImportStatus.DISCARDED):
        job.refresh_from_db()
        raise _refusal(job, commit=False)
    _remove_files(job, upload=True)
    job.save(update_fields=["file", "updated_at"])
    audit.record(actor=actor, action="registry.import_discarded", obj=job, data={})
    return job


def _fail(job: ImportJob, *, reason: str, running: str, keep_file: bool) -> bool:
    if not _move(job, old=(running,), new=ImportStatus.FAILED, error=reason[:2000]):
        return False
    _remove_files(job, upload=not keep_file)
    job.save(update_fields=["file", "updated_at"])
    return True


def import_job_run(job_id: int, *, commit: bool) -> ImportJob:
    """Check (or commit) the job's file in the worker and store the report on the job."""
    job = ImportJob.objects.select_related("village", "uploaded_by").get(pk=job_id)
    running = ImportStatus.COMMITTING if commit else ImportStatus.CHECKING
    if not _move(job, old=(ImportStatus.QUEUED,), new=running):
        return job  # already run, retried elsewhere, or discarded: nothing to do
    user = job.uploaded_by
    _write_progress(job.pk, 0)
    try:
        work = _work_dir(job.pk)
        work.mkdir(parents=True, exist_ok=True)
        path = work / (Path(job.original_name).name or "berkas")
        with job.file.open("rb") as src, path.open("wb") as dst:
            shutil.copyfileobj(src, dst)  # any storage backend, not only local disk
        report = run_import(
            path,
            village=job.village,
            actor=user,
            commit=commit,
            may_name_village=lambda code: access.has_perm(user, Perm.REGISTRY_VIEW, code),
            progress=lambda rows: _write_progress(job.pk, rows),
        )
    except DomainError as exc:  # the file is refused (limits, format): delete it
        _fail(job, reason=exc.message, running=running, keep_file=False)
    except Exception as exc:  # the job must say it failed, never stay "running"
        logger.exception("Import job %s failed", job.pk)
        _fail(
            job,
            reason=_("Kesalahan tak terduga: %(e)s. Coba lagi.") % {"e": exc},
            running=running,
            keep_file=True,
        )
        raise
    else:
        done = ImportStatus.DONE if commit else ImportStatus.CHECKED
        # FAILED too: a slow run wrongly taken for dead still reports what it did.
        finished = (running, ImportStatus.FAILED)
        if _move(job, old=finished, new=done, report=_report_dict(report), error=""):
            _remove_files(job, upload=commit)
            job.save(update_fields=["file", "updated_at"])
    finally:
        _progress_path(job.pk).unlink(missing_ok=True)
        shutil.rmtree(_work_dir(job.pk), ignore_errors=True)
    job.refresh_from_db()
    return job


def _task_failed(job: ImportJob) -> bool:
    if job.task_id in ("", _PENDING):
        return False
    from django_tasks import TaskResultStatus, default_task_backend

    try:
        result = default_task_backend.get_result(job.task_id)
    except Exception:
        return False
    return result.status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL)


def import_job_check_alive(job: ImportJob, *, now: dt.datetime | None = None) -> ImportJob:
    """Mark a running job failed if its worker died; return the job as it stands."""
    if not job.is_running:
        return job
    now = now or timezone.now()
    if job.status == ImportStatus.QUEUED:
        stale = now - job.updated_at > QUEUED_STALE_AFTER
        reason = _("Impor menunggu pekerja lebih dari 24 jam; pastikan balai worker berjalan.")
    else:
        stale = now - _last_sign_of_life(job) > STALE_AFTER
        reason = _(
            "Impor berhenti tanpa kemajuan selama %(m)d menit (pekerja mati atau dihentikan). "
            "Tidak ada yang tersimpan; coba lagi."
        ) % {"m": STALE_AFTER.total_seconds() // 60}
    if not stale and _task_failed(job):
        stale = True
        reason = _("Pekerja gagal menjalankan impor ini. Tidak ada yang tersimpan; coba lagi.")
    if stale and _fail(job, reason=reason, running=job.status, keep_file=True):
        audit.record(actor=None, action="registry.import_stalled", obj=job, data={})
    job.refresh_from_db()
    return job


def sweep_import_jobs(
    *, now: dt.datetime | None = None, keep_days: int = KEEP_DAYS
) -> dict[str, int]:
    """Fail dead jobs, delete stale stored files and leftover progress files/work copies."""
    now = now or timezone.now()
    counts = {"stalled": 0, "files": 0, "leftovers": 0}
    for job in ImportJob.objects.filter(status__in=RUNNING_STATUSES):
        if import_job_check_alive(job, now=now).status == ImportStatus.FAILED:
            counts["stalled"] += 1
    cutoff = now - dt.timedelta(days=keep_days)
    old = ImportJob.objects.exclude(status__in=RUNNING_STATUSES).exclude(file="")
    for job in old.filter(updated_at__lt=cutoff):
        with transaction.atomic():
            job.file.delete(save=False)
            job.save(update_fields=["file", "updated_at"])
        counts["files"] += 1
    running = {
        str(pk)
        for pk in ImportJob.objects.filter(status__in=RUNNING_STATUSES).values_list("pk", flat=True)
    }
    var = Path(settings.VAR_DIR)
    for path in (*(var / "import-progress").glob("*.json"), *(var / "import-work").glob("*")):
        if path.name.removesuffix(".json") in running:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        counts["leftovers"] += 1
    return counts
