from __future__ import annotations

from datetime import date

import pytest

from balai.indicators.models import IndicatorFact
from balai.indicators.testing import fact
from balai.posyandu import prevalence, services
from balai.posyandu.models import ChildVisit
from balai.posyandu.periods import Period, month_of, quarter_of
from balai.posyandu.tests.conftest import visit
from conftest import DESA_PINCARA, KEC_MASAMBA

pytestmark = pytest.mark.django_db

MARCH = Period("M", date(2025, 3, 1))
Q1 = Period("Q", date(2025, 1, 1))


def cell(period: Period, code: str = DESA_PINCARA) -> prevalence.Figures:
    """Return the figures of *code* read from the facts, after the marked refresh ran."""
    fact("posyandu.stunting", code, period.key)  # runs the refresh of marked facts
    return prevalence.figures_from_facts(code, [period], prefix=len(code))[(period.start, code)]


def test_child_counts_once_per_quarter_on_the_latest_measurement(posyandu, make_child):
    child = make_child(posyandu, date(2024, 1, 10))
    # Stunted in January, normal length by March: the quarter uses March only.
    visit(posyandu, child, date(2025, 1, 15), "9.0", "70.0", "L")
    visit(posyandu, child, date(2025, 3, 15), "10.5", "80.0", "L")
    q = cell(Q1).counts
    assert (q["measured"], q["with_zlen"], q["stunted"]) == (1, 1, 0)
    jan = cell(Period("M", date(2025, 1, 1))).counts
    assert (jan["measured"], jan["stunted"]) == (1, 1)
    assert fact("posyandu.stunting", DESA_PINCARA, "2025-Q1") == (0, 1)
    assert fact("posyandu.stunting", DESA_PINCARA, "2025-01") == (1, 1)


def test_latest_is_by_visit_date_not_entry_order(posyandu, make_child):
    child = make_child(posyandu, date(2024, 1, 10))
    visit(posyandu, child, date(2025, 3, 15), "10.5", "80.0", "L")
    visit(posyandu, child, date(2025, 1, 15), "9.0", "70.0", "L")  # entered later
    assert cell(Q1).counts["stunted"] == 0


def test_facts_agree_with_live_counts_and_sum_up_the_tree(posyandu, make_child):
    kids = [make_child(posyandu, date(2023, 5, d)) for d in range(1, 6)]
    lengths = ["75.0", "85.0", "86.0", "72.0", "88.0"]
    for kid, length in zip(kids, lengths, strict=True):
        visit(posyandu, kid, date(2025, 3, 3), "11.0", length, "H")
    live = prevalence.live_counts(MARCH)
    assert live[DESA_PINCARA]["stunted"] == cell(MARCH).counts["stunted"] == 2
    assert (
        prevalence.live_counts(MARCH, within=KEC_MASAMBA, prefix=8)[KEC_MASAMBA]["with_zlen"] == 5
    )
    # 2 of 5 children stunted: 75 and 72 cm at 22 months are below -2 SD.
    assert fact("posyandu.stunting", KEC_MASAMBA, "2025-03") == (2, 5)
    assert fact("posyandu.stunting", "73.22", "2025-03") == (2, 5)


def test_flagged_zscores_are_left_out_of_the_denominator(posyandu, make_child):
    child = make_child(posyandu, date(2024, 1, 10))
    visit(posyandu, child, date(2025, 3, 3), "10.0", "45.5", "L")  # zlen < -6: implausible
    c = cell(MARCH).counts
    assert (c["measured"], c["with_zlen"], c["stunted"]) == (1, 0, 0)
    assert fact("posyandu.stunting", DESA_PINCARA, "2025-03") == (0, 0)


def test_deleting_a_visit_updates_the_facts(posyandu, make_child):
    child = make_child(posyandu, date(2024, 1, 10))
    v = visit(posyandu, child, date(2025, 3, 3), "9.0", "70.0", "L")
    assert cell(MARCH).counts["stunted"] == 1
    services.child_visit_delete(actor=None, visit=v)
    assert fact("posyandu.stunting", DESA_PINCARA, "2025-03") == (0, 0)
    assert (
        not IndicatorFact.objects.filter(
            indicator__startswith="posyandu.", period_type="M", period_start=MARCH.start
        )
        .exclude(indicator="posyandu.cakupan")
        .exists()
    )
    assert ChildVisit.objects.count() == 0


def test_period_helpers():
    assert month_of(date(2025, 3, 31)) == MARCH
    assert quarter_of(date(2025, 3, 31)) == Q1
    assert quarter_of(date(2025, 9, 30)).start == date(2025, 7, 1)
    assert Period("Q", date(2025, 7, 1)).months() == [
        date(2025, 7, 1),
        date(2025, 8, 1),
        date(2025, 9, 1),
    ]
    assert MARCH.end == date(2025, 3, 31)
    assert Q1.label == "Triwulan I 2025"


def test_coverage_counts_children_alive_in_the_area_at_the_period_end(posyandu, make_child):
    from balai.posyandu.dashboard import under_five
    from balai.registry.services import resident_record_death

    make_child(posyandu, date(2023, 1, 1))
    died_later = make_child(posyandu, date(2023, 2, 1))
    died_before = make_child(posyandu, date(2023, 3, 1))
    make_child(None, date(2019, 1, 1), area=DESA_PINCARA)  # over five on 31 March 2025
    make_child(posyandu, date(2025, 4, 2))  # not born yet
    resident_record_death(actor=None, resident=died_later, event_date=date(2025, 5, 1))
    resident_record_death(actor=None, resident=died_before, event_date=date(2025, 2, 1))
    assert under_five(KEC_MASAMBA, MARCH.end, 13) == {DESA_PINCARA: 2}
    from balai.indicators.periods import Period as FactPeriod
    from balai.indicators.services import indicator_refresh

    indicator_refresh(codes=["posyandu.cakupan"], periods=[FactPeriod("M", MARCH.start)])
    # Nobody measured in March: 0 of the 2 children alive on 31 March.
    assert fact("posyandu.cakupan", DESA_PINCARA, "2025-03", refresh=False) == (0, 2)
