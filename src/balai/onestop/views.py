"""Pages of the one-stop service: the public catalogue, booking, kiosk, display and counters."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.complaints.dashboards import period_range
from balai.core import periods
from balai.core.client_ip import client_ip
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.onestop import exports, policies, selectors
from balai.onestop.forms import (
    BookingForm,
    CheckInForm,
    CounterForm,
    KioskForm,
    LocationForm,
    QuotaForm,
    SearchForm,
    ServiceForm,
    SurveyForm,
)
from balai.onestop.models import (
    Appointment,
    Provider,
    Service,
    Ticket,
    TicketStatus,
)
from balai.onestop.services import catalogue, queue, survey
from balai.regions.models import Level


def _show(form: forms.BaseForm, exc: DomainError) -> None:
    """Show *exc* on *form*: the whole message on top, the short hints under the fields."""
    apply_domain_error(form, exc)
    if exc.field_errors:
        form.add_error(None, exc.message)


def _qr_svg(data: str) -> str:
    """Return an inline SVG QR code of *data* (no XML declaration: it sits in HTML)."""
    buf = io.BytesIO()
    segno.make(data, error="m").save(buf, kind="svg", scale=4, border=2, xmldecl=False)
    return buf.getvalue().decode()


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


@access.public
def catalogue_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    letter = request.GET.get("surat", "")[:40]
    services = list(
        selectors.catalogue_search(
            q=q, kabupaten=request.GET.get("wilayah", "")[:5], letter=letter
        )[: selectors.SEARCH_LIMIT]
    )
    context = {"form": form, "services": services, "q": q, "letter": letter}
    template = "onestop/catalogue.html" + ("#results" if _htmx(request) else "")
    return render(request, template, context)


@access.public
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_get_public(pk)
    context = {
        "service": service,
        "locations": selectors.service_locations(service),
        "letters": selectors.letters_of(service),
    }
    return render(request, "onestop/service.html", context)


@access.public
def location_page(request: HttpRequest, code: str) -> HttpResponse:
    location = selectors.location_get_public(code)
    counters = selectors.location_counters(location)
    return render(request, "onestop/location.html", {"location": location, "counters": counters})


def _offered(counters: list) -> object:  # type: ignore[type-arg]
    return Service.objects.filter(counters__in=counters, is_published=True).distinct()


def _allowed(request: HttpRequest, form: str) -> bool:
    """Count this submission against the address's limit; show the message when over it."""
    if policies.public_take_allowed(client_ip(request), form=form):
        return True
    messages.error(
        request,
        _(
            "Terlalu banyak nomor antrean atau janji diambil dari alamat Anda. "
            "Coba lagi dalam beberapa menit, atau minta bantuan petugas loket."
        ),
    )
    return False


@access.public
def book(request: HttpRequest, code: str) -> HttpResponse:
    location = selectors.location_get_public(code)
    counters = selectors.location_counters(location)
    form = BookingForm(request.POST or None, counters=counters, services=_offered(counters))
    limited = request.method == "POST" and not _allowed(request, "janji")
    if request.method == "POST" and not limited and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = queue.appointment_book(
                counter=data["counter"],
                service_id=data["service"].pk,
                day=data["day"],
                slot=data["slot"],
                name=data["name"],
                phone=data["phone"] or "",
            )
        except DomainError as exc:
            _show(form, exc)
        else:
            return redirect(appointment)
    status = 429 if limited else 400 if request.method == "POST" else 200
    slots = {c.pk: queue.slots(c) for c in counters}
    context = {"location": location, "counters": counters, "form": form, "slots": slots}
    return render(request, "onestop/book.html", context, status=status)


def _appointment(code: str) -> Appointment:
    found = (
        Appointment.objects.select_related("counter__location", "service")
        .filter(code=code.strip().upper())
        .first()
    )
    if found is None:
        raise Http404(_("Janji tidak ditemukan."))
    return found


@access.public
def appointment_page(request: HttpRequest, code: str) -> HttpResponse:
    appointment = _appointment(code)
    ticket = Ticket.objects.filter(appointment=appointment).first()
    return render(
        request, "onestop/appointment.html", {"appointment": appointment, "ticket": ticket}
    )


