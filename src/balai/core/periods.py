"""Period parameters of dashboards and reports: one parser, bounded years.

Every page or endpoint that takes a year (``tahun``/``year``), a month
(``bulan``/``month`` as ``YYYY-MM``) or a day (``tanggal``, ISO) reads it
through these functions. A blank value gives the caller's default; anything
else must be well-formed and fall in ``MIN_YEAR`` .. next year, or a
``PeriodError`` (a ``DomainError``: 400 in the API, a form error on pages)
is raised. Unbounded years would otherwise overflow date arithmetic (month
ends, time-zone shifts) into server errors.
"""

from __future__ import annotations

import re
from datetime import date

from django.contrib import messages
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import DomainError

MIN_YEAR = 2000
MONTH_RE = re.compile(r"(\d{4})-(\d{1,2})")


class PeriodError(DomainError):
    code = "invalid_period"


def max_year() -> int:
    """Return the last year a period may name: next year (plans, due dates)."""
    return timezone.localdate().year + 1


def check_year(year: int) -> int:
    """Return *year* if it lies in MIN_YEAR .. next year; raise PeriodError otherwise."""
    if not MIN_YEAR <= year <= max_year():
        raise PeriodError(
            _("Tahun harus antara %(min)d dan %(max)d.") % {"min": MIN_YEAR, "max": max_year()},
            field_errors={"year": [_("Tahun di luar rentang.")]},
        )
    return year


def parse_year(raw: str | None, *, default: int) -> int:
    """Parse a year parameter (blank: *default*)."""
    raw = (raw or "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit():
        raise PeriodError(
            _("Tahun '%(v)s' tidak dikenal; tulis empat angka, misalnya 2026.") % {"v": raw[:20]},
            field_errors={"year": [_("Tahun tidak valid.")]},
        )
    return check_year(int(raw))


def parse_month(raw: str | None, *, default: tuple[int, int]) -> tuple[int, int]:
    """Parse a ``YYYY-MM`` month parameter into (year, month) (blank: *default*)."""
    raw = (raw or "").strip()
    if not raw:
        return default
    match = MONTH_RE.fullmatch(raw)
    if match is None or not 1 <= int(match[2]) <= 12:
        raise PeriodError(
            _("Bulan '%(v)s' tidak dikenal; tulis tahun-bulan, misalnya 2026-03.")
            % {"v": raw[:20]},
            field_errors={"month": [_("Bulan tidak valid.")]},
        )
    return check_year(int(match[1])), int(match[2])


def parse_day(raw: str | None, *, default: date) -> date:
    """Parse an ISO ``YYYY-MM-DD`` day parameter (blank: *default*)."""
    raw = (raw or "").strip()
    if not raw:
        return default
    try:
        day = date.fromisoformat(raw) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) else None
    except ValueError:
        day = None
    if day is None:
        raise PeriodError(
            _("Tanggal '%(v)s' tidak dikenal; tulis tahun-bulan-tanggal, misalnya 2026-03-31.")
            % {"v": raw[:20]},
            field_errors={"date": [_("Tanggal tidak valid.")]},
        )
    check_year(day.year)
    return day


def this_month() -> tuple[int, int]:
    """Return (year, month) of today in the server's time zone."""
    today = timezone.localdate()
    return today.year, today.month


# ---- pages: a bad value becomes a form error and the default period is shown --------


def year_param(request: HttpRequest, name: str = "tahun", *, default: int | None = None) -> int:
    """Return the year in ``request.GET[name]`` (this year when blank or invalid).

    An invalid value is reported to the user as an error message on the page.
    """
    fallback = default if default is not None else timezone.localdate().year
    try:
        return parse_year(request.GET.get(name), default=fallback)
    except PeriodError as exc:
        messages.error(request, exc.message)
        return fallback


def month_param(request: HttpRequest, name: str = "bulan") -> tuple[int, int]:
    """Return (year, month) in ``request.GET[name]`` (this month when blank or invalid)."""
    try:
        return parse_month(request.GET.get(name), default=this_month())
    except PeriodError as exc:
        messages.error(request, exc.message)
        return this_month()


def day_param(request: HttpRequest, name: str = "tanggal", *, default: date) -> date:
    """Return the day in ``request.GET[name]`` (*default* when blank or invalid)."""
    try:
        return parse_day(request.GET.get(name), default=default)
    except PeriodError as exc:
        messages.error(request, exc.message)
        return default
