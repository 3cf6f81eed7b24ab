from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "balai.planning"
    label = "planning"
    verbose_name = _("Perencanaan desa dan musrenbang")

    def ready(self) -> None:
        from balai.core import audit
        from balai.planning.models import Pagu, RkpdesActivity, Rpjmdes, RpjmdesProgramme

        for model in (Pagu, Rpjmdes, RpjmdesProgramme, RkpdesActivity):
            audit.track(model)
