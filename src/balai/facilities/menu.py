"""The service-point register's menu section."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.menu import MenuLink, MenuSection


def facilities_menu(user: Any, role: Any) -> MenuSection:
    """The register of service points and the indicator map, for roles that may see them."""
    links = []
    if access.has_perm(user, Perm.FACILITIES_VIEW):
        links.append(
            MenuLink(_("Sarana layanan"), reverse("facilities:register"), "menu-facilities")
        )
        links.append(MenuLink(_("Peta indikator"), reverse("facilities:map"), "menu-map"))
    return MenuSection(_("Sarana dan peta"), links, order=70, testid="menu-section-facilities")
