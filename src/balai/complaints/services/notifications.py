"""What to tell whom: the complainant on public steps, the units on their queue.

Services call ``notify_*`` inside ``transaction.on_commit``; they enqueue a
task (run by ``balai worker``) that calls ``send_*`` here.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from balai.accounts.models import RoleAssignment
from balai.complaints.models import ComplaintEvent, EventKind, Status
from balai.complaints.notify import EmailChannel, deliver, message_channel
from balai.complaints.policies import handler_roles
from balai.core import background

# Steps the complainant took themselves: nothing to tell them.
COMPLAINANT_OWN = (EventKind.REPLY, EventKind.RATED, EventKind.REOPENED)


def notify_complainant(event_id: int) -> None:
    """Enqueue the message about public event *event_id* to its complainant."""
    background.enqueue("complaints.event_notify", event_id)


def notify_unit(area_code: str, subject: str, body: str, *, complaint_id: int | None) -> None:
    """Enqueue a message to the complaint handlers of *area_code*."""
    background.enqueue("complaints.unit_notify", area_code, str(subject), str(body), complaint_id)


def event_message(event: ComplaintEvent) -> tuple[str, str]:
    """Return the subject and body telling the complainant about *event*."""
    complaint = event.complaint
    subject = _("Pengaduan %(number)s: %(status)s") % {
        "number": complaint.number,
        "status": Status(complaint.status).label,
    }
    lines = [
        _("Status pengaduan Anda sekarang: %(status)s.")
        % {"status": Status(complaint.status).label}
    ]
    if event.kind == EventKind.CREATED:
        lines = [
            _("Pengaduan Anda sudah kami terima dengan nomor %(n)s.") % {"n": complaint.number}
        ]
    if event.text and event.kind in (EventKind.ANSWER, EventKind.STATUS):
        lines.append(event.text)
    lines.append(
        _("Lacak di %(url)s dengan nomor tiket dan kode pelacakan Anda.")
        % {"url": reverse("complaints:track")}
    )
    return subject, "\n\n".join(lines)


def send_event_notification(event_id: int) -> int:
    """Send public event *event_id* to the complainant's email and phone; return sends."""
    event = (
        ComplaintEvent.objects.select_related("complaint")
        .filter(pk=event_id, is_public=True)
        .first()
    )
    if event is None or event.complaint.is_anonymous or event.kind in COMPLAINANT_OWN:
        return 0
    complaint = event.complaint
    subject, body = event_message(event)
    sent = 0
    if complaint.reporter_email:
        deliver(
            EmailChannel(),
            recipient=complaint.reporter_email,
            subject=subject,
            body=body,
            complaint_id=complaint.pk,
        )
        sent += 1
    if complaint.reporter_phone:
        deliver(
            message_channel(),
            recipient=complaint.reporter_phone,
            subject=subject,
            body=body,
            complaint_id=complaint.pk,
        )
        sent += 1
    return sent


def send_unit_notification(
    area_code: str, subject: str, body: str, complaint_id: int | None = None
) -> int:
    """Tell every complaint handler whose role sits on *area_code*; return sends."""
    roles = RoleAssignment.objects.filter(
        Q(area_id=area_code), role__in=handler_roles(), is_active=True
    ).select_related("user")
    sent = 0
    seen: set[int] = set()
    for assignment in roles:
        user = assignment.user
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        if user.email:
            deliver(
                EmailChannel(),
                recipient=user.email,
                subject=subject,
                body=body,
                complaint_id=complaint_id,
            )
            sent += 1
        if user.phone:
            deliver(
                message_channel(),
                recipient=user.phone,
                subject=subject,
                body=body,
                complaint_id=complaint_id,
            )
            sent += 1
    return sent
