from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from balai.core.holidays import calendar_for, holiday_set, holidays_for
from balai.core.models import HolidayKind
from balai.regions.models import Area
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA


@pytest.mark.django_db
def test_local_holiday_applies_below_its_area_only(tree: None) -> None:
    kab = Area.objects.get(code=KAB_LUTRA)
    holiday_set(
        actor=None,
        day=date(2026, 2, 2),
        name="Hari Jadi Luwu Utara",
        kind=HolidayKind.LOCAL,
        area=kab,
    )
    assert date(2026, 2, 2) in holidays_for(Area.objects.get(code=DESA_PINCARA))
    assert date(2026, 2, 2) not in holidays_for(Area.objects.get(code="32.73.01.1002"))
    assert date(2026, 2, 2) not in holidays_for(None)


@pytest.mark.django_db
def test_a_bundled_holiday_can_be_reopened_and_calendars_use_the_area_time_zone(tree: None) -> None:
    pincara = Area.objects.get(code=DESA_PINCARA)
    assert date(2026, 1, 1) in holidays_for(pincara)  # Tahun Baru, bundled
    holiday_set(
        actor=None,
        day=date(2026, 1, 1),
        name="Buka",
        kind=HolidayKind.LOCAL,
        area=Area.objects.get(code=DESA_PATTIMANG),
        closed=False,
    )
    assert date(2026, 1, 1) in holidays_for(pincara)
    assert date(2026, 1, 1) not in holidays_for(Area.objects.get(code=DESA_PATTIMANG))
    calendar = calendar_for(pincara)
    assert calendar.tz == ZoneInfo("Asia/Makassar")
    # Wed 31 Dec 2025 10:00 WITA + 1 working day skips New Year's Day (Thu).
    due = calendar.add_working_days(datetime(2025, 12, 31, 10, tzinfo=calendar.tz), 1)
    assert due.date() == date(2026, 1, 2)
