"""Django admin, open only to users acting as system admin."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from balai.accounts import access
from balai.accounts.roles import Perm


class BalaiAdminSite(admin.AdminSite):
    site_header = _("Administrasi Balai")
    site_title = _("Admin Balai")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and access.has_perm(user, Perm.ADMIN_SITE))
