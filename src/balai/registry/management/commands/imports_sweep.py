"""``balai imports_sweep``: fail import jobs whose worker died and delete stale files.

Run it from cron (hourly is plenty). It marks running jobs without progress for
15 minutes as failed (so they can be retried), deletes stored uploads of unfinished
jobs after ``--days`` days, leftover progress files and work copies, and export
files a crash left under ``BALAI_VAR_DIR/exports``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from balai.core.exports import export_dir, sweep_files
from balai.registry.importing.jobs import KEEP_DAYS, sweep_import_jobs


class Command(BaseCommand):
    help = "Fail dead import jobs; delete old uploads, progress files and export leftovers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=KEEP_DAYS, help="keep unfinished uploads this long"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = sweep_import_jobs(keep_days=options["days"])
        counts["exports"] = sweep_files(export_dir(), older_than=dt.timedelta(hours=1))
        self.stdout.write(
            "impor mati: {stalled}, berkas unggahan dihapus: {files}, "
            "sisa progres/salinan: {leftovers}, sisa ekspor: {exports}".format(**counts)
        )
