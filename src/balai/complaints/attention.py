"""Home-page items: overdue, due-soon and escalated complaints for the acting role."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.complaints.models import DUE_SOON_HOURS, OPEN_STATUSES, Complaint, Status
from balai.complaints.selectors import visibility_q
from balai.core.attention import PRIORITY_HIGH, AttentionItem


def complaints_attention(user: Any, role: Any) -> list[AttentionItem]:
    """List overdue and due-soon complaints the user's unit handles, and escalations."""
    if role is None or not access.has_perm(user, Perm.COMPLAINTS_HANDLE):
        return []
    now = timezone.now()
    url = reverse("complaints:queue")
    open_qs = Complaint.objects.filter(visibility_q(user, Perm.COMPLAINTS_HANDLE)).filter(
        status__in=OPEN_STATUSES
    )
    own = open_qs.filter(handler_area_id=getattr(role, "area_id", None))
    counts = {
        "new": own.filter(status=Status.DITERIMA).count(),
        "overdue": own.filter(due_at__lt=now).count(),
        "soon": own.filter(
            due_at__gte=now, due_at__lt=now + timedelta(hours=DUE_SOON_HOURS)
        ).count(),
        "escalated": open_qs.exclude(handler_area_id=getattr(role, "area_id", None))
        .filter(escalation_level__gt=0)
        .count(),
    }
    items = []
    if counts["new"]:  # filed here or forwarded here, not yet verified
        items.append(
            AttentionItem(
                _("Pengaduan baru atau diteruskan, menunggu verifikasi"),
                f"{url}?status={Status.DITERIMA}",
                count=counts["new"],
            )
        )
    if counts["overdue"]:
        items.append(
            AttentionItem(
                _("Pengaduan lewat batas waktu"),
                f"{url}?terlambat=1",
                count=counts["overdue"],
                priority=PRIORITY_HIGH,
            )
        )
    if counts["soon"]:
        items.append(
            AttentionItem(_("Pengaduan jatuh tempo dalam 24 jam"), url, count=counts["soon"])
        )
    if counts["escalated"]:
        items.append(
            AttentionItem(
                _("Pengaduan dieskalasi ke unit Anda"),
                f"{url}?eskalasi=1",
                count=counts["escalated"],
                priority=PRIORITY_HIGH,
            )
        )
    return items
