from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "balai.indicators"
    label = "indicators"
    verbose_name = _("Indikator")

    def ready(self) -> None:
        from balai.core import menu
        from balai.indicators import tasks  # noqa: F401 -- registers its background tasks
        from balai.indicators.menu import indicators_menu

        menu.register(indicators_menu)
        from balai.core.audit import track
        from balai.core.demo import register_builder
        from balai.indicators import demo, spm_desa  # noqa: F401 -- declares the SPM set
        from balai.indicators.models import IndicatorTarget

        track(IndicatorTarget)
        register_builder(90, "indikator", demo.build)
