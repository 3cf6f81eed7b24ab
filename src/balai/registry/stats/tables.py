"""Cross-tabs of the living population by dimension x sex, for pages, API and XLSX.

Each cell is a count; each table carries its denominator (the area's living
population per sex), so percentages are always count / denominator of the
same area and day, and higher levels sum counts, never percentages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.cache import cache
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from balai.core.areacodes import kecamatan_code
from balai.regions.models import Area, Level
from balai.registry.stats import suppression
from balai.registry.stats.summary import (
    DIMENSIONS,
    NOT_FILLED,
    TOTAL,
    Counts,
    Dimension,
    area_counts,
    ensure_fresh,
    fingerprint,
    village_counts,
)

SEX_COLUMNS = ("male", "female", "total")
MANY_VALUES = 20  # dimensions with more values list only the non-zero ones


@dataclass
class Row:
    """One category: counts by sex, and how each cell is shown on a public page."""

    value: int
    label: str
    male: int
    female: int
    marks: dict[str, str] = field(default_factory=dict)  # column -> "<5" / "*"
    share: float | None = None  # percent of the denominator, set by ``finish``
    share_text: str = ""

    @property
    def total(self) -> int:
        return self.male + self.female

    def shown(self, column: str) -> str:
        """Return the cell as displayed: the count or its suppression mark."""
        mark = self.marks.get(column)
        return mark if mark else str(getattr(self, column))

    @property
    def suppressed(self) -> bool:
        return bool(self.marks)

    @property
    def shown_male(self) -> str:
        return self.shown("male")

    @property
    def shown_female(self) -> str:
        return self.shown("female")

    @property
    def shown_total(self) -> str:
        return self.shown("total")


@dataclass
class Table:
    """A dimension's rows with the denominator (living population by sex)."""

    key: str
    label: str
    rows: list[Row]
    denominator: Row

    def share(self, row: Row) -> float | None:
        """Return *row*'s share of the population in percent (None if not shown)."""
        if row.suppressed or self.denominator.suppressed or not self.denominator.total:
            return None
        return 100 * row.total / self.denominator.total

    def finish(self) -> Table:
        """Set every row's share once its suppression marks are known."""
        separator = str(formats.get_format("DECIMAL_SEPARATOR"))
        for row in self.rows:
            row.share = self.share(row)
            if row.share is not None:
                row.share_text = f"{row.share:.1f}".replace(".", separator)
        return self


@dataclass
class AreaStats:
    """All tables of one area on one day."""

    area: Area
    as_of: date
    tables: list[Table]
    public: bool = False

    @property
    def population(self) -> Row:
        return self.tables[0].denominator

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def _label(dim: Dimension, value: int) -> str:
    if value == NOT_FILLED:
        return _("Belum mengisi") if dim.key != "age" else _("Tanggal lahir kosong")
    for code, label in dim.choices:
        if code == value:
            return str(label)
    return _("Kode %(code)s") % {"code": value}


def build_tables(counts: Counts) -> list[Table]:
    """Turn ``{dimension: {value: [male, female]}}`` into ordered tables."""
    male, female = counts.get(TOTAL, {}).get(0, [0, 0])
    tables = []
    for dim in DIMENSIONS:
        found = counts.get(dim.key, {})
        values = [code for code, _l in dim.choices]
        if len(values) > MANY_VALUES:
            values = [v for v in values if sum(found.get(v, [0, 0]))]
        values += sorted(v for v in found if v not in values and v != NOT_FILLED)
        values.append(NOT_FILLED)
        cells = {v: found.get(v, [0, 0]) for v in values}
        rows = [Row(v, _label(dim, v), cells[v][0], cells[v][1]) for v in values]
        if dim.key == "age":
            rows = rows[:-1] if not sum(found.get(NOT_FILLED, [0, 0])) else rows
        tables.append(Table(dim.key, str(dim.label), rows, Row(0, _("Jumlah"), male, female)))
    return tables


def area_stats(area: Area) -> AreaStats:
    """Return the statistics of *area* (the caller has checked access)."""
    found = area_counts(area)
    tables = [t.finish() for t in build_tables(found.counts)]
    return AreaStats(area=area, as_of=found.as_of, tables=tables)


# ---- public, suppressed -------------------------------------------------------

Cell = tuple[str, str, int, int]  # (area code, dimension, value, column 0/1/2)


def _cells(code: str, counts: Counts, values: dict[Cell, int]) -> None:
    for dim, by_value in counts.items():
        for value, (male, female) in by_value.items():
            values[(code, dim, value, 0)] = male
            values[(code, dim, value, 1)] = female
            values[(code, dim, value, 2)] = male + female


