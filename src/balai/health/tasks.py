"""Background tasks of the health module."""

from __future__ import annotations

from django_tasks import task

from balai.core import background
from balai.health.import_jobs import service_import_run


@task()
def health_import_task(job_id: int, commit: bool) -> str:
    """Check or commit an uploaded puskesmas service register; return the job's status."""
    return service_import_run(job_id, commit=commit).status


# Services queue these by name (core.background), not by importing this module.
background.register("health.import", health_import_task)
