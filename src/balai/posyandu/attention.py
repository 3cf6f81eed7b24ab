"""Home-page attention items: follow-up counts for cadres, villages and kecamatan."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.attention import PRIORITY_HIGH, AttentionItem
from balai.regions.models import Level

LEVELS = (Level.KECAMATAN, Level.DESA_KELURAHAN, Level.DUSUN, Level.RW)


def followup_items(user: Any, role: Any) -> list[AttentionItem]:
    """Return follow-up counts in the acting role's area (cadres: their posyandu)."""
    from balai.posyandu import selectors, services

    if role is None or role.area is None or role.area.level not in LEVELS:
        return []
    if not access.has_perm(user, Perm.POSYANDU_VIEW, role.area):
        return []
    f = selectors.followup(user=user, on=services.today(), within=role.area.code)
    url = reverse("posyandu:followup", args=[role.area.code])
    items = []
    for count, text, priority in (
        (
            len(f.stunted) + len(f.wasted),
            _("balita stunting/wasting perlu ditindaklanjuti"),
            PRIORITY_HIGH,
        ),
        (len(f.faltering), _("balita 2T (berat tidak naik dua kali)"), PRIORITY_HIGH),
        (len(f.not_weighed), _("balita tidak ditimbang 2 bulan atau lebih"), "biasa"),
        (len(f.mothers), _("ibu hamil KEK/risiko tinggi"), PRIORITY_HIGH),
    ):
        if count:
            items.append(AttentionItem(text=text, url=url, count=count, priority=priority))
    return items
