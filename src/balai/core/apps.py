from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "balai.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        from django.core import checks as django_checks

        from balai.core import checks, lookups
        from balai.core.audit import track
        from balai.core.models import Holiday

        lookups.register()
        track(Holiday)
        django_checks.register(checks.check_holiday_data)
