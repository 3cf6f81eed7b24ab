"""Coordination meetings (rakor): agenda drafted from data, invitations, attendance, minutes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import RoleAssignment
from balai.accounts.roles import Role
from balai.core import audit
from balai.core.errors import ConflictError, DomainError
from balai.regions.models import Area, Level
from balai.supervision.models import (
    AgendaItem,
    AttendanceMethod,
    Attendee,
    Meeting,
    MeetingLevel,
    MeetingStatus,
)

LEVEL_OF_AREA: dict[str, str] = {
    Level.KECAMATAN: MeetingLevel.KECAMATAN,
    Level.KABUPATEN_KOTA: MeetingLevel.KABUPATEN,
}
# Who is invited by default: village heads to a kecamatan's rakor, camat to the kabupaten's.
INVITED_ROLES: dict[str, str] = {
    MeetingLevel.KECAMATAN: Role.KEPALA_DESA,
    MeetingLevel.KABUPATEN: Role.CAMAT,
}


@transaction.atomic
def meeting_create(
    *, actor: Any, area: Area, title: str, held_on: Any, place: str = "", agenda: Sequence[str] = ()
) -> Meeting:
    """Plan a rakor of a kecamatan or kabupaten with its agenda items (drafted or typed)."""
    level = LEVEL_OF_AREA.get(area.level)
    if level is None:
        raise DomainError(_("Rakor diadakan oleh kecamatan atau kabupaten."))
    meeting = Meeting(
        area=area, level=level, title=title, held_on=held_on, place=place, created_by=actor
    )
    meeting.full_clean()
    meeting.save()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=n, text=text[:300], from_data=True)
        for n, text in enumerate(agenda, 1)
        if text.strip()
    )
    audit.record(actor=actor, action="supervision.meeting_planned", obj=meeting)
    return meeting


@transaction.atomic
def meeting_add_item(*, actor: Any, meeting: Meeting, text: str) -> AgendaItem:
    """Add a hand-written item to *meeting*'s agenda."""
    order = meeting.items.count() + 1
    item = AgendaItem(meeting=meeting, order=order, text=text, from_data=False)
    item.full_clean()
    item.save()
    audit.record(
        actor=actor, action="supervision.agenda_item_added", obj=meeting, data={"text": text}
    )
    return item


@transaction.atomic
def meeting_invite_defaults(*, actor: Any, meeting: Meeting) -> int:
    """Invite the village heads (kecamatan rakor) or camat (kabupaten rakor) not yet invited."""
    role = INVITED_ROLES[meeting.level]
    assignments = RoleAssignment.objects.filter(
        role=role, is_active=True, area__code__within=meeting.area_id
    ).select_related("user", "area")
    invited = set(meeting.attendees.exclude(user=None).values_list("user_id", flat=True))
    new = [
        Attendee(
            meeting=meeting,
            user=a.user,
            name=a.user.get_full_name() or a.user.username,
            position=f"{a.get_role_display()} {a.area.name if a.area else ''}".strip(),
        )
        for a in assignments
        if a.user_id not in invited and not invited.add(a.user_id)  # type: ignore[func-returns-value]
    ]
    Attendee.objects.bulk_create(new)
    if new:
        audit.record(
            actor=actor, action="supervision.invited", obj=meeting, data={"count": len(new)}
        )
    return len(new)


@transaction.atomic
def meeting_invite(*, actor: Any, meeting: Meeting, name: str, position: str = "") -> Attendee:
    """Invite a named guest (a facilitator, an office's representative)."""
    attendee = Attendee(meeting=meeting, name=name, position=position)
    attendee.full_clean()
    attendee.save()
    audit.record(actor=actor, action="supervision.invited", obj=meeting, data={"name": name})
    return attendee


@transaction.atomic
def attendance_sign_qr(*, actor: Any, meeting: Meeting, token: str) -> Attendee:
    """Sign *actor* in with the meeting's QR code (an invitee, or added as uninvited)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if token != meeting.token:
        raise DomainError(_("Kode QR tidak berlaku untuk rakor ini."), code="bad_token")
    if meeting.held_on != timezone.localdate():
        raise DomainError(
            _("Daftar hadir dengan QR hanya dibuka pada hari rakor."), code="not_today"
        )
    attendee = meeting.attendees.filter(user=actor).first()
    if attendee is None:
        attendee = Attendee(
            meeting=meeting,
            user=actor,
            name=actor.get_full_name() or actor.username,
            invited=False,
        )
    if attendee.signed_at is None:
        attendee.signed_at = timezone.now()
        attendee.method = AttendanceMethod.QR
        attendee.save()
        audit.record(actor=actor, action="supervision.attended", obj=meeting, data={"by": "qr"})
    return attendee


@transaction.atomic
def attendance_mark(*, actor: Any, attendee: Attendee) -> Attendee:
    """Record by the secretary that *attendee* is present."""
    attendee = Attendee.objects.select_for_update().get(pk=attendee.pk)
    if attendee.signed_at is None:
        attendee.signed_at = timezone.now()
        attendee.method = AttendanceMethod.SECRETARY
        attendee.save(update_fields=["signed_at", "method", "updated_at"])
        audit.record(
            actor=actor,
            action="supervision.attended",
            obj=attendee.meeting,
            data={"by": "secretary", "name": attendee.name},
        )
    return attendee


@transaction.atomic
def meeting_record_minutes(*, actor: Any, meeting: Meeting, minutes: str) -> Meeting:
    """Write the minutes; the meeting is then held."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not minutes.strip():
        raise DomainError(
            _("Notulen tidak boleh kosong."),
            field_errors={"minutes": [_("Notulen tidak boleh kosong.")]},
        )
    if meeting.held_on > timezone.localdate():
        raise ConflictError(_("Notulen dicatat pada atau setelah hari rakor."))
    meeting.minutes = minutes
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["minutes", "status", "updated_at"])
    audit.record(actor=actor, action="supervision.minutes_recorded", obj=meeting)
    return meeting
