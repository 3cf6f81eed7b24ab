"""Background tasks: notifications and the escalation job (take primitives, call services)."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task

from balai.complaints.services import complaints_escalate_overdue, complaints_warn_due_soon
from balai.complaints.services.notifications import (
    send_event_notification,
    send_unit_notification,
)
from balai.core import background


@task()
def complaint_event_notify(event_id: int) -> int:
    """Send one public step to its complainant."""
    return send_event_notification(event_id)


@task()
def complaint_unit_notify(
    area_code: str, subject: str, body: str, complaint_id: int | None = None
) -> int:
    """Send one message to the handlers of a unit."""
    return send_unit_notification(area_code, subject, body, complaint_id)


@task()
def complaints_escalate(now: str | None = None) -> dict[str, int]:
    """Escalate overdue complaints and warn about those due soon (for a scheduler)."""
    moment = datetime.fromisoformat(now) if now else None
    report = complaints_escalate_overdue(now=moment)
    warned = complaints_warn_due_soon(now=moment)
    return {**report.as_dict(), "warned": warned}


# Services queue these by name (core.background), not by importing this module.
background.register("complaints.event_notify", complaint_event_notify)
background.register("complaints.unit_notify", complaint_unit_notify)
