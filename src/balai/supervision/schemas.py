"""API shapes of the binwas module."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class SupervisionOverviewRowOut(Schema):
    code: str
    name: str
    activities: int
    activities_done: int
    visits: int
    visits_done: int
    findings: int
    findings_open: int
    findings_overdue: int
    findings_escalated: int
    closed_on_time: int
    meetings: int
    decisions: int
    decisions_open: int


class SupervisionFollowUpOut(Schema):
    id: int
    kind: str
    area: str
    description: str
    recommendation: str
    responsible: str
    office: str
    found_on: date
    due_on: date
    status: str
    closed_at: datetime | None
    closed_by_data: bool
    escalated_at: datetime | None
