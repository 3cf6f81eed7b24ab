from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardsConfig(AppConfig):
    """Supervision boards: scorecards, the village profile and the basic-service gap table.

    They read the indicator engine's facts and the open work of the service
    apps (letters, complaints, posyandu) and the supply register, so they sit
    above all of them in the layers.
    """

    name = "balai.boards"
    label = "boards"
    verbose_name = _("Papan pengawasan")

    def ready(self) -> None:
        from balai.boards.menu import boards_menu
        from balai.core import menu

        menu.register(boards_menu)
