"""Tests for working-time arithmetic (pure Python, no database)."""

from __future__ import annotations

import csv
import time as stopwatch
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from balai.core.workcalendar import (
    DEFAULT_HOLIDAYS_FILE,
    HOLIDAY_KINDS,
    WIB,
    WIT,
    WITA,
    WorkCalendar,
    load_default_holidays,
    load_holidays,
)

PLAIN = WorkCalendar(tz=WIB)  # Mon-Fri 08:00-16:00, no holidays
NATIONAL = WorkCalendar.national(WIB)
WITH_BREAK = WorkCalendar(tz=WIB, break_start=time(12), break_end=time(13))


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0, tz: ZoneInfo = WIB) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=tz)


# July 2025 has no holidays: Mon 7, Fri 11, Sat 12, Mon 14, Tue 15.


# --- working days ---------------------------------------------------------------------


def test_weekend_is_not_a_working_day():
    assert PLAIN.is_working_day(date(2025, 7, 11))
    assert not PLAIN.is_working_day(date(2025, 7, 12))
    assert not PLAIN.is_working_day(date(2025, 7, 13))
    assert PLAIN.is_working_day(date(2025, 7, 14))


def test_holidays_and_cuti_bersama_are_not_working_days():
    assert not NATIONAL.is_working_day(date(2025, 3, 31))  # Idul Fitri
    assert not NATIONAL.is_working_day(date(2025, 4, 2))  # cuti bersama Idul Fitri
    assert not NATIONAL.is_working_day(date(2025, 8, 18))  # added by the 2025 amendment
    without_cuti = WorkCalendar.national(WIB, include_cuti_bersama=False)
    assert without_cuti.is_working_day(date(2025, 4, 2))
    assert not without_cuti.is_working_day(date(2025, 3, 31))


def test_is_working_day_localises_an_aware_datetime():
    sunday_night_utc = datetime(2025, 7, 13, 23, 30, tzinfo=UTC)  # Monday 06:30 WIB
    assert PLAIN.is_working_day(sunday_night_utc)
    assert not WorkCalendar(tz=ZoneInfo("UTC")).is_working_day(sunday_night_utc)


def test_same_day_service_is_due_at_closing_time():
    assert PLAIN.add_working_days(at(2025, 7, 7, 10), 0) == at(2025, 7, 7, 16)


def test_five_working_days_from_monday_is_next_monday_closing():
    assert PLAIN.add_working_days(at(2025, 7, 7, 10), 5) == at(2025, 7, 14, 16)


def test_before_opening_counts_as_received_that_day():
    assert PLAIN.add_working_days(at(2025, 7, 7, 7), 1) == at(2025, 7, 8, 16)


def test_friday_evening_counts_as_received_monday():
    assert PLAIN.add_working_days(at(2025, 7, 11, 17), 1) == at(2025, 7, 15, 16)
    assert PLAIN.add_working_days(at(2025, 7, 11, 16), 1) == at(2025, 7, 15, 16)
    assert PLAIN.add_working_days(at(2025, 7, 11, 15, 59), 1) == at(2025, 7, 14, 16)


def test_saturday_counts_as_received_monday():
    assert PLAIN.add_working_days(at(2025, 7, 12, 10), 0) == at(2025, 7, 14, 16)
    assert PLAIN.add_working_days(at(2025, 7, 12, 10), 1) == at(2025, 7, 15, 16)


def test_six_day_week_counts_saturday():
    cal = WorkCalendar(tz=WIB, weekend=frozenset({6}))
    assert cal.add_working_days(at(2025, 7, 11, 17), 0) == at(2025, 7, 12, 16)
    assert cal.add_working_days(at(2025, 7, 11, 17), 1) == at(2025, 7, 14, 16)


def test_christmas_and_cuti_bersama_are_skipped():
    # Wed 24 Dec 2025 → Thu 25 libur, Fri 26 cuti bersama, weekend → Mon 29.
    assert NATIONAL.add_working_days(at(2025, 12, 24, 10), 1) == at(2025, 12, 29, 16)


def test_received_during_lebaran_starts_after_it():
    # Wed 2 Apr 2025 is cuti bersama; Mon 7 Apr too; first working day Tue 8 Apr.
    assert NATIONAL.add_working_days(at(2025, 4, 2, 10), 0) == at(2025, 4, 8, 16)


