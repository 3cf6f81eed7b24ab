"""Reads of the one-stop module: catalogue search, queue boards, measured times, SKM per unit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Avg, Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.complaints.dashboards import SkmRow
from balai.complaints.models import SKM_FIELDS, ServiceKind, SurveyResponse
from balai.complaints.skm import minimum_sample
from balai.core.areacodes import ancestor_codes
from balai.core.errors import DomainError
from balai.letters.catalogue import letter_type
from balai.onestop.models import (
    HOLDING,
    Appointment,
    Counter,
    CounterDay,
    Location,
    Service,
    Ticket,
    TicketStatus,
)
from balai.onestop.services.catalogue import OWNER_LEVEL
from balai.onestop.services.queue import local_now
from balai.regions.models import Area, Level

SEARCH_LIMIT = 60


def catalogue_search(*, q: str = "", kabupaten: str = "", letter: str = "") -> QuerySet[Service]:
    """Return the published services matching *q*, in *kabupaten*, needing village letter *letter*."""
    services = Service.objects.filter(is_published=True).select_related("provider", "area")
    if kabupaten:
        services = services.filter(area_id=kabupaten)
    for word in q.split()[:5]:
        services = services.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(provider__name__icontains=word)
            | Q(product__icontains=word)
        )
    if letter:
        # JSON containment is not portable to SQLite: narrow by text, then check.
        ids = [
            pk
            for pk, codes in services.filter(letter_types__icontains=letter).values_list(
                "pk", "letter_types"
            )
            if letter in codes
        ]
        services = services.filter(pk__in=ids)
    return services.order_by("name")


def service_get_public(pk: int) -> Service:
    """Return the published service *pk* (404 otherwise)."""
    service = Service.objects.select_related("provider", "area").filter(pk=pk, is_published=True)
    found = service.first()
    if found is None:
        raise Http404(_("Layanan tidak ditemukan."))
    return found


def service_locations(service: Service) -> list[Location]:
    """Return the active units offering *service*, each with its counters serving it."""
    counters = Counter.objects.filter(services=service).order_by("prefix")
    return list(
        Location.objects.filter(is_active=True, counters__services=service)
        .distinct()
        .select_related("area", "owner")
        .prefetch_related(Prefetch("counters", queryset=counters, to_attr="serving"))
        .order_by("kind", "name")
    )


def letters_of(service: Service) -> list[Any]:
    """Return the village letter types *service* needs (``letters.catalogue``)."""
    return [t for code in service.letter_types if (t := letter_type(code)) is not None]


def location_get_public(code: str) -> Location:
    """Return the active unit *code* (404 otherwise)."""
    location = Location.objects.select_related("area", "owner").filter(code=code, is_active=True)
    found = location.first()
    if found is None:
        raise Http404(_("Unit pelayanan tidak ditemukan."))
    return found


def location_counters(location: Location) -> list[Counter]:
    """Return *location*'s counters with their services."""
    return list(location.counters.prefetch_related("services").order_by("prefix"))


def location_list_for_user(*, user: Any, perm: str) -> QuerySet[Location]:
    """Return the units *user* may work on with *perm* (run by an area in their scope)."""
    return access.scoped(
        Location.objects.select_related("owner", "area"), user, perm, field="owner"
    ).order_by("kind", "name")


def counter_get_for_user(*, user: Any, pk: int, perm: str) -> Counter:
    """Return counter *pk* if its unit is in *user*'s scope for *perm* (404 otherwise)."""
    return access.get_in_scope(
        Counter.objects.select_related("location__area", "location__owner"),
        user,
        perm,
        pk=pk,
        message=_("Loket tidak ditemukan."),
        field="location__owner",
    )


def unit_villages(owner: Area) -> list[tuple[str, str]]:
    """Return (code, name) of the villages a unit run by *owner* may sit in."""
    if owner.level == Level.DESA_KELURAHAN:
        return [(owner.code, owner.name)]
    rows = Area.objects.filter(code__within=owner.code, level=Level.DESA_KELURAHAN, is_active=True)
    return list(rows.order_by("code").values_list("code", "name"))


def village_in(owner: Area, code: str) -> Area:
    """Return village *code* if it lies in *owner* (DomainError otherwise)."""
    found = Area.objects.filter(code=code, level=Level.DESA_KELURAHAN).first()
    if found is None or not owner.contains(found.code):
        raise DomainError(
            _("Lokasi unit harus desa/kelurahan di wilayah penyelenggaranya."),
            field_errors={"area": [_("Pilih desa/kelurahan lokasi unit.")]},
        )
    return found


