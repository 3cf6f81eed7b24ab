"""System checks of the bundled reference data."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.checks import CheckMessage, Warning
from django.db import DatabaseError
from django.utils import timezone

from balai.core.workcalendar import load_default_holidays


def years_without_holidays(
    today: date, bundled: Iterable[date], national_rows: Iterable[date] = ()
) -> list[int]:
    """Return which of *today*'s year and the next have no national holiday data."""
    covered = {d.year for d in bundled} | {d.year for d in national_rows}
    return [year for year in (today.year, today.year + 1) if year not in covered]


def _national_rows(databases: Sequence[str] | None) -> list[date]:
    if not databases:
        return []
    from balai.core.models import Holiday

    found: list[date] = []
    for alias in databases:
        try:
            found.extend(
                Holiday.objects.using(alias)
                .filter(area__isnull=True, closed=True)
                .values_list("day", flat=True)
            )
        except DatabaseError:
            # No holiday table yet (before migrate): the file alone decides.
            continue
    return found


def check_holiday_data(
    app_configs: Any = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Warn when the current or the next year has no national holiday data.

    Working-day deadlines (letters, complaints) would then count every
    weekday, holidays included.
    """
    today = timezone.localdate()
    missing = years_without_holidays(today, load_default_holidays(), _national_rows(databases))
    return [
        Warning(
            f"No national holiday data for {year}: working-day deadlines will count "
            "holidays as working days.",
            hint=(
                f"Add the SKB 3 Menteri for {year} to balai/core/data/holidays_id.csv, or enter "
                "the national holidays (area empty) in the admin's holiday table."
            ),
            id="core.W001",
        )
        for year in missing
    ]
