"""Care standards: versions, trimesters, ANC 6 (1-2-3, two by a doctor), KF1-KF4, vaccines, KMS."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from balai.posyandu import care, services
from balai.posyandu.models import Growth, Pregnancy, PregnancyVisit, Vaccine
from balai.registry import codes
from balai.registry.tests.factories import make_resident
from conftest import DESA_PINCARA, login

HPHT = date(2025, 1, 6)
# Hand-worked: day 63 = week 9 (T1), 105 = w15 (T2), 147 = w21 (T2), 189 = w27 (T3),
# 231 = w33 (T3), 259 = w37 (T3); doctors in T1 and T3.
FULL = [
    care.AncVisit(HPHT + timedelta(days=63), by_doctor=True),
    care.AncVisit(HPHT + timedelta(days=105)),
    care.AncVisit(HPHT + timedelta(days=147)),
    care.AncVisit(HPHT + timedelta(days=189)),
    care.AncVisit(HPHT + timedelta(days=231), by_doctor=True),
    care.AncVisit(HPHT + timedelta(days=259)),
]


def test_the_version_in_force_follows_the_date():
    assert care.standard_for(date(2020, 6, 1)).regulation == "Permenkes 97/2014"
    current = care.standard_for(date(2025, 1, 6))
    assert current.regulation == "Permenkes 21/2021"
    assert (current.anc_min_visits, current.anc_per_trimester) == (6, (1, 2, 3))
    assert (current.anc_doctor_min, current.anc_doctor_trimesters) == (2, (1, 3))
    assert [w[0] for w in current.postnatal_visits] == ["KF1", "KF2", "KF3", "KF4"]


@pytest.mark.parametrize(
    ("weeks", "trimester"), [(0, 1), (12, 1), (13, 2), (24, 2), (25, 3), (40, 3)]
)
def test_trimester_cut_offs(weeks: int, trimester: int) -> None:
    assert care.standard_for(HPHT).trimester(weeks) == trimester


def test_six_visits_spread_1_2_3_with_two_doctors_meet_the_standard():
    review = care.anc_review(HPHT, FULL)
    assert review.per_trimester == [1, 2, 3]
    assert review.doctor_per_trimester == [1, 0, 1]
    assert review.complete


def test_six_visits_badly_spread_do_not_meet_the_standard():
    # The second-trimester visit at week 15 moved to week 11: T1 2, T2 1.
    moved = [FULL[0], care.AncVisit(HPHT + timedelta(days=77)), *FULL[2:]]
    review = care.anc_review(HPHT, moved)
    assert review.total == 6 and review.per_trimester == [2, 1, 3]
    assert review.missing() == [(2, 1)]
    assert not review.complete


def test_no_doctor_in_the_third_trimester_is_missing():
    without = [*FULL[:4], care.AncVisit(FULL[4].day), FULL[5]]
    review = care.anc_review(HPHT, without)
    assert review.doctor_missing() == [3]
    assert review.doctor_missing(current_trimester=2) == []
    assert not review.complete


def test_week_boundary_of_the_first_trimester():
    # 12 weeks 6 days is still trimester 1; 13 weeks 0 days is trimester 2.
    review = care.anc_review(HPHT, [care.AncVisit(HPHT + timedelta(days=90))])
    assert review.per_trimester == [1, 0, 0]
    review = care.anc_review(HPHT, [care.AncVisit(HPHT + timedelta(days=91))])
    assert review.per_trimester == [0, 1, 0]


def test_older_pregnancy_is_judged_by_the_older_standard():
    old = date(2019, 3, 1)
    visits = [care.AncVisit(old + timedelta(days=d)) for d in (56, 140, 210, 250)]
    review = care.anc_review(old, visits)
    assert review.standard.regulation == "Permenkes 97/2014"
    assert review.complete


def test_four_postnatal_windows():
    delivered = date(2025, 10, 1)
    checks = [date(2025, 10, 2), date(2025, 10, 6), date(2025, 10, 20)]
    windows = care.postnatal_review(delivered, checks)
    assert [(w.name, w.done) for w in windows] == [
        ("KF1", True),
        ("KF2", True),
        ("KF3", True),
        ("KF4", False),
    ]
    assert (windows[3].first, windows[3].last) == (date(2025, 10, 30), date(2025, 11, 12))
    # Day 8 is KF3, not KF2.
    assert [w.done for w in care.postnatal_review(delivered, [date(2025, 10, 9)])] == [
        False,
        False,
        True,
        False,
    ]


def test_schedule_has_pcv_rotavirus_and_ipv2():
    schedule = care.immunisation_schedule(date(2025, 1, 31), {"hb0", "bcg", "pcv1"})
    due = {d.vaccine: d for d in schedule}
    assert {"pcv1", "pcv2", "pcv3", "rv1", "rv2", "rv3", "ipv2"} <= set(due)
    assert all(v in Vaccine.values for v in due)
    assert due["pcv1"].due == date(2025, 3, 31) and due["pcv1"].given
    assert due["rv1"].due == date(2025, 3, 31) and not due["rv1"].given
    assert due["ipv2"].due == date(2025, 10, 31)
    assert due["pcv3"].due == date(2026, 1, 31)
    assert due["rv1"].overdue(date(2025, 4, 1)) and not due["rv1"].overdue(date(2025, 3, 30))
    assert due["rv1"].label == "Rotavirus 1"
    # A month without the birth day takes its last day.
    assert care.months_after(date(2024, 12, 31), 2) == date(2025, 2, 28)


def test_kms_month_zero_needs_800_grams():
    # Born 5 January 2025, weighed the next day and again four weeks later.
    first = (date(2025, 1, 6), 1, Decimal("3.0"))
    # 29 days old: 0 completed months; 700 g is below the 800 g minimum.
    assert services.growth_trend([first, (date(2025, 2, 3), 29, Decimal("3.7"))]) == [
        Growth.BARU,
        Growth.TIDAK_NAIK,
    ]
    assert services.growth_trend([first, (date(2025, 2, 3), 29, Decimal("3.8"))])[1] == (
        Growth.NAIK
    )


@pytest.mark.django_db
def test_pregnancy_page_reviews_anc_by_doctor_and_nifas(cadre, posyandu):
    mother = make_resident(
        f"{DESA_PINCARA}.01", name="Rina", sex=codes.Sex.FEMALE, birth_date=date(1996, 1, 1)
    )
    pregnancy = services.pregnancy_open(
        actor=cadre, posyandu=posyandu, mother=mother, first_day=date(2024, 9, 2), risk="normal"
    )
    client = login(cadre)
    url = f"/posyandu/kehamilan/{pregnancy.pk}/"
    client.post(
        url, {"visit_date": "2024-11-04", "anc": "on", "anc_by_doctor": "on", "risk": "normal"}
    )
    client.post(url, {"visit_date": "2024-12-09", "anc_by_doctor": "on", "risk": "normal"})
    visits = list(PregnancyVisit.objects.order_by("visit_date"))
    assert [(v.anc, v.anc_by_doctor) for v in visits] == [(True, True), (False, False)]
    client.post(
        url,
        {"visit_date": "2025-06-05", "delivered_on": "2025-06-01", "postnatal_check": "on",
         "risk": "normal"},
    )  # fmt: skip
    pregnancy.refresh_from_db()
    assert pregnancy.delivered_on == date(2025, 6, 1)
    page = client.get(url).content.decode()
    assert "Permenkes 21/2021" in page
    assert "ANC 1 dari minimal 6 kali, 1 oleh dokter (minimal 2)" in page
    assert "KF2 (04-06-2025\u201308-06-2025) ✓" in page
    assert "KF1 (01-06-2025\u201303-06-2025) —" in page
    assert Pregnancy.objects.count() == 1


@pytest.mark.django_db
def test_child_page_lists_the_schedule_with_overdue_doses(cadre, posyandu, make_child):
    child = make_child(posyandu, date(2025, 1, 10))
    page = login(cadre).get(f"/posyandu/anak/{child.pk}/").content.decode()
    assert "PCV 1" in page and "Rotavirus 3" in page and "IPV 2" in page
    assert "terlambat" in page  # today is 20 June 2025: the 2-4 month doses are late
