"""Reads of the registry, always through the area scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import audit
from balai.registry import codes
from balai.registry.identifiers import normalise_number
from balai.registry.models import Family, LifeEvent, Resident

AGE_BANDS: list[tuple[str, int, int | None]] = [
    ("0-4", 0, 4),
    ("5-9", 5, 9),
    ("10-14", 10, 14),
    ("15-19", 15, 19),
    ("20-24", 20, 24),
    ("25-29", 25, 29),
    ("30-34", 30, 34),
    ("35-39", 35, 39),
    ("40-44", 40, 44),
    ("45-49", 45, 49),
    ("50-54", 50, 54),
    ("55-59", 55, 59),
    ("60-64", 60, 64),
    ("65-69", 65, 69),
    ("70-74", 70, 74),
    ("75+", 75, None),
]


@dataclass(frozen=True)
class ResidentFilters:
    q: str = ""
    area: str = ""
    sex: int | None = None
    status: int | None = codes.BasicStatus.ALIVE
    age_band: str = ""
    pregnant: bool | None = None


def birth_range(band: str, today: date) -> Q:
    """Return a filter on birth_date for an age band like ``"20-24"`` or ``"75+"``."""
    for label, low, high in AGE_BANDS:
        if label == band:
            latest = _years_before(today, low)
            q = Q(birth_date__lte=latest)
            if high is not None:
                q &= Q(birth_date__gt=_years_before(today, high + 1))
            return q
    raise ValueError(band)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def search_q(text: str) -> Q:
    """Match a NIK or No. KK (digits, prefix) or a name (words, any order)."""
    digits = normalise_number(text)
    if digits.isdigit() and len(digits) >= 6:
        return Q(nik__startswith=digits) | Q(family__no_kk__startswith=digits)
    q = Q()
    for word in text.split():
        q &= Q(name__icontains=word)
    return q


def resident_list(*, user: Any, filters: ResidentFilters | None = None) -> QuerySet[Resident]:
    """Return the residents *user* may see, filtered, with area and family loaded."""
    f = filters or ResidentFilters()
    qs = access.scoped(Resident.objects.all(), user, Perm.REGISTRY_VIEW)
    if f.q.strip():
        qs = qs.filter(search_q(f.q.strip()))
    if f.area:
        qs = qs.filter(area__within=f.area)
    if f.sex:
        qs = qs.filter(sex=f.sex)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.age_band:
        qs = qs.filter(birth_range(f.age_band, timezone.localdate()))
    if f.pregnant is not None:
        qs = qs.filter(pregnant=f.pregnant)
    return qs.select_related("area", "family").order_by("name", "id")


def resident_get_for_user(*, user: Any, pk: int, log_view: bool = True) -> Resident:
    """Return one resident *user* may see (404 otherwise); log the view."""
    qs = access.scoped(
        Resident.objects.select_related("area", "family", "household"), user, Perm.REGISTRY_VIEW
    )
    resident = qs.filter(pk=pk).first()
    if resident is None:
        raise Http404(_("Penduduk tidak ditemukan."))
    if log_view:
        audit.record_view(actor=user, obj=resident)
    return resident


def resident_events(resident: Resident) -> QuerySet[LifeEvent]:
    """Return *resident*'s life events, oldest first."""
    return resident.events.select_related("recorded_by", "family_before", "family_after")


def family_list(*, user: Any, q: str = "", area: str = "") -> QuerySet[Family]:
    """Return the families *user* may see."""
    qs = access.scoped(Family.objects.all(), user, Perm.REGISTRY_VIEW).select_related("area")
    if q:
        digits = normalise_number(q)
        qs = (
            qs.filter(no_kk__startswith=digits)
            if digits.isdigit()
            else qs.filter(
                members__name__icontains=q, members__family_relation=codes.FamilyRelation.HEAD
            )
        )
    if area:
        qs = qs.filter(area__within=area)
    return qs.order_by("no_kk")


def family_get_for_user(*, user: Any, pk: int) -> Family:
    """Return one family *user* may see (404 otherwise)."""
    family = access.scoped(Family.objects.select_related("area"), user, Perm.REGISTRY_VIEW)
    found = family.filter(pk=pk).first()
    if found is None:
        raise Http404(_("Keluarga tidak ditemukan."))
    return found


def family_head(family: Family) -> Resident | None:
    """Return the living head of *family*, if recorded."""
    return (
        family.members.filter(
            family_relation=codes.FamilyRelation.HEAD, status=codes.BasicStatus.ALIVE
        )
        .order_by("id")
        .first()
    )


def may_see_identity(user: Any, area_code: str) -> bool:
    """Tell whether *user* may see full NIK and No. KK of people in *area_code*."""
    return access.has_perm(user, Perm.REGISTRY_VIEW_IDENTITY, area_code)


def mask_number(value: str) -> str:
    """Hide the birth date and serial of a NIK/No. KK: ``732203******0001`` → region kept."""
    if len(value) != 16:
        return value
    return value[:6] + "••••••" + value[12:]
