"""The one-stop menu section."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.menu import MenuLink, MenuSection


def onestop_menu(user: Any, role: Any) -> MenuSection:
    """The public catalogue for everyone; counters and figures for staff."""
    links = [MenuLink(_("Katalog pelayanan"), reverse("onestop:catalogue"), "menu-onestop")]
    if access.has_perm(user, Perm.ONESTOP_SERVE):
        links.append(MenuLink(_("Loket antrean"), reverse("onestop:desk"), "menu-onestop-desk"))
    if access.has_perm(user, Perm.SERVICES_MONITOR):
        links.append(
            MenuLink(
                _("Kinerja loket dan SKM unit"),
                reverse("onestop:performance"),
                "menu-onestop-performance",
            )
        )
    return MenuSection(_("Pelayanan terpadu"), links, order=45, testid="menu-section-onestop")
