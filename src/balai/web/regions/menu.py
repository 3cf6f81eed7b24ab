"""The region tree's menu section."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.core.menu import MenuLink, MenuSection
from balai.web.regions.policies import area_visible


def regions_menu(user: Any, role: Any) -> MenuSection:
    """The tree for everyone; the role's own area when its page is open to the user."""
    links = []
    area = getattr(role, "area", None)
    if area is not None and area_visible(user, area):
        links.append(MenuLink(_("Wilayah kerja"), area.get_absolute_url(), "menu-own-area"))
    links.append(MenuLink(_("Pohon wilayah"), reverse("regions:index"), "menu-regions"))
    return MenuSection(_("Wilayah"), links, order=80, testid="menu-section-regions")
