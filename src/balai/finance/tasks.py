"""Background tasks of the finance module."""

from __future__ import annotations

from django_tasks import task

from balai.core import background
from balai.finance.import_jobs import siskeudes_import_run


@task()
def finance_siskeudes_import_task(job_id: int, commit: bool) -> str:
    """Check or commit an uploaded Siskeudes export; return the job's status."""
    return siskeudes_import_run(job_id, commit=commit).status


# Services queue these by name (core.background), not by importing this module.
background.register("finance.siskeudes_import", finance_siskeudes_import_task)
