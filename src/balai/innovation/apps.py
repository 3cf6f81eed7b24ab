from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationConfig(AppConfig):
    name = "balai.innovation"
    label = "innovation"
    verbose_name = _("Inovasi daerah (IID)")

    def ready(self) -> None:
        from balai.core import attention, audit, menu
        from balai.core.demo import register_builder
        from balai.innovation import (
            demo,
            indicators,  # noqa: F401 -- declares this module's indicators
            tasks,  # noqa: F401 -- registers the workbook task and its sweeper
        )
        from balai.innovation.attention import innovation_attention
        from balai.innovation.menu import innovation_menu
        from balai.innovation.models import (
            Answer,
            Assessment,
            IndicatorDef,
            Innovation,
            RuleSet,
        )

        for model in (RuleSet, IndicatorDef, Assessment, Innovation, Answer):
            audit.track(model)
        menu.register(innovation_menu)
        attention.register(innovation_attention)
        register_builder(85, "inovasi", demo.build)
