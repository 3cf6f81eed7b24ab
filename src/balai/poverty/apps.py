from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PovertyConfig(AppConfig):
    name = "balai.poverty"
    label = "poverty"
    verbose_name = _("Kemiskinan dan bantuan sosial")

    def ready(self) -> None:
        from balai.accounts.roles import Perm
        from balai.core import audit, menu
        from balai.core.demo import register_builder
        from balai.letters import warnings
        from balai.poverty import (
            demo,
            indicators,  # noqa: F401 -- declares this module's indicators
            tasks,  # noqa: F401 -- registers its background tasks
        )
        from balai.poverty.menu import poverty_menu
        from balai.poverty.models import (
            CaseVisit,
            DecisionImport,
            ExtremeCase,
            Intervention,
            PovertySetting,
            Programme,
            Proposal,
            ProposalEvidence,
            Recipient,
            RecipientImport,
            VerificationRound,
            WelfareImport,
        )
        from balai.poverty.selectors import sktm_warnings
        from balai.poverty.views import KABUPATEN, VILLAGE, WORK_LEVELS

        for model in (
            CaseVisit,
            ExtremeCase,
            Intervention,
            PovertySetting,
            Programme,
            Proposal,
            ProposalEvidence,
            Recipient,
            DecisionImport,
            RecipientImport,
            VerificationRound,
            WelfareImport,
        ):
            audit.track(model)
        menu.register(poverty_menu)
        menu.register_area_page("poverty:overview", Perm.POVERTY_VIEW, WORK_LEVELS)
        menu.register_area_page("poverty:village", Perm.POVERTY_VIEW, VILLAGE)
        menu.register_area_page("poverty:welfare_import", Perm.POVERTY_PROGRAMMES, KABUPATEN)
        menu.register_area_page("poverty:programmes", Perm.POVERTY_VIEW, WORK_LEVELS)
        menu.register_area_page("poverty:rounds", Perm.POVERTY_NAMES, VILLAGE)
        menu.register_area_page("poverty:cases", Perm.POVERTY_NAMES, VILLAGE)
        menu.register_area_page("poverty:quarterly", Perm.POVERTY_VIEW, KABUPATEN)
        menu.register_area_page("poverty:settings", Perm.POVERTY_PROGRAMMES, KABUPATEN)
        warnings.register(sktm_warnings)
        register_builder(80, "kemiskinan", demo.build)
