"""Reads of the indicator engine: values by area and period from the facts.

Above the village a value is the SUM of the village numerators and
denominators grouped by code prefix in one SQL query (``substr`` on SQLite and
PostgreSQL alike); percentages are computed last, from the sums.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import Max, Min, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import areacodes, audit
from balai.core.areacodes import is_at_least_kabupaten, kabupaten_code
from balai.indicators.models import IndicatorFact, IndicatorRollup, IndicatorTarget
from balai.indicators.periods import Period, PeriodError, period_of
from balai.indicators.registry import VILLAGE_CODE_LENGTH, Direction, Indicator, level_length
from balai.regions.models import Area, Level

# Code lengths of the materialised roll-ups (province, kabupaten/kota, kecamatan).
ROLLUP_LENGTHS = (2, 5, 8)
# Code length of each level, and of the level below it.
CHILD_LENGTH = {0: 2, 2: 5, 5: 8, 8: 13, 13: 13}
STATUS_LABELS = {
    "met": gettext_lazy("tercapai"),
    "near": gettext_lazy("hampir"),
    "not_met": gettext_lazy("belum tercapai"),
}
TREND_LABELS = {
    "better": gettext_lazy("membaik"),
    "worse": gettext_lazy("memburuk"),
    "same": gettext_lazy("tetap"),
}


def child_length(code: str | None) -> int:
    """Return the code length of the areas one level below *code* (None: provinces)."""
    return CHILD_LENGTH[min(len(code or ""), VILLAGE_CODE_LENGTH)]


# ---- facts ---------------------------------------------------------------------------


Sums = dict[tuple[str, str, date, str], tuple[int, int]]


def fact_sums(
    *, codes: Iterable[str], periods: Iterable[Period], within: str | None, length: int
) -> Sums:
    """Return {(indicator, period type, period start, area prefix): (num, den)}.

    The rows of ``fact_rows`` keyed by cell and area.
    """
    rows = fact_rows(codes=codes, periods=periods, within=within, length=length)
    return {(c, t, s, a): (n, d) for c, t, s, a, n, d in rows}


Row = tuple[str, str, date, str, int, int]


def fact_rows(
    *, codes: Iterable[str], periods: Iterable[Period], within: str | None, length: int
) -> list[Row]:
    """Return the rows (indicator, period type, period start, area prefix, num, den).

    One query: facts of *codes* in *periods* under *within* (everywhere when
    None), summed per code prefix of *length* characters (13: per village);
    above the village it reads the roll-ups the refresh materialised (the
    same sums, written with the facts).
    The SQL selects exactly the wanted cells (each period type with its own
    starts) and the area as one prefix range on the grid index, and returns
    only the six columns, so the rows go into the dict as they come (no
    per-row conversion or check in Python: a kabupaten's grid is ~80,000
    facts).
    """
    # An indicator declared above the village has no rows below its level.
    codes = sorted({c for c in codes if length <= level_length(c)})
    periods = set(periods)
    if not codes or not periods:
        return []
    table = IndicatorFact._meta.db_table
    connection = connections[IndicatorFact.objects.db]
    postgres = connection.vendor == "postgresql"
    params: list[Any] = list(codes)
    where = [f"indicator IN ({', '.join(['%s'] * len(codes))})"]
    by_type: dict[str, list[date]] = {}
    for p in periods:
        by_type.setdefault(p.type, []).append(p.start)
    cells = []
    for type_, starts in sorted(by_type.items()):
        cells.append(f"(period_type = %s AND period_start IN ({', '.join(['%s'] * len(starts))}))")
        params += [type_, *sorted(starts)]
    where.append(f"({' OR '.join(cells)})")
    # Above the village, the materialised roll-ups of the smallest level that
    # holds both *within* and the rows asked for (a kabupaten's kecamatan:
    # the kecamatan rows, ~40 times fewer than its village facts).
    level = None
    if length < VILLAGE_CODE_LENGTH:
        level = next((n for n in ROLLUP_LENGTHS if n >= length and n >= len(within or "")), None)
    column = "area_code" if level is not None else "area_id"
    if level is not None:
        table = IndicatorRollup._meta.db_table
        where.append("level = %s")
        params.append(level)
    if within and len(within) >= VILLAGE_CODE_LENGTH:
        where.append("area_id = %s")
        params.append(within)
    elif within:
        # Codes under *within*: those between "<within>." and "<within>/" (the
        # next character), one range on the index (PostgreSQL: its
        # varchar_pattern_ops operators; SQLite: bytes); a roll-up row may be
        # *within* itself.
        below = (
            f"{column} ~>=~ %s AND {column} ~<~ %s"
            if postgres
            else f"{column} > %s AND {column} < %s"
        )
        if level is not None and level == len(within):
            where.append(f"({column} = %s OR ({below}))")
            params.append(within)
        else:
            # Rows of a level below *within* (a kabupaten's kecamatan) are never
            # *within* itself: the range alone, which the index answers (with
            # the OR, PostgreSQL scanned the whole roll-up table).
            where.append(below)
        params += [within + ".", within + "/"]
    conditions = " AND ".join(where)
    if length >= VILLAGE_CODE_LENGTH or level == length:
        # Village facts, or roll-up rows of exactly the level asked for: the
        # stored sums as they are (no GROUP BY).
        sql = (
            f"SELECT indicator, period_type, period_start, {column}, numerator, denominator "  # noqa: S608
            f"FROM {table} WHERE {conditions}"
        )
    else:
        sql = (
            f"SELECT indicator, period_type, period_start, substr({column}, 1, {int(length)}), "  # noqa: S608
            "CAST(SUM(numerator) AS BIGINT), CAST(SUM(denominator) AS BIGINT) "
            f"FROM {table} WHERE {conditions} GROUP BY 1, 2, 3, 4"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[Row] = cursor.fetchall()
    if rows and isinstance(rows[0][2], str):  # SQLite returns dates as text on raw cursors
        start_of = {p.start.isoformat(): p.start for p in periods}
        return [(c, t, start_of[s], a, n, d) for c, t, s, a, n, d in rows]
    return rows


# ---- targets -------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    value: float
    direction: str
    near_band: float
    source: str  # "kabupaten", "nasional" or "bawaan"

    @property
    def label(self) -> str:
        sign = "≥" if self.direction == Direction.AT_LEAST else "≤"
        return f"{sign} {format_number(self.value)}"


def targets_for(
    indicators: Iterable[Indicator], area_code: str | None, years: Iterable[int]
) -> dict[tuple[str, int], Target]:
    """Return the target of each indicator and year that applies in *area_code*.

    A kabupaten row (for areas in that kabupaten) beats the national row of
    the year, which beats the default declared with the indicator.
    """
    indicators, years = list(indicators), set(years)
    kabupaten = (
        kabupaten_code(area_code) if area_code and is_at_least_kabupaten(area_code) else None
    )
    rows = IndicatorTarget.objects.filter(
        indicator__in=[i.code for i in indicators], year__in=years
    ).filter(area__isnull=True) | IndicatorTarget.objects.filter(
        indicator__in=[i.code for i in indicators], year__in=years, area_id=kabupaten
    )
    found: dict[tuple[str, int, bool], IndicatorTarget] = {
        (t.indicator, t.year, t.area_id is not None): t for t in rows
    }
    out: dict[tuple[str, int], Target] = {}
    for ind in indicators:
        for year in years:
            row = found.get((ind.code, year, True)) or found.get((ind.code, year, False))
            if row is not None:
                out[(ind.code, year)] = Target(
                    float(row.value),
                    row.direction,
                    float(row.near_band),
                    "kabupaten" if row.area_id else "nasional",
                )
            elif ind.target is not None:
                out[(ind.code, year)] = Target(ind.target, ind.direction, ind.near_band, "bawaan")
    return out


# The direction as a plain string: reading an enum member off its class costs
# microseconds, and a kabupaten's table compares tens of thousands of values.
_AT_LEAST = str(Direction.AT_LEAST.value)


def status_of(value: float | None, target: Target | None) -> str | None:
    """Return met / near / not_met for *value* against *target* (None if either is missing)."""
    if value is None or target is None:
        return None
    gap = target.value - value if target.direction == _AT_LEAST else value - target.value
    if gap <= 1e-9:
        return "met"
    return "near" if gap <= target.near_band + 1e-9 else "not_met"


def trend_of(value: float | None, previous: float | None, direction: str) -> str | None:
    """Return better / worse / same compared with the previous period."""
    if value is None or previous is None:
        return None
    if abs(value - previous) < 1e-9:
        return "same"
    higher = value > previous
    return "better" if higher == (direction == _AT_LEAST) else "worse"


# ---- values --------------------------------------------------------------------------


def format_number(value: float | Decimal | None, decimals: int = 1) -> str:
    """Return *value* with an Indonesian decimal comma and dot thousands (``1.234,5``)."""
    if value is None:
        return "—"
    return f"{float(value):,.{decimals}f}".translate(_SWAP_SEPARATORS)


_SWAP_SEPARATORS = str.maketrans(",.", ".,")


class Value:
    """One indicator for one area and period: the counts, and what follows from them.

    The value, the previous value, the status and the trend are worked out
    once, when the Value is made (a kabupaten's whole table is tens of
    thousands of them, and a page reads each several times); the display
    text only when asked.
    """

    __slots__ = (
        "_display", "code", "den", "indicator", "name", "num", "period", "previous",
        "previous_value", "status", "target", "trend", "value",
    )  # fmt: skip

    def __init__(
        self,
        indicator: Indicator,
        code: str,
        name: str,
        period: Period,
        num: int = 0,
        den: int = 0,
        target: Target | None = None,
        previous: tuple[int, int] | None = None,
    ) -> None:
        self.indicator, self.code, self.name, self.period = indicator, code, name, period
        self.num, self.den, self.target, self.previous = num, den, target, previous
        factor = indicator.factor
        value = factor * num / den if den else None
        self.value: float | None = value
        before = None
        if previous is not None and previous[1]:
            before = factor * previous[0] / previous[1]
        self.previous_value: float | None = before
        self.status: str | None = None if target is None else status_of(value, target)
        self.trend: str | None = None
        if value is not None and before is not None:
            direction = target.direction if target is not None else indicator.direction
            self.trend = trend_of(value, before, direction)
        self._display: str | None = None

    def __repr__(self) -> str:
        return f"Value({self.indicator.code} {self.code} {self.period.key}: {self.num}/{self.den})"

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status or "", ""))

    @property
    def trend_label(self) -> str:
        return str(TREND_LABELS.get(self.trend or "", ""))

    @property
    def below_level(self) -> bool:
        """Tell whether the area lies below the indicator's level (it has no value there)."""
        return len(self.code) > self.indicator.level_length

    @property
    def note(self) -> str:
        """Return why there is no value (an indicator of a higher level), else ""."""
        return self.indicator.no_value_note(len(self.code)) if self.below_level else ""

    @property
    def band(self) -> str:
        """Return the owner's label of the value at the indicator's level (the IID predicate)."""
        band, value = self.indicator.band, self.value
        if band is None or value is None or len(self.code) != self.indicator.level_length:
            return ""
        return band(value, self.period)

    @property
    def display(self) -> str:
        """Return the value as shown: ``45,5%`` (or ``—`` without a denominator)."""
        if self._display is None:
            if self.value is None:
                self._display = "—"
                if self.below_level:  # an indicator of a higher level: not 0, no value here
                    below = _("desa") if self.is_village else _("kecamatan")
                    self._display = _("tidak ada nilai per %(area)s") % {"area": below}
            else:
                unit = self.indicator.unit
                text = format_number(self.value, self.indicator.decimals)
                text = f"{text}{unit}" if unit == "%" else f"{text} {unit}".rstrip()
                band = self.band
                self._display = f"{text} ({band})" if band else text
        return self._display

    @property
    def is_village(self) -> bool:
        return len(self.code) >= VILLAGE_CODE_LENGTH


