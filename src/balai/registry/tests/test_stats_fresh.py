"""Summaries stay exact: after writes, across days (rolled forward), and on public pages."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from balai.regions.models import Area
from balai.registry import codes
from balai.registry.models import Resident
from balai.registry.services import resident_record_death, resident_record_move_out, resident_update
from balai.registry.stats import summary
from balai.registry.stats.models import PopulationSummary
from balai.registry.stats.summary import area_counts, count_residents
from balai.registry.stats.tables import public_area_stats
from balai.registry.tests.factories import make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, KEL_KAPPUNA

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tree")]
RT1 = f"{DESA_PINCARA}.01.001"
START = date(2024, 2, 27)  # a leap year: 29 February is crossed below


@pytest.fixture(autouse=True)
def frozen() -> object:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def recount(code: str, today: date) -> summary.Counts:
    """Count the area's living residents from scratch (no summary involved)."""
    found = count_residents(Resident.objects.filter(area__within=code), today, by_village=False)
    return found.get("", {})


def nonzero(counts: summary.Counts) -> summary.Counts:
    return {
        dim: {v: mf for v, mf in values.items() if mf != [0, 0]}
        for dim, values in counts.items()
        if any(mf != [0, 0] for mf in values.values())
    }


def assert_exact(today: date) -> None:
    for code in (DESA_PINCARA, KEL_KAPPUNA, DESA_PATTIMANG, KEC_MASAMBA, KAB_LUTRA):
        found = area_counts(Area.objects.get(code=code), today).counts
        assert nonzero(found) == nonzero(recount(code, today)), code


def people() -> list[Resident]:
    """Residents whose birthdays sit on age-band limits around the days travelled."""
    births = [
        date(2019, 2, 28),  # turns 5 on 2024-02-28
        date(2019, 3, 1),  # turns 5 on 2024-03-01
        date(2004, 2, 29),  # leap-day child: 20 on 2024-02-29
        date(1949, 3, 2),  # turns 75 on 2024-03-02
        date(1989, 2, 28),
        date(1999, 3, 1),
        date(2024, 2, 27),  # born today: band 0-4
    ]
    made = []
    for i, born in enumerate(births):
        area = (RT1, KEL_KAPPUNA, DESA_PATTIMANG)[i % 3]
        sex = codes.Sex.MALE if i % 2 else codes.Sex.FEMALE
        first = max(born, date(2024, 1, 2))
        made.append(
            make_resident(area, sex=sex, birth_date=born, event_date=first, religion=1 + i % 3)
        )
    return made


def test_figures_after_writes_equal_a_recount() -> None:
    made = people()
    assert_exact(START)
    resident_record_death(actor=None, resident=made[0], event_date=START)
    assert_exact(START)
    resident_update(actor=None, resident=made[1], data={"religion": codes.Religion.HINDU})
    assert_exact(START)
    make_resident(RT1, sex=codes.Sex.FEMALE, birth_date=date(2020, 5, 5), occupation=3)
    assert_exact(START)
    resident_record_move_out(
        actor=None, resident=made[2], event_date=START, scope="kabupaten", destination="X"
    )
    assert_exact(START)


def test_rows_of_an_earlier_day_are_rolled_forward_not_recounted(
    frozen: time_machine.Coordinates, monkeypatch: pytest.MonkeyPatch
) -> None:
    people()
    assert_exact(START)

    def no_recount(*args: object) -> None:
        raise AssertionError("recounted although only the day changed")

    monkeypatch.setattr(summary, "recount", no_recount)
    for day in (date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 2), date(2024, 3, 9)):
        frozen.move_to(day)
        assert_exact(day)  # village pages roll their row; sums roll their total
        assert PopulationSummary.objects.get(area_id=DESA_PINCARA).computed_on == day


