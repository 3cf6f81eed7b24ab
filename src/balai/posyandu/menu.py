"""The posyandu menu section."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.navigation import area_page_url
from balai.accounts.roles import Perm
from balai.core.menu import MenuLink, MenuSection


def dashboard_links(user: Any) -> list[MenuLink]:
    """Follow-up, prevalence and scorecard links *user*'s role may open (menu and index page)."""
    links = []
    for label, name, testid in (
        (_("Tindak lanjut"), "posyandu:followup", "menu-followup"),
        (_("Prevalensi stunting"), "posyandu:prevalence", "menu-prevalence"),
        (_("Kartu skor konvergensi"), "posyandu:scorecard", "menu-scorecard"),
    ):
        url = area_page_url(user, name)
        if url:
            links.append(MenuLink(label, url, testid))
    return links


def posyandu_menu(user: Any, role: Any) -> MenuSection:
    """Posyandu list, follow-up, prevalence and scorecard, as the role allows."""
    links = []
    if access.has_perm(user, Perm.POSYANDU_VIEW):
        links.append(MenuLink(_("Daftar posyandu"), reverse("posyandu:index"), "nav-posyandu"))
    links += dashboard_links(user)
    return MenuSection(_("Posyandu"), links, order=50, testid="menu-section-posyandu")
