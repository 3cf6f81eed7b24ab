"""``balai boundaries load [--file PATH ...]``: load area polygons for maps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.regions.boundaries import BUNDLED, BoundaryFileError
from balai.regions.services import boundaries_load


class Command(BaseCommand):
    help = "Muat batas wilayah (poligon) untuk peta (idempoten)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Muat berkas batas wilayah (bawaan: Sulawesi Selatan).")
        load.add_argument(
            "--file", type=Path, action="append", help="dump wilayah_boundaries (.sql/.sql.gz)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths = tuple(options["file"] or BUNDLED)
        for path in paths:
            if not path.is_file():
                raise CommandError(f"Berkas {path} tidak ada.")
        try:
            report = boundaries_load(paths=paths)
        except BoundaryFileError as exc:
            raise CommandError(f"{exc}; tidak ada yang ditulis.") from exc
        self.stdout.write(
            f"baru {report.created}, diubah {report.updated}, tetap {report.unchanged}, "
            f"kode tidak dikenal {report.skipped}; GeoJSON {report.payload_bytes / 1024:.0f} KB"
        )
        self.stdout.write(self.style.SUCCESS("Selesai."))
