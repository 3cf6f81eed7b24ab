"""Pages of the coordination meetings (rakor): plan, invite, sign in, minutes, decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.letters.actions import pdf_response
from balai.letters.services.pdf import qr_svg
from balai.regions.models import Area
from balai.supervision import exports as docs
from balai.supervision import selectors, services
from balai.supervision.forms import (
    AgendaItemForm,
    DecisionForm,
    GuestForm,
    MeetingForm,
    MinutesForm,
)
from balai.supervision.models import Meeting
from balai.supervision.views import AGENDA_LEVELS

VIEW, MANAGE = Perm.SUPERVISION_VIEW, Perm.SUPERVISION_MANAGE
ACTIONS = ("acara", "undang", "hadir", "notulen", "keputusan")
DOCS = ("notulen", "daftar-hadir")


@access.requires(VIEW)
def meetings(request: HttpRequest) -> HttpResponse:
    area = access.page_area(request, VIEW, levels=AGENDA_LEVELS)
    may_plan = access.has_perm(request.user, MANAGE, area)
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        if not may_plan:
            raise PermissionDenied(_("Anda tidak berwenang untuk tindakan ini di wilayah ini."))
        if form.is_valid():
            d = form.cleaned_data
            agenda = (
                selectors.meeting_agenda_draft(area=area, on=timezone.localdate())
                if d["draft"]
                else []
            )
            try:
                meeting = services.meeting_create(
                    actor=request.user,
                    area=area,
                    title=d["title"],
                    held_on=d["held_on"],
                    place=d["place"],
                    agenda=agenda,
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                services.meeting_invite_defaults(actor=request.user, meeting=meeting)
                return redirect("supervision:meeting", pk=meeting.pk)
    context = {
        "area": area,
        "meetings": selectors.meeting_list(user=request.user, within=area.code)[:100],
        "form": form,
        "may_plan": may_plan,
    }
    return render(request, "supervision/meetings.html", context)


def _context(request: HttpRequest, meeting: Meeting, **extra: object) -> dict[str, object]:
    sign_url = request.build_absolute_uri(
        reverse("supervision:meeting_sign", args=[meeting.pk, meeting.token])
    )
    may_manage = access.has_perm(request.user, MANAGE, meeting.area)
    return {
        "meeting": meeting,
        "items": meeting.items.all(),
        "attendees": meeting.attendees.all(),
        "decisions": meeting.decisions.select_related("area"),
        "may_manage": may_manage,
        "qr": qr_svg(sign_url) if may_manage else "",
        "sign_url": sign_url if may_manage else "",
        "item_form": AgendaItemForm(),
        "guest_form": GuestForm(),
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}),
        "decision_form": DecisionForm(area=meeting.area),
        **extra,
    }


@access.requires(VIEW)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    return render(request, "supervision/meeting.html", _context(request, meeting))


@require_POST
@access.requires(MANAGE)
def meeting_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404(_("Tindakan tidak dikenal."))
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk, perm=MANAGE)
    user = request.user
    try:
        if action == "acara":
            form = AgendaItemForm(request.POST)
            if form.is_valid():
                services.meeting_add_item(
                    actor=user, meeting=meeting, text=form.cleaned_data["text"]
                )
        elif action == "undang":
            guest = GuestForm(request.POST)
            if guest.is_valid():
                services.meeting_invite(actor=user, meeting=meeting, **guest.cleaned_data)
        elif action == "hadir":
            attendee = meeting.attendees.filter(pk=request.POST.get("attendee") or 0).first()
            if attendee is not None:
                services.attendance_mark(actor=user, attendee=attendee)
        elif action == "notulen":
            minutes = MinutesForm(request.POST)
            if not minutes.is_valid():
                messages.error(request, _("Notulen tidak boleh kosong."))
            else:
                services.meeting_record_minutes(
                    actor=user, meeting=meeting, minutes=minutes.cleaned_data["minutes"]
                )
        elif action == "keputusan":
            decision = DecisionForm(request.POST, area=meeting.area)
            if not decision.is_valid():
                return render(
                    request,
                    "supervision/meeting.html",
                    _context(request, meeting, decision_form=decision),
                    status=400,
                )
            d = decision.cleaned_data
            area = Area.objects.get(code=d["village"] or meeting.area_id)
            try:
                services.followup_create(
                    actor=user,
                    meeting=meeting,
                    area=area,
                    description=d["description"],
                    recommendation=d["recommendation"],
                    responsible=d["responsible"],
                    office=d["office"],
                    due_days=d["due_days"],
                    due_on=d["due_on"],
                    indicator=d["indicator"],
                )
            except DomainError as exc:
                apply_domain_error(decision, exc)
                return render(
                    request,
                    "supervision/meeting.html",
                    _context(request, meeting, decision_form=decision),
                    status=400,
                )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("supervision:meeting", pk=meeting.pk)


@access.own_account
def meeting_sign(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    meeting = Meeting.objects.select_related("area").filter(pk=pk, token=token).first()
    if meeting is None:
        return render(
            request,
            "supervision/meeting_sign.html",
            {"error": _("Kode QR tidak berlaku.")},
            status=404,
        )
    attendee = None
    error = ""
    if request.method == "POST":
        try:
            attendee = services.attendance_sign_qr(actor=request.user, meeting=meeting, token=token)
        except DomainError as exc:
            error = exc.message
    context = {"meeting": meeting, "attendee": attendee, "error": error}
    return render(request, "supervision/meeting_sign.html", context, status=400 if error else 200)


@access.requires(VIEW)
def meeting_pdf(request: HttpRequest, pk: int, doc: str) -> HttpResponse:
    if doc not in DOCS:
        raise Http404(_("Dokumen tidak dikenal."))
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    if doc == "notulen":
        pdf = docs.minutes_pdf(meeting, list(meeting.decisions.select_related("area")))
    else:
        pdf = docs.attendance_pdf(meeting)
    return pdf_response(pdf, f"rakor-{meeting.pk}-{doc}.pdf")
