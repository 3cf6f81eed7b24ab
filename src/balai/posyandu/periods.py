"""Months and quarters as date ranges (periods are always keyed on the visit date)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from django.utils.translation import gettext as _

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


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month (kind ``M``) or quarter (``Q``) starting on *start*."""

    kind: str
    start: date

    @cached_property
    def end(self) -> date:
        """Return the last day of the period (worked out once: the KPM rules ask per target)."""
        months = 1 if self.kind == "M" else 3
        return add_months(self.start, months) - timedelta(days=1)

    @property
    def key(self) -> str:
        """Return ``2025-03`` (month) or ``2025-Q1`` (quarter)."""
        if self.kind == "M":
            return f"{self.start:%Y-%m}"
        return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"

    @property
    def label(self) -> str:
        """Return an Indonesian label: ``Maret 2025`` or ``Triwulan I 2025``."""
        if self.kind == "M":
            return f"{MONTH_NAMES[self.start.month - 1]} {self.start.year}"
        roman = ("I", "II", "III", "IV")[(self.start.month - 1) // 3]
        return f"Triwulan {roman} {self.start.year}"

    def previous(self) -> Period:
        """Return the period just before this one."""
        return Period(self.kind, add_months(self.start, -1 if self.kind == "M" else -3))

    def months(self) -> list[date]:
        """Return the first day of each month in the period."""
        count = 1 if self.kind == "M" else 3
        return [add_months(self.start, i) for i in range(count)]


def add_months(day: date, months: int) -> date:
    """Return the first day of the month *months* after *day*'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_of(day: date) -> Period:
    """Return the month containing *day*."""
    return Period("M", day.replace(day=1))


def quarter_of(day: date) -> Period:
    """Return the calendar quarter containing *day*."""
    return Period("Q", date(day.year, (day.month - 1) // 3 * 3 + 1, 1))


def periods_of(day: date) -> tuple[Period, Period]:
    """Return the month and the quarter containing *day*."""
    return month_of(day), quarter_of(day)


def parse_period(text: str, default: Period) -> Period:
    """Parse ``2025-03`` or ``2025-Q1`` (empty: *default*); DomainError otherwise."""
    text = (text or "").strip()
    if not text:
        return default
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12 and 2000 <= year <= 2100:
            return Period("M", date(year, month, 1))
    if m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", text):
        year = int(m[1])
        if 2000 <= year <= 2100:
            return Period("Q", date(year, (int(m[2]) - 1) * 3 + 1, 1))
    raise DomainError(_("Periode '%(p)s' tidak dikenal; pakai 2025-03 atau 2025-Q1.") % {"p": text})


def recent(last: Period, count: int) -> list[Period]:
    """Return *count* periods ending with *last*, oldest first."""
    out = [last]
    while len(out) < count:
        out.append(out[-1].previous())
    return out[::-1]
