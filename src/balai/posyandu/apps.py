from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PosyanduConfig(AppConfig):
    name = "balai.posyandu"
    label = "posyandu"
    verbose_name = _("Posyandu dan stunting")

    def ready(self) -> None:
        from balai.accounts.roles import Perm
        from balai.core import attention, audit, menu
        from balai.core.demo import register_builder
        from balai.posyandu import (
            demo,
            indicators,  # noqa: F401 -- declares this module's indicators
            tasks,  # noqa: F401 -- registers its background tasks
        )
        from balai.posyandu.attention import followup_items
        from balai.posyandu.menu import posyandu_menu
        from balai.posyandu.models import (
            CadreLink,
            ChildVisit,
            Enrolment,
            Posyandu,
            Pregnancy,
            PregnancyVisit,
        )
        from balai.regions.models import Level

        for model in (Posyandu, CadreLink, Enrolment, ChildVisit, Pregnancy, PregnancyVisit):
            audit.track(model)
        attention.register(followup_items)
        menu.register(posyandu_menu)
        kemendagri = (Level.KABUPATEN_KOTA, Level.KECAMATAN, Level.DESA_KELURAHAN)
        menu.register_area_page("posyandu:prevalence", Perm.POSYANDU_DASHBOARD, kemendagri)
        menu.register_area_page(
            "posyandu:followup",
            Perm.POSYANDU_VIEW,
            (Level.KECAMATAN, Level.DESA_KELURAHAN, Level.DUSUN, Level.RW, Level.RT),
        )
        menu.register_area_page(
            "posyandu:scorecard", Perm.POSYANDU_DASHBOARD, (Level.KECAMATAN, Level.DESA_KELURAHAN)
        )
        register_builder(30, "posyandu", demo.build)
