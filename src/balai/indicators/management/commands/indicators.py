"""``balai indicators refresh [--all] [--indicator CODE] [--period P] [--village CODE]``.

Without ``--all``: the facts writes have marked stale, plus the current
period of every indicator (nightly from cron, or on demand). With ``--all``:
every fact of the history window (``BALAI_INDICATOR_HISTORY_MONTHS``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from balai.core.errors import DomainError
from balai.indicators.periods import parse_period, period_of
from balai.indicators.registry import resolve
from balai.indicators.services import (
    indicator_refresh,
    indicator_refresh_dirty,
    indicator_refresh_parallel,
    today,
)


class Command(BaseCommand):
    help = "Hitung ulang fakta indikator (refresh)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser("refresh", help="hitung ulang fakta")
        refresh.add_argument("--all", action="store_true", help="seluruh jendela riwayat")
        refresh.add_argument("--indicator", action="append", default=[], help="kode indikator")
        refresh.add_argument("--period", action="append", default=[], help="2026-11, 2026-Q4, 2026")
        refresh.add_argument("--village", action="append", default=[], help="kode wilayah")
        refresh.add_argument(
            "--workers",
            type=int,
            default=None,
            help="proses paralel untuk --all (PostgreSQL; bawaan BALAI_INDICATOR_REFRESH_WORKERS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            codes = options["indicator"] or None
            indicators = resolve(codes)
            periods = [parse_period(p) for p in options["period"]] or None
        except (DomainError, Http404) as exc:
            raise CommandError(str(exc)) from exc
        villages = options["village"] or None
        dirty = indicator_refresh_dirty()
        self.stdout.write(f"Ditandai usang: {dirty.written} fakta dalam {dirty.seconds:.2f} dtk")
        if not options["all"] and periods is None:
            on = today()
            periods = sorted({period_of(on, t) for i in indicators for t in i.period_types})
        if options["all"] and periods is None and villages is None:
            report = indicator_refresh_parallel(codes=codes, workers=options["workers"])
        else:
            report = indicator_refresh(codes=codes, villages=villages, periods=periods)
        self.stdout.write(
            f"{report.indicators} indikator, {report.periods} periode: {report.written} fakta "
            f"ditulis, {report.deleted} dihapus, {report.seconds:.2f} dtk"
        )
