"""Reads of the health module: import jobs in scope, the parameters of a kabupaten."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import areacodes
from balai.health.models import EstimatedGroup, ServiceImport
from balai.health.prevalence import Rate, national_defaults, rates_for
from balai.regions.models import Area, Level
from balai.regions.selectors import area_get


def service_import_list(*, user: Any, area: Area) -> QuerySet[ServiceImport]:
    """Return the import jobs under *area* that *user* may see, newest first."""
    return access.scoped(
        ServiceImport.objects.filter(area__within=area.code), user, Perm.HEALTH_IMPORT
    ).select_related("area", "uploaded_by")


def service_import_get_for_user(*, user: Any, pk: int) -> ServiceImport:
    """Return the import job *pk* if it is in *user*'s scope (404 otherwise)."""
    job = (
        access.scoped(ServiceImport.objects.all(), user, Perm.HEALTH_IMPORT)
        .select_related("area", "uploaded_by")
        .filter(pk=pk)
        .first()
    )
    if job is None:
        raise Http404(_("Impor tidak ditemukan."))
    return job


def kabupaten_for_user(*, user: Any, code: str) -> Area | None:
    """Return the kabupaten whose parameters *user* asked for (``code``) or lives in.

    Parameters of a kabupaten are visible to roles above it and to roles inside
    it (a village office reads its kabupaten's figures); None for a national
    role that has not picked one. 404 for an unknown code or another level,
    403 outside the caller's reach.
    """
    access.require(user, Perm.HEALTH_VIEW)
    role = access.acting_role(user)
    own = getattr(role, "area", None)
    if not code:
        if own is None or own.level == Level.PROVINSI:
            return None
        code = areacodes.kabupaten_code(own.code)
    kabupaten = area_get(code[:40])
    if kabupaten.level != Level.KABUPATEN_KOTA:
        raise Http404(_("Parameter prevalensi ditetapkan per kabupaten/kota."))
    inside = own is not None and own.code.startswith(kabupaten.code + ".")
    if not (inside or access.has_perm(user, Perm.HEALTH_VIEW, kabupaten)):
        raise PermissionDenied(_("Anda tidak berwenang untuk tindakan ini di wilayah ini."))
    return kabupaten


@dataclass(frozen=True)
class ParameterRow:
    group: str
    label: str
    rate: Rate
    default: Rate


def parameter_table(*, kabupaten: Area | None, year: int) -> list[ParameterRow]:
    """Return each estimated group's prevalence in force for *kabupaten* and *year*."""
    defaults = national_defaults()
    rates = rates_for({kabupaten.code}, year)[kabupaten.code] if kabupaten else defaults
    return [
        ParameterRow(group=g, label=str(label), rate=rates[g], default=defaults[g])
        for g, label in EstimatedGroup.choices
    ]
