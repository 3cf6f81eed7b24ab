from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "balai.accounts"
    label = "accounts"
    verbose_name = _("Akun dan peran")

    def ready(self) -> None:
        from balai.accounts.attention import tokens_expiring
        from balai.accounts.menu import account_menu
        from balai.accounts.models import ApiToken, RoleAssignment, User
        from balai.core import attention, menu
        from balai.core.audit import track

        attention.register(tokens_expiring)
        menu.register(account_menu)
        track(User, exclude_fields=["password", "last_login"])
        track(RoleAssignment)
        track(ApiToken, exclude_fields=["key_hash", "last_used_at"])
