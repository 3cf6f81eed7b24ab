"""Prevalence of stunting, wasting, underweight and overweight, counted exactly.

Each child counts once per period, on their **latest measurement in the period
by visit date** (never a sum of months), in the village of that visit. The
latest visit is picked in SQL with ``ROW_NUMBER() OVER (PARTITION BY child
ORDER BY visit_date DESC, id DESC)`` (SQLite and PostgreSQL alike). A child
counts in an index's denominator only with a z-score that is not WHO-flagged.

``cells_rebuild`` stores the counts per village and period in
``PrevalenceCell`` (services call it for the periods a write touches), so a
kabupaten page sums a few hundred rows instead of scanning millions of visits;
``live_counts`` computes the same numbers straight from the visits (tests check
that both agree).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber, Substr

from balai.posyandu.models import VILLAGE_CODE_LENGTH, ChildVisit, PrevalenceCell
from balai.posyandu.periods import Period

TARGET_STUNTING_PERCENT = 14.0  # Perpres 72/2021

_Z_OK = {
    "zlen": Q(zlen__isnull=False, flag_zlen=False),
    "zwfl": Q(zwfl__isnull=False, flag_zwfl=False),
    "zwei": Q(zwei__isnull=False, flag_zwei=False),
}
# Cell column -> condition on the child's latest visit.
CONDITIONS: dict[str, Q] = {
    "measured": Q(),
    "with_zlen": _Z_OK["zlen"],
    "stunted": _Z_OK["zlen"] & Q(zlen__lt=-2),
    "severely_stunted": _Z_OK["zlen"] & Q(zlen__lt=-3),
    "with_zwfl": _Z_OK["zwfl"],
    "wasted": _Z_OK["zwfl"] & Q(zwfl__lt=-2),
    "severely_wasted": _Z_OK["zwfl"] & Q(zwfl__lt=-3),
    "overweight": _Z_OK["zwfl"] & Q(zwfl__gt=2),
    "with_zwei": _Z_OK["zwei"],
    "underweight": _Z_OK["zwei"] & Q(zwei__lt=-2),
}
COUNT_FIELDS = tuple(CONDITIONS)
MEASURED = Q(weight_kg__isnull=False) | Q(lenhei_cm__isnull=False)

# (indicator, numerator, denominator, Indonesian label)
INDICATORS: tuple[tuple[str, str, str, str], ...] = (
    ("stunting", "stunted", "with_zlen", "Stunting (pendek + sangat pendek)"),
    ("severe_stunting", "severely_stunted", "with_zlen", "Sangat pendek"),
    ("wasting", "wasted", "with_zwfl", "Wasting (gizi kurang + gizi buruk)"),
    ("severe_wasting", "severely_wasted", "with_zwfl", "Gizi buruk"),
    ("underweight", "underweight", "with_zwei", "Berat badan kurang (underweight)"),
    ("overweight", "overweight", "with_zwfl", "Gizi lebih (overweight)"),
)


def latest_visits(visits: QuerySet[ChildVisit]) -> QuerySet[ChildVisit]:
    """Return, of *visits*, each child's latest visit with a measurement."""
    ranked = visits.filter(MEASURED).annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("resident_id")],
            order_by=[F("visit_date").desc(), F("id").desc()],
        )
    )
    return ranked.filter(rank=1)


def _aggregates() -> dict[str, Count]:
    return {
        name: Count("id", filter=cond) if cond else Count("id") for name, cond in CONDITIONS.items()
    }


def _in_period(period: Period) -> Q:
    return Q(visit_date__gte=period.start, visit_date__lte=period.end)


def live_counts(
    period: Period, *, within: str | None = None, prefix: int = VILLAGE_CODE_LENGTH
) -> dict[str, dict[str, int]]:
    """Count straight from the visits: {area code prefix: {count field: n}}.

    Only children whose latest visit in the period lies *within* the area count.
    """
    visits = ChildVisit.objects.filter(_in_period(period))
    if within:
        # Children seen in the area in the period; their latest visit may be elsewhere.
        children = visits.filter(area__within=within).values("resident_id")
        visits = visits.filter(resident_id__in=children)
    latest_ids = latest_visits(visits).values("id")
    rows = (
        ChildVisit.objects.filter(id__in=latest_ids)
        .filter(Q(area__within=within) if within else Q())
        .annotate(code=Substr("area_id", 1, prefix))
        .values("code")
        .annotate(**_aggregates())
        .order_by("code")
    )
    out: dict[str, dict[str, int]] = {}
    for row in rows:
        values: dict[str, Any] = dict(row)
        code = str(values.pop("code"))
        out[code] = {name: int(values[name] or 0) for name in COUNT_FIELDS}
    return out


