"""The prevalence page: per sub-area figures, coverage and trends, from indicator facts.

Numerators and denominators are summed up the tree from the per-village
facts of the posyandu indicators (``prevalence.figures_from_facts``);
percentages are computed last, from sums.
Coverage = children measured in the period / registry children under five
alive in the area at the period's end (residents currently alive, plus those
who died or left after that day).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr

from balai.core.areacodes import village_code
from balai.posyandu.models import KABUPATEN_CODE_LENGTH, KECAMATAN_CODE_LENGTH, VILLAGE_CODE_LENGTH
from balai.posyandu.periods import Period, month_of, recent
from balai.posyandu.prevalence import TARGET_STUNTING_PERCENT, Figures, figures_from_facts
from balai.regions.models import Area, Level
from balai.registry import codes
from balai.registry.models import POPULATION_DELTA, LifeEvent, Resident

TREND_MONTHS = 12
TREND_QUARTERS = 8
LEAVING = [kind for kind, delta in POPULATION_DELTA.items() if delta < 0]


def default_period(today: date) -> Period:
    """Return the month shown when none is chosen: the last complete one.

    The current month is still being entered (most posyandu weigh once a
    month), so its figures would look like a collapse in coverage.
    """
    return month_of(today).previous()


def child_prefix(area: Area) -> int:
    """Return the code length of the rows under *area* (kecamatan, village)."""
    if area.level in (Level.PROVINSI,):
        return KABUPATEN_CODE_LENGTH
    if area.level == Level.KABUPATEN_KOTA:
        return KECAMATAN_CODE_LENGTH
    return VILLAGE_CODE_LENGTH


def _under_five_parts(within: str, on: date) -> tuple[QuerySet[Resident], Exists]:
    born_after = (
        on.replace(year=on.year - 5)
        if not (on.month == 2 and on.day == 29)
        else on - timedelta(days=1826)
    )
    left_later = LifeEvent.objects.filter(
        resident=OuterRef("pk"), kind__in=LEAVING, event_date__gt=on
    )
    born = Resident.objects.filter(birth_date__gt=born_after, birth_date__lte=on)
    if within:
        born = born.filter(area__within=within)
    return born, Exists(left_later)


def under_five_residents(within: str, on: date) -> QuerySet[Resident]:
    """Return the registry children under five in *within* alive on *on*."""
    born, left_later = _under_five_parts(within, on)
    return born.filter(Q(status=codes.BasicStatus.ALIVE) | left_later)


def under_five(within: str, on: date, prefix: int) -> dict[str, int]:
    """Count registry children under five alive in *within* (all: "") on *on*, per code prefix."""
    born, left_later = _under_five_parts(within, on)
    counts: dict[str, int] = {}
    # Two plain queries rather than one OR: the alive count can use the indexes.
    for qs in (
        born.filter(status=codes.BasicStatus.ALIVE),
        born.exclude(status=codes.BasicStatus.ALIVE).filter(left_later),
    ):
        rows = (
            qs.annotate(code=Substr("area_id", 1, prefix))
            .values("code")
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in rows:
            counts[row["code"]] = counts.get(row["code"], 0) + row["n"]
    return counts


@dataclass
class TrendPoint:
    period: Period
    figures: Figures


@dataclass
class PrevalencePage:
    period: Period
    total: Figures
    rows: list[tuple[Area | None, Figures]] = field(default_factory=list)
    months: list[TrendPoint] = field(default_factory=list)
    quarters: list[TrendPoint] = field(default_factory=list)
    target: float = TARGET_STUNTING_PERCENT

    def trend_svg(self, kind: str = "M") -> str:
        return trend_svg(self.months if kind == "M" else self.quarters)


def prevalence_page(area: Area, period: Period) -> PrevalencePage:
    """Gather everything the prevalence page of *area* shows for *period* (from the facts)."""
    code = area.code if not area.is_subvillage else village_code(area.code)
    own = len(code)
    prefix = max(child_prefix(area), own)
    by_code = {
        sub: fig for (_start, sub), fig in figures_from_facts(code, [period], prefix=prefix).items()
    }
    total = Figures(code, under_five=0)
    for fig in by_code.values():
        total.add(fig.counts)
        total.under_five = (total.under_five or 0) + (fig.under_five or 0)
    names = {a.code: a for a in Area.objects.filter(code__in=list(by_code))}
    rows = [(names.get(sub), fig) for sub, fig in sorted(by_code.items())] if prefix > own else []
    page = PrevalencePage(period, total, rows)
    month_last = period if period.kind == "M" else Period("M", period.months()[-1])
    quarter_last = Period("Q", period.start) if period.kind == "Q" else _quarter(period)
    for periods, target in (
        (recent(month_last, TREND_MONTHS), page.months),
        (recent(quarter_last, TREND_QUARTERS), page.quarters),
    ):
        trend = figures_from_facts(code, periods, prefix=own)
        for p in periods:
            target.append(TrendPoint(p, trend.get((p.start, code), Figures(code))))
    return page


def _quarter(period: Period) -> Period:
    return Period("Q", date(period.start.year, (period.start.month - 1) // 3 * 3 + 1, 1))


def trend_svg(points: list[TrendPoint]) -> str:
    """Return a small SVG line chart of stunting % with the 14% target line."""
    width, height, left, bottom, top = 640, 220, 40, 36, 12
    values = [p.figures.stunting for p in points]
    known = [v for v in values if v is not None]
    y_max = max([TARGET_STUNTING_PERCENT * 2, *known]) * 1.1
    plot_w, plot_h = width - left - 12, height - top - bottom
    n = max(len(points) - 1, 1)

    def sx(i: int) -> float:
        return left + i * plot_w / n

    def sy(v: float) -> float:
        return top + (y_max - v) / y_max * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        'role="img" aria-label="Tren prevalensi stunting" data-chart="trend">',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#999"/>',
        f'<line x1="{left}" x2="{left + plot_w}" y1="{sy(TARGET_STUNTING_PERCENT):.1f}" '
        f'y2="{sy(TARGET_STUNTING_PERCENT):.1f}" stroke="#c62828" stroke-dasharray="6 4"/>',
        f'<text x="{left + plot_w - 2}" y="{sy(TARGET_STUNTING_PERCENT) - 4:.1f}" font-size="11" '
        f'text-anchor="end" fill="#c62828">target {TARGET_STUNTING_PERCENT:g}%</text>',
    ]
    for tick in range(0, int(y_max) + 1, 10):
        parts.append(
            f'<text x="{left - 4}" y="{sy(tick) + 4:.1f}" font-size="10" text-anchor="end">{tick}%</text>'
        )
    segment: list[str] = []
    for i, v in enumerate(values):
        if v is None:
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="#1565c0" stroke-width="2"/>'
                )
            segment = []
            continue
        segment.append(f"{sx(i):.1f},{sy(v):.1f}")
        parts.append(
            f'<circle cx="{sx(i):.1f}" cy="{sy(v):.1f}" r="3" fill="#1565c0">'
            f"<title>{escape(points[i].period.label)}: {v:.1f}%</title></circle>"
        )
    if len(segment) > 1:
        parts.append(
            f'<polyline points="{" ".join(segment)}" fill="none" stroke="#1565c0" stroke-width="2"/>'
        )
    step = max(1, len(points) // 6)
    for i in range(0, len(points), step):
        parts.append(
            f'<text x="{sx(i):.1f}" y="{height - 14}" font-size="10" text-anchor="middle">'
            f"{escape(points[i].period.key)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
