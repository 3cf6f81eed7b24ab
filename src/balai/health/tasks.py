"""Background tasks of the health module."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from balai.core import background, import_jobs
from balai.health.import_jobs import service_import_run, sweep_service_imports


@task()
def health_import_task(job_id: int, commit: bool) -> str:
    """Check or commit an uploaded puskesmas service register; return the job's status."""
    return service_import_run(job_id, commit=commit).status


# Services queue these by name (core.background), not by importing this module.
background.register("health.import", health_import_task)
# `balai imports_sweep` fails its dead jobs and deletes old uploads.
import_jobs.register_sweeper("health", _("impor layanan puskesmas"), sweep_service_imports)
