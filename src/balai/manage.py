"""The ``balai`` console script: Django's manage.py for the installed package."""

import os
import sys


def main() -> None:
    """Run a Django management command with Balai's settings.

    ``balai zscores`` is a pure file tool: it runs without starting Django.
    """
    if sys.argv[1:2] == ["zscores"]:
        from balai.posyandu.growth.cli import main as zscores

        sys.exit(zscores(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