class Cells(dict[tuple[str, str, Period], Value]):
    """The Values of a Table by (area code, indicator code, period).

    Holds the cells of the periods each indicator is computed for; a cell of
    any other period (a yearly indicator in a month) is made when first read,
    empty (0 / 0, shown as "—"), so a kabupaten's whole table does not build
    thousands of Values nobody can fill.
    """

    def __init__(self, table: Table) -> None:
        super().__init__()
        # A weak reference: table -> cells -> table would be a cycle, leaving
        # every table (and its thousands of Values) to the cyclic collector.
        self._table = weakref.ref(table)

    def __missing__(self, key: tuple[str, str, Period]) -> Value:
        code, indicator, period = key
        table = self._table()
        if table is None:
            raise KeyError(key)
        ind = next((i for i in table.indicators if i.code == indicator), None)
        name = dict(table.rows).get(code) if ind is not None else None
        if ind is None or name is None:
            raise KeyError(key)
        target = table.targets.get((indicator, period.start.year))
        value = self[key] = Value(ind, code, name, period, 0, 0, target, None)
        return value


@dataclass
class Table:
    """Values of several indicators for several areas (rows) and periods."""

    indicators: list[Indicator]
    periods: list[Period]
    rows: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    targets: dict[tuple[str, int], Target] = field(default_factory=dict)
    cells: Cells = field(init=False)

    def __post_init__(self) -> None:
        self.cells = Cells(self)

    def cell(self, code: str, indicator: str, period: Period) -> Value:
        return self.cells[(code, indicator, period)]

    def row_values(self, code: str, period: Period) -> list[Value]:
        return [self.cells[(code, i.code, period)] for i in self.indicators]


