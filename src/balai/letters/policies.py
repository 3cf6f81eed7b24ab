"""Who may open which letters page: one predicate per page, used by views, menus and templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.regions.models import Area, Level

VILLAGE = (Level.DESA_KELURAHAN,)
STANDARD_LEVELS = (Level.KABUPATEN_KOTA, Level.DESA_KELURAHAN)
MONITORED_LEVELS = (Level.KABUPATEN_KOTA, Level.KECAMATAN, Level.DESA_KELURAHAN)  # as SPM Desa


def village_for_page(request: HttpRequest, perm: str) -> Area:
    """Return the village a village-office page works on (a picker for roles above one)."""
    return access.page_area(request, perm, levels=VILLAGE)


def standards_area(request: HttpRequest) -> tuple[Area, str]:
    """Return the area whose standards a page manages and the permission that allows it.

    A kabupaten keeps the catalogue (``SERVICES_CATALOGUE``); a village adopts
    and edits its own standards (``SERVICES_MANAGE``).
    """
    role = access.acting_role(request.user)
    own = getattr(role, "area", None)
    if (
        own is not None
        and own.level == Level.KABUPATEN_KOTA
        and not request.GET.get(access.AREA_PARAM)
    ):
        access.require(request.user, Perm.SERVICES_CATALOGUE, own)
        return own, Perm.SERVICES_CATALOGUE
    area = access.page_area(request, Perm.SERVICES_MANAGE, levels=STANDARD_LEVELS)
    perm = Perm.SERVICES_CATALOGUE if area.level == Level.KABUPATEN_KOTA else Perm.SERVICES_MANAGE
    access.require(request.user, perm, area)
    return area, perm


def may_manage_standards(user: Any) -> bool:
    """Tell whether *user* has a standards page: a kabupaten catalogue or a village's own."""
    role = access.acting_role(user)
    own = getattr(role, "area", None)
    if own is not None and own.level == Level.KABUPATEN_KOTA:
        return access.has_perm(user, Perm.SERVICES_CATALOGUE)
    return access.page_area_allowed(user, Perm.SERVICES_MANAGE, levels=STANDARD_LEVELS)


@dataclass(frozen=True)
class LetterPages:
    """The letters pages *user* may open, for menus and page links."""

    queue: bool
    create: bool
    register: bool
    templates: bool
    settings: bool
    standards: bool
    compliance: bool
    resident_accounts: bool


def pages_for(user: Any) -> LetterPages:
    """Return which letters pages *user*'s acting role may open."""
    process = access.page_area_allowed(user, Perm.LETTERS_PROCESS, levels=VILLAGE)
    manage = access.page_area_allowed(user, Perm.LETTERS_MANAGE, levels=VILLAGE)
    view = access.has_perm(user, Perm.LETTERS_VIEW)
    return LetterPages(
        queue=view,
        create=process,
        register=view,
        templates=manage,
        settings=manage,
        standards=may_manage_standards(user),
        compliance=access.has_perm(user, Perm.SERVICES_MONITOR),
        resident_accounts=process,
    )
