from __future__ import annotations

from datetime import date

import pytest

from balai.posyandu import prevalence, services
from balai.posyandu.models import ChildVisit, PrevalenceCell
from balai.posyandu.periods import Period, month_of, quarter_of
from balai.posyandu.tests.conftest import visit
from conftest import DESA_PINCARA, KEC_MASAMBA

pytestmark = pytest.mark.django_db

MARCH = Period("M", date(2025, 3, 1))
Q1 = Period("Q", date(2025, 1, 1))


def cell(period: Period, code: str = DESA_PINCARA) -> PrevalenceCell:
    return PrevalenceCell.objects.get(kind=period.kind, start=period.start, area_id=code)


def test_child_counts_once_per_quarter_on_the_latest_measurement(posyandu, make_child):
    child = make_child(posyandu, date(2024, 1, 10))
    # Stunted in January, normal length by March: the quarter uses March only.
    visit(posyandu, child, date(2025, 1, 15), "9.0", "70.0", "L")
    visit(posyandu, child, date(2025, 3, 15), "10.5", "80.0", "L")
    q = cell(Q1)
    assert (q.measured, q.with_zlen, q.stunted) == (1, 1, 0)
    jan = cell(Period("M", date(2025, 1, 1)))
    assert (jan.measured, jan.stunted) == (1, 1)


def test_latest_is_by_visit_date_not_entry_order(posyandu, make_child):
    child = make_child(posyandu, date(2024, 1, 10))
    visit(posyandu, child, date(2025, 3, 15), "10.5", "80.0", "L")
    visit(posyandu, child, date(2025, 1, 15), "9.0", "70.0", "L")  # entered later
    assert cell(Q1).stunted == 0


def test_cells_agree_with_live_counts_and_sum_up_the_tree(posyandu, make_child):
    kids = [make_child(posyandu, date(2023, 5, d)) for d in range(1, 6)]
    lengths = ["75.0", "85.0", "86.0", "72.0", "88.0"]
    for kid, length in zip(kids, lengths, strict=True):
        visit(posyandu, kid, date(2025, 3, 3), "11.0", length, "H")
    live = prevalence.live_counts(MARCH)
    assert live[DESA_PINCARA]["stunted"] == cell(MARCH).stunted == 2
    assert (
        prevalence.live_counts(MARCH, within=KEC_MASAMBA, prefix=8)[KEC_MASAMBA]["with_zlen"] == 5
    )
    sums = prevalence.cell_sums(KEC_MASAMBA, [MARCH], prefix=8)
    assert sums[(MARCH.start, KEC_MASAMBA)]["stunted"] == 2


def test_flagged_zscores_are_left_out_of_the_denominator(posyandu, make_child):
    child = make_child(posyandu, date(2024, 1, 10))
    visit(posyandu, child, date(2025, 3, 3), "10.0", "45.5", "L")  # zlen < -6: implausible
    c = cell(MARCH)
    assert (c.measured, c.with_zlen, c.stunted) == (1, 0, 0)


def test_deleting_a_visit_updates_the_cells(posyandu, make_child):
    child = make_child(posyandu, date(2024, 1, 10))
    v = visit(posyandu, child, date(2025, 3, 3), "9.0", "70.0", "L")
    assert cell(MARCH).stunted == 1
    services.child_visit_delete(actor=None, visit=v)
    assert not PrevalenceCell.objects.filter(kind="M", start=MARCH.start).exists()
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