@require_POST
@access.public
def appointment_cancel(request: HttpRequest, code: str) -> HttpResponse:
    appointment = _appointment(code)
    try:
        queue.appointment_cancel(appointment=appointment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Janji dibatalkan. Tempatnya kembali ke kuota."))
    return redirect(appointment)


@access.public
def kiosk(request: HttpRequest, code: str) -> HttpResponse:
    location = selectors.location_get_public(code)
    counters = selectors.location_counters(location)
    form = KioskForm(request.POST or None, counters=counters, services=_offered(counters))
    checkin = CheckInForm(prefix="janji")
    limited = request.method == "POST" and not _allowed(request, "kiosk")
    if request.method == "POST" and not limited and form.is_valid():
        # The counter as listed, with its unit and services: no query to load them again.
        chosen = next(c for c in counters if c.pk == form.cleaned_data["counter"].pk)
        try:
            ticket = queue.ticket_take(counter=chosen, service_id=form.cleaned_data["service"].pk)
        except DomainError as exc:
            _show(form, exc)
        else:
            return redirect(ticket)
    context = {"location": location, "counters": counters, "form": form, "checkin": checkin}
    status = 429 if limited else 400 if request.method == "POST" else 200
    return render(request, "onestop/kiosk.html", context, status=status)


@require_POST
@access.public
def kiosk_checkin(request: HttpRequest, code: str) -> HttpResponse:
    location = selectors.location_get_public(code)
    form = CheckInForm(request.POST, prefix="janji")
    if form.is_valid():
        appointment = (
            Appointment.objects.filter(
                code=form.cleaned_data["code"].strip().upper(), counter__location=location
            )
            .select_related("counter__location")
            .first()
        )
        if appointment is None:
            messages.error(request, _("Kode janji tidak ditemukan di unit ini."))
        else:
            try:
                ticket = queue.appointment_check_in(appointment=appointment)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                return redirect(ticket)
    return redirect("onestop:kiosk", code=location.code)


@access.public
def display(request: HttpRequest, code: str) -> HttpResponse:
    location = selectors.location_get_public(code)
    context = {"location": location, "board": selectors.queue_board(location)}
    template = "onestop/display.html" + ("#board" if _htmx(request) else "")
    return render(request, template, context)


@access.public
def ticket_page(request: HttpRequest, code: str) -> HttpResponse:
    ticket = selectors.ticket_get_public(code)
    fragment = _htmx(request)
    context = {
        "ticket": ticket,
        # The printed slip carries the page's address, to follow the queue on a phone.
        "qr": None if fragment else _qr_svg(request.build_absolute_uri(ticket.get_absolute_url())),
        "ahead": selectors.ticket_ahead(ticket),
        "survey_form": SurveyForm() if ticket.status == TicketStatus.DONE else None,
        "answered": ticket.status == TicketStatus.DONE and selectors.ticket_answered(ticket),
    }
    template = "onestop/ticket.html" + ("#status" if fragment else "")
    return render(request, template, context)


@require_POST
@access.public
def ticket_survey(request: HttpRequest, code: str) -> HttpResponse:
    ticket = selectors.ticket_get_public(code)
    form = SurveyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Setiap unsur survei diberi nilai 1 sampai 4."))
        return redirect(ticket)
    data = form.cleaned_data
    try:
        survey.ticket_survey_submit(
            ticket=ticket,
            scores={k: v for k, v in data.items() if k != "suggestion"},
            suggestion=data["suggestion"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Terima kasih atas penilaian Anda."))
    return redirect(ticket)


# Staff pages.


@access.requires(Perm.ONESTOP_SERVE)
def desk(request: HttpRequest) -> HttpResponse:
    locations = list(
        selectors.location_list_for_user(
            user=request.user, perm=Perm.ONESTOP_SERVE
        ).prefetch_related("counters")
    )
    may_manage = access.has_perm(request.user, Perm.ONESTOP_MANAGE)
    new_unit_owner = selectors.new_unit_owner(request.user) if may_manage else None
    context = {"locations": locations, "may_manage": may_manage, "new_unit_owner": new_unit_owner}
    return render(request, "onestop/desk.html", context)


@access.requires(Perm.ONESTOP_SERVE)
def counter_console(request: HttpRequest, pk: int) -> HttpResponse:
    counter = selectors.counter_get_for_user(user=request.user, pk=pk, perm=Perm.ONESTOP_SERVE)
    day = queue.local_now(counter.location).date()
    context = {"counter": counter, "tickets": list(selectors.counter_queue(counter, day=day))}
    template = "onestop/counter.html" + ("#queue" if _htmx(request) else "")
    return render(request, template, context)


@require_POST
@access.requires(Perm.ONESTOP_SERVE)
def counter_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    counter = selectors.counter_get_for_user(user=request.user, pk=pk, perm=Perm.ONESTOP_SERVE)
    try:
        if action == "buka":
            queue.counter_set_open(actor=request.user, counter=counter, is_open=True)
        elif action == "tutup":
            queue.counter_set_open(actor=request.user, counter=counter, is_open=False)
        elif action == "panggil":
            called = queue.counter_call_next(actor=request.user, counter=counter)
            if called is None:
                messages.info(request, _("Tidak ada antrean menunggu."))
            else:
                messages.success(request, _("Memanggil %(n)s.") % {"n": called.number})
        else:
            raise Http404(_("Tindakan tidak dikenal."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("onestop:counter", pk=counter.pk)


TICKET_ACTIONS = {
    "layani": TicketStatus.SERVING,
    "selesai": TicketStatus.DONE,
    "tidak-hadir": TicketStatus.NO_SHOW,
}


@require_POST
@access.requires(Perm.ONESTOP_SERVE)
def ticket_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    to = TICKET_ACTIONS.get(action)
    if to is None:
        raise Http404(_("Tindakan tidak dikenal."))
    ticket = access.get_in_scope(
        Ticket.objects.select_related("counter"),
        request.user,
        Perm.ONESTOP_SERVE,
        pk=pk,
        message=_("Tiket tidak ditemukan."),
        field="counter__location__owner",
    )
    try:
        queue.ticket_transition(actor=request.user, ticket=ticket, to=to)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("onestop:counter", pk=ticket.counter_id)


@access.requires(Perm.ONESTOP_MANAGE)
def manage(request: HttpRequest, code: str) -> HttpResponse:
    location = selectors.location_get_for_user(
        user=request.user, code=code, perm=Perm.ONESTOP_MANAGE
    )
    counters = selectors.location_counters(location)
    today = queue.local_now(location).date()
    form = QuotaForm(request.POST or None, counters=counters, initial={"day": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            catalogue.counter_quota_set(
                actor=request.user,
                counter=data["counter"],
                day=data["day"],
                quota=data["quota"],
                today=today,
            )
        except DomainError as exc:
            _show(form, exc)
        else:
            messages.success(request, _("Kuota disimpan."))
            return redirect("onestop:manage", code=location.code)
    days = [today + timedelta(days=i) for i in range(7)]
    context = {
        "location": location,
        "form": form,
        "days": days,
        "quotas": selectors.quota_table(counters, days),
        "services": Service.objects.filter(area_id__in=_catalogue_areas(location.owner_id)),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "onestop/manage.html", context, status=status)


@access.requires(Perm.ONESTOP_MANAGE)
def location_edit(request: HttpRequest, owner: str = "", code: str = "") -> HttpResponse:
    """Create a unit run by area *owner*, or edit unit *code* (its owner and code stay)."""
    if code:
        location = selectors.location_get_for_user(
            user=request.user, code=code, perm=Perm.ONESTOP_MANAGE
        )
        owner_area = location.owner
        initial = {
            "code": location.code,
            "name": location.name,
            "area": location.area_id,
            "address": location.address,
            "opening_hours": location.opening_hours,
        }
    else:
        location = None
        owner_area = access.get_area_for_user(request.user, owner, Perm.ONESTOP_MANAGE)
        initial = {}
    kind = catalogue.kind_for_owner(owner_area)
    if kind is None:
        raise Http404(_("Unit pelayanan diselenggarakan oleh kabupaten, kecamatan atau desa."))
    villages = selectors.unit_villages(owner_area)
    form = LocationForm(request.POST or None, initial=initial, villages=villages)
    if location is not None:
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = catalogue.location_save(
                actor=request.user,
                code=location.code if location else data["code"],
                name=data["name"],
                kind=kind,
                owner=owner_area,
                area=selectors.village_in(owner_area, data["area"]),
                address=data["address"],
                opening_hours=data["opening_hours"],
                create_only=location is None,
            )
        except DomainError as exc:
            _show(form, exc)
        else:
            messages.success(request, _("Unit %(name)s disimpan.") % {"name": saved.name})
            return redirect("onestop:manage", code=saved.code)
    context = {"form": form, "location": location, "owner": owner_area, "kind": kind}
    status = 400 if request.method == "POST" else 200
    return render(request, "onestop/location_form.html", context, status=status)


@access.requires(Perm.ONESTOP_MANAGE)
def counter_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    """Add a counter to unit *code*, or edit counter *pk* of it (its letter stays)."""
    location = selectors.location_get_for_user(
        user=request.user, code=code, perm=Perm.ONESTOP_MANAGE
    )
    counter = None
    if pk is not None:
        counter = next((c for c in selectors.location_counters(location) if c.pk == pk), None)
        if counter is None:
            raise Http404(_("Loket tidak ditemukan."))
    services = Service.objects.filter(area_id__in=_catalogue_areas(location.owner_id))
    initial: dict[str, Any] = {"opens_at": "08:00", "closes_at": "15:00", "slot_minutes": 30,
                               "slot_capacity": 4, "daily_quota": 40}  # fmt: skip
    if counter is not None:
        initial = {
            "letter": counter.prefix,
            "name": counter.name,
            "services": list(counter.services.all()),
            "opens_at": counter.opens_at,
            "closes_at": counter.closes_at,
            "slot_minutes": counter.slot_minutes,
            "slot_capacity": counter.slot_capacity,
            "daily_quota": counter.daily_quota,
        }
    form = CounterForm(request.POST or None, initial=initial, services=services)
    if counter is not None:
        form.fields["letter"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            catalogue.counter_save(
                actor=request.user,
                location=location,
                prefix=counter.prefix if counter else data["letter"],
                name=data["name"],
                services=data["services"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                slot_minutes=data["slot_minutes"],
                slot_capacity=data["slot_capacity"],
                daily_quota=data["daily_quota"],
                today=queue.local_now(location).date(),
                create_only=counter is None,
            )
        except DomainError as exc:
            _show(form, exc)
        else:
            messages.success(request, _("Loket disimpan."))
            return redirect("onestop:manage", code=location.code)
    context = {"form": form, "location": location, "counter": counter}
    status = 400 if request.method == "POST" else 200
    return render(request, "onestop/counter_form.html", context, status=status)


def _catalogue_areas(owner_code: str) -> list[str]:
    return [owner_code[:5]]


@access.requires(Perm.ONESTOP_MANAGE)
def service_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    kabupaten = access.get_area_for_user(request.user, code, Perm.ONESTOP_MANAGE)
    if kabupaten.level != Level.KABUPATEN_KOTA:
        raise Http404(_("Katalog pelayanan dibuat per kabupaten/kota."))
    service = None
    if pk is not None:
        service = Service.objects.filter(area=kabupaten, pk=pk).first()
        if service is None:
            raise Http404(_("Layanan tidak ditemukan."))
    providers = Provider.objects.filter(area=kabupaten)
    initial = selectors.service_initial(service) if service else {"is_published": True}
    form = ServiceForm(request.POST or None, providers=providers, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        provider = data.pop("provider")
        code_value = data.pop("code")
        try:
            saved = catalogue.service_save(
                actor=request.user, provider=provider, code=code_value, service=service, **data
            )
        except DomainError as exc:
            _show(form, exc)
        else:
            messages.success(request, _("Layanan disimpan."))
            return redirect(saved)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "kabupaten": kabupaten, "service": service}
    return render(request, "onestop/service_form.html", context, status=status)


@access.requires(Perm.SERVICES_MONITOR)
def performance(request: HttpRequest) -> HttpResponseBase:
    year = periods.year_param(request)
    start, end = period_range(year, "year")
    locations = list(
        selectors.location_list_for_user(user=request.user, perm=Perm.SERVICES_MONITOR)
    )
    units = selectors.skm_by_location(locations, start=start, end=end)
    fmt = request.GET.get("format", "")
    if fmt in exports.FORMATS:
        return exports.skm_download(units, year=year, fmt=fmt)
    return render(request, "onestop/performance.html", {"year": year, "units": units})


@access.requires(Perm.SERVICES_MONITOR)
def unit_performance(request: HttpRequest, code: str) -> HttpResponseBase:
    location = selectors.location_get_for_user(
        user=request.user, code=code, perm=Perm.SERVICES_MONITOR
    )
    try:
        start = date.fromisoformat(request.GET.get("dari", ""))
        end = date.fromisoformat(request.GET.get("sampai", "")) + timedelta(days=1)
    except ValueError:
        end = timezone.localdate() + timedelta(days=1)
        start = end - timedelta(days=30)
    if not start < end <= start + timedelta(days=400):
        messages.error(request, _("Rentang tanggal tidak sah (paling lama satu tahun)."))
        end = timezone.localdate() + timedelta(days=1)
        start = end - timedelta(days=30)
    by_service, by_counter = selectors.measured_times(location, start=start, end=end)
    fmt = request.GET.get("format", "")
    if fmt in exports.FORMATS:
        return exports.times_download(
            location, by_service, by_counter, start=start, end=end - timedelta(days=1), fmt=fmt
        )
    context = {
        "location": location,
        "start": start,
        "end": end - timedelta(days=1),
        "by_service": by_service,
        "by_counter": by_counter,
    }
    return render(request, "onestop/unit_performance.html", context)
