"""Service-time compliance per village and month, summed up the tree (SPM Desa figures).

Requests are counted in the month they were received (in the area's time
zone). "Within standard" = completed (signed, countersigned if needed) no
later than the due time computed at submission in working time. Figures are
numerators and denominators; percentages are for display only.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Count, Q

from balai.letters.models import LetterRequest, ServiceStandard, Status
from balai.regions.models import Area, Level


@dataclass
class Figures:
    """One area's figures for one month."""

    code: str
    name: str
    requests: int = 0
    completed: int = 0
    within_standard: int = 0
    rejected: int = 0
    rejections: dict[str, int] = field(default_factory=dict)
    minutes: list[int] = field(default_factory=list)
    services_published: int = 0

    @property
    def median_minutes(self) -> float | None:
        return statistics.median(self.minutes) if self.minutes else None

    @property
    def percent_within(self) -> float | None:
        return 100 * self.within_standard / self.completed if self.completed else None

    def add(self, other: Figures) -> None:
        self.requests += other.requests
        self.completed += other.completed
        self.within_standard += other.within_standard
        self.rejected += other.rejected
        for reason, n in other.rejections.items():
            self.rejections[reason] = self.rejections.get(reason, 0) + n
        self.minutes.extend(other.minutes)
        self.services_published += other.services_published


def month_bounds(year: int, month: int, tz: str) -> tuple[datetime, datetime]:
    zone = ZoneInfo(tz)
    start = datetime(year, month, 1, tzinfo=zone)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=zone)
    return start, end


def compliance_by_village(*, area: Area, year: int, month: int) -> list[Figures]:
    """Return one Figures per village in *area* (itself if a village) for the month."""
    if area.level == Level.DESA_KELURAHAN:
        villages = [area]
    else:
        villages = list(
            Area.objects.filter(
                code__within=area.code, level=Level.DESA_KELURAHAN, is_active=True
            ).order_by("code")
        )
    rows = {v.code: Figures(code=v.code, name=str(v)) for v in villages}
    start, end = month_bounds(year, month, area.timezone)
    qs = LetterRequest.objects.filter(
        area__within=area.code, received_at__gte=start, received_at__lt=end
    ).values_list("area_id", "status", "completed_at", "due_at", "working_minutes", "reject_reason")
    for code, status, completed_at, due, minutes, reason in qs:
        row = rows.get(code)
        if row is None:
            continue
        row.requests += 1
        if status == Status.REJECTED:
            row.rejected += 1
            row.rejections[reason] = row.rejections.get(reason, 0) + 1
        elif completed_at is not None:
            row.completed += 1
            row.within_standard += completed_at <= due
            if minutes is not None:
                row.minutes.append(minutes)
    published = (
        ServiceStandard.objects.filter(area_id__in=list(rows), is_published=True)
        .values("area_id")
        .annotate(n=Count("id"))
    )
    for item in published:
        rows[item["area_id"]].services_published = item["n"]
    return list(rows.values())


def compliance_rollup(rows: list[Figures], *, length: int) -> list[Figures]:
    """Sum village rows into areas whose code is the first *length* characters (8 kec, 5 kab)."""
    names = dict(
        Area.objects.filter(code__in={r.code[:length] for r in rows}).values_list("code", "name")
    )
    totals: dict[str, Figures] = {}
    for row in rows:
        key = row.code[:length]
        total = totals.setdefault(key, Figures(code=key, name=names.get(key, key)))
        total.add(row)
    return list(totals.values())


def ranking(rows: list[Figures]) -> list[Figures]:
    """Order areas best first: share within standard, then volume; areas with no data last."""
    return sorted(
        rows,
        key=lambda r: (
            r.percent_within is None,
            -(r.percent_within or 0),
            r.median_minutes if r.median_minutes is not None else float("inf"),
            -r.requests,
        ),
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
