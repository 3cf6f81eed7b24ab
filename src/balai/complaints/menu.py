"""The complaints menu section."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.complaints.policies import DASHBOARD_LEVELS
from balai.core.menu import MenuLink, MenuSection


def complaints_menu(user: Any, role: Any) -> MenuSection:
    """The handling queue and dashboards for officers; one's own complaints for everyone."""
    links = []
    if access.has_perm(user, Perm.COMPLAINTS_VIEW):
        links.append(MenuLink(_("Kelola pengaduan"), reverse("complaints:queue"), "nav-complaints"))
    if access.has_perm(user, Perm.COMPLAINTS_HANDLE):
        links.append(
            MenuLink(
                _("Catat pengaduan loket"), reverse("complaints:counter"), "menu-complaint-counter"
            )
        )
    if access.page_area_allowed(user, Perm.COMPLAINTS_DASHBOARD, levels=DASHBOARD_LEVELS):
        links.append(
            MenuLink(
                _("Dasbor pengaduan"), reverse("complaints:dashboard"), "menu-complaint-dashboard"
            )
        )
        links.append(MenuLink(_("Survei kepuasan (SKM)"), reverse("complaints:skm"), "menu-skm"))
    if access.has_perm(user, Perm.COMPLAINTS_CONFIGURE):
        links.append(
            MenuLink(
                _("Kategori pengaduan"),
                reverse("complaints:categories"),
                "menu-complaint-categories",
            )
        )
    links.append(MenuLink(_("Pengaduan saya"), reverse("complaints:mine"), "menu-my-complaints"))
    links.append(
        MenuLink(_("Sampaikan pengaduan"), reverse("complaints:index"), "menu-complaint-file")
    )
    return MenuSection(_("Pengaduan"), links, order=40, testid="menu-section-complaints")
