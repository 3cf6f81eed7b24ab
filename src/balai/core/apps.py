from typing import Any

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(using: str = "default", **kwargs: Any) -> None:
    """Create the database cache table (``CACHE_URL`` empty/db://) after every migrate.

    ``createcachetable`` skips tables that exist and caches that are not in
    the database, so every ``balai migrate`` (make run, CI, deployment)
    leaves the shared cache ready.
    """
    call_command("createcachetable", database=using, verbosity=0)


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
        post_migrate.connect(create_cache_table, sender=self)
        django_checks.register(checks.check_holiday_data)
