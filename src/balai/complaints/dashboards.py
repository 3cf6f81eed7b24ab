"""Dashboard figures: numerator and denominator per area and period, summed up the tree.

The ratios — complaints verified and resolved on time, and the IKM — are the
complaints module's indicators (``complaints/indicators.py``) read from the
indicator facts. Volumes (received, escalated, overdue, by status, category,
channel and month) are counted per complaint area in one grouped query and
added up to the children of the area by code prefix; percentages are computed
from sums, never averaged.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from balai.complaints.models import (
    OPEN_STATUSES,
    SKM_FIELDS,
    Channel,
    Complaint,
    Status,
    SurveyResponse,
)
from balai.indicators import registry
from balai.indicators.periods import Period as FactPeriod
from balai.indicators.selectors import indicator_table
from balai.regions.models import Area

# IKM quality bands (PermenPANRB 14/2017 as cited; ⚠ unconfirmed here, so kept
# as data): lower bound of the converted score (times 25) and the band.
IKM_FACTOR = 25
IKM_BANDS: tuple[tuple[float, str, str], ...] = (
    (88.31, "A", "Sangat Baik"),
    (76.61, "B", "Baik"),
    (65.00, "C", "Kurang Baik"),
    (25.00, "D", "Tidak Baik"),
)

COUNTS = (
    "total",
    "verified",
    "resolved",
    "escalated",
    "overdue",
    "rating_sum",
    "rating_count",
    # From the facts (due in the period, done or not; done by the deadline):
    "verify_due",
    "verified_on_time",
    "resolve_due",
    "resolved_on_time",
)
FACT_COUNTS = {
    "complaints.verifikasi": ("verified_on_time", "verify_due"),
    "spm.pengaduan": ("resolved_on_time", "resolve_due"),
}


@dataclass
class Row:
    """Sums for one area: every ratio is kept as numerator and denominator."""

    code: str
    name: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))

    def add(self, values: Mapping[str, Any]) -> None:
        for key in COUNTS:
            self.counts[key] += int(values.get(key) or 0)

    def pct(self, num: str, den: str) -> float | None:
        d = self.counts[den]
        return None if d == 0 else round(100 * self.counts[num] / d, 1)

    @property
    def verified_on_time_pct(self) -> float | None:
        return self.pct("verified_on_time", "verify_due")

    @property
    def resolved_on_time_pct(self) -> float | None:
        return self.pct("resolved_on_time", "resolve_due")

    @property
    def rating_avg(self) -> float | None:
        n = self.counts["rating_count"]
        return None if n == 0 else round(self.counts["rating_sum"] / n, 2)


@dataclass
class Figures:
    area: Area
    year: int
    total: Row
    children: list[Row]
    by_status: dict[str, int]
    by_category: dict[str, int]
    by_channel: dict[str, int]
    by_month: list[tuple[int, int, int]]  # month, received, resolved
    median_verify_hours: float | None
    median_resolve_days: float | None


def child_code(area: Area, code: str) -> str:
    """Return the code of *area*'s child on the path to *code* (or *code* itself)."""
    depth = len(area.code.split(".")) + 1
    return ".".join(code.split(".")[:depth])


