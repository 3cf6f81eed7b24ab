from django.apps import AppConfig


class WebConfig(AppConfig):
    """The pages that need several apps: home, local holidays, error pages, region pages, demo."""

    name = "balai.web"
    label = "web"

    def ready(self) -> None:
        from balai.core import menu
        from balai.web.regions.menu import regions_menu

        menu.register(regions_menu)
