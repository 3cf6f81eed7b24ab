"""Test helpers for modules that declare indicators (not used by the running site)."""

from __future__ import annotations

from balai.indicators.periods import parse_period
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
