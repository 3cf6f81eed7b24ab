"""Background tasks of the registry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from balai.core import background, import_jobs
from balai.registry.importing.jobs import import_job_run, sweep_import_jobs


@task()
def registry_import_task(job_id: int, commit: bool) -> str:
    """Check or commit an uploaded resident file; return the job's status."""
    return import_job_run(job_id, commit=commit).status


# Services queue these by name (core.background), not by importing this module.
background.register("registry.import", registry_import_task)
# `balai imports_sweep` fails its dead jobs and deletes old uploads.
import_jobs.register_sweeper("registry", _("impor penduduk"), sweep_import_jobs)
