"""Local holidays: the kabupaten page, its scope, the audit trail and the data check."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry

from balai.accounts.roles import Role
from balai.core import checks
from balai.core.holidays import holidays_for
from balai.core.models import Holiday, HolidayKind
from balai.core.workcalendar import load_default_holidays
from balai.regions.models import Area
from conftest import DESA_PINCARA, KAB_LUTRA, KAB_LUWU, MakeUser, login

URL = "/libur-daerah/"
HARI_JADI = {
    "day": "2027-02-19",
    "name": "Hari Jadi Kabupaten Luwu Utara",
    "kind": HolidayKind.LOCAL,
    "area": "",
    "closed": "on",
    "source": "Perbup Luwu Utara (contoh)",
}


@pytest.mark.django_db
def test_kabupaten_staff_adds_a_local_holiday_that_closes_its_villages(
    make_user: MakeUser,
) -> None:
    staff = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="dpmd", username="dinas_lutra")
    client = login(staff)
    assert client.get(URL).status_code == 200
    response = client.post(f"{URL}?area={KAB_LUTRA}", HARI_JADI)
    assert response.status_code == 302
    holiday = Holiday.objects.get()
    assert (holiday.area_id, holiday.day, holiday.kind) == (
        KAB_LUTRA,
        date(2027, 2, 19),
        HolidayKind.LOCAL,
    )
    assert date(2027, 2, 19) in holidays_for(Area.objects.get(code=DESA_PINCARA))
    assert date(2027, 2, 19) not in holidays_for(Area.objects.get(code=KAB_LUWU))
    assert LogEntry.objects.filter(additional_data__event="core.holiday_set").count() == 1
    page = client.get(f"{URL}?area={KAB_LUTRA}&tahun=2027").content.decode()
    assert "Hari Jadi Kabupaten Luwu Utara" in page
    client.post(f"{URL}?area={KAB_LUTRA}", {**HARI_JADI, "name": "Hari Jadi Luwu Utara ke-28"})
    assert Holiday.objects.get().name == "Hari Jadi Luwu Utara ke-28"
    client.post(f"{URL}{holiday.pk}/hapus/", {"area": KAB_LUTRA})
    assert not Holiday.objects.exists()
    assert LogEntry.objects.filter(additional_data__event="core.holiday_deleted").count() == 1


@pytest.mark.django_db
def test_holiday_for_an_area_outside_the_kabupaten_is_refused(make_user: MakeUser) -> None:
    staff = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="dpmd", username="dinas_lutra")
    response = login(staff).post(f"{URL}?area={KAB_LUTRA}", {**HARI_JADI, "area": KAB_LUWU})
    assert response.status_code == 403
    assert not Holiday.objects.exists()


@pytest.mark.django_db
def test_other_kabupaten_and_village_staff_cannot_manage_holidays(make_user: MakeUser) -> None:
    luwu = make_user(Role.KABUPATEN_STAFF, KAB_LUWU, office="dpmd", username="dinas_luwu")
    holiday = Holiday.objects.create(
        day=date(2027, 2, 19), name="Hari Jadi", kind=HolidayKind.LOCAL, area_id=KAB_LUTRA
    )
    assert login(luwu).get(f"{URL}?area={KAB_LUTRA}").status_code == 403
    assert login(luwu).post(f"{URL}?area={KAB_LUTRA}", HARI_JADI).status_code == 403
    deleted = login(luwu).post(f"{URL}{holiday.pk}/hapus/", {"area": KAB_LUWU})
    assert deleted.status_code == 404
    operator = make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA, username="op_pincara")
    assert login(operator).get(URL).status_code == 403
    assert login(operator).post(f"{URL}{holiday.pk}/hapus/", {}).status_code == 403
    assert Holiday.objects.filter(pk=holiday.pk, name="Hari Jadi").exists()


def test_check_warns_about_a_year_without_holiday_data() -> None:
    bundled = load_default_holidays()
    last = max(d.year for d in bundled)
    assert checks.years_without_holidays(date(last, 6, 1), bundled) == [last + 1]
    assert checks.years_without_holidays(date(last - 1, 6, 1), bundled) == []
    assert checks.years_without_holidays(date(last + 1, 1, 2), bundled) == [last + 1, last + 2]
    national = [date(last + 1, 1, 1)]
    assert checks.years_without_holidays(date(last, 6, 1), bundled, national) == []


@pytest.mark.django_db
def test_check_counts_national_rows_entered_in_the_database(time_machine) -> None:
    last = max(d.year for d in load_default_holidays())
    time_machine.move_to(date(last, 12, 3))
    warned = checks.check_holiday_data(databases=["default"])
    assert [w.id for w in warned] == ["core.W001"]
    assert str(last + 1) in warned[0].msg
    Holiday.objects.create(day=date(last + 1, 1, 1), name="Tahun Baru", kind=HolidayKind.NATIONAL)
    assert checks.check_holiday_data(databases=["default"]) == []