def _year_range(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


def complaint_figures(*, area: Area, year: int, now: datetime | None = None) -> Figures:
    """Return the complaint figures of *area* for *year* (the caller checked access)."""
    now = now or timezone.now()
    start, end = _year_range(year)
    qs = Complaint.objects.filter(
        area__within=area.code, received_at__gte=start, received_at__lt=end
    )
    grouped = (
        qs.values("area_id")
        .order_by()
        .annotate(
            total=Count("id"),
            verified=Count("id", filter=Q(verified_at__isnull=False)),
            resolved=Count("id", filter=Q(resolved_at__isnull=False)),
            escalated=Count("id", filter=Q(escalation_level__gt=0)),
            overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due_at__lt=now)),
            rating_sum=Sum("rating"),
            rating_count=Count("rating"),
        )
    )
    names = dict(Area.objects.filter(parent=area).values_list("code", "name"))
    children: dict[str, Row] = {}
    total = Row(area.code, area.name)
    for values in grouped:
        code = child_code(area, values["area_id"])
        if code not in children:
            children[code] = Row(code, names.get(code, code))
        children[code].add(values)
        total.add(values)
    for code, name in names.items():
        children.setdefault(code, Row(code, name))
    _add_facts(area, FactPeriod("Y", date(year, 1, 1)), total, children)

    def by(field_name: str) -> dict[str, int]:
        return {
            str(k): n
            for k, n in qs.values_list(field_name)
            .order_by()
            .annotate(n=Count("id"))
            .values_list(field_name, "n")
        }

    status_labels = dict(Status.choices)
    channel_labels = dict(Channel.choices)
    received = dict(
        qs.annotate(m=ExtractMonth("received_at"))
        .values_list("m")
        .order_by()
        .annotate(n=Count("id"))
        .values_list("m", "n")
    )
    resolved = dict(
        qs.filter(resolved_at__isnull=False)
        .annotate(m=ExtractMonth("resolved_at"))
        .values_list("m")
        .order_by()
        .annotate(n=Count("id"))
        .values_list("m", "n")
    )
    verify_hours = [
        (v - r).total_seconds() / 3600
        for r, v in qs.filter(verified_at__isnull=False).values_list("received_at", "verified_at")
        if v is not None
    ]
    resolve_days = [
        (v - r).total_seconds() / 86400
        for r, v in qs.filter(resolved_at__isnull=False).values_list("received_at", "resolved_at")
        if v is not None
    ]
    return Figures(
        area=area,
        year=year,
        total=total,
        children=sorted(children.values(), key=lambda r: r.code),
        by_status={str(status_labels.get(k, k)): n for k, n in by("status").items()},
        by_category=by("category__name"),
        by_channel={str(channel_labels.get(k, k)): n for k, n in by("channel").items()},
        by_month=[(m, received.get(m, 0), resolved.get(m, 0)) for m in range(1, 13)],
        median_verify_hours=round(statistics.median(verify_hours), 1) if verify_hours else None,
        median_resolve_days=round(statistics.median(resolve_days), 1) if resolve_days else None,
    )


def _add_facts(area: Area, period: FactPeriod, total: Row, children: dict[str, Row]) -> None:
    """Fill the on-time counts of *total* and *children* from the indicator facts."""
    indicators = registry.resolve(list(FACT_COUNTS))
    own = indicator_table(indicators=indicators, area=area, periods=[period], trend=False)
    below = indicator_table(
        indicators=indicators, area=area, periods=[period], children=True, trend=False
    )
    for ind in indicators:
        num_key, den_key = FACT_COUNTS[ind.code]
        value = own.cell(area.code, ind.code, period)
        total.counts[num_key], total.counts[den_key] = value.num, value.den
        for code, name in below.rows:
            row = children.setdefault(code, Row(code, name))
            cell = below.cell(code, ind.code, period)
            row.counts[num_key], row.counts[den_key] = cell.num, cell.den


# ---- SKM ---------------------------------------------------------------------------


@dataclass
class SkmRow:
    code: str
    name: str
    responses: int = 0
    element_sums: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SKM_FIELDS, 0))
    # The IKM's counts, from the facts of the ``complaints.ikm`` indicator.
    score_sum: int = 0
    score_count: int = 0

    def add(self, values: Mapping[str, Any]) -> None:
        self.responses += int(values["responses"])
        for name in SKM_FIELDS:
            self.element_sums[name] += int(values[name] or 0)

    @property
    def numerator(self) -> int:
        """Sum of every score given (all nine elements), from the facts."""
        return self.score_sum

    @property
    def denominator(self) -> int:
        """Number of scores given (nine per response), from the facts."""
        return self.score_count

    def element_avg(self, name: str) -> float | None:
        return None if not self.responses else round(self.element_sums[name] / self.responses, 2)

    @property
    def ikm(self) -> float | None:
        """Return the IKM: the mean of the element means (equal weights 1/9) times 25."""
        if not self.denominator:
            return None
        return round(self.numerator / self.denominator * IKM_FACTOR, 2)

    @property
    def band(self) -> tuple[str, str] | None:
        return ikm_band(self.ikm)


