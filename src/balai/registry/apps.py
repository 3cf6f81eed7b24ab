from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "balai.registry"
    label = "registry"
    verbose_name = _("Kependudukan")

    def ready(self) -> None:
        from balai.accounts.roles import Perm
        from balai.core import menu
        from balai.core.audit import track
        from balai.core.demo import register_builder
        from balai.regions.models import Level
        from balai.registry import (
            demo,
            indicators,  # noqa: F401 -- declares this module's indicators
            tasks,  # noqa: F401 -- registers its background tasks
        )
        from balai.registry.menu import registry_menu
        from balai.registry.models import Family, Household, Resident

        register_builder(10, "penduduk", demo.build)
        menu.register(registry_menu)
        menu.register_area_page("registry:stats_area", Perm.REGISTRY_STATS, tuple(Level.values))

        track(Resident)
        track(Family)
        track(Household)
