"""``balai imports_sweep``: fail import jobs whose worker died and delete stale files.

Run it from cron (hourly is plenty). For every module's import jobs (each registers its
sweeper with ``core.import_jobs.register_sweeper``) it marks
running jobs without progress for 15 minutes as failed (so they can be retried),
deletes stored uploads of unfinished jobs after ``--days`` days and leftover progress
files and work copies; it also deletes export files a crash left under
``BALAI_VAR_DIR/exports``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from balai.core import import_jobs
from balai.core.exports import export_dir, sweep_files

KEEP_DAYS = 7
# Names of the counts some sweepers add to "stalled" and "files".
EXTRA = {"leftovers": "sisa progres/salinan"}


class Command(BaseCommand):
    help = "Fail dead import jobs; delete old uploads, progress files and export leftovers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=KEEP_DAYS, help="keep unfinished uploads this long"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        parts = []
        for label, sweep in import_jobs.sweepers():
            counts = sweep(keep_days=options["days"])
            # Counts beyond stalled/files (the registry's progress leftovers) are named too.
            extra = "".join(
                f", {n} {EXTRA.get(key, key)}"
                for key, n in counts.items()
                if key not in ("stalled", "files")
            )
            parts.append(
                f"{label}: {counts.get('stalled', 0)} mati, "
                f"{counts.get('files', 0)} berkas dihapus{extra}"
            )
        exports = sweep_files(export_dir(), older_than=dt.timedelta(hours=1))
        parts.append(f"sisa ekspor: {exports}")
        self.stdout.write("; ".join(parts))
