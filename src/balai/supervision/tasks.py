"""Background task: the daily follow-up job (escalate overdue items, close recovered ones)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from balai.supervision.services import followups_close_recovered, followups_escalate_overdue


@task()
def supervision_followups(today: str | None = None) -> dict[str, int]:
    """Escalate overdue follow-ups to DPMD and close those whose indicator recovered."""
    day = date.fromisoformat(today) if today else None
    return {
        "escalated": followups_escalate_overdue(today=day),
        "closed_by_data": followups_close_recovered(on=day),
    }
