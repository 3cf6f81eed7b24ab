"""``balai serve``: run Balai under the production web server.

Replaces itself (exec) with granian (the default: it served more requests per
second with no errors in each of three runs of ``bench/load_test.py``) or
gunicorn, so signals from systemd or Docker reach the server directly. Settings come from the environment like everything else.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.core.env import env_int, env_str

SERVERS = ("gunicorn", "granian")
APP = "balai.config.wsgi:application"
GRANIAN_LOG_CONFIG = Path(__file__).resolve().parents[3] / "config" / "granian_log.json"


def default_workers() -> int:
    """Return ``WEB_CONCURRENCY``, else two per CPU plus one (gunicorn's rule of thumb)."""
    return env_int("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1)


def server_argv(server: str, *, host: str, port: int, workers: int, threads: int) -> list[str]:
    """Return the command line that serves Balai with *server*."""
    if server == "gunicorn":
        return [
            sys.executable,
            "-m",
            "gunicorn",
            APP,
            "--config",
            "python:balai.config.gunicorn",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ]
    if server == "granian":
        return [
            sys.executable,
            "-m",
            "granian",
            APP,
            "--interface",
            "wsgi",
            "--host",
            host,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--blocking-threads",
            str(threads),
            "--no-ws",
            "--no-access-log",
            "--log-config",
            str(GRANIAN_LOG_CONFIG),
            "--respawn-failed-workers",
        ]
    raise CommandError(f"unknown server {server!r}; choose one of {', '.join(SERVERS)}")


class Command(BaseCommand):
    help = "Jalankan Balai dengan server web produksi (granian atau gunicorn)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--server", choices=SERVERS, default=env_str("WEB_SERVER", "granian") or "granian"
        )
        parser.add_argument("--host", default=env_str("WEB_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=env_int("PORT", 8000))
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument("--threads", type=int, default=env_int("WEB_THREADS", 2))
        parser.add_argument(
            "--print", action="store_true", help="tampilkan perintahnya saja, tanpa menjalankan"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        argv = server_argv(
            options["server"],
            host=options["host"],
            port=options["port"],
            workers=max(1, options["workers"]),
            threads=max(1, options["threads"]),
        )
        if options["print"]:
            self.stdout.write(" ".join(argv))
            return
        if shutil.which(argv[0]) is None and not Path(argv[0]).exists():
            raise CommandError(f"cannot run {argv[0]}")
        sys.stdout.flush()
        os.execv(argv[0], argv)  # noqa: S606 - a fixed program with our own arguments
