"""Reminders on the home page: innovations to submit before the deadline, to fix, to verify."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.attention import PRIORITY_HIGH, PRIORITY_NORMAL, AttentionItem
from balai.innovation import policies, selectors
from balai.innovation.models import Innovation, InnovationStatus

REMIND_DAYS = 14


def innovation_attention(user: Any, role: Any) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    if role is None:
        return items
    today = timezone.localdate()
    owner = policies.owner_of(user)
    if owner is not None:
        kind, area, office = owner
        mine = Innovation.objects.filter(
            owner_kind=kind, area=area, office=office, assessment__closed_at__isnull=True
        )
        returned = mine.filter(status=InnovationStatus.RETURNED).count()
        if returned:
            items.append(
                AttentionItem(
                    _("Inovasi dikembalikan Bappeda untuk perbaikan bukti"),
                    reverse("innovation:index") + "?status=returned",
                    returned,
                    PRIORITY_HIGH,
                )
            )
        drafts = mine.filter(
            status=InnovationStatus.DRAFT, assessment__deadline__lte=today + timedelta(REMIND_DAYS)
        )
        deadline = (
            drafts.order_by("assessment__deadline")
            .values_list("assessment__deadline", flat=True)
            .first()
        )
        if deadline is not None:
            items.append(
                AttentionItem(
                    _("Inovasi belum diajukan; batas pengajuan %(d)s")
                    % {"d": deadline.strftime("%d-%m-%Y")},
                    reverse("innovation:index") + "?status=draft",
                    drafts.count(),
                    PRIORITY_HIGH if deadline <= today + timedelta(3) else PRIORITY_NORMAL,
                )
            )
    for assessment in selectors.assessments_for_user(user=user).filter(closed_at__isnull=True):
        if policies.can_verify(user, assessment):
            pending = selectors.pending_reviews(assessment).count()
            if pending:
                items.append(
                    AttentionItem(
                        _("Inovasi menunggu verifikasi (IID %(y)s)") % {"y": assessment.year},
                        reverse("innovation:score", args=[assessment.pk]),
                        pending,
                    )
                )
    return items
