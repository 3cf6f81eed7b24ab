"""The planning menu section: the role's own planning page, settings, OPD answers, residents."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.navigation import area_page_url
from balai.accounts.roles import Perm, Role
from balai.core.menu import MenuLink, MenuSection


def planning_menu(user: Any, role: Any) -> MenuSection:
    """Links to the planning pages the acting role may use."""
    links = []
    if getattr(role, "role", None) == Role.RESIDENT:
        links.append(
            MenuLink(
                _("Usulan musrenbang"), reverse("planning:resident_home"), "menu-planning-resident"
            )
        )
    for label, name, testid in (
        (_("RKP Desa dan usulan"), "planning:village", "menu-planning-village"),
        (_("RPJM Desa"), "planning:rpjmdes", "menu-planning-rpjmdes"),
        (_("Musrenbang kecamatan"), "planning:kecamatan", "menu-planning-kecamatan"),
        (_("Perencanaan kabupaten"), "planning:kabupaten", "menu-planning-kabupaten"),
        (_("Pengaturan musrenbang"), "planning:settings", "menu-planning-settings"),
    ):
        url = area_page_url(user, name)
        if url:
            links.append(MenuLink(label, url, testid))
    if access.has_perm(user, Perm.PLANNING_ANSWER):
        links.append(
            MenuLink(_("Jawaban usulan OPD"), reverse("planning:opd_queue"), "menu-planning-opd")
        )
    links.append(
        MenuLink(_("Lacak usulan"), reverse("planning:track_lookup"), "menu-planning-track")
    )
    if (
        len(links) == 1
        and not access.has_perm(user, Perm.PLANNING_VIEW)
        and getattr(role, "role", None) != Role.RESIDENT
    ):
        links = []
    return MenuSection(_("Perencanaan"), links, order=65, testid="menu-section-planning")