def test_sums_roll_forward_from_village_rows_of_different_days(
    frozen: time_machine.Coordinates,
) -> None:
    people()
    assert_exact(START)
    frozen.move_to(date(2024, 2, 29))
    area_counts(Area.objects.get(code=DESA_PINCARA))  # this row moves on, the others stay
    frozen.move_to(date(2024, 3, 2))
    kabupaten = area_counts(Area.objects.get(code=KAB_LUTRA)).counts
    assert nonzero(kabupaten) == nonzero(recount(KAB_LUTRA, date(2024, 3, 2)))
    assert PopulationSummary.objects.get(area_id=KEL_KAPPUNA).computed_on == START


def test_a_write_and_a_new_day_together_are_exact(frozen: time_machine.Coordinates) -> None:
    made = people()
    assert_exact(START)
    frozen.move_to(date(2024, 3, 1))
    resident_record_death(actor=None, resident=made[4], event_date=date(2024, 3, 1))
    assert_exact(date(2024, 3, 1))  # Pincara recounted, the others rolled forward


def test_rows_older_than_a_year_are_recounted(frozen: time_machine.Coordinates) -> None:
    people()
    assert_exact(START)
    frozen.move_to(date(2025, 6, 1))
    assert_exact(date(2025, 6, 1))


def test_few_villages_are_counted_from_their_rows_as_sql_counts_them() -> None:
    people()
    few = summary.recount(KEC_MASAMBA, [DESA_PINCARA, KEL_KAPPUNA], START)
    grouped = count_residents(
        Resident.objects.filter(area__within=KEC_MASAMBA), START, by_village=True
    )
    assert few[DESA_PINCARA] == grouped[DESA_PINCARA]
    assert few[KEL_KAPPUNA] == grouped[KEL_KAPPUNA]


def test_public_page_follows_a_write() -> None:
    for i in range(6):
        make_resident(RT1, religion=codes.Religion.ISLAM, birth_date=date(1980, 1, 1 + i))
    kecamatan = Area.objects.get(code=KEC_MASAMBA)
    before = public_area_stats(kecamatan).population.male
    person = Resident.objects.filter(area__within=DESA_PINCARA).first()
    assert person is not None
    resident_record_death(actor=None, resident=person, event_date=START)
    assert public_area_stats(kecamatan).population.male == before - 1


def test_public_suppression_is_kept_for_a_bounded_number_of_kecamatan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from balai.registry.stats import tables

    make_resident(RT1, birth_date=date(1980, 1, 1))
    monkeypatch.setattr(tables, "SUPPRESSED_KEPT", 1)
    monkeypatch.setattr(tables, "_SUPPRESSED", {})
    first = tables.kecamatan_suppression(KEC_MASAMBA)
    assert tables.kecamatan_suppression(KEC_MASAMBA) is first  # same versions, same day
    tables.kecamatan_suppression(DESA_PATTIMANG[:8])
    assert list(tables._SUPPRESSED) == [DESA_PATTIMANG[:8]]


def test_public_suppression_is_shared_with_a_new_process_until_a_write(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from balai.registry.stats import tables

    person = make_resident(RT1, birth_date=date(1980, 1, 1))
    make_resident(RT1, birth_date=date(1990, 1, 1))
    monkeypatch.setattr(tables, "_SUPPRESSED", {})
    first = tables.kecamatan_suppression(KEC_MASAMBA)
    computed = []
    original = tables._suppressed

    def counting(*args: object, **kwargs: object) -> object:
        computed.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tables, "_suppressed", counting)
    monkeypatch.setattr(tables, "_SUPPRESSED", {})  # a new process: nothing in memory
    assert tables.kecamatan_suppression(KEC_MASAMBA) == first
    assert computed == []  # read from the shared cache
    resident_record_death(actor=None, resident=person, event_date=START)
    monkeypatch.setattr(tables, "_SUPPRESSED", {})
    after = tables.kecamatan_suppression(KEC_MASAMBA)
    assert computed == [1]  # a write changed the villages' versions: computed again
    assert after != first
