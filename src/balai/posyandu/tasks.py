"""Background tasks of the posyandu module."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from balai.core import background, import_jobs
from balai.posyandu.import_jobs import sweep_visit_imports, visit_import_run


@task()
def posyandu_import_task(job_id: int, commit: bool) -> str:
    """Check or commit an uploaded measurement sheet; return the job's status."""
    return visit_import_run(job_id, commit=commit).status


# Services queue these by name (core.background), not by importing this module.
background.register("posyandu.import", posyandu_import_task)
# `balai imports_sweep` fails its dead jobs and deletes old uploads.
import_jobs.register_sweeper("posyandu", _("impor posyandu"), sweep_visit_imports)
