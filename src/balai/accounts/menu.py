"""The account menu section."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.menu import MenuLink, MenuSection


def account_menu(user: Any, role: Any) -> MenuSection:
    """Account settings, password and, for roles that may use the API, tokens."""
    links = [MenuLink(_("Pengaturan akun"), reverse("accounts:account"), "menu-account")]
    if user.has_usable_password():  # residents log in with NIK + PIN, not a password
        links.append(
            MenuLink(_("Ganti kata sandi"), reverse("accounts:password_change"), "menu-password")
        )
    if access.has_perm(user, Perm.ACCOUNTS_USE_API):
        links.append(MenuLink(_("Token API"), reverse("accounts:tokens"), "menu-tokens"))
    return MenuSection(_("Akun"), links, order=90, testid="menu-section-account")
