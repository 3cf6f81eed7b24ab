"""Home-page items: requests waiting for the acting role, overdue ones first."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.roles import Role
from balai.core.attention import PRIORITY_HIGH, AttentionItem
from balai.letters import catalogue
from balai.letters.models import LetterRequest, Status

WAITING_FOR: dict[str, tuple[str, str]] = {
    Role.VILLAGE_OPERATOR: (Status.SUBMITTED, "Permohonan surat menunggu verifikasi"),
    Role.SEKRETARIS_DESA: (Status.VERIFIED, "Surat menunggu persetujuan sekdes"),
    Role.KEPALA_DESA: (Status.VERIFIED, "Surat menunggu tanda tangan kepala desa"),
    Role.CAMAT: (Status.SIGNED, "Surat menunggu diketahui camat"),
}


def letters_waiting(user: Any, role: Any) -> list[AttentionItem]:
    """Return how many requests wait for *role* and how many of them are overdue."""
    spec = WAITING_FOR.get(getattr(role, "role", ""))
    area = getattr(role, "area", None)
    if spec is None or area is None:
        return []
    status, label = spec
    qs = LetterRequest.objects.filter(area__within=area.code, status=status)
    if role.role == Role.KEPALA_DESA:
        qs = LetterRequest.objects.filter(
            area__within=area.code, status__in=[Status.VERIFIED, Status.APPROVED]
        )
    if role.role == Role.CAMAT:
        countersigned = [t.code for t in catalogue.TYPES if t.countersign]
        qs = qs.filter(letter_type__in=countersigned)
    waiting = qs.count()
    if not waiting:
        return []
    late = qs.filter(due_at__lt=timezone.now()).count()
    url = reverse("letters:queue")
    items = [AttentionItem(_(label), url, count=waiting)]
    if late:
        items.insert(
            0,
            AttentionItem(
                _("Permohonan surat melewati batas waktu layanan"),
                url + "?terlambat=1",
                count=late,
                priority=PRIORITY_HIGH,
            ),
        )
    return items