_SUPPRESSED: dict[str, tuple[str, tuple[dict[str, Counts], dict[Cell, str]]]] = {}
SUPPRESSED_KEPT = 256  # kecamatan kept in this process
SUPPRESSED_SHARED_SECONDS = 26 * 3600  # the key holds the day: a day and a bit


def kecamatan_suppression(kecamatan_code: str) -> tuple[dict[str, Counts], dict[Cell, str]]:
    """Return the counts of a kecamatan and its villages, and the cells to hide.

    The kecamatan and all its villages are suppressed together (see
    ``suppression``), so no public page can be subtracted from another. The
    result is kept while the villages' versions and the day stay the same (it
    is the same for every visitor): in this process, and in the shared cache
    so a new process (a server start, another worker) does not compute it again.
    """
    today = timezone.localdate()
    versions, fresh = ensure_fresh(kecamatan_code, today)
    key = fingerprint(versions, today)
    hit = _SUPPRESSED.get(kecamatan_code)
    if hit is not None and hit[0] == key:
        return hit[1]
    shared = f"registry:suppressed:{kecamatan_code}:{key}"
    result: tuple[dict[str, Counts], dict[Cell, str]] | None = cache.get(shared)
    if result is None:
        result = _suppressed(kecamatan_code, village_counts(kecamatan_code, today, fresh=fresh))
        cache.set(shared, result, SUPPRESSED_SHARED_SECONDS)
    _SUPPRESSED.pop(kecamatan_code, None)
    _SUPPRESSED[kecamatan_code] = (key, result)
    while len(_SUPPRESSED) > SUPPRESSED_KEPT:  # the least recently computed go first
        _SUPPRESSED.pop(next(iter(_SUPPRESSED)))
    return result


def _suppressed(
    kecamatan_code: str, per_village: dict[str, Counts]
) -> tuple[dict[str, Counts], dict[Cell, str]]:
    kecamatan: Counts = {}
    for counts in per_village.values():
        for dim, by_value in counts.items():
            target = kecamatan.setdefault(dim, {})
            for value, (male, female) in by_value.items():
                cell = target.setdefault(value, [0, 0])
                cell[0] += male
                cell[1] += female
    areas = {kecamatan_code: kecamatan, **per_village}
    values: dict[Cell, int] = {}
    for code, counts in areas.items():
        _cells(code, counts, values)
    lines: list[list[Cell]] = []
    keys = {(dim, value) for counts in areas.values() for dim, vs in counts.items() for value in vs}
    by_dim: dict[str, list[tuple[str, int]]] = {}
    for dim, value in keys:
        if dim != TOTAL:
            by_dim.setdefault(dim, []).append((dim, value))
    for code in areas:
        for dim, value in keys:
            lines.append([(code, dim, value, col) for col in range(3)])
        for col in range(3):
            for dim_keys in by_dim.values():
                column = [(code, d, v, col) for d, v in dim_keys]
                lines.append([*column, (code, TOTAL, 0, col)])
    for dim, value in keys:
        for col in range(3):
            lines.append([(c, dim, value, col) for c in areas])
    totals = {(code, TOTAL, 0, col) for code in areas for col in range(3)}
    hidden = suppression.suppress(values, lines, last_resort=totals)
    return areas, hidden


def public_area_stats(area: Area) -> AreaStats:
    """Return the suppressed statistics of a village or kecamatan for public pages."""
    if area.level not in (Level.DESA_KELURAHAN, Level.KECAMATAN):
        raise ValueError(area.level)
    areas, hidden = kecamatan_suppression(kecamatan_code(area.code))
    counts = areas.get(area.code, {})
    tables = build_tables(counts)
    for table in tables:
        for row in [*table.rows, table.denominator]:
            dim, value = (TOTAL, 0) if row is table.denominator else (table.key, row.value)
            for col, name in enumerate(SEX_COLUMNS):
                mark = hidden.get((area.code, dim, value, col))
                if mark:
                    row.marks[name] = mark
        table.finish()
    return AreaStats(area=area, as_of=timezone.localdate(), tables=tables, public=True)


def as_json(stats: AreaStats) -> dict[str, Any]:
    """Return *stats* as plain data: numerator and denominator per cell."""
    tables = []
    for table in stats.tables:
        den = table.denominator
        tables.append(
            {
                "key": table.key,
                "label": table.label,
                "denominator": {c: _json_cell(den, c) for c in SEX_COLUMNS},
                "rows": [
                    {
                        "value": row.value,
                        "label": row.label,
                        **{c: _json_cell(row, c) for c in SEX_COLUMNS},
                    }
                    for row in table.rows
                ],
            }
        )
    return {
        "area": stats.area.code,
        "name": str(stats.area),
        "as_of": stats.as_of,
        "suppressed": stats.public,
        "tables": tables,
    }


def _json_cell(row: Row, column: str) -> int | str:
    mark = row.marks.get(column)
    return mark if mark else int(getattr(row, column))
