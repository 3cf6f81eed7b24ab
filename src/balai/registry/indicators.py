"""Indicators owned by the registry: SPM Desa service 2 (population data), loaded from ready()."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.indicators.periods import Period
from balai.indicators.registry import (
    Indicator,
    Kind,
    Privacy,
    Scope,
    count_by_village,
    pair,
    register,
)
from balai.registry import codes
from balai.registry.models import Resident

KTP_AGE = 17
EVER_MARRIED = (
    codes.MaritalStatus.MARRIED,
    codes.MaritalStatus.DIVORCED,
    codes.MaritalStatus.WIDOWED,
)


def _seventeenth_birthday_on_or_before(day: date) -> date:
    """Return the latest birth date of someone aged 17 or more on *day*."""
    try:
        return day.replace(year=day.year - KTP_AGE)
    except ValueError:  # 29 February
        return day.replace(year=day.year - KTP_AGE, day=28)


def ktp_required(on: date) -> Q:
    """Residents who must hold a KTP-el on *on*: alive and 17 or older, or married before."""
    return Q(status=codes.BasicStatus.ALIVE) & (
        Q(birth_date__lte=_seventeenth_birthday_on_or_before(on))
        | Q(marital_status__in=EVER_MARRIED)
    )


def _ktp(scope: Scope) -> Mapping[str, tuple[int, int]]:
    rows = count_by_village(
        Resident.objects.filter(ktp_required(timezone.localdate())),
        scope,
        required=Count("id"),
        holders=Count("id", filter=Q(ektp=codes.EKtp.YES)),
    )
    return {code: (r["holders"], r["required"]) for code, r in rows.items()}


def ktp_missing(period: Period, within: str) -> QuerySet[Any]:
    """Residents of *within* who must hold a KTP-el and have none (as of today)."""
    return (
        Resident.objects.filter(ktp_required(timezone.localdate()), area__within=within)
        .exclude(ektp=codes.EKtp.YES)
        .select_related("area")
        .order_by("area_id", "name", "id")
    )


_num, _den = pair(_ktp)

register(
    Indicator(
        code="spm.kependudukan",
        name=_("SPM Desa 2: data kependudukan (KTP-el)"),
        definition=_(
            "Penduduk hidup pemegang KTP-el, dibagi penduduk hidup yang wajib memiliki KTP-el "
            "(berumur 17 tahun atau lebih, atau sudah/pernah kawin). Keadaan saat dihitung."
        ),
        numerator=_num,
        denominator=_den,
        numerator_label=_("pemegang KTP-el"),
        denominator_label=_("wajib KTP-el"),
        source=_(
            "Permendagri No. 2 Tahun 2017, Pasal 5 huruf b; UU No. 24 Tahun 2013 Pasal 63 "
            "(wajib KTP-el: 17 tahun atau sudah/pernah kawin)"
        ),
        kind=Kind.STOCK,
        target=100.0,
        privacy=Privacy.PUBLIC,
        not_served=ktp_missing,
        not_served_label=_("Wajib KTP-el yang belum memilikinya"),
        inputs=("registry.resident",),
        owner="registry",
    )
)
