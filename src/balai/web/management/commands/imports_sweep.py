"""``balai imports_sweep``: fail import jobs whose worker died and delete stale files.

Run it from cron (hourly is plenty). For the registry and posyandu imports it marks
running jobs without progress for 15 minutes as failed (so they can be retried),
deletes stored uploads of unfinished jobs after ``--days`` days and leftover progress
files and work copies; it also deletes export files a crash left under
``BALAI_VAR_DIR/exports``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from balai.core.exports import export_dir, sweep_files

KEEP_DAYS = 7


class Command(BaseCommand):
    help = "Fail dead import jobs; delete old uploads, progress files and export leftovers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=KEEP_DAYS, help="keep unfinished uploads this long"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from balai.education.import_jobs import sweep_roll_imports
        from balai.posyandu.import_jobs import sweep_visit_imports
        from balai.poverty.import_jobs import sweep as sweep_poverty_imports
        from balai.registry.importing.jobs import sweep_import_jobs

        registry = sweep_import_jobs(keep_days=options["days"])
        posyandu = sweep_visit_imports(keep_days=options["days"])
        rolls = sweep_roll_imports(keep_days=options["days"])
        poverty = sweep_poverty_imports(keep_days=options["days"])
        exports = sweep_files(export_dir(), older_than=dt.timedelta(hours=1))
        self.stdout.write(
            f"impor penduduk: {registry['stalled']} mati, {registry['files']} berkas dihapus, "
            f"{registry['leftovers']} sisa progres/salinan; impor posyandu: "
            f"{posyandu['stalled']} mati, {posyandu['files']} berkas dihapus; impor daftar "
            f"murid: {rolls['stalled']} mati, {rolls['files']} berkas dihapus; impor "
            f"kesejahteraan/penerima: {poverty['stalled']} mati, {poverty['files']} berkas "
            "dihapus; "
            f"sisa ekspor: {exports}"
        )
