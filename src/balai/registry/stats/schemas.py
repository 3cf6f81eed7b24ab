"""API shapes of the statistics: every cell a count, with its denominator."""

from __future__ import annotations

from datetime import date

from ninja import Schema


class RowOut(Schema):
    value: int
    label: str
    male: int | str  # a count, or "<5" / "*" on public (suppressed) tables
    female: int | str
    total: int | str


class TableOut(Schema):
    key: str
    label: str
    denominator: dict[str, int | str]
    rows: list[RowOut]


class StatsOut(Schema):
    area: str
    name: str
    as_of: date
    suppressed: bool
    tables: list[TableOut]


class FigureOut(Schema):
    key: str
    label: str
    male: int
    female: int
    total: int


class LateOut(Schema):
    kind: str
    event_date: date
    report_date: date
    area: str
    sex: int
    counted: bool


class MonthlyOut(Schema):
    area: str
    name: str
    month: str
    basis: str
    basis_label: str
    figures: list[FigureOut]
    late_total: int
    late_counted: int
    late: list[LateOut]