def new_unit_owner(user: Any) -> str | None:
    """Return the area code where *user* may open a new unit (their role's area), if any."""
    code = access.scope_code(user, Perm.ONESTOP_MANAGE)
    if code is None:
        return None
    area = Area.objects.filter(code=code).first()
    if area is None or area.level not in OWNER_LEVEL.values():
        return None
    return area.code


def location_get_for_user(*, user: Any, code: str, perm: str) -> Location:
    """Return unit *code* if it is run inside *user*'s scope for *perm* (404 otherwise)."""
    found = location_list_for_user(user=user, perm=perm).filter(code=code).first()
    if found is None:
        raise Http404(_("Unit pelayanan tidak ditemukan."))
    return found


@dataclass
class BoardRow:
    """One counter on the waiting-room display."""

    counter: Counter
    called: str = ""
    waiting: int = 0
    next_numbers: list[str] = field(default_factory=list)


def queue_board(location: Location, *, now: datetime | None = None) -> list[BoardRow]:
    """Return each counter's called number, waiting count and next numbers today (2 queries)."""
    day = local_now(location, now).date()
    counters = list(location.counters.order_by("prefix"))
    rows = {c.pk: BoardRow(counter=c) for c in counters}
    live = (
        Ticket.objects.filter(
            counter__location=location,
            day=day,
            status__in=(TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING),
        )
        .order_by("counter_id", "sequence")
        .values_list("counter_id", "status", "number")
    )
    for counter_id, status, number in live:
        row = rows[counter_id]
        if status == TicketStatus.WAITING:
            row.waiting += 1
            if len(row.next_numbers) < 3:
                row.next_numbers.append(number)
        else:
            row.called = number
    return list(rows.values())


def ticket_get_public(code: str) -> Ticket:
    """Return the ticket with tracking *code* (404 otherwise)."""
    found = (
        Ticket.objects.select_related("counter__location__area", "service")
        .filter(code=code.strip().upper())
        .first()
    )
    if found is None:
        raise Http404(_("Tiket tidak ditemukan."))
    return found


def ticket_ahead(ticket: Ticket) -> int:
    """Return how many numbers wait before *ticket* at its counter."""
    if ticket.status != TicketStatus.WAITING:
        return 0
    return Ticket.objects.filter(
        counter_id=ticket.counter_id,
        day=ticket.day,
        status=TicketStatus.WAITING,
        sequence__lt=ticket.sequence,
    ).count()


def counter_queue(counter: Counter, *, day: date) -> QuerySet[Ticket]:
    """Return *counter*'s tickets of *day* that are not finished, in order."""
    return (
        Ticket.objects.filter(
            counter=counter,
            day=day,
            status__in=(TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING),
        )
        .select_related("service")
        .order_by("sequence")
    )


@dataclass
class TimeRow:
    """Measured times of one service or counter against its standard."""

    label: str
    called: int
    wait_met: int
    wait_avg_min: float | None
    done: int
    serve_met: int
    serve_avg_min: float | None
    no_show: int
    # The service's standard now (minutes); per counter there is none (many services).
    wait_standard: int | None = None
    serve_standard: int | None = None

    @property
    def wait_pct(self) -> float | None:
        return None if not self.called else round(100 * self.wait_met / self.called, 1)

    @property
    def serve_pct(self) -> float | None:
        return None if not self.done else round(100 * self.serve_met / self.done, 1)


def _times(rows: QuerySet[Any], key: str, label: str, *standards: str) -> list[TimeRow]:
    grouped = (
        rows.values(key, label, *standards)
        .order_by(label)
        .annotate(
            called=Count("id", filter=Q(called_at__isnull=False)),
            wait_met=Count("id", filter=Q(wait_met=True)),
            wait_avg=Avg("wait_seconds"),
            done=Count("id", filter=Q(status=TicketStatus.DONE)),
            serve_met=Count("id", filter=Q(serve_met=True)),
            serve_avg=Avg("serve_seconds"),
            no_show=Count("id", filter=Q(status=TicketStatus.NO_SHOW)),
        )
    )
    return [
        TimeRow(
            label=r[label],
            called=r["called"],
            wait_met=r["wait_met"],
            wait_avg_min=None if r["wait_avg"] is None else round(r["wait_avg"] / 60, 1),
            done=r["done"],
            serve_met=r["serve_met"],
            serve_avg_min=None if r["serve_avg"] is None else round(r["serve_avg"] / 60, 1),
            no_show=r["no_show"],
            wait_standard=r[standards[0]] if standards else None,
            serve_standard=r[standards[1]] if standards else None,
        )
        for r in grouped
    ]


