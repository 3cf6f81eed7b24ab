"""Reads behind the supervision boards: scorecards, the village profile and the gap table.

Built only on the public reads of ``indicators.selectors`` (``grid``/``fact_sums`` for the
scorecards and the gap table, ``indicator_table`` for the village profile,
``targets_for``/``status_of`` for status), so every figure is a sum of village
facts and the engine's speed work applies here too. Nothing here writes.

- **Scorecard**: villages (of a kecamatan) or kecamatan (of a kabupaten) x
  the indicators of a theme (an indicator set) for one period; a kecamatan
  cell is the SUM of its villages' numerators and denominators.
- **Gap table**: per village, each basic-service indicator (sets
  ``BASIC_HEALTH``/``BASIC_EDUCATION``; numerator = served, denominator =
  demand) with gap = demand - served, coverage, and the supply of the
  indicator's service-point kinds (``facilities.selectors.supply_by_village``).
- **Village profile**: every indicator with its last 12 periods, status and
  gap, what changed since the previous period, and the open work from the
  letters, complaints and posyandu apps' own selectors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.errors import DomainError
from balai.indicators import registry
from balai.indicators.periods import FIRST_YEAR, Period, PeriodType, period_of, recent
from balai.indicators.registry import BASIC_EDUCATION, BASIC_HEALTH, Direction, Indicator
from balai.indicators.selectors import (
    LEVEL_OF_LENGTH,
    Target,
    Value,
    fact_sums,
    grid,
    indicator_table,
    status_of,
    targets_for,
)
from balai.regions.models import Area

VILLAGE = 13
KECAMATAN = 8
STATUS_LETTERS = {"met": "T", "near": "H", "not_met": "B"}
HISTORY = 12

# ---- themes --------------------------------------------------------------------------


def theme_indicators(theme: str, period_type: str) -> list[Indicator]:
    """Return the indicators of *theme* (a set code; "" = all) counted per *period_type*.

    Unknown theme: 404 (``IndicatorUnknown``) with an Indonesian message.
    """
    if theme:
        indicators = [registry.get(c) for c in registry.get_set(theme).codes]
    else:
        indicators = registry.all_indicators()
    return [i for i in indicators if period_type in i.period_types]


def theme_period_type(theme: str) -> str:
    """Return the period type a theme is shown in by default: its first indicator's (else month)."""
    if not theme:
        return PeriodType.MONTH
    codes = registry.get_set(theme).codes
    return registry.get(codes[0]).period_type if codes else PeriodType.MONTH


# ---- scorecards ----------------------------------------------------------------------


@dataclass
class ScoreRow:
    """One area's row of a scorecard: a value per indicator (same order as the columns)."""

    code: str
    name: str
    cells: list[Value]

    @property
    def met(self) -> int:
        return sum(1 for v in self.cells if v.status == "met")

    @property
    def rated(self) -> int:
        return sum(1 for v in self.cells if v.status is not None)


@dataclass
class Scorecard:
    """Areas one level below *area* (or its villages) x indicators, for one period."""

    area: Area
    period: Period
    indicators: list[Indicator]
    rows: list[ScoreRow] = field(default_factory=list)
    rows_at: int = VILLAGE

    @property
    def villages(self) -> bool:
        return self.rows_at >= VILLAGE


def scorecard(
    *, area: Area, indicators: list[Indicator], period: Period, rows_at: int = VILLAGE
) -> Scorecard:
    """Return the scorecard of *area*: one row per area under it whose code has *rows_at* chars.

    One read of the period and the one before (for the trend): the village
    facts, or for kecamatan rows their stored roll-ups (sums of the village
    counts by code prefix). Every active area of the row level appears, with 0/0 when it has
    no facts. The caller checked access to *area*.
    """
    card = Scorecard(area, period, indicators, rows_at=rows_at)
    previous = period.previous()
    # Village rows: the village facts (the grid); kecamatan rows: the
    # roll-ups the refresh stored (the same sums, 15 rows per cell instead of
    # a kabupaten's 173 villages).
    facts = fact_sums(
        codes=[i.code for i in indicators],
        periods=[period, previous],
        within=area.code,
        length=rows_at,
    )
    sums = {(code, start, row): nd for (code, _type, start, row), nd in facts.items()}
    names = dict(
        Area.objects.filter(
            code__within=area.code, level=LEVEL_OF_LENGTH[rows_at], is_active=True
        ).values_list("code", "name")
    )
    targets = targets_for(indicators, area.code, {period.start.year})
    for code, name in sorted(names.items()):
        cells = []
        for ind in indicators:
            num, den = sums.get((ind.code, period.start, code), (0, 0))
            prev = sums.get((ind.code, previous.start, code), (0, 0))
            target = targets.get((ind.code, period.start.year))
            cells.append(Value(ind, code, name, period, num, den, target, (prev[0], prev[1])))
        card.rows.append(ScoreRow(code, name, cells))
    return card


