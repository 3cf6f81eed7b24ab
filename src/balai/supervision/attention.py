"""Home-page items: follow-ups to answer, to verify, and escalated to DPMD."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.attention import PRIORITY_HIGH, AttentionItem
from balai.regions.models import Level
from balai.supervision.models import FollowUpStatus, Responsible
from balai.supervision.selectors import followup_list


def supervision_attention(user: Any, role: Any) -> list[AttentionItem]:
    """Count the follow-ups waiting for the acting role."""
    if role is None or not access.has_perm(user, Perm.SUPERVISION_VIEW):
        return []
    url = reverse("supervision:followups")
    items: list[AttentionItem] = []
    visible = followup_list(user=user)
    village_role = role.area is not None and role.area.level == Level.DESA_KELURAHAN
    if village_role and access.has_perm(user, Perm.SUPERVISION_RESPOND):
        n = visible.filter(
            responsible=Responsible.VILLAGE,
            status__in=(FollowUpStatus.OPEN, FollowUpStatus.RETURNED),
        ).count()
        if n:
            items.append(
                AttentionItem(_("Temuan binwas menunggu tindak lanjut desa"), url, count=n)
            )
    if access.has_perm(user, Perm.SUPERVISION_MANAGE):
        n = visible.filter(status=FollowUpStatus.ANSWERED).count()
        if n:
            items.append(
                AttentionItem(
                    _("Tindak lanjut binwas menunggu verifikasi"),
                    f"{url}?status={FollowUpStatus.ANSWERED}",
                    count=n,
                )
            )
    if role.area is not None and role.area.level == Level.KABUPATEN_KOTA:
        n = (
            visible.filter(escalated_at__isnull=False)
            .filter(
                status__in=(FollowUpStatus.OPEN, FollowUpStatus.RETURNED, FollowUpStatus.ANSWERED),
                due_on__lt=timezone.localdate(),
            )
            .count()
        )
        if n:
            items.append(
                AttentionItem(
                    _("Tindak lanjut binwas lewat batas, dieskalasi ke DPMD"),
                    f"{url}?terlambat=1",
                    count=n,
                    priority=PRIORITY_HIGH,
                )
            )
    return items