def check_period(indicators: Iterable[Indicator], period: Period, on: date) -> None:
    """Raise PeriodError (Indonesian) if *period* is in the future or before any fact."""
    indicators = list(indicators)
    if period.start > on:
        raise PeriodError(
            _("Periode %(p)s belum dimulai; data tersedia sampai %(now)s.")
            % {"p": period.key, "now": period_of(on, period.type).key}
        )
    wrong_type = [i.code for i in indicators if period.type not in i.period_types]
    if wrong_type:
        raise PeriodError(
            _("Indikator %(codes)s tidak dihitung per %(type)s.")
            % {"codes": ", ".join(wrong_type), "type": period.label.split()[0].lower()}
        )
    span = IndicatorFact.objects.filter(
        indicator__in=[i.code for i in indicators], period_type=period.type
    ).aggregate(first=Min("period_start"), last=Max("period_start"))
    if span["first"] is None:
        raise PeriodError(
            _("Belum ada data indikator untuk periode ini; fakta belum dihitung."),
            code="no_data",
        )
    if period.start < span["first"]:
        raise PeriodError(
            _("Periode %(p)s di luar data; data tersedia mulai %(first)s.")
            % {"p": period.key, "first": Period(period.type, span["first"]).key},
            code="no_data",
        )


LEVEL_OF_LENGTH = {
    2: Level.PROVINSI,
    5: Level.KABUPATEN_KOTA,
    8: Level.KECAMATAN,
    13: Level.DESA_KELURAHAN,
}


