"""Run import jobs (in the request for small files, in the worker for large ones)."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import audit
from balai.core.errors import DomainError
from balai.regions.models import Area
from balai.registry.importing.engine import ERROR, ImportReport, run_import
from balai.registry.importing.models import ImportJob, ImportStatus

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
INLINE_LIMIT_BYTES = 1024 * 1024  # smaller files are checked while the user waits
ROWS_SHOWN = 5000


def _progress_path(job_id: int) -> Path:
    return Path(settings.VAR_DIR) / "import-progress" / f"{job_id}.json"


def progress_of(job: ImportJob) -> int | None:
    """Return rows processed so far by a running job (read from its progress file)."""
    try:
        return int(json.loads(_progress_path(job.pk).read_text())["rows"])
    except (OSError, ValueError, KeyError):
        return None


def _write_progress(job_id: int, rows: int) -> None:
    # A file, not a row: the commit runs in one long transaction, and SQLite
    # allows one writer, so a progress row would stay invisible until the end.
    path = _progress_path(job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"rows": rows}))


def import_job_create(*, actor: Any, village: Area, upload: UploadedFile[Any]) -> ImportJob:
    """Store an uploaded file for *village* and return its job (not yet checked)."""
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


def import_job_run(job_id: int, *, commit: bool) -> ImportJob:
    """Check (or commit) the job's file and store the report on the job."""
    job = ImportJob.objects.select_related("village", "uploaded_by").get(pk=job_id)
    job.status = ImportStatus.COMMITTING if commit else ImportStatus.CHECKING
    job.save(update_fields=["status", "updated_at"])
    user = job.uploaded_by
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / Path(job.original_name).name
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
    except DomainError as exc:
        job.status, job.error = ImportStatus.FAILED, exc.message
    except Exception as exc:  # the job must say it failed, never stay "running"
        job.status, job.error = ImportStatus.FAILED, _("Kesalahan tak terduga: %(e)s") % {"e": exc}
        job.save(update_fields=["status", "error", "updated_at"])
        raise
    else:
        job.report = _report_dict(report)
        job.status = ImportStatus.DONE if commit else ImportStatus.CHECKED
    job.save(update_fields=["status", "report", "error", "updated_at"])
    return job


def import_job_start(*, job: ImportJob, commit: bool) -> ImportJob:
    """Run small jobs now and queue large ones for the worker."""
    if commit and job.status != ImportStatus.CHECKED:
        raise DomainError(_("Periksa berkas dulu sebelum menyimpan."), code="not_checked")
    if job.size <= INLINE_LIMIT_BYTES:
        return import_job_run(job.pk, commit=commit)
    from balai.registry.tasks import registry_import_task

    job.status = ImportStatus.QUEUED
    job.save(update_fields=["status", "updated_at"])
    transaction.on_commit(lambda: registry_import_task.enqueue(job.pk, commit))
    return job
