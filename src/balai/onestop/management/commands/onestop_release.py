"""Release no-show bookings, close past queue days and mark the queue indicators stale.

Run every 15 minutes (cron or a systemd timer) during service hours.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from balai.onestop.services.queue import release_no_shows


class Command(BaseCommand):
    help = "Release no-show bookings and close past queue days."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = release_no_shows()
        self.stdout.write(
            f"{counts['appointments']} janji dilepas, {counts['tickets']} tiket ditutup"
        )
