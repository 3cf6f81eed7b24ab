"""The full refresh in several processes writes what the serial refresh writes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection

from balai.indicators.models import IndicatorFact, IndicatorRollup
from balai.indicators.periods import PeriodType
from balai.indicators.registry import Indicator
from balai.indicators.services import indicator_refresh_parallel, refresh_groups
from balai.indicators.testing import declare, fixed_counts
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, KEL_KAPPUNA

ON = date(2026, 3, 20)


def _indicator(code: str, owner: str, num: dict[Any, int], den: dict[Any, int]) -> Indicator:
    return Indicator(
        code=code,
        name=code,
        definition="uji",
        numerator=fixed_counts(num),
        denominator=fixed_counts(den),
        numerator_label="terlayani",
        denominator_label="sasaran",
        source="uji",
        period_types=(PeriodType.YEAR,),
        zoned=False,
        owner=owner,
        history_months=3,
    )


@pytest.fixture
def three(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    y = "2026"
    indicators = [
        _indicator("uja.a", "uja", {(y, DESA_PINCARA): 3}, {(y, DESA_PINCARA): 4}),
        _indicator("uja.b", "uja", {(y, KEL_KAPPUNA): 1}, {(y, KEL_KAPPUNA): 5}),
        _indicator(
            "ujb.c", "ujb", {(y, DESA_PATTIMANG): 2, (y, DESA_PINCARA): 1},
            {(y, DESA_PATTIMANG): 2, (y, DESA_PINCARA): 6},
        ),
    ]  # fmt: skip
    declare(monkeypatch, *indicators)
    return [i.code for i in indicators]


def test_groups_follow_the_owning_module_largest_first(three: list[str]) -> None:
    assert refresh_groups(three) == [["uja.a", "uja.b"], ["ujb.c"]]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_processes_write_every_fact_and_roll_up(tree: None, three: list[str]) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("forked workers need a database they can share (PostgreSQL)")
    report = indicator_refresh_parallel(codes=three, on=ON, workers=2)
    assert (report.indicators, report.written) == (3, 4)  # facts written by the workers
    facts = {
        (f.indicator, f.area_id): (f.numerator, f.denominator)
        for f in IndicatorFact.objects.filter(indicator__in=three)
    }
    assert facts == {
        ("uja.a", DESA_PINCARA): (3, 4),
        ("uja.b", KEL_KAPPUNA): (1, 5),
        ("ujb.c", DESA_PATTIMANG): (2, 2),
        ("ujb.c", DESA_PINCARA): (1, 6),
    }
    # The roll-ups of ujb.c: Pincara alone in Masamba; with Pattimang in the kabupaten.
    rollups = {
        r.area_code: (r.numerator, r.denominator)
        for r in IndicatorRollup.objects.filter(indicator="ujb.c")
    }
    assert rollups[KEC_MASAMBA] == (1, 6)
    assert rollups[KAB_LUTRA] == (3, 8)
