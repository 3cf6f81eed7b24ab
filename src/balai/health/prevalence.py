"""Prevalence parameters: the kabupaten's figure for a year, else the national default.

National defaults ship as data (``data/prevalence_defaults.json``) with their
source and whether it has been checked; a kabupaten's health office sets its
own figure per year (``PrevalenceParameter``), which then wins.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from balai.health.models import EstimatedGroup, PrevalenceParameter

DEFAULTS_FILE = Path(__file__).parent / "data" / "prevalence_defaults.json"


@dataclass(frozen=True)
class Rate:
    """One group's prevalence as used for a kabupaten and year."""

    group: str
    rate_percent: Decimal
    age_min: int
    age_max: int | None
    source: str
    confirmed: bool
    national: bool  # True: the shipped default, no kabupaten figure for the year
    year: int | None = None


@cache
def national_defaults() -> dict[str, Rate]:
    """Return the shipped national default of every estimated group."""
    data = json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))["groups"]
    return {
        group: Rate(
            group=group,
            rate_percent=Decimal(row["rate_percent"]),
            age_min=int(row["age_min"]),
            age_max=None if row["age_max"] is None else int(row["age_max"]),
            source=row["source"],
            confirmed=bool(row["confirmed"]),
            national=True,
        )
        for group, row in data.items()
        if group in EstimatedGroup.values
    }


def rates_for(kabupaten_codes: set[str], year: int) -> dict[str, dict[str, Rate]]:
    """Return ``{kabupaten: {group: Rate}}`` for *year*: the kabupaten's row or the default."""
    defaults = national_defaults()
    out = {code: dict(defaults) for code in kabupaten_codes}
    for row in PrevalenceParameter.objects.filter(area_id__in=kabupaten_codes, year=year):
        out[row.area_id][row.group] = Rate(
            group=row.group,
            rate_percent=row.rate_percent,
            age_min=row.age_min,
            age_max=row.age_max,
            source=row.source,
            confirmed=row.confirmed,
            national=False,
            year=row.year,
        )
    return out