def sort_rows(rows: list[Any], key: str, descending: bool, columns: list[str]) -> list[Any]:
    """Return score rows ordered by *key*: "nama", "tercapai" or an indicator code.

    By an indicator: by its value, areas without a value always last.
    """
    if key in columns:
        index = columns.index(key)
        with_value = [r for r in rows if r.cells[index].value is not None]
        without = [r for r in rows if r.cells[index].value is None]
        with_value.sort(key=lambda r: (r.cells[index].value, r.name), reverse=descending)
        return with_value + sorted(without, key=lambda r: r.name)
    if key == "tercapai":
        return sorted(rows, key=lambda r: (r.met, r.rated), reverse=descending)
    return sorted(rows, key=lambda r: (r.name, r.code), reverse=descending)


# ---- gap table -----------------------------------------------------------------------

SECTORS = {"kesehatan": BASIC_HEALTH, "pendidikan": BASIC_EDUCATION}


def sector_indicators(sector: str) -> list[Indicator]:
    """Return the basic-service indicators of *sector* ("" = both) that are declared now."""
    sets = {s.code: s for s in registry.all_sets()}
    wanted = [SECTORS[sector]] if sector in SECTORS else list(SECTORS.values())
    out: list[Indicator] = []
    for set_code in wanted:
        if set_code in sets:
            out.extend(registry.get(c) for c in sets[set_code].codes)
    return out


def check_gap_params(*, sector: str, raw_year: str, this_year: int) -> int:
    """Return the gap table's year; raise DomainError (400, Indonesian) on a bad sector or year.

    The one check of the page and the API: *sector* "" (both), "kesehatan" or
    "pendidikan"; *raw_year* blank (this year) or FIRST_YEAR .. this year.
    """
    if sector and sector not in SECTORS:
        raise DomainError(
            _("Sektor '%(s)s' tidak dikenal; pilih kesehatan atau pendidikan.")
            % {"s": sector[:30]},
            code="unknown_sector",
        )
    raw_year = raw_year.strip() or str(this_year)
    if (
        not raw_year.isascii()
        or not raw_year.isdigit()
        or not (FIRST_YEAR <= int(raw_year) <= this_year)
    ):
        raise DomainError(
            _("Tahun '%(y)s' di luar data; pilih %(first)s sampai %(last)s.")
            % {"y": raw_year[:10], "first": FIRST_YEAR, "last": this_year},
            code="invalid_period",
        )
    return int(raw_year)


def year_period(indicator: Indicator, year: int, today: date) -> Period:
    """Return the period of *indicator* that stands for *year* in the gap table.

    The year itself when the indicator is counted per year; else its latest
    period in that year that has started (demand and coverage are then as of
    that month or quarter, never a sum of months).
    """
    if PeriodType.YEAR in indicator.period_types:
        return Period(PeriodType.YEAR, date(year, 1, 1))
    last_day = min(today, date(year, 12, 31))
    return period_of(last_day, indicator.period_type)


@dataclass
class Supply:
    kind: str
    label: str
    count: int
    nearest_km: float | None


