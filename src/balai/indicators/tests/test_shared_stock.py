"""A stock selector is counted once per refresh run and area, whatever the period."""

from __future__ import annotations

from datetime import date

from balai.indicators.periods import Period
from balai.indicators.registry import Scope, shared_stock

MONTH, QUARTER = Period("M", date(2026, 11, 1)), Period("Q", date(2026, 10, 1))


def test_month_and_quarter_of_one_run_share_the_count() -> None:
    calls: list[Scope] = []

    @shared_stock
    def count(scope: Scope) -> dict[str, tuple[int, int]]:
        calls.append(scope)
        return {"73.22.03.2004": (len(calls), 10)}

    first = count(Scope(MONTH, within=("73.22",), run=7))
    assert count(Scope(QUARTER, within=("73.22",), run=7)) == first  # one query for both
    assert len(calls) == 1
    count(Scope(QUARTER, within=("73.23",), run=7))  # another area: its own count
    assert len(calls) == 2
    assert count(Scope(MONTH, within=("73.22",), run=8)) != first  # a new run counts again
    assert len(calls) == 3
    count(Scope(MONTH, within=("73.22",)))  # outside a run nothing is kept
    count(Scope(MONTH, within=("73.22",)))
    assert len(calls) == 5
