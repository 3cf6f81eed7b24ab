"""Test helpers for modules that declare indicators (not used by the running site)."""

from __future__ import annotations

from typing import Any

from balai.indicators import registry
from balai.indicators.periods import parse_period
from balai.indicators.registry import Indicator, IndicatorSet, Scope, Selector
from balai.indicators.selectors import fact_sums
from balai.indicators.services import indicator_refresh_dirty


def fact(code: str, area_code: str, period_key: str, *, refresh: bool = True) -> tuple[int, int]:
    """Return (numerator, denominator) of *code* for *area_code* from the facts.

    With *refresh*, first run what the coalescing task runs after a commit:
    the refresh of every fact a write has marked stale.
    """
    if refresh:
        indicator_refresh_dirty()
    period = parse_period(period_key)
    sums = fact_sums(codes=[code], periods=[period], within=area_code, length=len(area_code))
    return sums.get((code, period.type, period.start, area_code), (0, 0))


def declare(monkeypatch: Any, *indicators: Indicator, sets: tuple[IndicatorSet, ...] = ()) -> None:
    """Declare *indicators* and *sets* for one test only (undone by *monkeypatch*)."""
    for indicator in indicators:
        monkeypatch.setitem(registry._INDICATORS, indicator.code, indicator)
    for indicator_set in sets:
        monkeypatch.setitem(registry._SETS, indicator_set.code, indicator_set)


def fixed_counts(counts: dict[tuple[str, str], int]) -> Selector:
    """Return a selector giving ``counts[(period key, village)]`` (narrowed to the scope).

    For test indicators whose figures are counted by hand in the test.
    """

    def selector(scope: Scope) -> dict[str, int]:
        return {
            village: n
            for (key, village), n in counts.items()
            if key == scope.period.key
            and (
                scope.within is None
                or any(village == c or village.startswith(c + ".") for c in scope.within)
            )
        }

    return selector
