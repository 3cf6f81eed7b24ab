from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnestopConfig(AppConfig):
    name = "balai.onestop"
    label = "onestop"
    verbose_name = _("Pelayanan terpadu (MPP, PATEN)")

    def ready(self) -> None:
        from balai.complaints.models import ServiceKind
        from balai.complaints.skm import register_population
        from balai.complaints.units import register_units
        from balai.core import menu
        from balai.core.audit import track
        from balai.core.demo import register_builder
        from balai.onestop import (
            demo,
            indicators,  # noqa: F401 -- declares this module's indicators
        )
        from balai.onestop.menu import onestop_menu
        from balai.onestop.models import Counter, CounterDay, Location, Provider, Service
        from balai.onestop.selectors import onestop_population, unit_choices

        track(Provider)
        track(Service)
        track(Location)
        track(Counter)
        track(CounterDay)
        menu.register(onestop_menu)
        register_builder(80, "pelayanan", demo.build)
        register_population(ServiceKind.ONESTOP, onestop_population)
        register_units(unit_choices)
