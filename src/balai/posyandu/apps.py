from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PosyanduConfig(AppConfig):
    name = "balai.posyandu"
    label = "posyandu"
    verbose_name = _("Posyandu dan stunting")

    def ready(self) -> None:
        from balai.core import attention, audit
        from balai.core.demo import register_builder
        from balai.posyandu import (
            demo,
            indicators,  # noqa: F401 -- declares this module's indicators
        )
        from balai.posyandu.attention import followup_items
        from balai.posyandu.models import (
            CadreLink,
            ChildVisit,
            Enrolment,
            Posyandu,
            Pregnancy,
            PregnancyVisit,
        )

        for model in (Posyandu, CadreLink, Enrolment, ChildVisit, Pregnancy, PregnancyVisit):
            audit.track(model)
        attention.register(followup_items)
        register_builder(30, "posyandu", demo.build)
