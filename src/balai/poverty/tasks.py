"""Background tasks of the poverty module."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from balai.core import background, import_jobs
from balai.poverty.import_jobs import DECISIONS, RECIPIENTS, WELFARE, sweep


@task()
def poverty_welfare_import_task(job_id: int, commit: bool) -> str:
    """Check or commit an uploaded welfare-register extract; return the job's status."""
    return str(import_jobs.job_run(WELFARE, job_id, commit=commit).status)


@task()
def poverty_recipient_import_task(job_id: int, commit: bool) -> str:
    """Check or commit an uploaded recipient list; return the job's status."""
    return str(import_jobs.job_run(RECIPIENTS, job_id, commit=commit).status)


@task()
def poverty_decision_import_task(job_id: int, commit: bool) -> str:
    """Check or apply Dinsos' verification results for a round; return the job's status."""
    return str(import_jobs.job_run(DECISIONS, job_id, commit=commit).status)


# Services queue these by name (core.background), not by importing this module.
background.register("poverty.welfare_import", poverty_welfare_import_task)
background.register("poverty.recipient_import", poverty_recipient_import_task)
background.register("poverty.decision_import", poverty_decision_import_task)
# `balai imports_sweep` fails its dead jobs and deletes old uploads.
import_jobs.register_sweeper("poverty", _("impor kesejahteraan/penerima/hasil verifikasi"), sweep)
