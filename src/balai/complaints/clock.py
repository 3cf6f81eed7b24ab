"""Working-day deadlines of a complaint, set when it enters a stage.

The handling unit's calendar (``core.holidays.calendar_for``: its time zone,
weekends, national holidays, cuti bersama and local holidays) turns a number
of working days into a moment: closing time of the last working day. The
moments at which an overdue complaint escalates are stored next to the
deadline, so the escalation job never runs a calendar.
"""

from __future__ import annotations

from datetime import datetime

from balai.complaints.models import (
    ESCALATION_STEP_DAYS,
    LEGAL_MAX_DAYS,
    Complaint,
    UnitLevel,
)
from balai.core.holidays import calendar_for
from balai.core.workcalendar import WorkCalendar


def calendar(complaint: Complaint) -> WorkCalendar:
    """Return the working calendar of the unit handling *complaint*."""
    return calendar_for(complaint.handler_area)


def working_days(n: int) -> int:
    """Clamp a category time limit to the legal outer limit (Perpres 76/2013)."""
    return max(0, min(n, LEGAL_MAX_DAYS))


def deadline(complaint: Complaint, start: datetime, days: int) -> datetime:
    """Return the deadline *days* working days after *start* for *complaint*'s unit."""
    return calendar(complaint).add_working_days(start, working_days(days))


def set_stage_due(
    complaint: Complaint, due: datetime | None, *, cal: WorkCalendar | None = None
) -> None:
    """Make *due* the current stage's deadline and derive the escalation moments.

    A village's overdue complaint goes to the kecamatan at the deadline and
    to the kabupaten ``ESCALATION_STEP_DAYS`` working days later; a
    kecamatan's goes to the kabupaten at the deadline; the kabupaten is the
    top. ``None`` stops the clock (on hold, closed). *cal*: the unit's
    calendar if the caller has it already.
    """
    complaint.due_at = due
    complaint.due_soon_warned_at = None
    complaint.escalate_kecamatan_at = None
    complaint.escalate_kabupaten_at = None
    if due is None:
        return
    if complaint.handler_level == UnitLevel.DESA:
        complaint.escalate_kecamatan_at = due
        complaint.escalate_kabupaten_at = (cal or calendar(complaint)).add_working_days(
            due, ESCALATION_STEP_DAYS
        )
    elif complaint.handler_level == UnitLevel.KECAMATAN:
        complaint.escalate_kabupaten_at = due


def kecamatan_code(code: str) -> str:
    """Return the kecamatan code above (or of) an area *code*."""
    return ".".join(code.split(".")[:3])


def kabupaten_code(code: str) -> str:
    """Return the kabupaten/kota code above (or of) an area *code*."""
    return ".".join(code.split(".")[:2])


def village_code(code: str) -> str:
    """Return the desa/kelurahan code above (or of) an area *code*."""
    return ".".join(code.split(".")[:4])
