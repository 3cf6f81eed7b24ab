from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "balai.registry"
    label = "registry"
    verbose_name = _("Kependudukan")

    def ready(self) -> None:
        from balai.core.audit import track
        from balai.core.demo import register_builder
        from balai.registry import (
            demo,
            indicators,  # noqa: F401 -- declares this module's indicators
        )
        from balai.registry.models import Family, Household, Resident

        register_builder(10, "penduduk", demo.build)

        track(Resident)
        track(Family)
        track(Household)
