"""Bookings and the queue: take a number, call the next, serve, release no-shows.

Numbers follow the letters' pattern (``letters/services/numbering.py``): a
(counter, day) ``QueueDay`` row is locked and incremented in the same
transaction as the ticket, which the database holds unique on (counter, day,
sequence); here the create-lock-increment is one ``INSERT … ON CONFLICT DO
UPDATE … RETURNING`` statement (PostgreSQL, SQLite ≥ 3.35), so a number
costs one round trip. Concurrent takers queue on the lock, so numbers are unique and in
order of commit; a rollback returns the number. Bookings lock the same row,
so a day's quota and a slot's capacity cannot be overrun by a race.
Calling the next number locks the counter row: two clerks at one counter
never call the same ticket.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.errors import ConflictError, DomainError
from balai.indicators.services import local_days, mark_changed
from balai.onestop.models import (
    ALLOWED_TRANSITIONS,
    HOLDING,
    Appointment,
    AppointmentStatus,
    Counter,
    CounterDay,
    Location,
    QueueDay,
    Source,
    Ticket,
    TicketStatus,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
BOOKING_DAYS_AHEAD = 30
# A booking not checked in this long after its slot began is released.
NO_SHOW_GRACE = timedelta(minutes=30)
TICKET_INPUT = "onestop.ticket"


def new_code(length: int = 8) -> str:
    """Return a random code residents can type (no 0/O, 1/I)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(length))


def local_now(location: Location, now: datetime | None = None) -> datetime:
    """Return *now* in the time zone of the village *location* sits in."""
    return (now or timezone.now()).astimezone(ZoneInfo(location.area.timezone))


def lock_day(counter: Counter, day: date) -> QueueDay:
    """Return the locked queue row of (*counter*, *day*); must run inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_day must run inside transaction.atomic()")
    QueueDay.objects.bulk_create([QueueDay(counter=counter, day=day)], ignore_conflicts=True)
    return QueueDay.objects.select_for_update().get(counter=counter, day=day)


def day_quota(counter: Counter, day: date) -> int:
    """Return *counter*'s booking quota on *day* (its own row, else the daily default)."""
    row = CounterDay.objects.filter(counter=counter, day=day).values_list("quota", flat=True)
    return next(iter(row), counter.daily_quota)


def slots(counter: Counter) -> list[time]:
    """Return the start times of *counter*'s booking slots."""
    out = []
    start = datetime.combine(date.min, counter.opens_at)
    end = datetime.combine(date.min, counter.closes_at)
    step = timedelta(minutes=counter.slot_minutes)
    while start + step <= end:
        out.append(start.time())
        start += step
    return out


def _check_offered(counter: Counter, service_id: int) -> None:
    if not counter.location.is_active:
        raise ConflictError(_("Unit pelayanan ini sedang tidak aktif."))
    # A page that listed the counters with their services asks no query here.
    prefetched = getattr(counter, "_prefetched_objects_cache", {}).get("services")
    if prefetched is not None:
        offered = any(s.pk == service_id for s in prefetched)
    else:
        offered = counter.services.filter(pk=service_id).exists()
    if not offered:
        raise DomainError(
            _("Layanan ini tidak dilayani di loket tersebut."),
            field_errors={"service": [_("Pilih layanan yang dilayani loket ini.")]},
        )


