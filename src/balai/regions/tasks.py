"""Background tasks for the region tree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django_tasks import task

from balai.regions.services import regions_load


@task()
def regions_load_task(path: str | None = None, actor_id: int | None = None) -> dict[str, Any]:
    """Load a region file in the worker (large files, uploads); return the counts."""
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    report = regions_load(path=Path(path) if path else None, actor=actor)
    return report.as_dict()
