"""Working calendars per area: bundled national holidays plus the Holiday table."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q

from balai.core import audit
from balai.core.areacodes import ancestor_codes
from balai.core.models import Holiday
from balai.core.workcalendar import WorkCalendar, load_default_holidays


class Area(Protocol):
    """What a calendar needs of an area (``regions.Area``; core does not import it)."""

    code: str
    timezone: str


_calendars: dict[tuple[str, frozenset[date]], WorkCalendar] = {}


def holidays_for(area: Area | None) -> frozenset[date]:
    """Return the closed days that apply to *area* (national when None)."""
    codes = [] if area is None else [*ancestor_codes(area.code), area.code]
    rows = Holiday.objects.filter(Q(area__isnull=True) | Q(area_id__in=codes)).values_list(
        "day", "closed"
    )
    closed = set(load_default_holidays())
    for day, is_closed in rows:
        (closed.add if is_closed else closed.discard)(day)
    return frozenset(closed)


def calendar_for(area: Area | None, *, tz: str | None = None) -> WorkCalendar:
    """Return the office calendar of *area*: its time zone and its closed days.

    Calendars are shared between areas with the same days, so their lookup
    tables are built once per process.
    """
    zone = tz or (area.timezone if area is not None else "Asia/Jakarta")
    days = holidays_for(area)
    key = (zone, days)
    if key not in _calendars:
        _calendars[key] = WorkCalendar(tz=ZoneInfo(zone), holidays=days)
    return _calendars[key]


def holiday_set(
    *,
    actor: Any,
    day: date,
    name: str,
    kind: str,
    area: Any = None,  # a regions.Area, or None for national
    closed: bool = True,
    source: str = "",
) -> Holiday:
    """Add or change the holiday on *day* in *area* (None: national)."""
    with transaction.atomic():
        holiday, _created = Holiday.objects.update_or_create(
            day=day,
            area=area,
            defaults={"name": name, "kind": kind, "closed": closed, "source": source},
        )
        holiday.full_clean()
    audit.record(
        actor=actor,
        action="core.holiday_set",
        obj=holiday,
        data={"day": day.isoformat(), "closed": closed},
    )
    return holiday


def holiday_delete(*, actor: Any, holiday: Holiday) -> None:
    """Remove a holiday row (the bundled national list is not touched)."""
    with transaction.atomic():
        data = {"day": holiday.day.isoformat(), "name": holiday.name, "area": holiday.area_id}
        audit.record(actor=actor, action="core.holiday_deleted", obj=holiday, data=data)
        holiday.delete()


def local_holidays(area: Area, year: int) -> list[Holiday]:
    """Return the holiday rows of *year* set in *area* or below it."""
    return list(
        Holiday.objects.filter(area__within=area.code, day__year=year)
        .select_related("area")
        .order_by("day", "area_id")
    )