def indicator_table(
    *,
    indicators: list[Indicator],
    area: Area | None,
    periods: list[Period],
    children: bool = False,
    rows_at: int | None = None,
    trend: bool = True,
) -> Table:
    """Return the values of *indicators* for *area* or for the areas under it.

    Rows: *area* itself (default), each area one level below it
    (``children``), or each area under it whose code has *rows_at*
    characters (13: every village). One query reads the facts of the periods
    (and of the periods before them, for the trend); targets come from
    ``targets_for``. The caller checked access to *area*.
    """
    return _indicator_table(indicators, area, periods, children, rows_at, trend)


def _indicator_table(
    indicators: list[Indicator],
    area: Area | None,
    periods: list[Period],
    children: bool,
    rows_at: int | None,
    trend: bool,
) -> Table:
    code = area.code if area is not None else None
    if rows_at is None:
        rows_at = child_length(code) if children else len(code or "")
    wanted = set(periods) | ({p.previous() for p in periods} if trend else set())
    # The rows of each cell (indicator, period type, start) by area: one pass
    # over the rows, then one dict per cell instead of a 4-tuple key per value.
    by_cell: dict[tuple[str, str, date], dict[str, tuple[int, int]]] = {}
    for c, t, s, a, n, d in fact_rows(
        codes=[i.code for i in indicators], periods=wanted, within=code, length=rows_at
    ):
        cell = by_cell.get((c, t, s))
        if cell is None:
            cell = by_cell[(c, t, s)] = {}
        cell[a] = (n, d)
    table = Table(indicators, periods)
    if rows_at > len(code or ""):
        areas = Area.objects.filter(level=LEVEL_OF_LENGTH[rows_at], is_active=True)
        areas = areas.filter(code__within=code) if code else areas
        names = dict(areas.values_list("code", "name"))
        extra = {a for cell in by_cell.values() for a in cell} - set(names)
        names.update(dict(Area.objects.filter(code__in=extra).values_list("code", "name")))
        table.rows = sorted(names.items())
    else:
        table.rows = [(code or "", area.name if area else _("Indonesia"))]
    targets = table.targets = targets_for(indicators, code, {p.start.year for p in periods})
    # Built in bulk: the period arithmetic, targets and cells once per
    # indicator and period, then two lookups per row (a kabupaten's village
    # table is tens of thousands of Values).
    zero = (0, 0)
    empty: dict[str, tuple[int, int]] = {}
    cells = table.cells
    rows = table.rows
    for p in periods:
        prev = p.previous() if trend else None
        for ind in indicators:
            if p.type not in ind.period_types:
                continue  # not computed per this period: an empty cell when read (Cells)
            target = targets.get((ind.code, p.start.year))
            ind_code = ind.code
            here = by_cell.get((ind_code, p.type, p.start), empty)
            if prev is None:
                for row_code, name in rows:
                    num, den = here.get(row_code, zero)
                    cells[(row_code, ind_code, p)] = Value(
                        ind, row_code, name, p, num, den, target, None
                    )
                continue
            before = by_cell.get((ind_code, prev.type, prev.start), empty)
            for row_code, name in rows:
                num, den = here.get(row_code, zero)
                cells[(row_code, ind_code, p)] = Value(
                    ind, row_code, name, p, num, den, target, before.get(row_code, zero)
                )
    return table


