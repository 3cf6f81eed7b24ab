"""``balai supervision_followups``: escalate overdue binwas follow-ups, close recovered ones (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from balai.supervision.services import followups_close_recovered, followups_escalate_overdue


class Command(BaseCommand):
    help = "Eskalasi tindak lanjut binwas yang lewat batas waktu ke DPMD; tutup yang pulih."

    def handle(self, *args: Any, **options: Any) -> None:
        escalated = followups_escalate_overdue()
        closed = followups_close_recovered()
        self.stdout.write(f"dieskalasi: {escalated}, selesai menurut data: {closed}")
