"""``balai worker``: run background tasks (imports, PDFs, notifications)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Jalankan pekerja tugas latar (antrian di basis data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="proses antrian lalu berhenti")
        parser.add_argument("--queue-name", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        worker_args = ["--queue-name", options["queue_name"]]
        if options["batch"]:
            worker_args.append("--batch")
        call_command("db_worker", *worker_args)
