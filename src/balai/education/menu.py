"""The education menu section."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from balai.accounts.navigation import area_page_url
from balai.core.menu import MenuLink, MenuSection


def education_menu(user: Any, role: Any) -> MenuSection:
    """School roll import and the out-of-school list, as the role allows."""
    links = []
    for label, name, testid in (
        (_("Anak tidak sekolah"), "education:out_of_school", "menu-out-of-school"),
        (_("Impor daftar murid"), "education:import", "menu-roll-import"),
    ):
        url = area_page_url(user, name)
        if url:
            links.append(MenuLink(label, url, testid))
    return MenuSection(_("Pendidikan"), links, order=55, testid="menu-section-education")
