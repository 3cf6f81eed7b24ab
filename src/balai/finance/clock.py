"""The APBDes evaluation clock (Permendagri 20/2018 Pasal 34-35): one place for its rules.

- The kades sends the agreed draft through the camat within 3 days of the
  agreement with the BPD (calendar days; later is recorded, not refused).
- The evaluation result is due within 20 working days of receipt (day 0 is
  the receipt day when it is a working day); when none is given in time,
  the APBDes applies by itself.
- A draft that needs revision is revised within 20 working days of the result.

Working days are the village's office calendar (``core.holidays.calendar_for``:
weekends, national holidays, cuti bersama and local holidays).
"""

from __future__ import annotations

import datetime as dt

from balai.core.holidays import calendar_for
from balai.core.workcalendar import WorkCalendar
from balai.regions.models import Area

SUBMIT_WITHIN_DAYS = 3
EVALUATION_WORKING_DAYS = 20
REVISION_WORKING_DAYS = 20


def _at_nine(calendar: WorkCalendar, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=calendar.tz)


def due_after(village: Area, start: dt.date, working_days: int) -> dt.date:
    """Return the date *working_days* working days after *start* in *village*'s calendar."""
    calendar = calendar_for(village)
    return calendar.add_working_days(_at_nine(calendar, start), working_days).date()


def working_days_left(village: Area, today: dt.date, due: dt.date) -> int:
    """Return the working days from *today* to *due* (negative when overdue)."""
    calendar = calendar_for(village)
    return calendar.working_days_between(_at_nine(calendar, today), _at_nine(calendar, due))


def submitted_late(agreed_on: dt.date, submitted_on: dt.date) -> bool:
    """Return True when the draft reached the camat more than 3 days after the agreement."""
    return (submitted_on - agreed_on).days > SUBMIT_WITHIN_DAYS