def test_sixty_working_days_across_idul_fitri_2025_hand_counted():
    cal = WorkCalendar.national(WITA)
    start = at(2025, 3, 3, 10, tz=WITA)  # Monday = day 0
    # Hand count of working days after Mon 3 Mar 2025 (running total):
    #   4-7 Mar 4 (4) · 10-14 Mar 5 (9) · 17-21 Mar 5 (14)
    #   24-27 Mar 4 (18); Fri 28 cuti Nyepi
    #   31 Mar-1 Apr Idul Fitri, 2-4 and 7 Apr cuti bersama: 0
    #   8-11 Apr 4 (22) · 14-17 Apr 4 (26); Fri 18 Wafat Yesus Kristus
    #   21-25 Apr 5 (31) · 28-30 Apr + 2 May 4 (35); Thu 1 May Hari Buruh
    #   5-9 May 5 (40) · 14-16 May 3 (43); 12 Waisak, 13 cuti
    #   19-23 May 5 (48) · 26-28 May 3 (51); 29 Kenaikan, 30 cuti
    #   2-5 Jun 4 (55); Fri 6 Idul Adha · 10-13 Jun 4 (59); Mon 9 cuti
    #   Mon 16 Jun = working day 60.
    due = cal.add_working_days(start, 60)
    assert due == at(2025, 6, 16, 16, tz=WITA)
    assert cal.working_days_between(start, due) == 60


def test_lebaran_2026_week_is_skipped():
    # Wed 18 cuti Nyepi, Thu 19 Nyepi, Fri 20 cuti, 21-22 Idul Fitri, 23-24 cuti.
    assert NATIONAL.add_working_days(at(2026, 3, 17, 9), 1) == at(2026, 3, 25, 16)


def test_add_working_days_rejects_negative_n():
    with pytest.raises(ValueError, match="n must be"):
        PLAIN.add_working_days(at(2025, 7, 7, 10), -1)


def test_add_working_days_handles_hundreds_of_days():
    due = NATIONAL.add_working_days(at(2024, 1, 2, 9), 500)
    assert NATIONAL.working_days_between(at(2024, 1, 2, 9), due) == 500
    assert NATIONAL.is_working_day(due.date())


def test_add_working_days_beyond_supported_range_raises():
    with pytest.raises(ValueError, match="supported range"):
        PLAIN.add_working_days(at(2199, 12, 1, 9), 100)


def test_working_days_between_inverts_add_working_days():
    for start in (at(2025, 3, 3, 10), at(2025, 3, 28, 17), at(2025, 12, 24, 7)):
        for n in range(0, 300, 7):
            due = NATIONAL.add_working_days(start, n)
            assert NATIONAL.working_days_between(start, due) == n
            assert NATIONAL.working_days_between(due, start) == -n


def test_working_days_between_counts_whole_days():
    assert PLAIN.working_days_between(at(2025, 7, 7, 10), at(2025, 7, 7, 15)) == 0
    assert PLAIN.working_days_between(at(2025, 7, 7, 10), at(2025, 7, 9, 9)) == 2
    # Friday evening is received Monday, so Monday 10:00 is still day 0.
    assert PLAIN.working_days_between(at(2025, 7, 11, 17), at(2025, 7, 14, 10)) == 0


# --- working minutes ------------------------------------------------------------------


def test_minutes_roll_over_to_next_morning():
    assert PLAIN.add_working_minutes(at(2025, 7, 7, 15), 120) == at(2025, 7, 8, 9)


def test_minutes_skip_the_weekend():
    assert PLAIN.add_working_minutes(at(2025, 7, 11, 15, 30), 60) == at(2025, 7, 14, 8, 30)


def test_result_at_closing_time_stays_at_closing_time():
    assert PLAIN.add_working_minutes(at(2025, 7, 7, 15), 60) == at(2025, 7, 7, 16)
    assert PLAIN.add_working_minutes(at(2025, 7, 7, 8), 480) == at(2025, 7, 7, 16)
    assert PLAIN.add_working_minutes(at(2025, 7, 7, 8), 481) == at(2025, 7, 8, 8, 1)


def test_zero_minutes_gives_next_working_moment():
    assert PLAIN.add_working_minutes(at(2025, 7, 7, 10), 0) == at(2025, 7, 7, 10)
    assert PLAIN.add_working_minutes(at(2025, 7, 7, 17), 0) == at(2025, 7, 8, 8)
    assert PLAIN.add_working_minutes(at(2025, 7, 12, 10), 0) == at(2025, 7, 14, 8)


def test_minutes_before_opening_start_at_opening():
    assert PLAIN.add_working_minutes(at(2025, 7, 7, 6), 30) == at(2025, 7, 7, 8, 30)


def test_ten_full_days_of_minutes():
    assert PLAIN.add_working_minutes(at(2025, 7, 7, 8), 480 * 10) == at(2025, 7, 18, 16)


def test_minutes_skip_holidays():
    assert NATIONAL.add_working_minutes(at(2025, 12, 23, 15), 120) == at(2025, 12, 24, 9)
    assert NATIONAL.add_working_minutes(at(2025, 12, 24, 15), 120) == at(2025, 12, 29, 9)


