"""The supervision menu section: the village profile, the scorecards and the gap table."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.menu import MenuLink, MenuSection
from balai.indicators.policies import GAP_LEVELS
from balai.regions.models import Level


def boards_menu(user: Any, role: Any) -> MenuSection:
    """The boards the role may open.

    Scorecards and the gap table use the same predicate as their views
    (``page_area_allowed`` for the levels they work on); a village role gets
    its own village's profile.
    """
    links = []
    area = getattr(role, "area", None)
    if (
        area is not None
        and area.level == Level.DESA_KELURAHAN
        and access.has_perm(user, Perm.INDICATORS_VIEW, area)
    ):
        links.append(
            MenuLink(
                _("Profil desa"),
                reverse("boards:village_profile", args=[area.code]),
                "menu-village-profile",
            )
        )
    for levels, label, name, testid in (
        (
            (Level.KECAMATAN,),
            _("Kartu skor kecamatan"),
            "scorecard_kecamatan",
            "menu-scorecard-kec",
        ),
        (
            (Level.KABUPATEN_KOTA,),
            _("Kartu skor kabupaten"),
            "scorecard_kabupaten",
            "menu-scorecard-kab",
        ),
        (GAP_LEVELS, _("Kesenjangan layanan dasar"), "gap", "menu-gap"),
    ):
        if access.page_area_allowed(user, Perm.INDICATORS_VIEW, levels=levels):
            links.append(MenuLink(label, reverse(f"boards:{name}"), testid))
    return MenuSection(_("Pengawasan desa"), links, order=61, testid="menu-section-boards")