def appointment_book(
    *,
    counter: Counter,
    service_id: int,
    day: date,
    slot: time,
    name: str,
    phone: str = "",
    now: datetime | None = None,
) -> Appointment:
    """Book *slot* on *day* at *counter*; refuse a past, unknown or full slot or day."""
    _check_offered(counter, service_id)
    here = local_now(counter.location, now)
    name = name.strip()
    if not name:
        raise DomainError(_("Nama wajib diisi."), field_errors={"name": [_("Wajib diisi.")]})
    if slot not in slots(counter):
        raise DomainError(
            _("Jam yang dipilih bukan slot loket ini."), field_errors={"slot": [_("Pilih slot.")]}
        )
    if (day, slot) <= (here.date(), here.time()):
        raise DomainError(
            _("Slot itu sudah lewat. Pilih hari dan jam yang akan datang."),
            field_errors={"slot": [_("Slot sudah lewat.")]},
        )
    if day > here.date() + timedelta(days=BOOKING_DAYS_AHEAD):
        raise DomainError(
            _("Janji dapat dipesan paling lama %(n)s hari ke depan.") % {"n": BOOKING_DAYS_AHEAD},
            field_errors={"day": [_("Tanggal terlalu jauh.")]},
        )
    with transaction.atomic():
        lock_day(counter, day)
        holding = Appointment.objects.filter(counter=counter, day=day, status__in=HOLDING)
        if holding.count() >= day_quota(counter, day):
            raise ConflictError(
                _("Kuota janji loket ini pada tanggal itu sudah penuh. Pilih hari lain."),
                field_errors={"day": [_("Kuota hari ini penuh.")]},
            )
        if holding.filter(slot=slot).count() >= counter.slot_capacity:
            raise ConflictError(
                _("Slot jam %(slot)s sudah penuh. Pilih jam lain.") % {"slot": f"{slot:%H:%M}"},
                field_errors={"slot": [_("Slot penuh.")]},
            )
        appointment = Appointment(
            code=new_code(),
            counter=counter,
            service_id=service_id,
            day=day,
            slot=slot,
            name=name[:100],
            phone=phone.strip()[:20],
        )
        appointment.full_clean(exclude=["counter", "service"])
        appointment.save()
        audit.record(
            actor=None,
            action="onestop.appointment_booked",
            obj=appointment,
            data={"counter": counter.pk, "day": day.isoformat(), "slot": f"{slot:%H:%M}"},
            kind=audit.CREATE,
        )
    return appointment


def appointment_cancel(*, appointment: Appointment) -> Appointment:
    """Cancel a booking that has not been used; its place goes back to the quota."""
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if appointment.status != AppointmentStatus.BOOKED:
            raise ConflictError(_("Janji ini tidak dapat dibatalkan lagi."))
        appointment.status = AppointmentStatus.CANCELLED
        appointment.save(update_fields=["status", "updated_at"])
        audit.record(actor=None, action="onestop.appointment_cancelled", obj=appointment)
    return appointment


def next_sequence(counter: Counter, day: date) -> int:
    """Take the next number of (*counter*, *day*); must run inside the ticket's transaction.

    One statement: insert the day's row or add one to it, returning the new
    value. The row stays locked until the transaction ends, as a SELECT …
    FOR UPDATE then UPDATE would hold it (``lock_day``), in one round trip.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_sequence must run inside transaction.atomic()")
    table = QueueDay._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (counter_id, day, last) VALUES (%s, %s, 1) "  # noqa: S608 -- table name from the model
            f"ON CONFLICT (counter_id, day) DO UPDATE SET last = {table}.last + 1 "
            "RETURNING last",
            [counter.pk, day.isoformat()],
        )
        row = cursor.fetchone()
    return int(row[0])


def ticket_take(
    *,
    counter: Counter,
    service_id: int,
    appointment: Appointment | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Give the next number of *counter* today (a kiosk walk-in, or a booking checking in)."""
    loaded = Counter.location.is_cached(counter) and Location.area.is_cached(counter.location)
    if not loaded:
        counter = Counter.objects.select_related("location__area").get(pk=counter.pk)
    _check_offered(counter, service_id)
    moment = now or timezone.now()
    here = local_now(counter.location, moment)
    if here.time() >= counter.closes_at:
        raise ConflictError(_("Loket ini sudah tutup untuk hari ini. Silakan datang besok."))
    with transaction.atomic():
        sequence = next_sequence(counter, here.date())
        ticket = Ticket(
            code=new_code(),
            counter=counter,
            area_id=counter.location.area_id,
            service_id=service_id,
            appointment=appointment,
            day=here.date(),
            sequence=sequence,
            number=f"{counter.prefix}-{sequence:03d}",
            source=Source.ONLINE if appointment else Source.WALK_IN,
            issued_at=moment,
        )
        # Foreign keys were checked above; only the row's own fields here.
        ticket.full_clean(
            exclude=["counter", "area", "service", "appointment"],
            validate_unique=False,
            validate_constraints=False,
        )
        ticket.save(force_insert=True)
    return ticket


