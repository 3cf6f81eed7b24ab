from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "balai.letters"
    label = "letters"
    verbose_name = _("Layanan dan surat desa")

    def ready(self) -> None:
        from balai.complaints.models import ServiceKind
        from balai.complaints.skm import register_population
        from balai.core import attention, menu
        from balai.core.audit import track
        from balai.core.demo import register_builder
        from balai.letters import (
            demo,
            indicators,  # noqa: F401 -- declares this module's indicators
        )
        from balai.letters.attention import letters_waiting
        from balai.letters.menu import letters_menu
        from balai.letters.models import (
            IssuedDocument,
            LetterRequest,
            LetterTemplate,
            ResidentAccount,
            ServiceStandard,
            VillageLetterSettings,
        )
        from balai.letters.skm import letters_population

        track(ServiceStandard)
        track(LetterTemplate)
        track(VillageLetterSettings, exclude_fields=["logo"])
        track(LetterRequest)
        track(IssuedDocument, exclude_fields=["pdf", "layout"])
        track(ResidentAccount, exclude_fields=["pin_hash", "code_hash"])
        attention.register(letters_waiting)
        menu.register(letters_menu)
        register_builder(40, "layanan", demo.build)
        register_population(ServiceKind.LETTER, letters_population)
