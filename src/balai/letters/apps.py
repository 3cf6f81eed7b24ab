from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "balai.letters"
    label = "letters"
    verbose_name = _("Layanan dan surat desa")