@transaction.atomic
def cells_rebuild(periods: Iterable[Period], *, villages: Iterable[str] | None = None) -> int:
    """Recompute the cells of *villages* (all villages if None) for *periods*.

    Return the number of cells written. Cells with no measured child are removed.
    """
    written = 0
    village_list = sorted(set(villages)) if villages is not None else None
    for period in sorted(set(periods)):
        if village_list is None:
            counts = live_counts(period)
            PrevalenceCell.objects.filter(kind=period.kind, start=period.start).delete()
        else:
            counts = {}
            for code in village_list:
                counts.update(live_counts(period, within=code))
            PrevalenceCell.objects.filter(
                kind=period.kind, start=period.start, area_id__in=village_list
            ).delete()
        cells = [
            PrevalenceCell(area_id=code, kind=period.kind, start=period.start, **values)
            for code, values in counts.items()
            if values["measured"]
        ]
        PrevalenceCell.objects.bulk_create(cells, batch_size=1000)
        written += len(cells)
    return written


def villages_touched(resident_id: int, periods: Iterable[Period]) -> set[str]:
    """Return the villages where *resident_id* had visits in any of *periods*."""
    q = Q()
    for period in periods:
        q |= _in_period(period)
    codes = ChildVisit.objects.filter(q, resident_id=resident_id).values_list("area_id", flat=True)
    return {code[:VILLAGE_CODE_LENGTH] for code in codes}


@dataclass
class Figures:
    """Counts of one area in one period, with percentages computed from them."""

    code: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_FIELDS, 0))
    under_five: int | None = None

    def add(self, values: dict[str, int]) -> None:
        for name in COUNT_FIELDS:
            self.counts[name] += int(values.get(name) or 0)

    def percent(self, numerator: str, denominator: str) -> float | None:
        den = self.counts[denominator]
        return None if den == 0 else 100.0 * self.counts[numerator] / den

    @property
    def stunting(self) -> float | None:
        return self.percent("stunted", "with_zlen")

    @property
    def above_target(self) -> bool | None:
        value = self.stunting
        return None if value is None else value > TARGET_STUNTING_PERCENT

    @property
    def coverage(self) -> float | None:
        if not self.under_five:
            return None
        return 100.0 * self.counts["measured"] / self.under_five

    def rows(self) -> list[dict[str, object]]:
        """Return one row per indicator: key, label, numerator, denominator, percent."""
        return [
            {
                "key": key,
                "label": label,
                "numerator": self.counts[num],
                "denominator": self.counts[den],
                "percent": self.percent(num, den),
            }
            for key, num, den, label in INDICATORS
        ]


def cell_sums(
    within: str, periods: list[Period], *, prefix: int
) -> dict[tuple[date, str], dict[str, int]]:
    """Sum the cells under *within* per (period start, code prefix of length *prefix*)."""
    kinds = {p.kind for p in periods}
    starts = [p.start for p in periods]
    rows = (
        PrevalenceCell.objects.filter(kind__in=kinds, start__in=starts, area__within=within)
        .annotate(code=Substr("area_id", 1, prefix))
        .values("start", "code")
        .annotate(**{name: Sum(name) for name in COUNT_FIELDS})
        .order_by()
    )
    out: dict[tuple[date, str], dict[str, int]] = {}
    for row in rows:
        values: dict[str, Any] = dict(row)
        key = (values.pop("start"), str(values.pop("code")))
        out[key] = {name: int(values[name] or 0) for name in COUNT_FIELDS}
    return out


def date_before(period: Period) -> date:
    """Return the last day of *period* (the day coverage is counted on)."""
    return period.end
