from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnestopConfig(AppConfig):
    name = "balai.onestop"
    label = "onestop"
    verbose_name = _("Pelayanan terpadu (MPP, PATEN)")
