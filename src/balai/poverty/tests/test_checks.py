"""Targeting checks counted by hand on the fixture village (see conftest)."""

from __future__ import annotations

from datetime import date

from balai.indicators.models import IndicatorFact
from balai.indicators.periods import PeriodType, period_of
from balai.indicators.services import indicator_refresh
from balai.poverty import checks, checks_sql, services
from balai.poverty.models import TargetUnit
from balai.poverty.tests.conftest import World, give, programme
from balai.regions.models import Area
from balai.registry.tests.factories import make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA


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


def test_sql_counts_and_by_name_lists_agree_on_every_check(world: World) -> None:
    for row in checks.village_table(DESA_PINCARA):
        programme, cells = row["programme"], row["cells"]
        for check in checks.INCLUSION_CHECKS:
            listed = checks.flagged_recipients(
                village=DESA_PINCARA, programme=programme, check=check
            )
            assert len(listed) == cells[check], (programme.code, check)
        left_out = checks.excluded_entries(village=DESA_PINCARA, programme=programme)
        units = {e.resident.family_id for e in left_out}
        assert len(units) == cells[checks.Check.EXCLUSION], programme.code


def test_village_counts_read_only_the_village_yet_agree_with_the_kabupaten_pass(
    world: World,
) -> None:
    """The village page's narrow statements (checks_sql) give the kabupaten-wide pass's counts."""
    pattimang = Area.objects.get(code=DESA_PATTIMANG)
    b = world.people["b_head"]
    # A member of B's family, registered in Pattimang, gets PKH there as B gets it in Pincara.
    cousin = make_resident(DESA_PATTIMANG, name="SEPUPU B", family=b.family)
    services.recipient_add(actor=None, programme=world.pkh, village=pattimang, resident=cousin)
    give(world.pkh, b)
    # A resident without a family card, official, receiving BPNT.
    loner = make_resident(DESA_PINCARA, name="TANPA KK", occupation=6)
    loner.family = None
    loner.save(update_fields=["family"])
    give(world.bpnt, loner)
    with checks.no_jit():
        wide = checks_sql.inclusion_counts(within=[KAB_LUTRA])
        narrow = checks_sql.inclusion_counts(within=[DESA_PINCARA])
    assert narrow == {key: cells for key, cells in wide.items() if key[0] == DESA_PINCARA}
    assert (
        narrow[(DESA_PINCARA, world.pkh.pk)]["ganda"] == 2
    )  # A (PKH with BLT) and B (twin of the cousin)
    assert narrow[(DESA_PINCARA, world.bpnt.pk)]["aparat"] == 2  # D's family and the loner
    # A person programme with an age rule (the child of A, born 2015) and a household one.
    pip = programme(world.kabupaten, "pip", TargetUnit.PERSON, 1, 4, age_min=6, age_max=21)
    rumah = programme(world.kabupaten, "rumah", TargetUnit.HOUSEHOLD, 1, 8)
    give(pip, world.people["a_child"])
    give(rumah, world.people["c_head"])
    every = checks.exclusion_counts(within=[KAB_LUTRA])
    narrow = checks.exclusion_counts(within=[DESA_PINCARA])
    assert narrow == {key: cells for key, cells in every.items() if key[0] == DESA_PINCARA}
    assert narrow[(DESA_PINCARA, pip.pk)] == {"eligible": 1, "eksklusi": 0}
    # Households RT-a, RT-b, RT-c, RT-d eligible (D's is an official's: out); C's receives.
    assert narrow[(DESA_PINCARA, rumah.pk)] == {"eligible": 3, "eksklusi": 2}
    for item in (world.pkh, world.bpnt, world.blt):
        with checks.no_jit():
            village = checks_sql.exclusion_counts(
                item, within=[DESA_PINCARA], born_after=None, born_by=None
            )
        assert village == {
            DESA_PINCARA: (
                every[(DESA_PINCARA, item.pk)]["eligible"],
                every[(DESA_PINCARA, item.pk)]["eksklusi"],
            )
        }
    # BLT: families A and B eligible (desil 1 and 3); B receives nothing.
    assert village[DESA_PINCARA] == (2, 1)