def appointment_check_in(*, appointment: Appointment, now: datetime | None = None) -> Ticket:
    """Turn a booking for today into a queue number at its counter."""
    with transaction.atomic():
        appointment = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("counter__location__area")
            .get(pk=appointment.pk)
        )
        here = local_now(appointment.counter.location, now)
        if appointment.status != AppointmentStatus.BOOKED:
            raise ConflictError(_("Janji ini sudah dipakai, dibatalkan atau dilepas."))
        if appointment.day != here.date():
            raise ConflictError(
                _("Janji ini untuk tanggal %(day)s.")
                % {"day": appointment.day.strftime("%d-%m-%Y")}
            )
        ticket = ticket_take(
            counter=appointment.counter,
            service_id=appointment.service_id,
            appointment=appointment,
            now=now,
        )
        appointment.status = AppointmentStatus.CHECKED_IN
        appointment.save(update_fields=["status", "updated_at"])
    return ticket


def counter_set_open(*, actor: Any, counter: Counter, is_open: bool) -> Counter:
    """Open (staffed) or close *counter* for calling numbers."""
    with transaction.atomic():
        counter = Counter.objects.select_for_update().get(pk=counter.pk)
        counter.is_open = is_open
        counter.save(update_fields=["is_open", "updated_at"])
        audit.record(
            actor=actor,
            action="onestop.counter_opened" if is_open else "onestop.counter_closed",
            obj=counter,
        )
    return counter


def _measure(ticket: Ticket, to: str, moment: datetime) -> list[str]:
    """Set the times of moving *ticket* to *to* at *moment*; return the changed fields."""
    service = ticket.service
    if to == TicketStatus.CALLED:
        start = ticket.issued_at
        if ticket.appointment is not None:
            zone = ZoneInfo(ticket.counter.location.area.timezone)
            booked = datetime.combine(ticket.appointment.day, ticket.appointment.slot, tzinfo=zone)
            start = max(start, booked)
        ticket.called_at = moment
        ticket.wait_seconds = max(0, int((moment - start).total_seconds()))
        ticket.wait_met = ticket.wait_seconds <= service.wait_minutes * 60
        return ["called_at", "wait_seconds", "wait_met"]
    if to == TicketStatus.SERVING:
        ticket.started_at = moment
        return ["started_at"]
    if to == TicketStatus.DONE:
        began = ticket.started_at or ticket.called_at or moment
        ticket.finished_at = moment
        ticket.serve_seconds = max(0, int((moment - began).total_seconds()))
        ticket.serve_met = ticket.serve_seconds <= service.serve_minutes * 60
        return ["finished_at", "serve_seconds", "serve_met"]
    return []


def _move(ticket: Ticket, to: str, moment: datetime, actor: Any) -> Ticket:
    if to not in ALLOWED_TRANSITIONS[ticket.status]:
        raise ConflictError(
            _("Tiket %(number)s berstatus %(status)s; tindakan ini tidak dapat dilakukan.")
            % {"number": ticket.number, "status": ticket.get_status_display()}
        )
    fields = _measure(ticket, to, moment)
    ticket.status = to
    if to == TicketStatus.CALLED:
        ticket.called_by = actor if getattr(actor, "pk", None) else None
        fields.append("called_by")
    ticket.save(update_fields=[*fields, "status"])
    return ticket


