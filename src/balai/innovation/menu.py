"""The innovation menu section."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.menu import MenuLink, MenuSection
from balai.innovation import policies


def innovation_menu(user: Any, role: Any) -> MenuSection:
    """The inventory and the IID for roles that see innovations; the catalogue for everyone."""
    links = []
    if access.has_perm(user, Perm.INNOVATION_VIEW):
        links.append(MenuLink(_("Daftar inovasi"), reverse("innovation:index"), "menu-innovations"))
        links.append(MenuLink(_("Skor IID"), reverse("innovation:latest"), "menu-iid"))
        if access.has_perm(user, Perm.INNOVATION_VERIFY):
            links.append(MenuLink(_("Indikator SPD"), reverse("innovation:latest_spd"), "menu-spd"))
        if policies.may_manage_methods(user):
            links.append(
                MenuLink(_("Metode penilaian IID"), reverse("innovation:methods"), "menu-methods")
            )
    links.append(MenuLink(_("Katalog inovasi"), reverse("innovation:catalogue"), "menu-catalogue"))
    return MenuSection(_("Inovasi daerah"), links, order=75, testid="menu-section-innovation")
