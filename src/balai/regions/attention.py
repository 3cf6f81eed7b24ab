"""Home-page items about the region tree: villages that still lack dusun/RW/RT."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from balai.core.attention import PRIORITY_HIGH, AttentionItem
from balai.regions.models import SUBVILLAGE_LEVELS, Area, Level
from balai.regions.selectors import area_descendants


def subareas_missing(user: Any, role: Any) -> list[AttentionItem]:
    """Ask villages to set up their dusun/RW/RT; tell supervisors how many have not."""
    area = getattr(role, "area", None)
    if area is None or area.level in SUBVILLAGE_LEVELS:
        return []
    has_sub = Exists(Area.objects.filter(parent=OuterRef("pk"), level__in=SUBVILLAGE_LEVELS))
    if area.level == Level.DESA_KELURAHAN:
        if Area.objects.filter(pk=area.pk).filter(has_sub).exists():
            return []
        text = _("Desa Anda belum memiliki data dusun/RW/RT. Susun sekarang.")
        return [AttentionItem(text, area.get_absolute_url(), priority=PRIORITY_HIGH)]
    villages = area_descendants(area.code, level=Level.DESA_KELURAHAN)
    missing = villages.exclude(has_sub).count()
    if not missing:
        return []
    text = _("Desa/kelurahan di wilayah Anda yang belum mengisi dusun/RW/RT")
    return [AttentionItem(text, area.get_absolute_url(), count=missing)]
