from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "balai.finance"
    label = "finance"
    verbose_name = _("Keuangan desa dan BUM Desa")
