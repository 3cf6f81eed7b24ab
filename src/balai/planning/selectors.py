"""Reads of the planning module: the kegiatan list, plans and their consistency."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.db.models import QuerySet, Sum

from balai.planning.models import Kegiatan, Pagu, RkpdesActivity, Rpjmdes
from balai.regions.models import Area


@lru_cache(maxsize=1)
def _kegiatan_map() -> dict[str, Kegiatan]:
    return {k.code: k for k in Kegiatan.objects.order_by("order")}


def kegiatan_by_code() -> dict[str, Kegiatan]:
    """Return the reference kegiatan keyed by code (``"2.3.10"``), in list order.

    The list is fixed reference data, read once per process; an empty read
    (before migrations) is not cached.
    """
    found = _kegiatan_map()
    if not found:
        _kegiatan_map.cache_clear()
    return found


def kegiatan_choices() -> list[tuple[str, str]]:
    """Return (code, "code name") pairs for form selects, in list order."""
    return [(code, str(k)) for code, k in kegiatan_by_code().items()]


def rpjmdes_for_year(*, village: Area, year: int) -> Rpjmdes | None:
    """Return the RPJM Desa of *village* whose term covers *year*, if any."""
    for plan in Rpjmdes.objects.filter(village=village, start_year__lte=year).order_by(
        "-start_year"
    ):
        if plan.covers(year):
            return plan
    return None


def rkpdes_activities(*, village: Area, year: int) -> QuerySet[RkpdesActivity]:
    """Return the RKP Desa activities of *village* in *year*, in kegiatan order."""
    return (
        RkpdesActivity.objects.filter(village=village, year=year)
        .select_related("kegiatan", "programme")
        .order_by("kegiatan__order", "pk")
    )


def pagu_amount(*, area: Area | str, year: int) -> Decimal | None:
    """Return the pagu indikatif of *area* for *year*, or None when not set."""
    code = area if isinstance(area, str) else area.code
    return Pagu.objects.filter(area_id=code, year=year).values_list("amount", flat=True).first()


@dataclass
class Consistency:
    """The RKP Desa checks of one village and year."""

    total: Decimal
    pagu: Decimal | None
    rpjmdes: Rpjmdes | None
    untraced: list[RkpdesActivity] = field(default_factory=list)

    @property
    def over_pagu(self) -> Decimal:
        """Return how far the total exceeds the pagu (0 when within, or no pagu set)."""
        if self.pagu is None:
            return Decimal(0)
        return max(self.total - self.pagu, Decimal(0))

    @property
    def ok(self) -> bool:
        return (
            self.rpjmdes is not None
            and self.pagu is not None
            and not self.untraced
            and not self.over_pagu
        )


def rkpdes_consistency(*, village: Area, year: int) -> Consistency:
    """Check *village*'s RKP Desa for *year*: traced to the RPJM Desa, total within the pagu.

    The total compared with the pagu indikatif desa is the sum of every
    activity's indicative cost.
    """
    activities = list(rkpdes_activities(village=village, year=year))
    total = RkpdesActivity.objects.filter(village=village, year=year).aggregate(
        s=Sum("indicative_cost")
    )["s"] or Decimal(0)
    return Consistency(
        total=total,
        pagu=pagu_amount(area=village, year=year),
        rpjmdes=rpjmdes_for_year(village=village, year=year),
        untraced=[a for a in activities if a.programme_id is None],
    )