def ikm_band(ikm: float | None) -> tuple[str, str] | None:
    """Return the quality band (letter, label) of a converted IKM score."""
    if ikm is None:
        return None
    for lower, letter, label in IKM_BANDS:
        if ikm >= lower:
            return letter, label
    return IKM_BANDS[-1][1], IKM_BANDS[-1][2]


def period_range(year: int, period: str) -> tuple[datetime, datetime]:
    """Return the bounds of a period: ``year``, ``s1``/``s2`` or ``q1``…``q4``."""
    tz = timezone.get_current_timezone()
    if period.startswith("s") and period[1:] in ("1", "2"):
        first = 1 if period == "s1" else 7
        last = first + 6
    elif period.startswith("q") and period[1:] in ("1", "2", "3", "4"):
        first = 3 * (int(period[1]) - 1) + 1
        last = first + 3
    else:
        first, last = 1, 13
    start = datetime(year, first, 1, tzinfo=tz)
    end = datetime(year + 1, 1, 1, tzinfo=tz) if last == 13 else datetime(year, last, 1, tzinfo=tz)
    return start, end


def survey_index(*, area: Area, year: int, period: str = "year") -> tuple[SkmRow, list[SkmRow]]:
    """Return the SKM sums of *area* and of each of its children for the period."""
    start, end = period_range(year, period)
    grouped = (
        SurveyResponse.objects.filter(
            area__within=area.code, submitted_at__gte=start, submitted_at__lt=end
        )
        .values("area_id")
        .order_by()
        .annotate(responses=Count("id"), **{name: Sum(name) for name in SKM_FIELDS})
    )
    names = dict(Area.objects.filter(parent=area).values_list("code", "name"))
    total = SkmRow(area.code, area.name)
    children: dict[str, SkmRow] = {}
    for values in grouped:
        code = child_code(area, values["area_id"])
        children.setdefault(code, SkmRow(code, names.get(code, code))).add(values)
        total.add(values)
    for code, name in names.items():
        children.setdefault(code, SkmRow(code, name))
    ikm = [registry.get("complaints.ikm")]
    periods = fact_periods(year, period)
    own = indicator_table(indicators=ikm, area=area, periods=periods, trend=False)
    below = indicator_table(indicators=ikm, area=area, periods=periods, children=True, trend=False)
    for p in periods:
        value = own.cell(area.code, "complaints.ikm", p)
        total.score_sum += value.num
        total.score_count += value.den
        for code, name in below.rows:
            row = children.setdefault(code, SkmRow(code, name))
            cell = below.cell(code, "complaints.ikm", p)
            row.score_sum += cell.num
            row.score_count += cell.den
    return total, sorted(children.values(), key=lambda r: r.code)


def fact_periods(year: int, period: str) -> list[FactPeriod]:
    """Return the fact periods making up ``year``, ``s1``/``s2`` or ``q1``…``q4``."""
    if period.startswith("q") and period[1:] in ("1", "2", "3", "4"):
        return [FactPeriod("Q", date(year, 3 * int(period[1]) - 2, 1))]
    if period in ("s1", "s2"):
        first = 1 if period == "s1" else 7
        return [FactPeriod("Q", date(year, first, 1)), FactPeriod("Q", date(year, first + 3, 1))]
    return [FactPeriod("Y", date(year, 1, 1))]
