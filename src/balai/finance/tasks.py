"""Background tasks of the finance module."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from balai.core import background, import_jobs
from balai.finance.import_jobs import siskeudes_import_run, sweep_siskeudes_imports


@task()
def finance_siskeudes_import_task(job_id: int, commit: bool) -> str:
    """Check or commit an uploaded Siskeudes export; return the job's status."""
    return siskeudes_import_run(job_id, commit=commit).status


# Services queue these by name (core.background), not by importing this module.
background.register("finance.siskeudes_import", finance_siskeudes_import_task)
# `balai imports_sweep` fails its dead jobs and deletes old uploads.
import_jobs.register_sweeper("finance", _("impor Siskeudes"), sweep_siskeudes_imports)
