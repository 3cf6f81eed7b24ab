from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "balai.facilities"
    label = "facilities"
    verbose_name = _("Sarana layanan")

    def ready(self) -> None:
        from balai.core import audit, menu
        from balai.core.demo import register_builder
        from balai.facilities import demo
        from balai.facilities.menu import facilities_menu
        from balai.facilities.models import ServicePoint

        audit.track(ServicePoint)
        register_builder(60, "sarana", demo.build)
        menu.register(facilities_menu)
