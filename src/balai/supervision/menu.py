"""The binwas menu section, built from the same predicates as the views."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.menu import MenuLink, MenuSection
from balai.regions.models import Level

AGENDA_LEVELS = (Level.KECAMATAN, Level.KABUPATEN_KOTA)


def supervision_menu(user: Any, role: Any) -> MenuSection:
    """Agenda, calendar, rakor, reports and overview for supervisors; follow-ups for all."""
    links: list[MenuLink] = []
    view = Perm.SUPERVISION_VIEW
    supervisor = access.page_area_allowed(user, view, levels=AGENDA_LEVELS)
    if supervisor:
        links += [
            MenuLink(_("Agenda binwas"), reverse("supervision:agenda"), "menu-binwas-agenda"),
            MenuLink(_("Kalender binwas"), reverse("supervision:calendar"), "menu-binwas-calendar"),
        ]
    if access.has_perm(user, view):
        links.append(
            MenuLink(
                _("Tindak lanjut binwas"), reverse("supervision:followups"), "menu-binwas-followups"
            )
        )
    if supervisor:
        links.append(MenuLink(_("Rakor"), reverse("supervision:meetings"), "menu-binwas-rakor"))
        if access.page_area_allowed(user, view, levels=(Level.KECAMATAN,)):
            links.append(
                MenuLink(
                    _("Laporan desa (LPPDes)"),
                    reverse("supervision:reports"),
                    "menu-binwas-reports",
                )
            )
        links += [
            MenuLink(
                _("Ringkasan dan laporan triwulan"),
                reverse("supervision:overview"),
                "menu-binwas-overview",
            ),
            MenuLink(
                _("Instrumen binwas"), reverse("supervision:instruments"), "menu-binwas-instruments"
            ),
        ]
    return MenuSection(
        _("Pembinaan dan pengawasan"), links, order=62, testid="menu-section-supervision"
    )
