from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "balai.planning"
    label = "planning"
    verbose_name = _("Perencanaan desa dan musrenbang")

    def ready(self) -> None:
        from balai.accounts.roles import Perm
        from balai.core import audit, menu
        from balai.core.demo import register_builder
        from balai.planning import (
            demo,
            indicators,  # noqa: F401 -- declares the indicators
        )
        from balai.planning.menu import planning_menu
        from balai.planning.models import (
            Criterion,
            Forum,
            OpdPagu,
            Pagu,
            PerangkatDaerah,
            PlanningSetup,
            PriorityTheme,
            Proposal,
            RkpdesActivity,
            Rpjmdes,
            RpjmdesProgramme,
        )
        from balai.regions.models import Level

        for model in (
            Pagu,
            Rpjmdes,
            RpjmdesProgramme,
            RkpdesActivity,
            PlanningSetup,
            Criterion,
            PerangkatDaerah,
            PriorityTheme,
            Forum,
            Proposal,
            OpdPagu,
        ):
            audit.track(model)
        register_builder(80, "perencanaan", demo.build)
        menu.register(planning_menu)
        village = (Level.DESA_KELURAHAN,)
        menu.register_area_page("planning:village", Perm.PLANNING_VIEW, village)
        menu.register_area_page("planning:rpjmdes", Perm.PLANNING_VIEW, village)
        menu.register_area_page("planning:kecamatan", Perm.PLANNING_VIEW, (Level.KECAMATAN,))
        menu.register_area_page("planning:kabupaten", Perm.PLANNING_VIEW, (Level.KABUPATEN_KOTA,))
        menu.register_area_page(
            "planning:settings", Perm.PLANNING_KABUPATEN, (Level.KABUPATEN_KOTA,)
        )
