"""The finance menu section."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from balai.accounts.navigation import area_page_url
from balai.core.menu import MenuLink, MenuSection


def finance_menu(user: Any, role: Any) -> MenuSection:
    """APBDes, Siskeudes import, BUM Desa and the evaluation queue, as the role allows."""
    links = []
    for label, name, testid in (
        (_("APBDes desa"), "finance:village", "menu-apbdes"),
        (_("Impor Siskeudes"), "finance:import", "menu-siskeudes"),
        (_("BUM Desa"), "finance:bumdesa", "menu-bumdesa"),
        (_("Evaluasi APBDes"), "finance:queue", "menu-apbdes-queue"),
        (_("BUM Desa di wilayah"), "finance:bumdesa_overview", "menu-bumdesa-overview"),
    ):
        url = area_page_url(user, name)
        if url:
            links.append(MenuLink(label, url, testid))
    return MenuSection(_("Keuangan desa"), links, order=58, testid="menu-section-finance")
