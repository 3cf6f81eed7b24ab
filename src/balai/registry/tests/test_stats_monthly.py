from __future__ import annotations

from datetime import date

import pytest
import time_machine

from balai.regions.models import Area
from balai.registry import codes
from balai.registry.models import EventKind, Resident
from balai.registry.services import (
    resident_record_death,
    resident_record_move_out,
    resident_register,
)
from balai.registry.stats.monthly import Basis, monthly_report
from balai.registry.synth import nik_for
from conftest import DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, KEL_KAPPUNA

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tree")]
RT1 = f"{DESA_PINCARA}.01.001"


@pytest.fixture(autouse=True)
def frozen() -> object:
    with time_machine.travel(date(2025, 6, 15), tick=False) as traveller:
        yield traveller


SERIALS = iter(range(7000, 9000))


def enter(
    area_code: str,
    sex: int,
    *,
    kind: str = EventKind.REGISTERED,
    born: date = date(1990, 1, 1),
    on: date = date(2025, 1, 10),
    reported: date | None = None,
) -> Resident:
    resident, _w = resident_register(
        actor=None,
        area=Area.objects.get(code=area_code),
        kind=kind,
        event_date=on,
        report_date=reported or on,
        data={
            "nik": nik_for(area_code[:8], born, sex, next(SERIALS)),
            "name": "Warga",
            "sex": sex,
            "birth_date": born,
        },
    )
    return resident


def birth(area_code: str, sex: int, born: date, reported: date) -> None:
    enter(area_code, sex, kind=EventKind.BIRTH, born=born, on=born, reported=reported)


def scenario() -> None:
    """Pincara: 3 men + 2 women registered in January; in March: 1 boy born (reported in
    March), 1 girl born on 28 March but reported on 3 April (late), 1 man died, 1 woman
    moved in, 1 man moved out. Kappuna: 1 woman registered, moved out in March."""
    M, F = codes.Sex.MALE, codes.Sex.FEMALE  # noqa: N806
    men = [enter(RT1, M) for _ in range(3)]
    for _ in range(2):
        enter(RT1, F)
    birth(RT1, M, date(2025, 3, 5), date(2025, 3, 6))
    birth(RT1, F, date(2025, 3, 28), date(2025, 4, 3))
    resident_record_death(
        actor=None, resident=men[0], event_date=date(2025, 3, 10), report_date=date(2025, 3, 11)
    )
    enter(DESA_PINCARA, F, kind=EventKind.MOVE_IN, on=date(2025, 3, 20))
    resident_record_move_out(
        actor=None,
        resident=men[1],
        event_date=date(2025, 3, 25),
        report_date=date(2025, 3, 26),
        scope="kabupaten",
        destination="Makassar",
    )
    other = enter(KEL_KAPPUNA, F)
    resident_record_move_out(
        actor=None,
        resident=other,
        event_date=date(2025, 3, 1),
        report_date=date(2025, 3, 1),
        scope="provinsi",
        destination="Palu",
    )


def figures(report: object) -> dict[str, tuple[int, int, int]]:
    return {k: (f.male, f.female, f.total) for k, _l, f in report.columns()}  # type: ignore[attr-defined]


def assert_balanced(report: object) -> None:
    f = {k: fig for k, _l, fig in report.columns()}  # type: ignore[attr-defined]
    for sex in ("male", "female", "total"):
        inflow = sum(getattr(f[k], sex) for k in ("births", "moved_in", "other_in"))
        outflow = sum(getattr(f[k], sex) for k in ("deaths", "moved_out", "other_out"))
        assert getattr(f["start"], sex) + inflow - outflow == getattr(f["end"], sex)


def test_march_by_event_date_counts_the_late_birth_in_march() -> None:
    scenario()
    report = monthly_report(Area.objects.get(code=DESA_PINCARA), 2025, 3)
    assert report.basis == Basis.EVENT
    got = figures(report)
    assert got["start"] == (3, 2, 5)
    assert got["births"] == (1, 1, 2)
    assert got["deaths"] == (1, 0, 1)
    assert got["moved_in"] == (0, 1, 1)
    assert got["moved_out"] == (1, 0, 1)
    assert got["other_in"] == (0, 0, 0)
    assert got["end"] == (2, 4, 6)
    assert_balanced(report)
    assert report.late_total == 1
    (late,) = report.late
    assert (late.kind, late.event_date, late.report_date, late.counted) == (
        EventKind.BIRTH,
        date(2025, 3, 28),
        date(2025, 4, 3),
        True,
    )
    assert report.late_counted.female == 1


def test_march_by_report_date_leaves_the_late_birth_for_april() -> None:
    scenario()
    pincara = Area.objects.get(code=DESA_PINCARA)
    march = monthly_report(pincara, 2025, 3, Basis.REPORT)
    assert figures(march)["births"] == (1, 0, 1)
    assert figures(march)["end"] == (2, 3, 5)
    assert march.late[0].counted is False
    assert march.late_counted.total == 0
    assert_balanced(march)
    april = monthly_report(pincara, 2025, 4, Basis.REPORT)
    assert figures(april)["start"] == (2, 3, 5)
    assert figures(april)["births"] == (0, 1, 1)
    assert figures(april)["end"] == (2, 4, 6)
    assert april.late_counted.female == 1
    # By event date April has nothing, and the late birth shows as reported in April.
    april_by_event = monthly_report(pincara, 2025, 4)
    assert figures(april_by_event)["births"] == (0, 0, 0)
    assert april_by_event.late_total == 1
    assert april_by_event.late[0].counted is False


def test_registrations_count_as_other_in_and_end_is_the_next_start() -> None:
    scenario()
    pincara = Area.objects.get(code=DESA_PINCARA)
    january = monthly_report(pincara, 2025, 1)
    assert figures(january)["start"] == (0, 0, 0)
    assert figures(january)["other_in"] == (3, 2, 5)
    assert_balanced(january)
    february = monthly_report(pincara, 2025, 2)
    assert figures(february)["start"] == figures(january)["end"]


def test_kecamatan_and_kabupaten_reports_are_the_sum_of_their_villages() -> None:
    scenario()
    village = figures(monthly_report(Area.objects.get(code=DESA_PINCARA), 2025, 3))
    kappuna = figures(monthly_report(Area.objects.get(code=KEL_KAPPUNA), 2025, 3))
    assert kappuna["moved_out"] == (0, 1, 1)
    kec = monthly_report(Area.objects.get(code=KEC_MASAMBA), 2025, 3)
    kab = monthly_report(Area.objects.get(code=KAB_LUTRA), 2025, 3)
    for report in (kec, kab):
        assert_balanced(report)
        got = figures(report)
        for key, value in got.items():
            assert value == tuple(a + b for a, b in zip(village[key], kappuna[key], strict=True))