def value_for(indicator: Indicator, area: Area, period: Period) -> Value:
    """Return one value of *indicator* for *area* and *period* (with target and trend)."""
    table = indicator_table(indicators=[indicator], area=area, periods=[period])
    return table.cells[(area.code, indicator.code, period)]


def grid(*, codes: list[str], within: str, periods: list[Period]) -> Sums:
    """Return every village fact under *within* for *codes* and *periods* (the scorecard grid)."""
    return fact_sums(codes=codes, periods=periods, within=within, length=VILLAGE_CODE_LENGTH)


# ---- by-name lists -------------------------------------------------------------------


def not_served_list(
    *, user: Any, indicator: Indicator, area: Area, period: Period
) -> QuerySet[Any]:
    """Return the people of *area* counted in the denominator but not yet served.

    Needs REGISTRY_VIEW in *area*; the rows are narrowed to the user's scope
    and the viewing is audited (one event naming the indicator, area, period).
    """
    if indicator.not_served is None:
        raise PeriodError(_("Indikator ini tidak punya daftar nama."), code="no_list")
    access.require(user, Perm.REGISTRY_VIEW, area)
    village_code = area.code if not area.is_subvillage else areacodes.village_code(area.code)
    qs = indicator.not_served(period, village_code)
    qs = access.scoped(qs, user, Perm.REGISTRY_VIEW)
    audit.record(
        actor=user,
        action="indicators.not_served_viewed",
        obj=area,
        data={"indicator": indicator.code, "period": period.key},
        kind=audit.ACCESS,
    )
    return qs


def facts_of(*, user: Any, codes: list[str], periods: list[Period]) -> QuerySet[IndicatorFact]:
    """Return the village facts of *codes* in *periods* inside *user*'s scope (for exports)."""
    qs = IndicatorFact.objects.filter(
        indicator__in=codes,
        period_type__in={p.type for p in periods},
        period_start__in={p.start for p in periods},
    )
    return access.scoped(qs, user, Perm.INDICATORS_VIEW).order_by(
        "indicator", "period_type", "period_start", "area_id"
    )
