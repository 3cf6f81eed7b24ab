"""The poverty menu section."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.accounts.navigation import area_page_url
from balai.accounts.roles import Role
from balai.core.menu import MenuLink, MenuSection


def poverty_menu(user: Any, role: Any) -> MenuSection:
    """The poverty pages the acting role can open (each through its area page)."""
    links = []
    for label, name, testid in (
        (_("Ringkasan kemiskinan"), "poverty:overview", "menu-poverty-overview"),
        (_("Ketepatan sasaran desa"), "poverty:village", "menu-poverty-village"),
        (_("Program bantuan"), "poverty:programmes", "menu-poverty-programmes"),
        (_("Impor data kesejahteraan"), "poverty:welfare_import", "menu-poverty-welfare"),
        (_("Musdes verifikasi data"), "poverty:rounds", "menu-poverty-rounds"),
        (_("Kemiskinan ekstrem"), "poverty:cases", "menu-poverty-cases"),
        (_("Laporan triwulan kemiskinan ekstrem"), "poverty:quarterly", "menu-poverty-quarterly"),
        (_("Pengaturan kemiskinan ekstrem"), "poverty:settings", "menu-poverty-settings"),
    ):
        url = area_page_url(user, name)
        if url:
            links.append(MenuLink(label, url, testid))
    if role is not None and role.role == Role.RESIDENT:
        links.append(
            MenuLink(
                _("Status bantuan keluarga saya"), reverse("poverty:mine"), "menu-poverty-mine"
            )
        )
    return MenuSection(_("Kemiskinan dan bansos"), links, order=58, testid="menu-section-poverty")
