from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "balai.regions"
    label = "regions"
    verbose_name = _("Wilayah")

    def ready(self) -> None:
        from balai.core import attention
        from balai.core.audit import track
        from balai.regions.attention import subareas_missing
        from balai.regions.models import Area

        track(Area)
        attention.register(subareas_missing)
