"""``balai zscores IN OUT`` without Django: the command line of the batch scorer.

A pure file tool needs no settings, apps or database, so ``balai.manage``
dispatches ``zscores`` here before Django starts. The Django management command of
the same name (for ``call_command``) runs the same :func:`run`.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from .batch import BatchError, score_file

HELP = (
    "Hitung z-score WHO 2006 (PB/U-TB/U, BB/U, BB/PB-BB/TB, IMT/U), tanda tidak wajar "
    "dan status gizi Permenkes 2/2020 untuk setiap baris berkas CSV atau .xlsx. "
    "Kolom: sex (1/2), age_days atau age_months, weight_kg, lenhei_cm, measure "
    "(L/H/kosong), oedema (y/n); kolom lain disalin apa adanya."
)


class ZScoresError(Exception):
    """A file that cannot be scored at all (message in Indonesian)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments (shared with the Django command)."""
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


def run(input: str, output: str, *, labels: bool, max_issues: int, out: Any) -> None:
    """Score *input* into *output*; write the report and the speed to *out* (a text stream)."""
    start = time.perf_counter()
    try:
        report = score_file(input, output, labels=labels, max_issues=max_issues)
    except FileNotFoundError as exc:
        raise ZScoresError(f"Berkas tidak ditemukan: {exc.filename}") from exc
    except BatchError as exc:
        raise ZScoresError(str(exc)) from exc
    took = time.perf_counter() - start
    out.write(report.summary() + "\n")
    rate = report.rows_total / took if took > 0 else 0.0
    out.write(f"Selesai dalam {took:.2f} detik ({rate:,.0f} baris/detik); hasil: {output}\n")


def main(argv: list[str]) -> int:
    """Run ``balai zscores`` with *argv* (the arguments after ``zscores``)."""
    parser = argparse.ArgumentParser(prog="balai zscores", description=HELP)
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        run(args.input, args.output, labels=args.labels, max_issues=args.max_issues, out=sys.stdout)
    except ZScoresError as exc:
        sys.stderr.write(f"CommandError: {exc}\n")
        return 1
    return 0
