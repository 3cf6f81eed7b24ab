"""Targeting checks counted by hand on the fixture village (see conftest)."""

from __future__ import annotations

from datetime import date

from balai.indicators.models import IndicatorFact
from balai.indicators.periods import PeriodType, period_of
from balai.indicators.services import indicator_refresh
from balai.poverty import checks
from balai.poverty.tests.conftest import World
from conftest import DESA_PINCARA


def _row(world: World, code: str) -> dict[str, int]:
    table = {row["programme"].code: row["cells"] for row in checks.village_table(DESA_PINCARA)}
    return dict(table[code])


def test_pkh_checks_match_the_hand_count(world: World) -> None:
    cells = _row(world, "pkh")
    # Recipients A, C, E. Eligible families: A (d1), B (d3); D is a PNS family,
    # E's only member is dead, C is desil 8. B receives nothing.
    assert cells["recipients"] == 3
    assert cells["eligible"] == 2
    assert cells[checks.Check.EXCLUSION] == 1
    assert cells[checks.Check.DESIL] == 1  # C
    assert cells[checks.Check.DEAD] == 1  # E
    assert cells[checks.Check.DUPLICATE] == 1  # A also receives BLT (not combined)
    assert cells[checks.Check.OFFICIAL] == 0
    assert cells[checks.Check.INVALID_NIK] == 0
    assert cells[checks.Check.UNREGISTERED] == 0


def test_bpnt_flags_the_official_and_the_unknown_nik(world: World) -> None:
    cells = _row(world, "bpnt")
    assert cells["recipients"] == 2
    assert cells[checks.Check.OFFICIAL] == 1
    assert cells[checks.Check.INVALID_NIK] == 1
    # Eligible families (desil 1-5, not officials, alive): A, B -> neither receives BPNT.
    assert cells["eligible"] == 2
    assert cells[checks.Check.EXCLUSION] == 2


def test_by_name_lists_give_the_flagged_people(world: World) -> None:
    dead = checks.flagged_recipients(village=DESA_PINCARA, programme=world.pkh, check="meninggal")
    assert [r.resident_id for r in dead] == [world.people["e_head"].pk]
    left_out = checks.excluded_entries(village=DESA_PINCARA, programme=world.pkh)
    assert [e.resident_id for e in left_out] == [world.people["b_head"].pk]
    twins = checks.flagged_recipients(village=DESA_PINCARA, programme=world.blt, check="ganda")
    assert [r.resident_id for r in twins] == [world.people["a_head"].pk]


def test_indicators_sum_the_checks_over_programmes(world: World) -> None:
    period = period_of(date(2026, 9, 15), PeriodType.QUARTER)
    indicator_refresh(
        codes=[
            "bansos.eksklusi",
            "bansos.meninggal",
            "bansos.nik_tidak_valid",
            "kemiskinan.ekstrem",
        ],
        periods=[period],
    )
    facts = {
        f.indicator: (f.numerator, f.denominator)
        for f in IndicatorFact.objects.filter(
            area_id=DESA_PINCARA, period_start=period.start, period_type="Q"
        )
    }
    # Exclusion: PKH 1/2, BPNT 2/2, BLT (desil 1-3; A, B eligible; A receives) 1/2.
    assert facts["bansos.eksklusi"] == (4, 6)
    # 6 recipients in all (PKH 3, BPNT 2, BLT 1); one dead, one unknown NIK.
    assert facts["bansos.meninggal"] == (1, 6)
    assert facts["bansos.nik_tidak_valid"] == (1, 6)
    # Extreme: family A (desil 1) has 2 living people; 5 living residents (E died).
    assert facts["kemiskinan.ekstrem"] == (2, 5)
