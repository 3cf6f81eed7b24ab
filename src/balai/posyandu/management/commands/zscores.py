"""``balai zscores IN OUT``: WHO 2006 z-scores for a CSV or .xlsx file of measurements.

``balai zscores`` on the command line runs :mod:`balai.posyandu.growth.cli` before
Django starts (see ``balai.manage``); this command is the same tool for
``call_command`` and ``manage.py help``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.posyandu.growth import cli


class Command(BaseCommand):
    help = cli.HELP

    requires_system_checks: list[str] = []  # no database, no URLs: a pure file tool

    def add_arguments(self, parser: CommandParser) -> None:
        cli.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            cli.run(
                options["input"],
                options["output"],
                labels=options["labels"],
                max_issues=options["max_issues"],
                out=self.stdout,
            )
        except cli.ZScoresError as exc:
            raise CommandError(str(exc)) from exc
