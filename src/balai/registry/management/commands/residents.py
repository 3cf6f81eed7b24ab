"""``balai residents import FILE --village CODE [--dry-run]`` and ``… export``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.core.errors import DomainError
from balai.regions.models import Area, Level
from balai.registry.importing.engine import ERROR, run_import
from balai.registry.importing.export import export_residents

MAX_ERRORS_SHOWN = 200


class Command(BaseCommand):
    help = "Impor/ekspor data penduduk format OpenSID (43 kolom, XLSX/XLSM/CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="impor berkas penduduk ke satu desa")
        imp.add_argument("file", type=Path)
        imp.add_argument("--village", required=True, help="kode desa/kelurahan, mis. 73.22.03.2004")
        imp.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan")
        exp = sub.add_parser("export", help="ekspor penduduk satu desa")
        exp.add_argument("--village", required=True)
        exp.add_argument("--output", required=True, type=Path, help="berkas .xlsx atau .csv")

    def handle(self, *args: Any, **options: Any) -> None:
        village = Area.objects.filter(code=options["village"], level=Level.DESA_KELURAHAN).first()
        if village is None:
            raise CommandError(f"Desa/kelurahan {options['village']} tidak ada di pohon wilayah.")
        if options["action"] == "export":
            out: Path = options["output"]
            if out.suffix.lower() not in (".xlsx", ".csv"):
                raise CommandError("Berkas keluaran harus .xlsx atau .csv.")
            count = export_residents(village, out)
            self.stdout.write(self.style.SUCCESS(f"{count:,} penduduk diekspor ke {out}."))
            return
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ada.")
        try:
            report = run_import(
                path,
                village=village,
                commit=not options["dry_run"],
                keep_rows=False,
                may_name_village=lambda code: True,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        errors = [r for r in report.rows if r.action == ERROR]
        for row in errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(f"{row.sheet} baris {row.line}: {'; '.join(row.errors)}")
        if len(errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"… dan {len(errors) - MAX_ERRORS_SHOWN:,} baris galat lainnya.")
        self.stdout.write(
            f"dibuat {report.counts['create']:,} · diperbarui {report.counts['update']:,} · "
            f"tetap {report.counts['unchanged']:,} · galat {report.counts['error']:,}"
        )
        self.stdout.write(report.summary())
        if options["verbosity"] >= 2 and report.phases:
            self.stdout.write(
                " · ".join(
                    f"{name} {value:,.0f}" if name == "python_rows" else f"{name} {value:,.1f}"
                    for name, value in report.phases.items()
                )
            )
            for label, cpu in (("CPU proses impor", report.cpu), ("CPU basis data", report.db_cpu)):
                if cpu:
                    self.stdout.write(
                        f"{label}: " + " · ".join(f"{k} {v:,.1f}" for k, v in cpu.items())
                    )
