"""Background tasks of the innovation module."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from balai.core import background, import_jobs
from balai.innovation.workbooks import sweep_workbooks, workbook_build


@task()
def innovation_workbook_task(job_id: int) -> str:
    """Build the national portal's workbook of a round; return the job's status."""
    return workbook_build(job_id).status


# Views queue it by name (core.background), not by importing this module.
background.register("innovation.workbook", innovation_workbook_task)
# `balai imports_sweep` fails dead jobs and deletes workbooks after their retention.
import_jobs.register_sweeper("innovation", _("buku kerja IID"), sweep_workbooks)
