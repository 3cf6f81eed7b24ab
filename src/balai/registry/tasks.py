"""Background tasks of the registry."""

from __future__ import annotations

from django_tasks import task

from balai.core import background
from balai.registry.importing.jobs import import_job_run


@task()
def registry_import_task(job_id: int, commit: bool) -> str:
    """Check or commit an uploaded resident file; return the job's status."""
    return import_job_run(job_id, commit=commit).status


# Services queue these by name (core.background), not by importing this module.
background.register("registry.import", registry_import_task)
