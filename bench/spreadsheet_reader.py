"""Memory and speed of the bounded spreadsheet reader against openpyxl (read-only).

1. A small XLSX holding one 200 MB shared string (a "ZIP bomb" like the 206 KB file
   that grew the web server to 22.9 GB): peak RSS of each reader in a fresh process
   and what it says. openpyxl runs under a 3 GB address-space cap so it cannot take
   the machine down; with the ratio check switched off, the new reader's streaming
   limits are measured as well.
2. A plain 43-column sheet (default 50,000 rows): rows per second and peak RSS.

Run: .venv/bin/python bench/spreadsheet_reader.py [--rows N] [--megabytes N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml"

CHILD = """
import os, resource, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.config.settings_test")
import django
django.setup()
mode, path = sys.argv[1], sys.argv[2]
if mode == "openpyxl":
    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))
started = time.perf_counter()
rows = 0
try:
    if mode == "baseline":
        outcome = "Django loaded, nothing read"
    elif mode == "openpyxl":
        import openpyxl
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
        for sheet in book.worksheets:
            for _ in sheet.iter_rows(values_only=True):
                rows += 1
        outcome = "read"
    else:
        from balai.core.spreadsheets.reader import DEFAULT_LIMITS, open_xlsx
        limits = DEFAULT_LIMITS.smaller(max_ratio=10**9) if mode == "stream" else DEFAULT_LIMITS
        with open_xlsx(path, limits=limits, formulas="text") as book:
            for name in book.sheet_names:
                for _ in book.rows(name):
                    rows += 1
        outcome = "read"
except MemoryError:
    outcome = "MemoryError (3 GB cap)"
except Exception as exc:
    outcome = f"{type(exc).__name__}: {getattr(exc, 'message', exc)}"[:150]
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{rows}\\t{seconds:.2f}\\t{peak:.0f}\\t{outcome}")
"""


def bomb(path: Path, megabytes: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{SHEETML}.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{SHEETML}.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{SHEETML}.sharedStrings+xml"/></Types>',
        )
        book.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        book.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        book.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
            "</row></sheetData></worksheet>",
        )
        info = zipfile.ZipInfo("xl/sharedStrings.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with book.open(info, "w", force_zip64=True) as part:
            part.write(f'<sst xmlns="{MAIN}"><si><t>'.encode())
            block = b"A" * (1024 * 1024)
            for _ in range(megabytes):
                part.write(block)
            part.write(b"</t></si></sst>")


def plain(path: Path, rows: int) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append([f"kolom{i}" for i in range(43)])
    rnd = random.Random(1)
    for _ in range(rows):
        sheet.append(
            [
                f"nama {rnd.randrange(10**6)}"
                if j % 3 == 0
                else rnd.randrange(1000)
                if j % 3 == 1
                else dt.date(2000, 1, 1 + j % 20)
                for j in range(43)
            ]
        )
    book.save(path)


def run(mode: str, path: Path) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CHILD, mode, str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    line = (done.stdout.strip().splitlines() or ["\t\t\t" + done.stderr.strip()[-150:]])[-1]
    return line.split("\t")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--megabytes", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bomb.xlsx"
        bomb(path, args.megabytes)
        print(f"bomb: {path.stat().st_size / 1024:.0f} KB on disk, {args.megabytes} MB string")
        for mode, label in (
            ("baseline", "(baseline: Python + Django)"),
            ("balai", "balai reader"),
            ("stream", "balai reader, ratio check off"),
            ("openpyxl", "openpyxl read-only"),
        ):
            rows, seconds, peak, outcome = run(mode, path)
            print(f"  {label:32} peak RSS {peak:>6} MB  {seconds:>6} s  {outcome}")
        path = Path(tmp) / "plain.xlsx"
        plain(path, args.rows)
        print(f"plain: {args.rows} rows x 43 columns, {path.stat().st_size / 1e6:.1f} MB")
        for mode, label in (("balai", "balai reader"), ("openpyxl", "openpyxl read-only")):
            rows, seconds, peak, outcome = run(mode, path)
            rate = int(rows) / float(seconds) if rows and float(seconds) else 0
            print(
                f"  {label:32} peak RSS {peak:>6} MB  {seconds:>6} s  {rate:,.0f} rows/s  {outcome}"
            )
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