def test_break_is_not_working_time():
    assert WITH_BREAK.add_working_minutes(at(2025, 7, 7, 11, 30), 60) == at(2025, 7, 7, 13, 30)
    assert WITH_BREAK.add_working_minutes(at(2025, 7, 7, 11), 60) == at(2025, 7, 7, 12)
    assert WITH_BREAK.add_working_minutes(at(2025, 7, 7, 12, 30), 0) == at(2025, 7, 7, 13)
    assert WITH_BREAK.add_working_minutes(at(2025, 7, 7, 8), 420) == at(2025, 7, 7, 16)
    assert WITH_BREAK.working_minutes_between(at(2025, 7, 7, 11, 30), at(2025, 7, 7, 13, 30)) == 60


def test_working_minutes_between_across_weekend_and_holidays():
    assert PLAIN.working_minutes_between(at(2025, 7, 11, 15), at(2025, 7, 14, 9)) == 120
    assert PLAIN.working_minutes_between(at(2025, 7, 14, 9), at(2025, 7, 11, 15)) == -120
    assert PLAIN.working_minutes_between(at(2025, 7, 12, 9), at(2025, 7, 13, 20)) == 0
    assert NATIONAL.working_minutes_between(at(2025, 12, 24, 15), at(2025, 12, 29, 9)) == 120


def test_working_minutes_between_truncates_seconds():
    a = at(2025, 7, 7, 10)
    assert PLAIN.working_minutes_between(a, a + timedelta(seconds=119)) == 1
    assert PLAIN.working_minutes_between(a + timedelta(seconds=119), a) == -1


def test_working_minutes_between_inverts_add_working_minutes():
    starts = [at(2025, 3, 27, 15, 17), at(2025, 3, 29, 3), at(2025, 12, 31, 16, 45)]
    for start in starts:
        for minutes in (0, 1, 59, 480, 481, 5000, 60 * 8 * 60):
            end = NATIONAL.add_working_minutes(start, minutes)
            assert NATIONAL.working_minutes_between(start, end) == minutes


def test_add_working_minutes_rejects_negative_minutes():
    with pytest.raises(ValueError, match="minutes must be"):
        PLAIN.add_working_minutes(at(2025, 7, 7, 10), -5)


# --- time zones -----------------------------------------------------------------------


def test_results_are_in_the_calendar_zone_wit():
    cal = WorkCalendar(tz=WIT)
    start = datetime(2025, 7, 6, 23, 30, tzinfo=UTC)  # Monday 08:30 WIT
    end = cal.add_working_minutes(start, 30)
    assert end == at(2025, 7, 7, 9, tz=WIT)
    assert end.tzinfo is WIT
    assert end.utcoffset() == timedelta(hours=9)
    assert end.hour == 9


def test_same_instant_gives_different_deadlines_in_wib_and_wita():
    instant = datetime(2025, 7, 11, 8, 30, tzinfo=UTC)  # Fri 15:30 WIB = 16:30 WITA
    wib = WorkCalendar(tz=WIB).add_working_days(instant, 0)
    wita = WorkCalendar(tz=WITA).add_working_days(instant, 0)
    assert wib == at(2025, 7, 11, 16, tz=WIB)
    assert wita == at(2025, 7, 14, 16, tz=WITA)
    assert (wita.hour, wita.utcoffset()) == (16, timedelta(hours=8))


def test_input_in_another_zone_is_localised_first():
    cal = WorkCalendar(tz=WITA)
    start_wib = at(2025, 7, 7, 7, 30, tz=WIB)  # 08:30 WITA
    assert cal.add_working_minutes(start_wib, 30) == at(2025, 7, 7, 9, tz=WITA)


@pytest.mark.parametrize(("zone", "hours"), [(WIB, 7), (WITA, 8), (WIT, 9)])
def test_indonesian_zones_have_no_dst(zone, hours):
    cal = WorkCalendar(tz=zone)
    for month in range(1, 13):
        due = cal.add_working_days(at(2025, month, 2, 9, tz=zone), 0)
        assert due.utcoffset() == timedelta(hours=hours)
        assert due.hour == 16


def test_wall_clock_arithmetic_ignores_dst_shifts():
    # Europe/Berlin jumps forward on Sun 30 Mar 2025; office hours stay wall-clock.
    berlin = ZoneInfo("Europe/Berlin")
    cal = WorkCalendar(tz=berlin)
    fri, mon = at(2025, 3, 28, 15, tz=berlin), at(2025, 3, 31, 9, tz=berlin)
    assert cal.working_minutes_between(fri, mon) == 120
    assert cal.add_working_minutes(fri, 120) == mon
    assert cal.add_working_days(fri, 1).hour == 16


