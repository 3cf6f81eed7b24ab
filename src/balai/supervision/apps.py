from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """Guidance and supervision of villages: agenda, visits, follow-ups, rakor, reports chased."""

    name = "balai.supervision"
    label = "supervision"
    verbose_name = _("Pembinaan dan pengawasan desa")

    def ready(self) -> None:
        from balai.core import attention, audit, background, menu
        from balai.core.demo import register_builder
        from balai.supervision import (
            demo,
            indicators,  # noqa: F401 -- declares this module's indicators
            tasks,
        )
        from balai.supervision.attention import supervision_attention
        from balai.supervision.menu import supervision_menu
        from balai.supervision.models import (
            Activity,
            Attendee,
            CalendarFeed,
            FollowUp,
            Instrument,
            Meeting,
            Question,
            ReportReceipt,
            TeamMember,
            Visit,
        )

        for model in (
            Activity,
            TeamMember,
            Visit,
            Instrument,
            Question,
            Meeting,
            Attendee,
            FollowUp,
            ReportReceipt,
        ):
            audit.track(model)
        audit.track(CalendarFeed, exclude_fields=["key_hash"])
        menu.register(supervision_menu)
        attention.register(supervision_attention)
        background.register("supervision.followups", tasks.supervision_followups)
        register_builder(85, "binwas", demo.build)
