"""Bookings, numbers, calls and measured times; concurrency on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date, time, timedelta

import pytest
from django.db import close_old_connections, connection

from balai.core.errors import ConflictError, DomainError
from balai.indicators.periods import parse_period
from balai.indicators.selectors import fact_sums
from balai.indicators.services import indicator_refresh
from balai.onestop.models import (
    Appointment,
    AppointmentStatus,
    CounterDay,
    Ticket,
    TicketStatus,
)
from balai.onestop.services import catalogue, queue
from conftest import KAB_LUTRA, KEL_KAPPUNA

from .conftest import MONDAY, make_counter, make_service

TUESDAY = MONDAY.date() + timedelta(days=1)


@pytest.mark.django_db
def test_walk_in_numbers_follow_each_other_per_counter_and_day(counter, mpp, service) -> None:
    other = make_counter(mpp, [service], prefix="B")
    numbers = [
        queue.ticket_take(
            counter=c, service_id=service.pk, now=MONDAY + timedelta(minutes=i)
        ).number
        for i, c in enumerate([counter, counter, other, counter])
    ]
    assert numbers == ["A-001", "A-002", "B-001", "A-003"]
    tomorrow = queue.ticket_take(
        counter=counter, service_id=service.pk, now=MONDAY + timedelta(days=1)
    )
    assert tomorrow.number == "A-001"
    assert tomorrow.area_id == KEL_KAPPUNA  # counted where the MPP sits


@pytest.mark.django_db
def test_call_next_on_a_closed_counter_is_refused_and_changes_nothing(counter, service) -> None:
    ticket = queue.ticket_take(counter=counter, service_id=service.pk, now=MONDAY)
    with pytest.raises(ConflictError, match="sedang tutup"):
        queue.counter_call_next(actor=None, counter=counter, now=MONDAY)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.WAITING
    assert ticket.called_at is None


@pytest.mark.django_db
def test_call_next_measures_wait_and_service_against_the_standard(counter, service) -> None:
    first = queue.ticket_take(counter=counter, service_id=service.pk, now=MONDAY)
    second = queue.ticket_take(counter=counter, service_id=service.pk, now=MONDAY)
    queue.counter_set_open(actor=None, counter=counter, is_open=True)
    called = queue.counter_call_next(
        actor=None, counter=counter, now=MONDAY + timedelta(minutes=20)
    )
    assert called is not None and called.pk == first.pk
    # Second call 45 minutes in: the first is finished (25 min at the counter, standard 10),
    # the second waited 45 minutes (standard 30).
    called = queue.counter_call_next(
        actor=None, counter=counter, now=MONDAY + timedelta(minutes=45)
    )
    assert called is not None and called.pk == second.pk
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.wait_seconds, first.wait_met) == (TicketStatus.DONE, 1200, True)
    assert (first.serve_seconds, first.serve_met) == (1500, False)
    assert (second.wait_seconds, second.wait_met) == (2700, False)
    assert (
        queue.counter_call_next(actor=None, counter=counter, now=MONDAY + timedelta(hours=1))
        is None
    )


@pytest.mark.django_db
def test_finished_ticket_cannot_be_marked_no_show(counter, service) -> None:
    ticket = queue.ticket_take(counter=counter, service_id=service.pk, now=MONDAY)
    queue.counter_set_open(actor=None, counter=counter, is_open=True)
    queue.counter_call_next(actor=None, counter=counter, now=MONDAY)
    queue.ticket_transition(actor=None, ticket=ticket, to=TicketStatus.DONE, now=MONDAY)
    with pytest.raises(ConflictError, match="tidak dapat"):
        queue.ticket_transition(actor=None, ticket=ticket, to=TicketStatus.NO_SHOW, now=MONDAY)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DONE


@pytest.mark.django_db
def test_indicators_count_waits_within_the_standard_per_village(counter, service) -> None:
    for _i in range(3):
        queue.ticket_take(counter=counter, service_id=service.pk, now=MONDAY)
    queue.counter_set_open(actor=None, counter=counter, is_open=True)
    for minutes in (10, 40, 50):  # waits of 10, 40 and 50 minutes; standard 30
        queue.counter_call_next(
            actor=None, counter=counter, now=MONDAY + timedelta(minutes=minutes)
        )
    month = parse_period("2026-03")
    codes = ["onestop.tunggu", "onestop.rata_tunggu"]
    indicator_refresh(codes=codes, periods=[month])
    sums = fact_sums(codes=codes, periods=[month], within=KAB_LUTRA, length=5)
    assert sums[("onestop.tunggu", month.type, month.start, KAB_LUTRA)] == (1, 3)
    # (600 + 2400 + 3000) seconds over 60 x 3 tickets: 33.3 minutes.
    assert sums[("onestop.rata_tunggu", month.type, month.start, KAB_LUTRA)] == (6000, 180)


@pytest.mark.django_db
def test_booking_refuses_past_full_and_unknown_slots_and_writes_nothing(counter, service) -> None:
    book = {"counter": counter, "service_id": service.pk, "name": "Siti", "now": MONDAY}
    with pytest.raises(DomainError, match="sudah lewat"):
        queue.appointment_book(day=MONDAY.date(), slot=time(8, 30), **book)
    with pytest.raises(DomainError, match="bukan slot"):
        queue.appointment_book(day=TUESDAY, slot=time(8, 10), **book)
    queue.appointment_book(day=TUESDAY, slot=time(9, 0), **book)
    queue.appointment_book(day=TUESDAY, slot=time(9, 0), **book)
    with pytest.raises(ConflictError, match="Slot jam 09:00 sudah penuh"):
        queue.appointment_book(day=TUESDAY, slot=time(9, 0), **book)
    queue.appointment_book(day=TUESDAY, slot=time(10, 0), **book)
    with pytest.raises(ConflictError, match="Kuota janji"):  # daily quota 3
        queue.appointment_book(day=TUESDAY, slot=time(11, 0), **book)
    assert Appointment.objects.count() == 3


@pytest.mark.django_db
def test_quota_below_the_bookings_made_is_refused(counter, service) -> None:
    for slot in (time(9, 0), time(9, 30)):
        queue.appointment_book(
            counter=counter, service_id=service.pk, day=TUESDAY, slot=slot, name="A", now=MONDAY
        )
    with pytest.raises(ConflictError, match="lebih kecil dari 2 janji"):
        catalogue.counter_quota_set(
            actor=None, counter=counter, day=TUESDAY, quota=1, today=MONDAY.date()
        )
    assert not CounterDay.objects.exists()
    with pytest.raises(ConflictError, match="lebih kecil dari janji"):
        make_counter(counter.location, [service], daily_quota=1)
    counter.refresh_from_db()
    assert counter.daily_quota == 3
    catalogue.counter_quota_set(
        actor=None, counter=counter, day=TUESDAY, quota=2, today=MONDAY.date()
    )
    with pytest.raises(ConflictError, match="Kuota janji"):
        queue.appointment_book(
            counter=counter, service_id=service.pk, day=TUESDAY, slot=time(10, 0), name="B",
            now=MONDAY,
        )  # fmt: skip


@pytest.mark.django_db
def test_check_in_gives_a_number_and_no_shows_are_released(counter, service) -> None:
    early = queue.appointment_book(
        counter=counter, service_id=service.pk, day=TUESDAY, slot=time(9, 0), name="A", now=MONDAY
    )
    late = queue.appointment_book(
        counter=counter, service_id=service.pk, day=TUESDAY, slot=time(9, 0), name="B", now=MONDAY
    )
    with pytest.raises(ConflictError, match="untuk tanggal"):
        queue.appointment_check_in(appointment=early, now=MONDAY)
    tuesday_0850 = MONDAY + timedelta(days=1, minutes=-10)
    ticket = queue.appointment_check_in(appointment=early, now=tuesday_0850)
    assert ticket.source == "janji" and ticket.number == "A-001"
    # At 09:29 B is within the grace; at 09:31 B is released and the slot frees up.
    assert queue.release_no_shows(now=tuesday_0850 + timedelta(minutes=39))["appointments"] == 0
    assert queue.release_no_shows(now=tuesday_0850 + timedelta(minutes=41))["appointments"] == 1
    late.refresh_from_db()
    early.refresh_from_db()
    assert (early.status, late.status) == (AppointmentStatus.CHECKED_IN, AppointmentStatus.NO_SHOW)
    # A booked ticket waits from its slot, not from an early arrival.
    queue.counter_set_open(actor=None, counter=counter, is_open=True)
    queue.counter_call_next(actor=None, counter=counter, now=tuesday_0850 + timedelta(minutes=15))
    ticket.refresh_from_db()
    assert ticket.wait_seconds == 5 * 60


@pytest.mark.django_db
def test_service_standard_missing_components_is_refused(service) -> None:
    with pytest.raises(DomainError, match="Persyaratan, Produk pelayanan") as exc:
        catalogue.service_save(
            actor=None, provider=service.provider, code="baru", name="Baru", requirements="",
            procedure="Datang", time_value=1, cost=0, product="", complaint_channel="x",
        )  # fmt: skip
    assert set(exc.value.field_errors) == {"requirements", "product"}
    with pytest.raises(DomainError, match="tidak dikenal"):
        catalogue.service_save(
            actor=None, provider=service.provider, code="baru", name="Baru", requirements="a",
            procedure="b", time_value=1, cost=0, product="c", complaint_channel="d",
            letter_types=["bukan_surat"],
        )  # fmt: skip
    assert service.provider.services.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_takers_get_distinct_numbers_in_order(tree) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    from balai.onestop.models import LocationKind
    from balai.regions.models import Area

    service = make_service()
    location = catalogue.location_save(
        actor=None, code="mpp-x", name="MPP", kind=LocationKind.MPP,
        owner=Area.objects.get(code=KAB_LUTRA), area=Area.objects.get(code=KEL_KAPPUNA),
    )  # fmt: skip
    counters = [make_counter(location, [service], prefix=p) for p in ("A", "B")]
    barrier = threading.Barrier(50)
    errors: list[BaseException] = []

    def take(i: int) -> None:
        try:
            barrier.wait()
            queue.ticket_take(counter=counters[i % 2], service_id=service.pk, now=MONDAY)
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=take, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for counter in counters:
        rows = list(
            Ticket.objects.filter(counter=counter)
            .order_by("issued_at", "pk")
            .values_list("sequence", flat=True)
        )
        assert sorted(rows) == list(range(1, 26))
        # In order: a higher number was never committed before a lower one.
        by_id = list(
            Ticket.objects.filter(counter=counter).order_by("pk").values_list("sequence", flat=True)
        )
        assert by_id == list(range(1, 26))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_calls_never_call_one_ticket_twice_and_bookings_respect_the_quota(tree) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    from balai.onestop.models import LocationKind
    from balai.regions.models import Area

    service = make_service()
    location = catalogue.location_save(
        actor=None, code="mpp-y", name="MPP", kind=LocationKind.MPP,
        owner=Area.objects.get(code=KAB_LUTRA), area=Area.objects.get(code=KEL_KAPPUNA),
    )  # fmt: skip
    counter = make_counter(location, [service], daily_quota=10, slot_capacity=10)
    for _i in range(20):
        queue.ticket_take(counter=counter, service_id=service.pk, now=MONDAY)
    queue.counter_set_open(actor=None, counter=counter, is_open=True)
    barrier = threading.Barrier(40)
    called: list[int] = []
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            barrier.wait()
            if i % 2:
                ticket = queue.counter_call_next(actor=None, counter=counter, now=MONDAY)
                if ticket is not None:
                    called.append(ticket.sequence)
            else:
                queue.appointment_book(
                    counter=counter, service_id=service.pk, day=TUESDAY, slot=time(9, 0),
                    name=f"W{i}", now=MONDAY,
                )  # fmt: skip
        except ConflictError:
            pass
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(called) == list(range(1, 21))
    assert Appointment.objects.filter(counter=counter, day=TUESDAY).count() == 10
    assert date(2026, 3, 17) == TUESDAY


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_call_at_one_counter_does_not_wait_for_another_counter_of_the_unit(tree) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    from django.db import transaction

    from balai.onestop.models import LocationKind
    from balai.regions.models import Area

    service = make_service()
    location = catalogue.location_save(
        actor=None, code="mpp-z", name="MPP", kind=LocationKind.MPP,
        owner=Area.objects.get(code=KAB_LUTRA), area=Area.objects.get(code=KEL_KAPPUNA),
    )  # fmt: skip
    counters = [make_counter(location, [service], prefix=p) for p in ("A", "B")]
    for c in counters:
        queue.ticket_take(counter=c, service_id=service.pk, now=MONDAY)
        queue.counter_set_open(actor=None, counter=c, is_open=True)
    holding, done = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold_a() -> None:
        try:
            with transaction.atomic():
                queue.counter_call_next(actor=None, counter=counters[0], now=MONDAY)
                holding.set()
                done.wait(10)  # counter A's call stays open while B calls
        except BaseException as exc:
            errors.append(exc)
        finally:
            holding.set()
            connection.close()

    thread = threading.Thread(target=hold_a)
    thread.start()
    holding.wait(10)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            called = queue.counter_call_next(actor=None, counter=counters[1], now=MONDAY)
    finally:
        done.set()
        thread.join()
    assert errors == []
    assert called is not None and called.number == "B-001"


@pytest.mark.django_db
def test_demo_builds_the_units_and_a_served_history_once(tree) -> None:
    from balai.core.demo import DemoOptions
    from balai.onestop import demo
    from balai.onestop.models import Location
    from balai.regions.models import Area

    kab = Area.objects.get(code=KAB_LUTRA)
    first = demo.build(kab, DemoOptions(seed=1, extra={"onestop_days": 3}))
    tickets = Ticket.objects.count()
    assert tickets > 0
    assert set(Location.objects.values_list("kind", flat=True)) == {"mpp", "paten", "desa"}
    assert not Ticket.objects.filter(status=TicketStatus.WAITING).exists()
    second = demo.build(kab, DemoOptions(seed=1))
    assert Ticket.objects.count() == tickets
    assert "10 layanan" in first and second.endswith("0 tiket riwayat")


@pytest.mark.django_db
def test_release_command_closes_tickets_left_from_earlier_days(counter, service) -> None:
    from io import StringIO

    import time_machine
    from django.core.management import call_command

    left = queue.ticket_take(counter=counter, service_id=service.pk, now=MONDAY)
    today = queue.ticket_take(
        counter=counter, service_id=service.pk, now=MONDAY + timedelta(days=3)
    )
    out = StringIO()
    with time_machine.travel(MONDAY + timedelta(days=3, hours=1), tick=False):
        call_command("onestop_release", stdout=out)
    assert out.getvalue().strip() == "0 janji dilepas, 1 tiket ditutup"
    left.refresh_from_db()
    today.refresh_from_db()
    assert (left.status, today.status) == (TicketStatus.NO_SHOW, TicketStatus.WAITING)
