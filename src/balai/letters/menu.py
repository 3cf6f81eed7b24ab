"""The letters menu section: the office's pages, or a resident's own requests."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from balai.core.menu import MenuLink, MenuSection
from balai.letters import policies
from balai.letters.services.residents_auth import account_for_user


def letters_menu(user: Any, role: Any) -> MenuSection:
    """Queue, counter, register, templates, standards and performance, as the role allows."""
    if account_for_user(user) is not None:
        link = MenuLink(_("Surat saya"), reverse("letters:resident_home"), "nav-letters")
        return MenuSection(_("Surat"), [link], order=30, testid="menu-section-letters")
    pages = policies.pages_for(user)
    wanted = [
        (pages.queue, _("Antrean permohonan"), "letters:queue", "nav-letters"),
        (pages.create, _("Permohonan baru (loket)"), "letters:request_create", "menu-letter-new"),
        (pages.register, _("Buku agenda surat"), "letters:register", "menu-letter-register"),
        (pages.resident_accounts, _("Akun warga"), "letters:resident_code", "menu-resident-code"),
        (pages.templates, _("Templat surat"), "letters:templates", "menu-letter-templates"),
        (pages.settings, _("Pengaturan surat"), "letters:settings", "menu-letter-settings"),
        (pages.standards, _("Standar pelayanan"), "letters:standards_manage", "menu-standards"),
        (pages.compliance, _("Kinerja pelayanan"), "letters:compliance", "menu-compliance"),
    ]
    links = [MenuLink(label, reverse(name), testid) for ok, label, name, testid in wanted if ok]
    return MenuSection(_("Surat"), links, order=30, testid="menu-section-letters")
