"""The health menu section: the puskesmas service import and the prevalence parameters."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.navigation import area_page_url
from balai.accounts.roles import Perm
from balai.core.menu import MenuLink, MenuSection


def health_menu(user: Any, role: Any) -> MenuSection:
    """Links for the health office (import, parameters) and read-only parameters for others."""
    links = []
    url = area_page_url(user, "health:import")
    if url:
        links.append(MenuLink(_("Impor layanan puskesmas"), url, "menu-health-import"))
    if access.has_perm(user, Perm.HEALTH_VIEW):
        links.append(
            MenuLink(
                _("Parameter prevalensi"), reverse("health:parameters"), "menu-health-parameters"
            )
        )
    return MenuSection(_("Layanan dasar kesehatan"), links, order=55, testid="menu-section-health")
