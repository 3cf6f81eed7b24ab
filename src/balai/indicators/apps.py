from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "balai.indicators"
    label = "indicators"
    verbose_name = _("Indikator")

    def ready(self) -> None:
        from balai.core import menu
        from balai.indicators.menu import indicators_menu

        menu.register(indicators_menu)
