"""``balai worker``: run background tasks (imports, PDFs, notifications)."""

from __future__ import annotations

import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.crypto import get_random_string

from balai.core.health import forget_worker, start_heartbeat


class Command(BaseCommand):
    help = "Jalankan pekerja tugas latar (antrian di basis data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="proses antrian lalu berhenti")
        parser.add_argument("--queue-name", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = get_random_string(32)
        worker_args = ["--queue-name", options["queue_name"], "--worker-id", worker_id]
        if options["batch"]:
            worker_args.append("--batch")
        stop = threading.Event()
        beat = start_heartbeat(worker_id, stop)
        try:
            call_command("db_worker", *worker_args)
        finally:
            stop.set()
            beat.join(timeout=5)
            forget_worker(worker_id=worker_id)
