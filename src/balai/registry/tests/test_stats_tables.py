from __future__ import annotations

from datetime import date

import pytest
import time_machine

from balai.regions.models import Area
from balai.registry import codes
from balai.registry.models import Resident
from balai.registry.services import resident_record_death, resident_record_move_out, resident_update
from balai.registry.stats.models import PopulationSummary
from balai.registry.stats.summary import TOTAL, area_counts, count_residents, invalidate
from balai.registry.stats.tables import area_stats
from balai.registry.tests.factories import make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, KEL_KAPPUNA

TODAY = date(2025, 6, 15)
RT1 = f"{DESA_PINCARA}.01.001"
RT2 = f"{DESA_PINCARA}.01.002"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tree")]


@pytest.fixture(autouse=True)
def frozen() -> object:
    with time_machine.travel(date(2025, 6, 15), tick=False) as traveller:
        yield traveller


def population() -> None:
    """Pincara: 3 men, 2 women; Kappuna: 1 man, 1 woman; Pattimang (other kecamatan): 1 woman."""
    make_resident(
        RT1, sex=codes.Sex.MALE, birth_date=date(2023, 1, 1), religion=codes.Religion.ISLAM
    )
    make_resident(
        RT1, sex=codes.Sex.MALE, birth_date=date(1990, 6, 16), religion=codes.Religion.ISLAM
    )
    make_resident(
        RT2, sex=codes.Sex.MALE, birth_date=date(1990, 6, 15), religion=codes.Religion.KRISTEN
    )
    make_resident(
        RT2, sex=codes.Sex.FEMALE, birth_date=date(1950, 2, 2), religion=codes.Religion.ISLAM
    )
    make_resident(DESA_PINCARA, sex=codes.Sex.FEMALE, birth_date=date(2000, 3, 3), education_kk=8)
    make_resident(
        f"{KEL_KAPPUNA}.001.001", sex=codes.Sex.MALE, birth_date=date(1980, 1, 1), religion=1
    )
    make_resident(KEL_KAPPUNA, sex=codes.Sex.FEMALE, birth_date=date(1981, 1, 1), religion=2)
    make_resident(DESA_PATTIMANG, sex=codes.Sex.FEMALE, birth_date=date(1970, 1, 1), religion=1)


def test_village_counts_are_exact_by_dimension_sex_and_age_band() -> None:
    population()
    stats = area_stats(Area.objects.get(code=DESA_PINCARA))
    assert (stats.population.male, stats.population.female) == (3, 2)
    religion = {r.label: (r.male, r.female) for r in stats.table("religion").rows}
    assert religion["Islam"] == (2, 1)
    assert religion["Kristen"] == (1, 0)
    assert religion["Belum mengisi"] == (0, 1)
    age = {r.label: (r.male, r.female) for r in stats.table("age").rows}
    # Born 1990-06-16 is 34 on 2025-06-15; born 1990-06-15 turns 35 that day.
    assert age["0-4"] == (1, 0)
    assert age["30-34"] == (1, 0)
    assert age["35-39"] == (1, 0)
    assert age["75+"] == (0, 1)
    assert age["25-29"] == (0, 1)
    education = {r.value: r.total for r in stats.table("education").rows}
    assert education[8] == 1
    assert education[0] == 4
    for table in stats.tables:  # every table's rows add up to its denominator
        assert sum(r.male for r in table.rows) == 3
        assert sum(r.female for r in table.rows) == 2


def test_rt_counts_are_live_and_only_that_rt() -> None:
    population()
    stats = area_stats(Area.objects.get(code=RT1))
    assert (stats.population.male, stats.population.female) == (2, 0)
    assert not PopulationSummary.objects.filter(area_id=RT1).exists()


def test_kecamatan_and_kabupaten_are_the_sum_of_their_villages() -> None:
    population()
    kec = area_counts(Area.objects.get(code=KEC_MASAMBA))
    kab = area_counts(Area.objects.get(code=KAB_LUTRA))
    villages = [area_counts(Area.objects.get(code=c)) for c in (DESA_PINCARA, KEL_KAPPUNA)]
    for dim, values in kec.counts.items():
        for value, cell in values.items():
            assert cell == [
                sum(v.counts.get(dim, {}).get(value, [0, 0])[i] for v in villages) for i in (0, 1)
            ]
    assert kec.total() == [4, 3]
    assert kab.total() == [4, 4]
    live = count_residents(Resident.objects.filter(area__within=KAB_LUTRA), TODAY, by_village=False)
    assert kab.counts == live[""]


def test_a_registry_change_shows_in_the_next_read() -> None:
    population()
    pincara = Area.objects.get(code=DESA_PINCARA)
    kab = Area.objects.get(code=KAB_LUTRA)
    assert area_counts(kab).total() == [4, 4]
    assert PopulationSummary.objects.get(area_id=DESA_PINCARA).computed_on == TODAY

    person = Resident.objects.filter(area__within=DESA_PINCARA, sex=codes.Sex.MALE).first()
    assert person is not None
    resident_record_death(actor=None, resident=person, event_date=date(2025, 6, 1))
    assert area_counts(kab).total() == [3, 4]
    assert area_counts(pincara).total() == [2, 2]

    other = Resident.objects.filter(
        area__within=DESA_PINCARA, religion=codes.Religion.KRISTEN
    ).get()
    resident_update(actor=None, resident=other, data={"religion": codes.Religion.HINDU})
    religion = area_counts(kab).counts["religion"]
    assert religion.get(codes.Religion.KRISTEN) == [0, 1]
    assert religion[codes.Religion.HINDU] == [1, 0]

    make_resident(RT1, sex=codes.Sex.FEMALE, birth_date=date(2024, 1, 1))
    assert area_counts(kab).total() == [3, 5]

    leaver = Resident.objects.filter(area__within=KEL_KAPPUNA, sex=codes.Sex.FEMALE).get()
    resident_record_move_out(
        actor=None, resident=leaver, event_date=date(2025, 6, 2), scope="kabupaten", destination="X"
    )
    assert area_counts(kab).total() == [3, 4]


def test_summary_from_an_earlier_day_is_recomputed(frozen: time_machine.Coordinates) -> None:
    make_resident(RT1, birth_date=date(1990, 6, 16))
    pincara = Area.objects.get(code=DESA_PINCARA)
    assert area_counts(pincara).counts["age"] == {7: [1, 0]}  # 30-34
    frozen.move_to(date(2025, 6, 16))  # birthday: now 35
    assert area_counts(pincara).counts["age"] == {8: [1, 0]}
    assert PopulationSummary.objects.get(area_id=DESA_PINCARA).computed_on == date(2025, 6, 16)


def test_a_computation_that_raced_a_write_is_not_stored() -> None:
    make_resident(RT1)
    pincara = Area.objects.get(code=DESA_PINCARA)
    area_counts(pincara)
    row = PopulationSummary.objects.get(area_id=DESA_PINCARA)
    # A reader saw version v, then a write committed (bump) before it stored.
    from balai.registry.stats.summary import _store

    invalidate([RT1])
    _store(
        {DESA_PINCARA: {TOTAL: {0: [99, 99]}}}, {DESA_PINCARA: row.version}, {DESA_PINCARA}, TODAY
    )
    assert area_counts(pincara).total() == [1, 0]


def test_invalidate_accepts_codes_below_a_village_and_ignores_higher_ones() -> None:
    invalidate([RT1, KEC_MASAMBA, KAB_LUTRA])
    assert list(PopulationSummary.objects.values_list("area_id", "version")) == [(DESA_PINCARA, 1)]
