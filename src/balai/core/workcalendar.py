"""Working-time arithmetic for service-time and complaint SLA clocks (Indonesia).

Pure Python (no Django). A :class:`WorkCalendar` knows the office's time zone (WIB,
WITA or WIT), weekend, office hours and holidays (national holidays plus cuti
bersama, see :func:`load_default_holidays`). All inputs must be timezone-aware; all
results are in the calendar's zone. Clock arithmetic is done on local wall-clock
time, so it stays right even in zones with DST (Indonesia has none).

Speed: each calendar precomputes a sorted table of working-day ordinals once (shared
between equal calendars), so every operation is a couple of binary searches, whatever
the number of days; computing due dates for 100,000 complaints takes well under a
second.
"""

from __future__ import annotations

import csv
import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from functools import cache, cached_property, lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

__all__ = [
    "HOLIDAY_KINDS",
    "WIB",
    "WIT",
    "WITA",
    "WorkCalendar",
    "load_default_holidays",
    "load_holidays",
]

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")

DEFAULT_HOLIDAYS_FILE = Path(__file__).resolve().parent / "data" / "holidays_id.csv"
HOLIDAY_KINDS = frozenset({"libur_nasional", "cuti_bersama"})

# Range of the precomputed working-day table; SLA clocks never leave it.
TABLE_START = date(1970, 1, 1)
TABLE_END = date(2199, 12, 31)

_US_PER_MINUTE = 60_000_000


