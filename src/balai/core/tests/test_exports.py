"""The one export module: formula guard for CSV and XLSX, and files that do not linger."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from balai.core import exports
from balai.core.exports import CsvWriter, XlsxWriter, csv_cell, csv_column

RISKY = [
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\uff1d1+1",
    "\uff0b1",
    "\uff0d1",
    "\uff20x",
    '=HYPERLINK("http://x","y")',
    "-",
]
SAFE = ["Budi", "7322031705900001", "-5", "-1,5", "+62812345", "1e5", "a=b", " =1"]


@pytest.mark.parametrize("text", RISKY)
def test_csv_escapes_every_formula_start(text: str) -> None:
    assert csv_cell(text) == "'" + text
    assert csv_column(["ok", text]) == ["ok", "'" + text]


@pytest.mark.parametrize("text", SAFE)
def test_csv_leaves_plain_text_and_numeric_text_alone(text: str) -> None:
    assert csv_cell(text) == text
    assert csv_column(["ok", text]) == ["ok", text]


def test_csv_writer_guards_strings_but_not_numbers() -> None:
    out = io.StringIO()
    CsvWriter(out).writerow(["-2+3", -2, -1.5, Decimal("-3.25"), "7322031705900001", None])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == [
        "'-2+3",
        "-2",
        "-1.5",
        "-3.25",
        "7322031705900001",
        "",
    ]


def test_xlsx_never_writes_a_formula_and_keeps_types(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    with XlsxWriter(path) as book:
        sheet = book.sheet("Data", widths={1: 30})
        sheet.append(["nama", "angka", "nik", "tanggal", "waktu", "ya"], bold=True)
        for text in RISKY:
            sheet.append(
                [text, -2, "7322031705900001", dt.date(2024, 1, 10), None, True],
            )
        sheet.append(["x\x00y<&>", -1.5, Decimal("9.20"), None, None, False])
        book.sheet("Data")  # a second sheet of the same name gets a number
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    book = load_workbook(path)
    assert book.sheetnames == ["Data", "Data 2"]
    sheet = book["Data"]
    assert sheet["A1"].font.b
    for n, text in enumerate(RISKY, start=2):
        cell = sheet.cell(n, 1)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
        assert (sheet.cell(n, 2).value, sheet.cell(n, 2).data_type) == (-2, "n")
        assert sheet.cell(n, 3).value == "7322031705900001"
        assert sheet.cell(n, 4).value == dt.datetime.combine(dt.date(2024, 1, 10), dt.time())
        assert sheet.cell(n, 6).value is True
    last = len(RISKY) + 2
    assert sheet.cell(last, 1).value == "xy<&>"  # control characters dropped, text escaped
    assert not sheet.cell(last, 1).quotePrefix
    assert sheet.cell(last, 2).value == -1.5
    assert sheet.cell(last, 3).value == 9.2
    assert sheet.column_dimensions["A"].width == 30


@pytest.mark.django_db  # closing a response signals request_finished (closes DB links)
def test_a_download_is_unlinked_once_the_response_holds_it(settings, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    response = exports.xlsx_download(lambda book: book.sheet("A").append(["x"]), "a.xlsx")
    assert list((tmp_path / "exports").iterdir()) == []
    content = response.getvalue()
    response.close()
    assert load_workbook(io.BytesIO(content))["A"]["A1"].value == "x"
    assert "no-store" in response["Cache-Control"]
    assert 'filename="a.xlsx"' in response["Content-Disposition"]
    public = exports.xlsx_download(lambda book: None, "b.xlsx", personal=False)
    assert "Cache-Control" not in public
    public.close()


def test_a_failed_build_leaves_no_file(settings, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path

    def broken(book: XlsxWriter) -> None:
        book.sheet("A").append(["x"])
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        exports.xlsx_download(broken, "a.xlsx")
    assert list((tmp_path / "exports").iterdir()) == []


def test_sweep_removes_only_old_files(tmp_path: Path) -> None:
    import os
    import time

    old, new = tmp_path / "old.xlsx", tmp_path / "sub" / "new.csv"
    new.parent.mkdir()
    old.write_text("x")
    new.write_text("y")
    past = time.time() - 3 * 86400
    os.utime(old, (past, past))
    assert exports.sweep_files(tmp_path, older_than=dt.timedelta(days=1)) == 1
    assert not old.exists() and new.exists()
