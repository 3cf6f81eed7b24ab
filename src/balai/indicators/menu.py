"""The indicators menu section."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.menu import MenuLink, MenuSection
from balai.indicators.policies import MONITORED_LEVELS


def indicators_menu(user: Any, role: Any) -> MenuSection:
    """The indicator browser, the SPM Desa table and the targets, as the role allows."""
    links = []
    if access.has_perm(user, Perm.INDICATORS_VIEW):
        links.append(MenuLink(_("Indikator"), reverse("indicators:list"), "indicators-link"))
    if access.page_area_allowed(user, Perm.SERVICES_MONITOR, levels=MONITORED_LEVELS):
        links.append(MenuLink(_("Kepatuhan SPM Desa"), reverse("indicators:spm_desa"), "spm-link"))
    if access.has_perm(user, Perm.INDICATORS_TARGETS):
        links.append(MenuLink(_("Target indikator"), reverse("indicators:targets"), "menu-targets"))
    return MenuSection(_("Indikator"), links, order=60, testid="menu-section-indicators")
