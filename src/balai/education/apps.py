from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    name = "balai.education"
    label = "education"
    verbose_name = _("Pendidikan dasar (SPM)")

    def ready(self) -> None:
        from balai.core import audit, menu
        from balai.core.demo import register_builder
        from balai.education import (
            demo,
            indicators,  # noqa: F401 -- declares this module's indicators
            tasks,  # noqa: F401 -- registers its background tasks
        )
        from balai.education.menu import education_menu
        from balai.education.models import RollImport

        audit.track(RollImport)
        from balai.accounts.roles import Perm
        from balai.education.views import IMPORT_LEVELS
        from balai.regions.models import Level

        menu.register(education_menu)
        menu.register_area_page("education:import", Perm.EDUCATION_IMPORT, IMPORT_LEVELS)
        menu.register_area_page(
            "education:out_of_school", Perm.EDUCATION_VIEW, (Level.DESA_KELURAHAN,)
        )
        register_builder(70, "pendidikan", demo.build)