def _us_of_day(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


def _time_of_us(us: int) -> time:
    seconds, micro = divmod(us, 1_000_000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return time(hour, minute, second, micro)


@lru_cache(maxsize=64)
def _working_day_ordinals(holidays: frozenset[date], weekend: frozenset[int]) -> tuple[int, ...]:
    """Return the sorted ordinals of all working days in the table range."""
    closed = {d.toordinal() for d in holidays}
    first, last = TABLE_START.toordinal(), TABLE_END.toordinal()
    # date.fromordinal(1) is a Monday, so weekday == (ordinal - 1) % 7.
    return tuple(
        o for o in range(first, last + 1) if (o - 1) % 7 not in weekend and o not in closed
    )


@dataclass(frozen=True, kw_only=True)
class WorkCalendar:
    """Office calendar: time zone, weekend, office hours, optional break, holidays.

    *weekend* uses ``date.weekday()`` numbers (Monday 0 … Sunday 6). *holidays* are
    local dates on which the office is closed (libur nasional, cuti bersama, and any
    local holidays a kabupaten or village adds).
    """

    tz: ZoneInfo
    holidays: frozenset[date] = frozenset()
    weekend: frozenset[int] = frozenset({5, 6})
    day_start: time = time(8, 0)
    day_end: time = time(16, 0)
    break_start: time | None = None
    break_end: time | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.tz, tzinfo):
            raise TypeError(f"tz must be a ZoneInfo, got {self.tz!r}")
        # Accept any iterable for convenience but store frozensets (hashable, cached).
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "weekend", frozenset(self.weekend))
        if any(isinstance(d, datetime) or not isinstance(d, date) for d in self.holidays):
            raise TypeError("holidays must contain dates, not datetimes")
        if not self.weekend <= set(range(7)) or len(self.weekend) == 7:
            raise ValueError("weekend must be a proper subset of 0..6")
        times = [self.day_start, self.day_end, self.break_start, self.break_end]
        if any(t is not None and t.tzinfo is not None for t in times):
            raise ValueError("office hours are local wall-clock times without tzinfo")
        if (self.break_start is None) != (self.break_end is None):
            raise ValueError("give both break_start and break_end, or neither")
        bounds = [t for t in times if t is not None]
        bounds = [bounds[0], *bounds[2:], bounds[1]]  # start, [break], end
        if any(a >= b for a, b in itertools.pairwise(bounds)):
            raise ValueError("need day_start < break_start < break_end < day_end")

    @classmethod
    def national(
        cls,
        tz: ZoneInfo | str,
        *,
        extra_holidays: Iterable[date] = (),
        include_cuti_bersama: bool = True,
        day_start: time = time(8, 0),
        day_end: time = time(16, 0),
        break_start: time | None = None,
        break_end: time | None = None,
    ) -> WorkCalendar:
        """Return a calendar with the bundled national holidays plus *extra_holidays*.

        *extra_holidays* are local holidays a kabupaten or village has declared.
        """
        holidays = load_default_holidays(include_cuti_bersama=include_cuti_bersama)
        return cls(
            tz=ZoneInfo(tz) if isinstance(tz, str) else tz,
            holidays=holidays | frozenset(extra_holidays),
            day_start=day_start,
            day_end=day_end,
            break_start=break_start,
            break_end=break_end,
        )

    # -- precomputed tables ---------------------------------------------------------

    @cached_property
    def _days(self) -> tuple[int, ...]:
        return _working_day_ordinals(self.holidays, self.weekend)

    @cached_property
    def _intervals(self) -> tuple[tuple[int, int], ...]:
        """Return the working intervals of a day in microseconds since midnight."""
        start, end = _us_of_day(self.day_start), _us_of_day(self.day_end)
        if self.break_start is None or self.break_end is None:
            return ((start, end),)
        return (
            (start, _us_of_day(self.break_start)),
            (_us_of_day(self.break_end), end),
        )

    @cached_property
    def _day_length(self) -> int:
        return sum(end - start for start, end in self._intervals)

    @cached_property
    def _end_us(self) -> int:
        return _us_of_day(self.day_end)

    # -- helpers --------------------------------------------------------------------

    def _local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"need a timezone-aware datetime, got {moment!r}")
        return moment.astimezone(self.tz)

    def _index(self, ordinal: int) -> int:
        """Return the table index of the first working day on or after *ordinal*."""
        days = self._days
        index = bisect_left(days, ordinal)
        if not days[0] <= ordinal <= days[-1] or index >= len(days):
            raise ValueError(f"date outside the supported range {TABLE_START}..{TABLE_END}")
        return index

    def _day_at(self, index: int) -> date:
        if index >= len(self._days):
            raise ValueError(f"result after the supported range (until {TABLE_END})")
        return date.fromordinal(self._days[index])

    def _receipt_index(self, local: datetime) -> int:
        """Return the index of the working day on which *local* is deemed received."""
        ordinal = local.toordinal()
        index = self._index(ordinal)
        if self._days[index] == ordinal and _us_of_day(local.time()) >= self._end_us:
            index += 1  # after closing time: received the next working day
        return index

    def _position(self, moment: datetime) -> int:
        """Return working microseconds from the table start up to *moment*."""
        local = self._local(moment)
        ordinal = local.toordinal()
        index = self._index(ordinal)
        if self._days[index] != ordinal:  # closed day: same as next opening
            return index * self._day_length
        now = _us_of_day(local.time())
        done = sum(min(max(now, start), end) - start for start, end in self._intervals)
        return index * self._day_length + done

    def _moment(self, position: int, *, prefer_end: bool) -> datetime:
        """Return the local moment at working *position* (inverse of _position).

        At an interval boundary, *prefer_end* picks the end of the earlier interval
        (a deadline at 16:00) rather than the start of the next one (08:00 next day).
        """
        index, offset = divmod(position, self._day_length)
        if prefer_end and offset == 0 and index > 0:
            index, offset = index - 1, self._day_length
        for start, end in self._intervals:
            length = end - start
            if offset < length or (prefer_end and offset == length):
                clock = _time_of_us(start + offset)
                break
            offset -= length
        else:  # pragma: no cover - divmod keeps offset within the day
            raise AssertionError(position)
        return datetime.combine(self._day_at(index), clock, tzinfo=self.tz)

    # -- public API -----------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Return True if the office is open on *day* (aware datetimes are localised)."""
        if isinstance(day, datetime):
            day = self._local(day).date()
        return day.weekday() not in self.weekend and day not in self.holidays

    def has_holiday_data_for(self, year: int) -> bool:
        """Return True if the holidays cover *year* (Indonesia has holidays every year).

        Use it to flag due dates computed with no holiday data for their year.
        """
        return any(d.year == year for d in self.holidays)

    def add_working_days(self, start: datetime, n: int) -> datetime:
        """Return the deadline *n* working days after *start*: closing time of that day.

        *start* is localised to the calendar's zone. Received on a working day before
        ``day_end`` (also before opening), that day is day 0; received after closing
        time or on a closed day, the next working day is day 0. The deadline is
        ``day_end`` on working day *n* after day 0, so n=0 means "the same working
        day" and a request received Monday 10:00 with n=5 is due next Monday at
        closing time (Tuesday … Monday, holidays skipped).
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        index = self._receipt_index(self._local(start))
        return datetime.combine(self._day_at(index + n), self.day_end, tzinfo=self.tz)

    def working_days_between(self, a: datetime, b: datetime) -> int:
        """Return the whole working days from *a* to *b*, negative if *b* is earlier.

        Counts the working days after *a*'s day 0 (as in :meth:`add_working_days`) up
        to and including *b*'s date, so ``working_days_between(a,
        add_working_days(a, n)) == n``. Use it for "late by N working days".
        """
        if b < a:
            return -self.working_days_between(b, a)
        first = self._receipt_index(self._local(a))
        last_date = self._local(b).toordinal()
        self._index(last_date)  # range check
        return max(0, bisect_right(self._days, last_date) - first - 1)

    def add_working_minutes(self, start: datetime, minutes: int) -> datetime:
        """Return the moment *minutes* of office time after *start*.

        Time outside office hours, breaks, weekends and holidays does not count. A
        result that falls exactly at closing time (or the start of the break) stays
        there rather than moving to the next opening. With minutes=0 the result is
        the first working moment at or after *start*.
        """
        if minutes < 0:
            raise ValueError(f"minutes must be >= 0, got {minutes}")
        position = self._position(start) + minutes * _US_PER_MINUTE
        return self._moment(position, prefer_end=minutes > 0)

    def working_minutes_between(self, a: datetime, b: datetime) -> int:
        """Return whole minutes of office time from *a* to *b* (negative if b < a)."""
        delta = self._position(b) - self._position(a)
        minutes = abs(delta) // _US_PER_MINUTE
        return minutes if delta >= 0 else -minutes


def load_holidays(path: Path | str, *, include_cuti_bersama: bool = True) -> frozenset[date]:
    """Return the dates in a holiday CSV (``date,name,kind,source``; ``#`` comments).

    Rows of kind ``cuti_bersama`` are left out when *include_cuti_bersama* is False.
    """
    with Path(path).open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.lstrip().startswith("#")]
    dates: set[date] = set()
    for line_no, row in enumerate(csv.DictReader(lines), start=2):
        kind = (row.get("kind") or "").strip()
        if kind not in HOLIDAY_KINDS:
            raise ValueError(f"{path}: data row {line_no}: unknown kind {kind!r}")
        if kind == "cuti_bersama" and not include_cuti_bersama:
            continue
        dates.add(date.fromisoformat((row.get("date") or "").strip()))
    return frozenset(dates)


@cache
def load_default_holidays(*, include_cuti_bersama: bool = True) -> frozenset[date]:
    """Return the bundled national holidays and cuti bersama (SKB 3 Menteri).

    Cuti bersama close government offices, so they are included by default.
    """
    return load_holidays(DEFAULT_HOLIDAYS_FILE, include_cuti_bersama=include_cuti_bersama)
