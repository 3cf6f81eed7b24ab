"""Record every APBDes draft whose 20-working-day evaluation clock ran out (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from balai.finance.services import apbdes_lapse_overdue


class Command(BaseCommand):
    help = (
        "Catat APBDes yang tidak dievaluasi dalam 20 hari kerja sebagai berlaku dengan sendirinya."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = apbdes_lapse_overdue()
        self.stdout.write(f"{count} APBDes berlaku dengan sendirinya")
