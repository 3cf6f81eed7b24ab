from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "balai.finance"
    label = "finance"
    verbose_name = _("Keuangan desa dan BUM Desa")

    def ready(self) -> None:
        from balai.accounts.roles import Perm
        from balai.core import audit, menu
        from balai.core.demo import register_builder
        from balai.finance import (
            demo,
            indicators,  # noqa: F401 -- declares this module's indicators
            tasks,  # noqa: F401 -- registers its background tasks
        )
        from balai.finance.kegiatan import enacted_activity_locks
        from balai.finance.menu import finance_menu
        from balai.finance.models import (
            Apbdes,
            ApbdesLine,
            BumDesa,
            BumDesaReport,
            EarmarkRule,
            FundTransfer,
            SiskeudesImport,
        )
        from balai.finance.views import SUPERVISION, VILLAGE
        from balai.planning.locks import register_activity_lock

        for model in (
            Apbdes,
            ApbdesLine,
            BumDesa,
            BumDesaReport,
            EarmarkRule,
            FundTransfer,
            SiskeudesImport,
        ):
            audit.track(model)
        menu.register(finance_menu)
        menu.register_area_page("finance:village", Perm.FINANCE_VIEW, VILLAGE)
        menu.register_area_page("finance:import", Perm.FINANCE_EDIT, VILLAGE)
        menu.register_area_page("finance:bumdesa", Perm.FINANCE_VIEW, VILLAGE)
        menu.register_area_page("finance:queue", Perm.FINANCE_EVALUATE, SUPERVISION)
        menu.register_area_page("finance:bumdesa_overview", Perm.FINANCE_VIEW, SUPERVISION)
        register_builder(80, "keuangan", demo.build)
        register_activity_lock(enacted_activity_locks)
