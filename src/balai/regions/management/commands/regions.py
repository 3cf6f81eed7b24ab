"""``balai regions load [--file PATH]``: load or update the Kemendagri tree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.regions.loading import RegionFileError
from balai.regions.models import KEMENDAGRI_LEVELS, Level
from balai.regions.services import regions_load


class Command(BaseCommand):
    help = "Muat atau perbarui pohon wilayah Kemendagri (idempoten)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Muat berkas wilayah (bawaan: Kepmendagri 2025).")
        load.add_argument("--file", type=Path, help="CSV code,name,level,parent_code (boleh .gz)")
        retire = load.add_mutually_exclusive_group()
        retire.add_argument(
            "--retire-missing",
            dest="retire",
            action="store_true",
            default=None,
            help="nonaktifkan wilayah yang tidak ada di berkas",
        )
        retire.add_argument(
            "--keep-missing",
            dest="retire",
            action="store_false",
            help="biarkan wilayah yang tidak ada di berkas",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["file"]
        if path is not None and not path.is_file():
            raise CommandError(f"Berkas {path} tidak ada.")
        try:
            report = regions_load(path=path, retire_missing=options["retire"])
        except RegionFileError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(exc.errors)} baris salah; tidak ada yang ditulis.") from exc
        width = max(len(Level(lvl).label) for lvl in KEMENDAGRI_LEVELS)
        self.stdout.write(
            f"{'':{width}}  {'total':>7} {'baru':>7} {'diubah':>7} {'tetap':>7} {'nonaktif':>8}"
        )
        for lvl in KEMENDAGRI_LEVELS:
            self.stdout.write(
                f"{Level(lvl).label:{width}}  {report.totals[lvl]:>7,} {report.created[lvl]:>7,} "
                f"{report.updated[lvl]:>7,} {report.unchanged[lvl]:>7,} {report.retired[lvl]:>8,}"
            )
        verdict = "berubah" if report.changed else "tidak ada perubahan"
        self.stdout.write(
            self.style.SUCCESS(f"Selesai dalam {report.seconds:.1f} dtk ({verdict}).")
        )
