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
    """The SPM Desa table for roles that monitor services."""
    links = []
    if access.page_area_allowed(user, Perm.SERVICES_MONITOR, levels=MONITORED_LEVELS):
        links.append(MenuLink(_("Kepatuhan SPM Desa"), reverse("indicators:spm_desa"), "spm-link"))
    return MenuSection(_("Indikator"), links, order=60, testid="menu-section-indicators")
