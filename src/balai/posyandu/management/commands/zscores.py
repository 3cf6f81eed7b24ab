"""``balai zscores IN OUT``: WHO 2006 z-scores for a CSV or .xlsx file of measurements."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balai.posyandu.growth import BatchError, score_file


class Command(BaseCommand):
    help = (
        "Hitung z-score WHO 2006 (PB/U-TB/U, BB/U, BB/PB-BB/TB, IMT/U), tanda tidak wajar "
        "dan status gizi Permenkes 2/2020 untuk setiap baris berkas CSV atau .xlsx. "
        "Kolom: sex (1/2), age_days atau age_months, weight_kg, lenhei_cm, measure "
        "(L/H/kosong), oedema (y/n); kolom lain disalin apa adanya."
    )

    requires_system_checks: list[str] = []  # no database, no URLs: a pure file tool

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", help="berkas masukan (.csv atau .xlsx)")
        parser.add_argument("output", help="berkas keluaran (.csv atau .xlsx)")
        parser.add_argument(
            "--labels",
            action="store_true",
            help="tulis status sebagai label bahasa Indonesia, bukan kode",
        )
        parser.add_argument(
            "--max-issues", type=int, default=1000, help="jumlah masalah yang ditampilkan"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        try:
            report = score_file(
                options["input"],
                options["output"],
                labels=options["labels"],
                max_issues=options["max_issues"],
            )
        except FileNotFoundError as exc:
            raise CommandError(f"Berkas tidak ditemukan: {exc.filename}") from exc
        except BatchError as exc:
            raise CommandError(str(exc)) from exc
        took = time.perf_counter() - start
        self.stdout.write(report.summary())
        rate = report.rows_total / took if took > 0 else 0.0
        self.stdout.write(
            f"Selesai dalam {took:.2f} detik ({rate:,.0f} baris/detik); hasil: {options['output']}"
        )
