"""The batched refresh of the posyandu indicators and the roll-up of its facts.

A full refresh counts every period of a type in one ranked query
(``indicators._visit_counts``); it must give, period by period, what the
per-period count (``prevalence.live_counts``) gives, and the kecamatan and
kabupaten figures must stay the sums of their villages after the refresh and
after a single write refreshed through the marks.
"""

from __future__ import annotations

from datetime import date

import pytest

from balai.indicators.periods import Period as FactPeriod
from balai.indicators.selectors import fact_sums
from balai.indicators.services import indicator_refresh, indicator_refresh_dirty
from balai.posyandu import prevalence
from balai.posyandu.periods import Period
from balai.posyandu.tests.conftest import visit
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MALANGKE, KEC_MASAMBA

pytestmark = pytest.mark.django_db

MONTHS = [FactPeriod("M", date(2025, m, 1)) for m in (1, 2, 3)]
Q1 = FactPeriod("Q", date(2025, 1, 1))
CODES = ["posyandu.stunting", "posyandu.wasting", "posyandu.cakupan"]


def _facts(code: str, period: FactPeriod, length: int) -> dict[str, tuple[int, int]]:
    sums = fact_sums(codes=[code], periods=[period], within=KAB_LUTRA, length=length)
    return {area: counts for (_c, _t, _s, area), counts in sums.items()}


def _assert_roll_up_is_the_sum_of_villages() -> None:
    for code in CODES:
        for period in [*MONTHS, Q1]:
            villages = _facts(code, period, 13)
            for length in (8, 5):
                expected: dict[str, tuple[int, int]] = {}
                for village, (num, den) in villages.items():
                    n, d = expected.get(village[:length], (0, 0))
                    expected[village[:length]] = (n + num, d + den)
                assert _facts(code, period, length) == expected, (code, period, length)


def test_batched_refresh_equals_per_period_counts_and_rolls_up(posyandu, far_posyandu, make_child):
    short = make_child(posyandu, date(2023, 5, 1))
    tall = make_child(posyandu, date(2023, 5, 2))
    far = make_child(far_posyandu, date(2023, 5, 3))
    # short: stunted in January and March (two March visits: the later counts).
    visit(posyandu, short, date(2025, 1, 10), "9.5", "74.0", "H")
    visit(posyandu, short, date(2025, 3, 3), "9.8", "86.0", "H")
    visit(posyandu, short, date(2025, 3, 20), "9.9", "75.0", "H")
    # tall: normal in February only.
    visit(posyandu, tall, date(2025, 2, 12), "11.5", "86.0", "H")
    # far (Pattimang, another kecamatan): stunted in January, normal in March.
    visit(far_posyandu, far, date(2025, 1, 15), "9.0", "72.0", "H")
    visit(far_posyandu, far, date(2025, 3, 25), "11.8", "88.0", "H")
    report = indicator_refresh(codes=CODES, periods=[*MONTHS, Q1])
    assert report.periods == len(CODES) * 4
    for period in [*MONTHS, Q1]:
        live = prevalence.live_counts(Period(period.type, period.start))
        for village in (DESA_PINCARA, DESA_PATTIMANG):
            counts = live.get(village, {})
            got = _facts("posyandu.stunting", period, 13).get(village, (0, 0))
            assert got == (counts.get("stunted", 0), counts.get("with_zlen", 0)), (period, village)
    # Counted by hand: January: short stunted in Pincara, far in Pattimang;
    # March: short (latest visit, 75 cm) stunted, far normal; the quarter:
    # each child once, on the latest visit of the quarter.
    stunting = {
        p.start.month if p.type == "M" else "Q1": _facts("posyandu.stunting", p, 13)
        for p in [*MONTHS, Q1]
    }
    assert stunting[1] == {DESA_PINCARA: (1, 1), DESA_PATTIMANG: (1, 1)}
    assert stunting[2] == {DESA_PINCARA: (0, 1)}
    assert stunting[3] == {DESA_PINCARA: (1, 1), DESA_PATTIMANG: (0, 1)}
    assert stunting["Q1"] == {DESA_PINCARA: (1, 2), DESA_PATTIMANG: (0, 1)}
    assert _facts("posyandu.stunting", Q1, 8) == {KEC_MASAMBA: (1, 2), KEC_MALANGKE: (0, 1)}
    assert _facts("posyandu.stunting", Q1, 5) == {KAB_LUTRA: (1, 3)}
    _assert_roll_up_is_the_sum_of_villages()

    # One write (tall measured stunted late in March), refreshed through its marks only.
    visit(posyandu, tall, date(2025, 3, 28), "10.0", "74.0", "H")
    indicator_refresh_dirty()
    assert _facts("posyandu.stunting", MONTHS[2], 13)[DESA_PINCARA] == (2, 2)
    assert _facts("posyandu.stunting", Q1, 13)[DESA_PINCARA] == (2, 2)
    assert _facts("posyandu.stunting", Q1, 5) == {KAB_LUTRA: (2, 3)}
    _assert_roll_up_is_the_sum_of_villages()
