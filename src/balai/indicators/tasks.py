"""Background tasks of the indicator engine (take primitives, call services)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from balai.core import background
from balai.indicators.services import indicator_refresh, indicator_refresh_dirty


@task()
def indicators_refresh_dirty() -> dict[str, Any]:
    """Recompute the facts writes have marked stale (coalesced: one run takes all marks)."""
    return indicator_refresh_dirty().as_dict()


@task()
def indicators_refresh_all() -> dict[str, Any]:
    """Recompute every fact of the history window (nightly)."""
    return indicator_refresh().as_dict()


# Services queue these by name (core.background), not by importing this module.
background.register("indicators.refresh_dirty", indicators_refresh_dirty)
