"""The indicators menu section."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.menu import MenuLink, MenuSection
from balai.indicators.policies import GAP_LEVELS, MONITORED_LEVELS
from balai.regions.models import Level


def indicators_menu(user: Any, role: Any) -> MenuSection:
    """The indicator browser, the boards, the SPM Desa table and the targets, as the role allows.

    Scorecards and the gap table use the same predicate as their views
    (``page_area_allowed`` for the levels they work on); a village role gets
    its own village's profile.
    """
    links = []
    if access.has_perm(user, Perm.INDICATORS_VIEW):
        links.append(MenuLink(_("Indikator"), reverse("indicators:list"), "indicators-link"))
    area = getattr(role, "area", None)
    if (
        area is not None
        and area.level == Level.DESA_KELURAHAN
        and access.has_perm(user, Perm.INDICATORS_VIEW, area)
    ):
        links.append(
            MenuLink(
                _("Profil desa"),
                reverse("indicators:village_profile", args=[area.code]),
                "menu-village-profile",
            )
        )
    for levels, label, name, testid in (
        ((Level.KECAMATAN,), _("Scorecard kecamatan"), "scorecard_kecamatan", "menu-scorecard-kec"),
        (
            (Level.KABUPATEN_KOTA,),
            _("Scorecard kabupaten"),
            "scorecard_kabupaten",
            "menu-scorecard-kab",
        ),
        (GAP_LEVELS, _("Kesenjangan layanan dasar"), "gap", "menu-gap"),
    ):
        if access.page_area_allowed(user, Perm.INDICATORS_VIEW, levels=levels):
            links.append(MenuLink(label, reverse(f"indicators:{name}"), testid))
    if access.page_area_allowed(user, Perm.SERVICES_MONITOR, levels=MONITORED_LEVELS):
        links.append(MenuLink(_("Kepatuhan SPM Desa"), reverse("indicators:spm_desa"), "spm-link"))
    if access.has_perm(user, Perm.INDICATORS_TARGETS):
        links.append(MenuLink(_("Target indikator"), reverse("indicators:targets"), "menu-targets"))
    return MenuSection(_("Indikator"), links, order=60, testid="menu-section-indicators")
