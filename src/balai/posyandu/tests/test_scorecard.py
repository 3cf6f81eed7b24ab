"""The convergence scorecard, including every OpenSID v2410 defect of peers.md 1.8."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from balai.accounts.roles import Role
from balai.indicators.periods import Period as FactPeriod
from balai.indicators.services import indicator_refresh
from balai.indicators.testing import fact
from balai.posyandu import services
from balai.posyandu.models import Vaccine
from balai.posyandu.periods import Period
from balai.posyandu.scorecard import TS, T, Y, scorecard
from balai.posyandu.tests.conftest import visit
from balai.registry import codes
from balai.registry.tests.factories import make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA

pytestmark = pytest.mark.django_db

Q1 = Period("Q", date(2025, 1, 1))
Q3_2024 = Period("Q", date(2024, 7, 1))


@pytest.fixture
def kades(make_user):
    return make_user(Role.KEPALA_DESA, DESA_PINCARA, username="kades_sc")


def card_for(user, quarter=Q1, posyandu=None):
    return scorecard(user=user, within=DESA_PINCARA, quarter=quarter, posyandu=posyandu)


def child_marks(card, child):
    return next(t.marks for t in card.children.targets if t.resident.pk == child.pk)


def mother(posyandu, first_day=date(2024, 10, 1), **data):
    woman = make_resident(
        str(posyandu.area_id),
        name="Ibu Uji",
        sex=codes.Sex.FEMALE,
        birth_date=date(1995, 2, 3),
        **data,
    )
    return services.pregnancy_open(actor=None, posyandu=posyandu, mother=woman, first_day=first_day)


def test_back_entered_visit_counts_in_the_quarter_of_its_visit_date(kades, posyandu, make_child):
    # OpenSID keys quarters on created_at: a visit entered in June for January
    # would land in Q2. Here it counts in Q1 (the visit date).
    child = make_child(posyandu, date(2024, 10, 5))
    for month in (1, 2, 3):
        visit(posyandu, child, date(2025, month, 10), "7.0")
    assert child_marks(card_for(kades), child)["weighed"] == Y
    assert card_for(kades, Period("Q", date(2025, 4, 1))).children.targets == [] or all(
        t.marks["weighed"] != Y
        for t in card_for(kades, Period("Q", date(2025, 4, 1))).children.targets
    )


def test_weighings_outside_the_quarter_do_not_count(kades, posyandu, make_child):
    # OpenSID counts weighings over all the child's records, not the period.
    child = make_child(posyandu, date(2024, 6, 5))
    for month in (8, 9, 10, 11, 12):
        visit(posyandu, child, date(2024, month, 10), "7.0")
    visit(posyandu, child, date(2025, 1, 10), "7.5")
    marks = child_marks(card_for(kades), child)
    assert marks["weighed"] == T  # February and March missing
    assert marks["counselling"] == T


def test_every_month_of_q3_counts_into_q3(kades, posyandu, make_child):
    # OpenSID's PAUD tally folds July and September into June and uses August only for Q3.
    child = make_child(posyandu, date(2024, 1, 5))
    for month in (7, 8, 9):
        visit(posyandu, child, date(2024, month, 12), "8.0", counselling=True, parenting_class=True)
    marks = child_marks(card_for(kades, Q3_2024), child)
    assert (marks["weighed"], marks["counselling"], marks["parenting"]) == (Y, Y, Y)


def test_kek_mother_with_monthly_home_visits_gets_y(kades, posyandu):
    # OpenSID compares the numeric status to "KEK"/"RISTI": never satisfied.
    pregnancy = mother(posyandu)
    for month in (1, 2, 3):
        services.pregnancy_visit_record(
            actor=None,
            pregnancy=pregnancy,
            data=services.PregnancyVisitData(
                visit_date=date(2025, month, 8), muac_cm=Decimal("22.0"), home_visit=True, anc=True
            ),
        )
    pregnancy.refresh_from_db()
    assert pregnancy.kek
    card = card_for(kades)
    assert card.mothers.targets[0].marks["home_visit"] == Y
    assert card.mothers_kek_or_risk == 1


def test_normal_mother_home_visit_is_not_applicable(kades, posyandu):
    pregnancy = mother(posyandu)
    services.pregnancy_visit_record(
        actor=None,
        pregnancy=pregnancy,
        data=services.PregnancyVisitData(visit_date=date(2025, 1, 8), muac_cm=Decimal("26.0")),
    )
    assert card_for(kades).mothers.targets[0].marks["home_visit"] == TS


def test_children_are_targets_in_a_quarter_without_pregnant_women(kades, posyandu, make_child):
    # OpenSID only collects children inside the loop over mothers: 0 targets here.
    child = make_child(posyandu, date(2024, 10, 5))
    visit(posyandu, child, date(2025, 2, 10), "7.0")
    card = card_for(kades)
    assert card.mothers.targets == []
    assert card.target_count == 1
    assert card.households == 1


def test_posyandu_filter_applies_to_targets_and_mothers(
    kades, posyandu, other_posyandu, make_child
):
    # OpenSID ignores the selected posyandu in the target count (bug #7487).
    mine = make_child(posyandu, date(2024, 10, 5))
    theirs = make_child(other_posyandu, date(2024, 10, 6))
    visit(posyandu, mine, date(2025, 2, 10), "7.0")
    visit(other_posyandu, theirs, date(2025, 2, 10), "7.0")
    mother(other_posyandu)
    card = card_for(kades, posyandu=posyandu)
    assert [t.resident.pk for t in card.children.targets] == [mine.pk]
    assert card.mothers.targets == []
    assert card_for(kades).target_count == 3


def test_cadre_sees_only_own_posyandu_in_the_scorecard(cadre, posyandu, other_posyandu, make_child):
    # OpenSID has the restriction of posyandu users commented out.
    mine = make_child(posyandu, date(2024, 10, 5))
    theirs = make_child(other_posyandu, date(2024, 10, 6))
    visit(posyandu, mine, date(2025, 2, 10), "7.0")
    visit(other_posyandu, theirs, date(2025, 2, 10), "7.0")
    card = card_for(cadre)
    assert [t.resident.pk for t in card.children.targets] == [mine.pk]


def test_stunting_comes_from_the_zscores_not_a_typed_status(kades, posyandu, make_child):
    # OpenSID stores whatever the cadre typed; here the WHO engine decides.
    child = make_child(posyandu, date(2024, 1, 10))
    visit(posyandu, child, date(2025, 2, 10), "8.0", "68.0", "L")  # ~13 months, 68 cm: stunted
    card = card_for(kades)
    assert card.children_problem == 1
    assert card.growth_mat["merah"] == 1
    marks = child_marks(card, child)
    assert marks["home_visit"] == T  # problem detected in February, no home visits
    visit(posyandu, child, date(2025, 3, 10), "8.3", home_visit=True)
    # Latest measurement in the quarter is March (weight only, no length): no problem measured.
    assert child_marks(card_for(kades), child)["home_visit"] == TS


def test_immunisation_applies_to_infants_9_to_12_months(kades, posyandu, make_child):
    infant = make_child(posyandu, date(2024, 5, 1))  # 10 months at the end of Q1
    visit(posyandu, infant, date(2024, 6, 1), "5.0", immunisations=list(Vaccine.values)[:-1])
    visit(posyandu, infant, date(2025, 2, 1), "8.0", immunisations=[Vaccine.MR])
    assert child_marks(card_for(kades), infant)["immunisation"] == Y
    baby = make_child(posyandu, date(2024, 12, 1))
    visit(posyandu, baby, date(2025, 1, 5), "4.0")
    assert child_marks(card_for(kades), baby)["immunisation"] == TS


def test_percentages_are_counts_not_averages(kades, posyandu, make_child):
    a = make_child(posyandu, date(2024, 10, 5), birth_cert_no="AKTA-1")
    b = make_child(posyandu, date(2024, 10, 6))
    for month in (1, 2, 3):
        visit(posyandu, a, date(2025, month, 10), "7.0")
    visit(posyandu, b, date(2025, 1, 10), "7.0")
    card = card_for(kades)
    cov = {row["key"]: row for row in card.children.coverage()}
    assert (cov["weighed"]["received"], cov["weighed"]["applicable"]) == (1, 2)
    assert cov["birth_cert"]["percent"] == 50.0
    received = sum(t.received for t in card.children.targets)
    applicable = sum(t.applicable for t in card.children.targets)
    assert card.convergence == pytest.approx(100.0 * received / applicable)
    # The village figure is the indicator's fact. By hand: each child has 10
    # indicators, 2 not applicable (immunisation at 3-5 months, no home visit
    # due); a received "weighed" and "birth certificate", b nothing: 2 / 16.
    indicator_refresh(codes=["posyandu.konvergensi_anak", "posyandu.konvergensi"], periods=[
        FactPeriod("Q", Q1.start)
    ], on=date(2025, 3, 31))  # fmt: skip
    assert fact("posyandu.konvergensi_anak", DESA_PINCARA, "2025-Q1", refresh=False) == (2, 16)
    assert (received, applicable) == (2, 16)
    assert fact("posyandu.konvergensi", "73.22", "2025-Q1", refresh=False) == (2, 16)


def test_pregnancy_indicators_follow_the_trimester(kades, posyandu):
    pregnancy = mother(posyandu, first_day=date(2024, 7, 1))  # third trimester in Q1 2025
    for day in (date(2024, 9, 1), date(2024, 11, 1), date(2025, 1, 5), date(2025, 2, 5)):
        services.pregnancy_visit_record(
            actor=None,
            pregnancy=pregnancy,
            data=services.PregnancyVisitData(
                visit_date=day, anc=True, fe_tablets=30, counselling=True
            ),
        )
    marks = card_for(kades).mothers.targets[0].marks
    assert (marks["anc"], marks["fe"], marks["counselling"], marks["postnatal"]) == (Y, Y, Y, TS)


def test_postnatal_counts_in_the_quarter_the_nifas_ends(kades, posyandu):
    pregnancy = mother(posyandu, first_day=date(2024, 5, 1))
    services.pregnancy_visit_record(
        actor=None,
        pregnancy=pregnancy,
        data=services.PregnancyVisitData(
            visit_date=date(2025, 2, 1), delivered_on=date(2025, 1, 30), postnatal_check=True
        ),
    )
    for day in (date(2025, 2, 6), date(2025, 2, 20)):
        services.pregnancy_visit_record(
            actor=None,
            pregnancy=pregnancy,
            data=services.PregnancyVisitData(visit_date=day, postnatal_check=True),
        )
    marks = card_for(kades).mothers.targets[0].marks
    assert marks["postnatal"] == Y
    assert marks["anc"] in (Y, T)


Q4_2024 = Period("Q", date(2024, 10, 1))


def test_batched_convergence_counts_equal_the_scorecard_per_quarter(
    kades, posyandu, far_posyandu, make_child
):
    # Two villages, two quarters refreshed in one batch: the indicator's counts
    # equal the scorecard page's, counted by hand per target (Y, applicable).
    a = make_child(posyandu, date(2024, 10, 5), birth_cert_no="AKTA-1")
    for month in (1, 2, 3):
        visit(posyandu, a, date(2025, month, 10), "7.0")
    # c turns two on 2024-11-20: a target in Q4 2024 only, with nothing received.
    make_child(posyandu, date(2022, 11, 20))
    b = make_child(far_posyandu, date(2023, 2, 15))
    visit(
        far_posyandu, b, date(2024, 11, 10), "9.0", counselling=True, clean_water=True, latrine=True
    )
    visit(far_posyandu, b, date(2025, 1, 10), "9.2")
    visit(far_posyandu, b, date(2025, 2, 5), "9.3", parenting_class=True)
    pregnancy = mother(posyandu, first_day=date(2024, 10, 1), insurance=codes.Insurance.BPJS_PBI)
    services.pregnancy_visit_record(
        actor=None,
        pregnancy=pregnancy,
        data=services.PregnancyVisitData(
            visit_date=date(2025, 1, 8), anc=True, fe_tablets=30, counselling=True
        ),
    )
    # By hand. Children: 10 indicators, immunisation and home visit TS for all.
    #   a, Q4: birth certificate only (1, 8); Q1: weighed Jan-Mar + certificate (2, 8).
    #   c, Q4: nothing (0, 8).
    #   b (Pattimang), Q4: water, latrine (Nov answer) (2, 8);
    #     Q1 (under two until Feb 14): weighed Jan+Feb, water, latrine (3, 8).
    # Mother: 8 indicators, postnatal and home visit TS (6 applicable).
    #   Q4 (trimester 1, no visit yet): insurance (1, 6);
    #   Q1 (trimester 2): Fe 30 tablets, insurance (2, 6).
    expected = {
        ("posyandu.konvergensi_anak", DESA_PINCARA, "2024-Q4"): (1, 16),
        ("posyandu.konvergensi_anak", DESA_PINCARA, "2025-Q1"): (2, 8),
        ("posyandu.konvergensi_ibu", DESA_PINCARA, "2024-Q4"): (1, 6),
        ("posyandu.konvergensi_ibu", DESA_PINCARA, "2025-Q1"): (2, 6),
        ("posyandu.konvergensi", DESA_PINCARA, "2024-Q4"): (2, 22),
        ("posyandu.konvergensi", DESA_PINCARA, "2025-Q1"): (4, 14),
        ("posyandu.konvergensi_anak", DESA_PATTIMANG, "2024-Q4"): (2, 8),
        ("posyandu.konvergensi_anak", DESA_PATTIMANG, "2025-Q1"): (3, 8),
        ("posyandu.konvergensi", "73.22", "2024-Q4"): (4, 30),
        ("posyandu.konvergensi", "73.22", "2025-Q1"): (7, 22),
    }
    codes_ = ["posyandu.konvergensi", "posyandu.konvergensi_ibu", "posyandu.konvergensi_anak"]
    indicator_refresh(
        codes=codes_, periods=[FactPeriod("Q", Q4_2024.start), FactPeriod("Q", Q1.start)]
    )
    for (code, area, period), counts in expected.items():
        assert fact(code, area, period, refresh=False) == counts, (code, area, period)
    # The scorecard page of each village and quarter gives the same counts.
    for village in (DESA_PINCARA, DESA_PATTIMANG):
        for quarter in (Q4_2024, Q1):
            card = scorecard(user=None, within=village, quarter=quarter)
            children = (card.children.received, card.children.applicable)
            key = ("posyandu.konvergensi_anak", village, quarter.key)
            assert children == expected[key]
            mothers = (card.mothers.received, card.mothers.applicable)
            assert mothers == expected.get(
                ("posyandu.konvergensi_ibu", village, quarter.key), (0, 0)
            )