@dataclass
class GapRow:
    """One village x one basic service: demand, served, gap, coverage and supply."""

    village_code: str
    village_name: str
    indicator: Indicator
    period: Period
    demand: int
    served: int
    target: Target | None
    supply: list[Supply]

    @property
    def gap(self) -> int:
        return self.demand - self.served

    @property
    def coverage(self) -> float | None:
        return self.indicator.value(self.served, self.demand)

    @property
    def status(self) -> str | None:
        return status_of(self.coverage, self.target)

    @property
    def has_list(self) -> bool:
        """Tell whether the indicator declares a by-name list of those not served."""
        return self.indicator.not_served is not None

    @property
    def points(self) -> int:
        return sum(s.count for s in self.supply)

    @property
    def per_point(self) -> float | None:
        """Return people in demand per service point (None without a point)."""
        return round(self.demand / self.points, 1) if self.points else None

    @property
    def nearest_km(self) -> float | None:
        found = [s.nearest_km for s in self.supply if s.nearest_km is not None]
        return min(found) if found else None


GAP_SORTS: dict[str, Callable[[GapRow], Any]] = {
    "desa": lambda r: (r.village_name, r.indicator.code),
    "layanan": lambda r: (str(r.indicator.name), r.village_name),
    "kebutuhan": lambda r: r.demand,
    "terlayani": lambda r: r.served,
    "kesenjangan": lambda r: r.gap,
    "cakupan": lambda r: r.coverage,
    "sarana": lambda r: r.points,
    "per_sarana": lambda r: r.per_point,
    "jarak": lambda r: r.nearest_km,
}


def gap_table(*, area: Area, sector: str, year: int, today: date) -> list[GapRow]:
    """Return a row per village under *area* and basic-service indicator of *sector*.

    Demand and served come from the facts (one ``grid`` read), the supply from
    ``supply_by_village`` (the points of the indicator's ``supply_kinds``).
    The caller checked access to *area*.
    """
    from balai.facilities.models import PointKind
    from balai.facilities.selectors import supply_by_village

    indicators = sector_indicators(sector)
    if not indicators:
        return []
    periods = {i.code: year_period(i, year, today) for i in indicators}
    facts = grid(
        codes=[i.code for i in indicators], within=area.code, periods=list(set(periods.values()))
    )
    supply = supply_by_village(within=area.code, today=today)
    targets = targets_for(indicators, area.code, {year})
    labels = dict(PointKind.choices)
    rows = []
    for village, info in supply.items():
        for ind in indicators:
            p = periods[ind.code]
            served, demand = facts.get((ind.code, p.type, p.start, village), (0, 0))
            points = [
                Supply(
                    kind,
                    str(labels.get(kind, kind)),
                    info["kinds"][kind]["count"],
                    info["kinds"][kind]["nearest_km"],
                )
                for kind in ind.supply_kinds
                if kind in info["kinds"]
            ]
            rows.append(
                GapRow(
                    village,
                    info["name"],
                    ind,
                    p,
                    demand,
                    served,
                    targets.get((ind.code, year)),
                    points,
                )
            )
    return sort_gap(rows, "kesenjangan", descending=True)


def sort_gap(rows: list[GapRow], key: str, *, descending: bool) -> list[GapRow]:
    """Return *rows* ordered by *key* (``GAP_SORTS``); rows without a value always last."""
    get = GAP_SORTS.get(key, GAP_SORTS["kesenjangan"])
    with_value = [r for r in rows if get(r) is not None]
    without = [r for r in rows if get(r) is None]
    with_value.sort(key=lambda r: (get(r), r.village_name), reverse=descending)
    return with_value + sorted(without, key=lambda r: r.village_name)


# ---- village profile -----------------------------------------------------------------


@dataclass
class ProfileLine:
    """One indicator on the village profile: the current value and its recent history."""

    value: Value
    history: list[Value]

    @property
    def indicator(self) -> Indicator:
        return self.value.indicator

    @property
    def unserved(self) -> int | None:
        """Return denominator - numerator for basic services (people not yet served)."""
        return self.value.den - self.value.num if self.indicator.supply_kinds else None

    @property
    def target_gap(self) -> float | None:
        """Return how far the value is from the target, in the indicator's unit (0 if met)."""
        v, t = self.value.value, self.value.target
        if v is None or t is None:
            return None
        gap = t.value - v if t.direction == Direction.AT_LEAST else v - t.value
        return max(gap, 0.0)

    @property
    def previous_status(self) -> str | None:
        return status_of(self.value.previous_value, self.value.target)

    @property
    def changed(self) -> bool:
        """Tell whether the value or the status moved since the previous period."""
        now, before = self.value.value, self.value.previous_value
        if now is None and before is None:
            return False
        if now is None or before is None:
            return True
        return abs(now - before) > 1e-9 or self.value.status != self.previous_status

    @property
    def sparkline(self) -> str:
        return sparkline_svg([v.value for v in self.history])


