from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    name = "balai.health"
    label = "health"
    verbose_name = _("Layanan dasar kesehatan")

    def ready(self) -> None:
        from balai.accounts.roles import Perm
        from balai.core import audit, menu
        from balai.core.demo import register_builder
        from balai.health import (  # noqa: F401 -- declares the indicators
            demo,
            indicators,
            tasks,
        )
        from balai.health.menu import health_menu
        from balai.health.models import PrevalenceParameter
        from balai.regions.models import Level

        audit.track(PrevalenceParameter)
        register_builder(70, "kesehatan", demo.build)
        menu.register(health_menu)
        menu.register_area_page("health:import", Perm.HEALTH_IMPORT, (Level.KABUPATEN_KOTA,))