def counter_call_next(
    *, actor: Any, counter: Counter, now: datetime | None = None
) -> Ticket | None:
    """Finish the ticket at *counter* and call the next waiting number; None if none waits.

    Refused when the counter is closed: open it first.
    """
    moment = now or timezone.now()
    loaded = Counter.location.is_cached(counter) and Location.area.is_cached(counter.location)
    if not loaded:
        counter = Counter.objects.select_related("location__area").get(pk=counter.pk)
    with transaction.atomic():
        # Lock the counter (two clerks at it never call one ticket) and read
        # whether it is open now; the rest of the row was loaded by the caller.
        # No ordering: Counter's default one joins the unit, and FOR UPDATE
        # would then lock the unit's row too, queueing every counter of an MPP.
        is_open = next(
            iter(
                Counter.objects.select_for_update()
                .filter(pk=counter.pk)
                .order_by()
                .values_list("is_open", flat=True)
            ),
            None,
        )
        if not is_open:
            raise ConflictError(
                _("Loket %(name)s sedang tutup. Buka loket dulu sebelum memanggil antrean.")
                % {"name": counter.name}
            )
        day = local_now(counter.location, moment).date()
        # One query: the tickets at the counter now and the lowest waiting number.
        first_waiting = (
            Ticket.objects.filter(counter=counter, day=day, status=TicketStatus.WAITING)
            .order_by("sequence")
            .values("pk")[:1]
        )
        rows = list(
            Ticket.objects.select_related("service", "appointment")
            .filter(counter=counter, day=day)
            .filter(
                Q(status__in=(TicketStatus.CALLED, TicketStatus.SERVING))
                | Q(pk=Subquery(first_waiting))
            )
            .order_by("sequence")
        )
        ticket = None
        for row in rows:
            row.counter = counter
            if row.status == TicketStatus.WAITING:
                ticket = row
            else:
                _move(row, TicketStatus.DONE, moment, actor)
        if ticket is None:
            return None
        ticket.counter = counter
        _move(ticket, TicketStatus.CALLED, moment, actor)
        audit.record(
            actor=actor, action="onestop.ticket_called", obj=ticket, data={"counter": counter.pk}
        )
    return ticket


def ticket_transition(
    *, actor: Any, ticket: Ticket, to: str, now: datetime | None = None
) -> Ticket:
    """Move *ticket* to *to* (start serving, finish, no-show) following ``ALLOWED_TRANSITIONS``."""
    moment = now or timezone.now()
    with transaction.atomic():
        locked = (
            Ticket.objects.select_for_update(of=("self",))
            .select_related("service", "appointment", "counter__location__area")
            .get(pk=ticket.pk)
        )
        _move(locked, to, moment, actor)
        audit.record(actor=actor, action="onestop.ticket_moved", obj=locked, data={"to": str(to)})
    return locked


def release_no_shows(*, now: datetime | None = None) -> dict[str, int]:
    """Release bookings not checked in by their slot plus the grace, and close past days.

    Bookings still waiting 30 minutes after their slot began become no-shows
    (their place goes back to the day's quota); tickets still waiting or
    called on an earlier day become no-shows. Idempotent.
    """
    moment = now or timezone.now()
    released = closed = 0
    locations = (
        Location.objects.select_related("area")
        .filter(counters__appointments__status=AppointmentStatus.BOOKED)
        .distinct()
    )
    with transaction.atomic():
        for location in locations:
            here = local_now(location, moment) - NO_SHOW_GRACE
            late = Appointment.objects.filter(
                counter__location=location, status=AppointmentStatus.BOOKED
            ).filter(day__lte=here.date())
            ids = [
                pk
                for pk, day, slot in late.values_list("pk", "day", "slot")
                if (day, slot) <= (here.date(), here.time())
            ]
            released += Appointment.objects.filter(
                pk__in=ids, status=AppointmentStatus.BOOKED
            ).update(status=AppointmentStatus.NO_SHOW, updated_at=moment)
        stale = Ticket.objects.filter(
            status__in=(TicketStatus.WAITING, TicketStatus.CALLED),
            day__lt=(moment - timedelta(days=1)).date(),
        )
        closed = stale.update(status=TicketStatus.NO_SHOW)
        # Queue moves do not mark the indicators one by one (that would put an
        # upsert on the hot path of every call); this periodic job marks the
        # villages whose units moved tickets since yesterday instead.
        since = (moment - timedelta(days=2)).date()
        areas = set(
            Ticket.objects.filter(day__gte=since).values_list("area_id", flat=True).distinct()
        )
        for area in sorted(areas):
            mark_changed(TICKET_INPUT, area, local_days(moment, moment - timedelta(days=1)))
        if released or closed:
            audit.record(
                actor=None,
                action="onestop.no_shows_released",
                obj=Ticket,
                data={"appointments": released, "tickets": closed},
            )
    return {"appointments": released, "tickets": closed}