@pytest.mark.parametrize(
    "call",
    [
        lambda c, t: c.add_working_days(t, 1),
        lambda c, t: c.add_working_minutes(t, 1),
        lambda c, t: c.working_days_between(t, t),
        lambda c, t: c.working_minutes_between(t, t),
        lambda c, t: c.is_working_day(t),
    ],
)
def test_naive_datetimes_are_rejected(call):
    with pytest.raises(ValueError, match="timezone-aware"):
        call(PLAIN, at(2025, 7, 7, 10).replace(tzinfo=None))


# --- construction ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"day_start": time(16), "day_end": time(8)},
        {"break_start": time(12)},
        {"break_start": time(7), "break_end": time(9)},
        {"break_start": time(13), "break_end": time(12)},
        {"weekend": frozenset(range(7))},
        {"weekend": frozenset({7})},
        {"day_start": time(8, tzinfo=UTC)},
    ],
)
def test_inconsistent_settings_are_rejected(kwargs):
    with pytest.raises(ValueError, match=r"day_start|break|weekend|wall-clock"):
        WorkCalendar(tz=WIB, **kwargs)


def test_zone_must_be_a_zoneinfo():
    with pytest.raises(TypeError):
        WorkCalendar(tz="Asia/Jakarta")  # type: ignore[arg-type]


def test_holidays_must_be_dates_not_datetimes():
    with pytest.raises(TypeError):
        WorkCalendar(tz=WIB, holidays=frozenset({at(2025, 7, 7)}))


def test_holidays_given_as_set_are_frozen_and_calendar_is_hashable():
    cal = WorkCalendar(tz=WIB, holidays={date(2025, 7, 14)})  # type: ignore[arg-type]
    assert isinstance(cal.holidays, frozenset)
    assert hash(cal) == hash(WorkCalendar(tz=WIB, holidays=frozenset({date(2025, 7, 14)})))


def test_national_calendar_accepts_local_holidays():
    cal = WorkCalendar.national("Asia/Makassar", extra_holidays=[date(2025, 7, 14)])
    assert cal.tz == WITA
    assert not cal.is_working_day(date(2025, 7, 14))
    assert cal.add_working_days(at(2025, 7, 11, 17, tz=WITA), 0) == at(2025, 7, 15, 16, tz=WITA)


# --- holiday data ---------------------------------------------------------------------


def test_default_holidays_per_year_match_the_decrees():
    by_year: dict[int, int] = {}
    for day in load_default_holidays():
        by_year[day.year] = by_year.get(day.year, 0) + 1
    # 2024: 17 libur + Pemilu + Pilkada (Keppres) + 10 cuti; 2025: 17 + 10 + 18 Aug;
    # 2026: 17 + 8.
    assert by_year == {2024: 29, 2025: 28, 2026: 25}
    assert len(load_default_holidays(include_cuti_bersama=False)) == 19 + 17 + 17


def test_holiday_coverage_is_reported():
    assert NATIONAL.has_holiday_data_for(2026)
    assert not NATIONAL.has_holiday_data_for(2027)


def test_holiday_file_rows_are_well_formed():
    with DEFAULT_HOLIDAYS_FILE.open(encoding="utf-8") as fh:
        text = fh.read()
    assert "local holidays" in text.split("date,name,kind,source")[0]
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    assert len({row["date"] for row in rows}) == len(rows)
    for row in rows:
        assert row["kind"] in HOLIDAY_KINDS
        assert row["name"]
        assert row["source"].startswith(("SKB 3 Menteri", "Keppres"))


def test_load_holidays_reads_a_local_file(tmp_path):
    path = tmp_path / "local.csv"
    path.write_text(
        "# Hari jadi Kabupaten Luwu Utara\n"
        "date,name,kind,source\n"
        "2025-02-27,Hari Jadi Luwu Utara,libur_nasional,Perbup\n"
        "2025-04-02,Cuti bersama,cuti_bersama,SKB\n",
        encoding="utf-8",
    )
    assert load_holidays(path) == {date(2025, 2, 27), date(2025, 4, 2)}
    assert load_holidays(path, include_cuti_bersama=False) == {date(2025, 2, 27)}


def test_load_holidays_rejects_unknown_kind(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("date,name,kind,source\n2025-01-01,X,libur,Y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown kind"):
        load_holidays(path)


# --- speed ----------------------------------------------------------------------------


def test_due_dates_for_many_complaints_are_fast():
    cal = WorkCalendar.national(WITA)
    base = at(2025, 1, 1, tz=WITA)
    starts = [base + timedelta(minutes=37 * i) for i in range(20_000)]
    began = stopwatch.perf_counter()
    for start in starts:
        cal.add_working_days(start, 60)
        cal.add_working_minutes(start, 300)
    # ~40 ms on a laptop; the bound only catches a per-day or per-minute loop.
    assert stopwatch.perf_counter() - began < 2.0
