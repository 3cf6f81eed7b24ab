"""Prevalence of stunting, wasting, underweight and overweight, counted exactly.

Each child counts once per period, on their **latest measurement in the period
by visit date** (never a sum of months), in the village of that visit. The
latest visit is picked in SQL with ``ROW_NUMBER() OVER (PARTITION BY child
ORDER BY visit_date DESC, id DESC)`` (SQLite and PostgreSQL alike). A child
counts in an index's denominator only with a z-score that is not WHO-flagged.

``live_counts`` is the selector behind the posyandu indicators
(``posyandu/indicators.py``): the indicator engine stores its counts as facts
per village and period, and every page reads the facts (``figures_from_facts``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber, Substr

from balai.core.areacodes import village_code
from balai.posyandu.models import VILLAGE_CODE_LENGTH, ChildVisit
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
    ("wasting", "wasted", "with_zwfl", "Gizi kurang + gizi buruk (wasting)"),
    ("severe_wasting", "severely_wasted", "with_zwfl", "Gizi buruk"),
    ("underweight", "underweight", "with_zwei", "Berat badan kurang"),
    ("overweight", "overweight", "with_zwfl", "Gizi lebih"),
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


def villages_touched(resident_id: int, periods: Iterable[Period]) -> set[str]:
    """Return the villages where *resident_id* had visits in any of *periods*."""
    q = Q()
    for period in periods:
        q |= _in_period(period)
    codes = ChildVisit.objects.filter(q, resident_id=resident_id).values_list("area_id", flat=True)
    return {village_code(code) for code in codes}


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


# Indicator code -> (numerator count, denominator count); "under_five" is the
# registry denominator of coverage.
FACT_FIELDS: dict[str, tuple[str, str]] = {
    "posyandu.stunting": ("stunted", "with_zlen"),
    "posyandu.sangat_pendek": ("severely_stunted", "with_zlen"),
    "posyandu.wasting": ("wasted", "with_zwfl"),
    "posyandu.gizi_buruk": ("severely_wasted", "with_zwfl"),
    "posyandu.underweight": ("underweight", "with_zwei"),
    "posyandu.overweight": ("overweight", "with_zwfl"),
    "posyandu.cakupan": ("measured", "under_five"),
}


def figures_from_facts(
    within: str, periods: list[Period], *, prefix: int
) -> dict[tuple[date, str], Figures]:
    """Return Figures per (period start, code prefix) under *within*, read from the facts."""
    from balai.indicators.periods import Period as FactPeriod
    from balai.indicators.selectors import fact_sums

    sums = fact_sums(
        codes=list(FACT_FIELDS),
        periods=[FactPeriod(p.kind, p.start) for p in periods],
        within=within,
        length=prefix,
    )
    out: dict[tuple[date, str], Figures] = {}
    for (code, _type, start, area), (num, den) in sums.items():
        fig = out.setdefault((start, area), Figures(area, under_five=0))
        num_field, den_field = FACT_FIELDS[code]
        fig.counts[num_field] = num
        if den_field == "under_five":
            fig.under_five = den
        else:
            fig.counts[den_field] = den
    return out


def date_before(period: Period) -> date:
    """Return the last day of *period* (the day coverage is counted on)."""
    return period.end
