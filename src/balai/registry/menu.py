"""The population registry's menu section."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.navigation import area_page_url
from balai.accounts.roles import Perm
from balai.core.menu import MenuLink, MenuSection
from balai.registry import books


def registry_menu(user: Any, role: Any) -> MenuSection:
    """Residents and families, duplicates, import/export and statistics, as the role allows."""
    links = []
    if access.has_perm(user, Perm.REGISTRY_VIEW):
        links.append(
            MenuLink(_("Daftar penduduk"), reverse("registry:resident_list"), "nav-registry")
        )
        links.append(MenuLink(_("Keluarga (KK)"), reverse("registry:family_list"), "menu-families"))
    if books.may_open_books(user):
        links.append(
            MenuLink(_("Buku induk penduduk"), reverse("registry:book_induk"), "menu-book-induk")
        )
        links.append(
            MenuLink(
                _("Buku mutasi penduduk"), reverse("registry:book_mutation"), "menu-book-mutation"
            )
        )
    if access.has_perm(user, Perm.REGISTRY_CHANGE):
        links.append(
            MenuLink(_("Data ganda"), reverse("registry:duplicate_list"), "menu-duplicates")
        )
    if access.has_perm(user, Perm.REGISTRY_IMPORT):
        links.append(
            MenuLink(_("Impor dan ekspor"), reverse("registry:import_index"), "menu-import")
        )
    stats = area_page_url(user, "registry:stats_area")
    if stats:
        links.append(MenuLink(_("Statistik penduduk"), stats, "menu-stats"))
    return MenuSection(_("Penduduk"), links, order=20, testid="menu-section-registry")
