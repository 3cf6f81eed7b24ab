from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "balai.complaints"
    label = "complaints"
    verbose_name = _("Pengaduan dan survei kepuasan")

    def ready(self) -> None:
        from balai.complaints import (
            demo,
            indicators,  # noqa: F401 -- declares this module's indicators
            tasks,  # noqa: F401 -- registers its background tasks
        )
        from balai.complaints.attention import complaints_attention
        from balai.complaints.menu import complaints_menu
        from balai.complaints.models import Category, Complaint, SurveyResponse
        from balai.core import attention, menu
        from balai.core.audit import track
        from balai.core.demo import register_builder

        track(Category)
        track(Complaint, exclude_fields=["tracking_hash"])
        track(SurveyResponse)
        attention.register(complaints_attention)
        menu.register(complaints_menu)
        register_builder(50, "pengaduan", demo.build)
