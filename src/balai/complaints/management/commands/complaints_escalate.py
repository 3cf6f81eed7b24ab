"""``balai complaints_escalate``: escalate overdue complaints and warn about due ones (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from balai.complaints.services import complaints_escalate_overdue, complaints_warn_due_soon


class Command(BaseCommand):
    help = "Eskalasi pengaduan yang lewat batas waktu dan peringatkan yang segera jatuh tempo."

    def handle(self, *args: Any, **options: Any) -> None:
        report = complaints_escalate_overdue()
        warned = complaints_warn_due_soon()
        self.stdout.write(
            f"ke kecamatan: {report.to_kecamatan}, ke kabupaten: {report.to_kabupaten}, "
            f"peringatan: {warned}"
        )
