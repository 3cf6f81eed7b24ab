"""Background tasks of the education module."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from balai.core import background, import_jobs
from balai.education.import_jobs import roll_import_run, sweep_roll_imports


@task()
def education_roll_import_task(job_id: int, commit: bool) -> str:
    """Check or commit an uploaded school roll; return the job's status."""
    return roll_import_run(job_id, commit=commit).status


# Services queue these by name (core.background), not by importing this module.
background.register("education.roll_import", education_roll_import_task)
# `balai imports_sweep` fails its dead jobs and deletes old uploads.
import_jobs.register_sweeper("education", _("impor daftar murid"), sweep_roll_imports)
