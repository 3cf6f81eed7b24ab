"""The SPM pendidikan coverage indicators, counted by hand from records made through services.

School year 2026/2027 runs (see conftest); ages are completed years on 1 July 2026.
"""

from __future__ import annotations

from datetime import date

import pytest

from balai.education import schooling
from balai.education.models import Level
from balai.education.services import enrolment_record
from balai.indicators import registry
from balai.indicators.periods import parse_period
from balai.indicators.services import indicator_refresh
from balai.indicators.testing import fact
from balai.registry import codes
from balai.registry.services import resident_record_death
from balai.registry.tests.factories import make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, KEL_KAPPUNA

pytestmark = pytest.mark.django_db

PAUD, SD, SMP, SMA = (b.code for b in schooling.BANDS)


def child(area: str, born: date, name: str, **data: object):
    return make_resident(
        area, name=name, birth_date=born, relation=codes.FamilyRelation.CHILD, **data
    )


@pytest.fixture
def village(schools):
    """Pincara, Kappuna (both Masamba) and Pattimang (Malangke) with hand-counted children."""
    s = schools
    kids = {
        # Pincara
        "a": child(DESA_PINCARA, date(2020, 8, 1), "A"),  # 5: PAUD roll
        "b": child(DESA_PINCARA, date(2020, 6, 30), "B"),  # 6: nothing
        "c": child(DESA_PINCARA, date(2018, 1, 10), "C"),  # 8: SD roll
        "d": child(  # 11 (born 1 July): registry says in SD
            DESA_PINCARA, date(2015, 7, 1), "D", education_current=codes.EducationCurrent.SD
        ),
        "k": child(DESA_PINCARA, date(2016, 2, 2), "K"),  # 10: nothing
        "e": child(DESA_PINCARA, date(2013, 3, 3), "E"),  # 13: SD roll last year only
        "f": child(  # 14: never; registry says not in school
            DESA_PINCARA, date(2012, 5, 5), "F", education_current=codes.EducationCurrent.NEVER
        ),
        "g": child(DESA_PINCARA, date(2009, 1, 1), "G"),  # 17: PKBM (Paket C)
        "h": child(DESA_PINCARA, date(2008, 6, 30), "H"),  # 18: SMA roll 2024 only
        "i": child(DESA_PINCARA, date(2007, 6, 30), "I"),  # 19: outside every band
        "j": child(DESA_PINCARA, date(2019, 3, 3), "J"),  # 7: on SD roll, then died
        # Kappuna (kelurahan in Masamba)
        "m": child(KEL_KAPPUNA, date(2018, 3, 1), "M"),  # 8: SD roll (school in Pincara)
        "n": child(KEL_KAPPUNA, date(2017, 3, 1), "N"),  # 9: nothing
        # Pattimang (Malangke)
        "p": child(DESA_PATTIMANG, date(2016, 4, 4), "P"),  # 10: SD roll
    }
    for key, school, level, year in (
        ("a", "paud", Level.PAUD, 2026),
        ("c", "sd", Level.SD, 2026),
        ("e", "sd", Level.SD, 2025),
        ("g", "pkbm", Level.PKBM, 2026),
        ("h", "sma", Level.SMA, 2024),
        ("j", "sd", Level.SD, 2026),
        ("m", "sd", Level.SD, 2026),
        ("p", "sd_pattimang", Level.SD, 2026),
    ):
        enrolment_record(
            actor=None, resident=kids[key], school=s[school], level=level, school_year=year
        )
    resident_record_death(actor=None, resident=kids["j"], event_date=date(2026, 8, 1))
    return kids


def test_the_set_holds_one_indicator_per_band_with_its_supply_kinds():
    the_set = registry.get_set(registry.BASIC_EDUCATION)
    assert the_set.codes == (PAUD, SD, SMP, SMA)
    kinds = [registry.get(code).supply_kinds for code in the_set.codes]
    assert kinds == [("paud",), ("sd", "pkbm"), ("smp", "pkbm"), ("sma", "pkbm")]
    assert all(registry.get(c).period_types == ("Y",) for c in the_set.codes)
    assert all("PP No. 2 Tahun 2018" in str(registry.get(c).source) for c in the_set.codes)


def test_village_values_counted_by_hand(village):
    assert fact(PAUD, DESA_PINCARA, "2026") == (1, 2)  # a of a, b
    assert fact(SD, DESA_PINCARA, "2026") == (2, 3)  # c, d (registry) of c, d, k; j died
    assert fact(SMP, DESA_PINCARA, "2026") == (0, 2)  # e dropped, f never
    assert fact(SMA, DESA_PINCARA, "2026") == (1, 2)  # g (Paket C) of g, h
    assert fact(SD, KEL_KAPPUNA, "2026") == (1, 2)
    assert fact(SD, DESA_PATTIMANG, "2026") == (1, 1)


def test_rollup_is_the_sum_of_village_numerators_and_denominators(village):
    indicator_refresh(codes=[SD], periods=[parse_period("2026")])
    assert fact(SD, KEC_MASAMBA, "2026", refresh=False) == (3, 5)  # (2,3) + (1,2)
    assert fact(SD, KAB_LUTRA, "2026", refresh=False) == (4, 6)  # + Pattimang (1,1)


def test_a_past_school_year_counts_only_its_roll_not_the_registry(village):
    # 2025/2026: ages on 1 July 2025. 7-12 in Pincara: c (7), d (10), k (9), e (12), j (6 -> no).
    # Only e is on the 2025 roll; d's "sedang SD" is today's, not last year's.
    indicator_refresh(codes=[SD], periods=[parse_period("2025")])
    assert fact(SD, DESA_PINCARA, "2025", refresh=False) == (1, 4)


def test_a_new_enrolment_marks_the_fact_stale_and_the_refresh_counts_it(village, schools):
    assert fact(SMP, DESA_PINCARA, "2026") == (0, 2)
    enrolment_record(
        actor=None, resident=village["f"], school=schools["smp"], level=Level.SMP, school_year=2026
    )
    assert fact(SMP, DESA_PINCARA, "2026") == (1, 2)


def test_not_served_lists_the_band_children_not_enrolled(village):
    indicator = registry.get(SD)
    assert indicator.not_served is not None
    people = indicator.not_served(parse_period("2026"), DESA_PINCARA)
    assert [p.name for p in people] == ["K"]
    people = registry.get(SMP).not_served(parse_period("2026"), KEC_MASAMBA)  # type: ignore[misc]
    assert sorted(p.name for p in people) == ["E", "F"]
