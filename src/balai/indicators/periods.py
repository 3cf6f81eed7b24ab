"""Period types and period keys of the indicator engine.

A period is a calendar month (``M``), quarter (``Q``) or year (``Y``) named by
its first day. Keys: ``2026-11``, ``2026-Q4``, ``2026``; DHIS2 names the same
periods ``202611``, ``2026Q4``, ``2026``. Every indicator counts events by the
local calendar of the village (``bounds(tz)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.core.errors import DomainError

MONTH_NAMES = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
FIRST_YEAR, LAST_YEAR = 2000, 2100


class PeriodType(models.TextChoices):
    MONTH = "M", gettext_lazy("Bulan")
    QUARTER = "Q", gettext_lazy("Triwulan")
    YEAR = "Y", gettext_lazy("Tahun")


MONTHS_IN = {PeriodType.MONTH: 1, PeriodType.QUARTER: 3, PeriodType.YEAR: 12}


class PeriodError(DomainError):
    code = "invalid_period"


def add_months(day: date, months: int) -> date:
    """Return the first day of the month *months* after *day*'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    """One month, quarter or year, named by its type and first day."""

    type: str
    start: date

    @property
    def next_start(self) -> date:
        """Return the first day of the following period."""
        return add_months(self.start, MONTHS_IN[PeriodType(self.type)])

    @property
    def end(self) -> date:
        """Return the last day of the period."""
        return self.next_start - timedelta(days=1)

    @property
    def key(self) -> str:
        """Return ``2026-11``, ``2026-Q4`` or ``2026``."""
        if self.type == PeriodType.MONTH:
            return f"{self.start:%Y-%m}"
        if self.type == PeriodType.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def dhis2(self) -> str:
        """Return the DHIS2 period identifier: ``202611``, ``2026Q4`` or ``2026``."""
        return self.key.replace("-", "")

    @property
    def label(self) -> str:
        """Return an Indonesian label: ``November 2026``, ``Triwulan IV 2026``, ``2026``."""
        if self.type == PeriodType.MONTH:
            return f"{MONTH_NAMES[self.start.month - 1]} {self.start.year}"
        if self.type == PeriodType.QUARTER:
            roman = ("I", "II", "III", "IV")[(self.start.month - 1) // 3]
            return f"Triwulan {roman} {self.start.year}"
        return str(self.start.year)

    def previous(self) -> Period:
        """Return the period just before this one."""
        return Period(self.type, add_months(self.start, -MONTHS_IN[PeriodType(self.type)]))

    def bounds(self, tz: str | ZoneInfo) -> tuple[datetime, datetime]:
        """Return [start, next start) as aware datetimes at midnight in *tz*."""
        zone = ZoneInfo(tz) if isinstance(tz, str) else tz
        start, nxt = self.start, self.next_start
        return (
            datetime(start.year, start.month, 1, tzinfo=zone),
            datetime(nxt.year, nxt.month, 1, tzinfo=zone),
        )

    def contains(self, day: date) -> bool:
        return self.start <= day < self.next_start


def period_of(day: date, type_: str) -> Period:
    """Return the period of *type_* containing *day*."""
    if type_ == PeriodType.MONTH:
        return Period(PeriodType.MONTH, day.replace(day=1))
    if type_ == PeriodType.QUARTER:
        return Period(PeriodType.QUARTER, date(day.year, (day.month - 1) // 3 * 3 + 1, 1))
    return Period(PeriodType.YEAR, date(day.year, 1, 1))


def periods_between(first: Period, last: Period) -> list[Period]:
    """Return the periods from *first* to *last* inclusive (same type), oldest first."""
    out: list[Period] = []
    current = first
    while current <= last:
        out.append(current)
        current = Period(current.type, current.next_start)
    return out


def recent(last: Period, count: int) -> list[Period]:
    """Return *count* periods ending with *last*, oldest first."""
    out = [last]
    while len(out) < count:
        out.append(out[-1].previous())
    return out[::-1]


_PATTERNS = (
    (re.compile(r"(\d{4})-?(\d{2})"), PeriodType.MONTH),
    (re.compile(r"(\d{4})-?[Qq]([1-4])"), PeriodType.QUARTER),
    (re.compile(r"(\d{4})"), PeriodType.YEAR),
)


def parse_period(text: str) -> Period:
    """Parse ``2026-11``/``202611``, ``2026-Q4``/``2026Q4`` or ``2026``.

    Raise PeriodError (an Indonesian message) for anything else.
    """
    raw = (text or "").strip()
    for pattern, type_ in _PATTERNS:
        m = pattern.fullmatch(raw)
        if not m:
            continue
        year = int(m[1])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            break
        if type_ == PeriodType.MONTH:
            month = int(m[2])
            if not 1 <= month <= 12:
                break
            return Period(type_, date(year, month, 1))
        if type_ == PeriodType.QUARTER:
            return Period(type_, date(year, (int(m[2]) - 1) * 3 + 1, 1))
        return Period(type_, date(year, 1, 1))
    raise PeriodError(
        _("Periode '%(p)s' tidak dikenal; pakai 2026-11 (bulan), 2026-Q4 (triwulan) atau 2026.")
        % {"p": raw[:20]}
    )