@dataclass
class WorkItem:
    label: str
    count: int
    url: str


@dataclass
class Profile:
    village: Area
    lines: list[ProfileLine]
    work: list[WorkItem]

    @property
    def changes(self) -> list[ProfileLine]:
        return [line for line in self.lines if line.changed]


def village_profile(*, user: Any, village: Area, on: date) -> Profile:
    """Return the profile of *village* as of *on* for *user* (who may view its indicators).

    One ``indicator_table`` read per period type (the last 12 periods of each
    indicator's main type, ending with the one containing *on*).
    """
    by_type: dict[str, list[Indicator]] = defaultdict(list)
    for ind in registry.all_indicators():
        by_type[ind.period_type].append(ind)
    lines: dict[str, ProfileLine] = {}
    for type_, indicators in by_type.items():
        periods = recent(period_of(on, type_), HISTORY)
        table = indicator_table(indicators=indicators, area=village, periods=periods)
        for ind in indicators:
            history = [table.cell(village.code, ind.code, p) for p in periods]
            lines[ind.code] = ProfileLine(history[-1], history)
    ordered = [lines[i.code] for i in registry.all_indicators()]
    return Profile(village, ordered, open_work(user=user, village=village, on=on))


def open_work(*, user: Any, village: Area, on: date) -> list[WorkItem]:
    """Return the open work in *village* that *user* may see, from each app's own selectors.

    Letters past their service standard, overdue complaints and the children
    and mothers on the posyandu follow-up list; an app the user has no
    permission for in the village is left out.
    """
    from balai.complaints.selectors import complaint_list
    from balai.letters.selectors.requests import RequestFilters, letter_request_list
    from balai.posyandu.selectors import followup

    work: list[WorkItem] = []
    if access.has_perm(user, Perm.LETTERS_VIEW, village):
        late = letter_request_list(
            user=user, filters=RequestFilters(overdue=True, area=village.code)
        ).count()
        work.append(
            WorkItem(
                _("Permohonan surat melewati standar waktu layanan"),
                late,
                reverse("letters:queue") + "?terlambat=1",
            )
        )
    if access.has_perm(user, Perm.COMPLAINTS_VIEW, village):
        overdue = complaint_list(user=user, overdue=True).filter(area__within=village.code)
        work.append(
            WorkItem(
                _("Pengaduan lewat batas waktu"),
                overdue.count(),
                reverse("complaints:queue") + "?terlambat=1",
            )
        )
    if access.has_perm(user, Perm.POSYANDU_VIEW, village):
        f = followup(user=user, on=on, within=village.code)
        url = reverse("posyandu:followup", args=[village.code])
        work.extend(
            [
                WorkItem(
                    _("Balita stunting/wasting perlu ditindaklanjuti"),
                    len(f.stunted) + len(f.wasted),
                    url,
                ),
                WorkItem(_("Balita 2T (berat tidak naik dua kali)"), len(f.faltering), url),
                WorkItem(_("Balita tidak ditimbang 2 bulan atau lebih"), len(f.not_weighed), url),
                WorkItem(_("Ibu hamil KEK/risiko tinggi"), len(f.mothers), url),
            ]
        )
    return work


def sparkline_svg(values: list[float | None], *, width: int = 96, height: int = 24) -> str:
    """Return an inline SVG line of *values* (oldest first; gaps where None).

    Numbers only go into the markup, so the result is safe to insert as is.
    """
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = width / max(len(values) - 1, 1)
    segments: list[list[str]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            segments.append([])
            continue
        y = height - 2 - (v - low) / span * (height - 4)
        segments[-1].append(f"{i * step:.1f},{y:.1f}")
    lines = "".join(
        f'<polyline points="{" ".join(s)}" fill="none" stroke="currentColor" stroke-width="1.5"/>'
        for s in segments
        if len(s) > 1
    )
    dots = "".join(
        f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="1.5" fill="currentColor"/>'
        for s in segments
        if len(s) == 1
        for p in s
    )
    return (
        f'<svg class="sparkline" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-hidden="true">{lines}{dots}</svg>'
    )
