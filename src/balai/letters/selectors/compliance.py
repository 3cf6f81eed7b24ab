"""Service-time compliance per area and month, read from the indicator facts.

The figures are the letters module's indicators (``letters/indicators.py``):
``spm.surat`` (finished within the standard / due in the month, finished or
not), ``letters.ditolak`` (rejected or withdrawn / received) and
``spm.informasi`` (published catalogue standards / catalogue). Kecamatan and
kabupaten rows are sums of village facts by code prefix (the engine's
roll-up); percentages come last, from the sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q

from balai.indicators import registry
from balai.indicators.periods import Period
from balai.indicators.selectors import Value, indicator_table
from balai.letters.models import LetterRequest, Status
from balai.regions.models import Area

CODES = ("spm.surat", "letters.ditolak", "spm.informasi")


@dataclass
class Row:
    """One area's compliance figures for one month (values of the indicators)."""

    code: str
    name: str
    on_time: Value
    rejected: Value
    published: Value


def compliance_rows(*, area: Area, period: Period, villages: bool = False) -> list[Row]:
    """Return one row per area one level below *area* (or per village), from the facts."""
    indicators = registry.resolve(list(CODES))
    table = indicator_table(
        indicators=indicators,
        area=area,
        periods=[period],
        children=not villages,
        rows_at=13 if villages else None,
        trend=False,
    )
    return [
        Row(code, name, *(table.cell(code, c, period) for c in CODES)) for code, name in table.rows
    ]


def compliance_total(*, area: Area, period: Period) -> Row:
    """Return the figures of *area* itself."""
    indicators = registry.resolve(list(CODES))
    table = indicator_table(indicators=indicators, area=area, periods=[period], trend=False)
    return Row(area.code, str(area), *(table.cell(area.code, c, period) for c in CODES))


def ranking(rows: list[Row]) -> list[Row]:
    """Order areas best first: share within standard, then volume; areas with no data last."""
    return sorted(
        rows,
        key=lambda r: (r.on_time.value is None, -(r.on_time.value or 0), -r.on_time.den, r.code),
    )


def overdue_count(area_code: str, now: datetime, statuses: list[str]) -> int:
    """Return how many open requests in *area_code* with one of *statuses* are past due."""
    return LetterRequest.objects.filter(
        area__within=area_code, status__in=statuses, due_at__lt=now, completed_at__isnull=True
    ).count()


def waiting_counts(area_code: str, now: datetime) -> dict[str, tuple[int, int]]:
    """Return {status: (waiting, overdue)} of open requests in *area_code*."""
    rows = (
        LetterRequest.objects.filter(
            area__within=area_code,
            status__in=[Status.SUBMITTED, Status.VERIFIED, Status.APPROVED, Status.SIGNED],
        )
        .values("status")
        .annotate(
            n=Count("id"),
            late=Count("id", filter=Q(due_at__lt=now, completed_at__isnull=True)),
        )
    )
    return {r["status"]: (r["n"], r["late"]) for r in rows}