def measured_times(
    location: Location, *, start: date, end: date
) -> tuple[list[TimeRow], list[TimeRow]]:
    """Return the times of *location*'s tickets of days [start, end) per service and per counter."""
    rows = Ticket.objects.filter(counter__location=location, day__gte=start, day__lt=end)
    by_service = _times(
        rows, "service_id", "service__name", "service__wait_minutes", "service__serve_minutes"
    )
    return by_service, _times(rows, "counter_id", "counter__name")


@dataclass
class UnitSkm:
    """One unit's SKM in a period: sums, population (tickets finished) and minimum sample."""

    location: Location
    skm: SkmRow
    population: int

    @property
    def minimum(self) -> int:
        return minimum_sample(self.population)

    @property
    def below_minimum(self) -> bool:
        """Tell whether the unit has fewer answers than the PermenPANRB 14/2017 minimum."""
        return self.skm.responses < self.minimum


def skm_by_location(locations: list[Location], *, start: datetime, end: datetime) -> list[UnitSkm]:
    """Return the SKM of each unit in [start, end): answers naming it and its finished tickets."""
    codes = [loc.code for loc in locations]
    sums = {
        r["unit_code"]: r
        for r in SurveyResponse.objects.filter(
            unit_code__in=codes, submitted_at__gte=start, submitted_at__lt=end
        )
        .values("unit_code")
        .order_by()
        .annotate(responses=Count("id"), **{name: Sum(name) for name in SKM_FIELDS})
    }
    populations = dict(
        Ticket.objects.filter(
            counter__location__in=locations, finished_at__gte=start, finished_at__lt=end
        )
        .values("counter__location_id")
        .order_by()
        .annotate(n=Count("id"))
        .values_list("counter__location_id", "n")
    )
    out = []
    for location in locations:
        row = SkmRow(location.code, location.name)
        if location.code in sums:
            row.add(sums[location.code])
            row.score_sum = sum(row.element_sums.values())
            row.score_count = row.responses * len(SKM_FIELDS)
        out.append(UnitSkm(location=location, skm=row, population=populations.get(location.pk, 0)))
    return out


def onestop_population(area_code: str, start: datetime, end: datetime) -> int:
    """Count the tickets finished at units sitting in *area_code* (``complaints.skm``)."""
    return Ticket.objects.filter(
        area__within=area_code,
        status=TicketStatus.DONE,
        finished_at__gte=start,
        finished_at__lt=end,
    ).count()


def unit_choices(village_code: str) -> list[tuple[str, str]]:
    """Return the units serving *village_code*: its desk, its kecamatan's PATEN, its MPP."""
    owners = [*ancestor_codes(village_code), village_code]
    return list(
        Location.objects.filter(owner_id__in=owners, is_active=True)
        .order_by("kind", "name")
        .values_list("code", "name")
    )


def ticket_answered(ticket: Ticket) -> bool:
    """Tell whether the SKM about *ticket* was answered."""
    return SurveyResponse.objects.filter(
        service_kind=ServiceKind.ONESTOP, object_id=ticket.pk
    ).exists()


def quota_table(
    counters: list[Counter], days: list[date]
) -> list[tuple[Counter, list[tuple[int, int]]]]:
    """Return per counter the (booked, quota) of each day in *days* (two queries)."""
    holding = dict.fromkeys(((c.pk, d) for c in counters for d in days), 0)
    for counter_id, day, n in (
        Appointment.objects.filter(counter__in=counters, day__in=days, status__in=HOLDING)
        .values("counter_id", "day")
        .order_by()
        .annotate(n=Count("id"))
        .values_list("counter_id", "day", "n")
    ):
        holding[(counter_id, day)] = n
    own = {
        (r.counter_id, r.day): r.quota
        for r in CounterDay.objects.filter(counter__in=counters, day__in=days)
    }
    return [
        (c, [(holding[(c.pk, d)], own.get((c.pk, d), c.daily_quota)) for d in days])
        for c in counters
    ]


def service_initial(service: Service) -> dict[str, Any]:
    """Return *service*'s values for the catalogue form."""
    fields = (
        "code", "name", "description", "time_value", "time_unit", "cost", "cost_note",
        "product", "complaint_channel", "legal_basis", "wait_minutes", "serve_minutes",
        "letter_types", "is_published",
    )  # fmt: skip
    initial: dict[str, Any] = {name: getattr(service, name) for name in fields}
    initial["provider"] = service.provider_id
    initial["requirements"] = "\n".join(service.requirements)
    initial["procedure"] = "\n".join(service.procedure)
    return initial
