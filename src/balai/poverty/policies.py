"""The poverty module's rules in one place: the extreme-poor pool, graduation, who may see names."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import areacodes
from balai.poverty.models import NEEDS, CaseVisit, PovertySetting

DEFAULT_EXTREME_DESIL = 1
DEFAULT_INCOME_LINE = 11605  # Rp/person/day: USD 2.15 PPP 2017 as BPS uses it (2024)
# Public aggregates: a count below this is shown as "<5" (small-cell suppression).
SMALL_CELL = 5


def setting_for(area_code: str) -> PovertySetting:
    """Return the settings of the kabupaten of *area_code* (defaults when none saved)."""
    kabupaten = areacodes.kabupaten_code(area_code)
    found = PovertySetting.objects.filter(area_id=kabupaten).first()
    return found or PovertySetting(
        area_id=kabupaten,
        extreme_desil_max=DEFAULT_EXTREME_DESIL,
        income_line=DEFAULT_INCOME_LINE,
    )


def extreme_pool_q(desil_field: str = "desil", area_field: str = "area") -> Q:
    """Return a filter on welfare entries in the extreme-poor pool (each kabupaten's limit)."""
    limits = dict(PovertySetting.objects.values_list("area_id", "extreme_desil_max"))
    q = Q(**{f"{desil_field}__lte": DEFAULT_EXTREME_DESIL})
    for kabupaten in limits:
        q &= ~Q(**{f"{area_field}__within": kabupaten})
    for kabupaten, limit in limits.items():
        q |= Q(**{f"{area_field}__within": kabupaten, f"{desil_field}__lte": limit})
    return q


def graduation_blockers(visit: CaseVisit | None, setting: PovertySetting) -> list[str]:
    """Return why a case cannot graduate on its latest *visit* (empty: it may graduate).

    The rule: every basic need met and the family's income per person per day
    at or above the kabupaten's line, both at the latest visit.
    """
    if visit is None:
        return [_("Belum ada kunjungan/asesmen.")]
    blockers = []
    labels = {n: getattr(CaseVisit._meta.get_field(n), "verbose_name", n) for n in NEEDS}
    unmet = [str(labels[n]) for n in visit.needs_unmet]
    if unmet:
        blockers.append(_("Kebutuhan dasar belum terpenuhi: %(n)s.") % {"n": ", ".join(unmet)})
    if visit.income_per_person_day < setting.income_line:
        blockers.append(
            _("Pendapatan Rp%(v)s/orang/hari masih di bawah garis Rp%(l)s.")
            % {
                "v": f"{visit.income_per_person_day:,.0f}".replace(",", "."),
                "l": f"{setting.income_line:,}".replace(",", "."),
            }
        )
    return blockers


def may_see_names(user: Any, area_code: str) -> bool:
    """Tell whether *user* may see desil and aid by name in *area_code*."""
    return access.has_perm(user, Perm.POVERTY_NAMES, area_code)


def suppress(value: int) -> str:
    """Return a public count: below ``SMALL_CELL`` (and above 0) as "<5"."""
    return f"<{SMALL_CELL}" if 0 < value < SMALL_CELL else str(value)
