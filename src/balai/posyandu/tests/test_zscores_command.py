from __future__ import annotations

import csv

import pytest
from django.core.management import CommandError, call_command

ROWS = """id,sex,age_days,weight_kg,lenhei_cm,measure,oedema,nama
1,1,44,,50,,,Andi
2,2,1522,17,,,,Bunga
3,x,100,5,60,L,n,Citra
4,1,2000,15,100,H,n,Dedi
5,1,274,abc,60,H,,Eka
"""


def run(tmp_path, text: str, out_name: str = "out.csv") -> tuple[str, list[dict[str, str]]]:
    src = tmp_path / "in.csv"
    src.write_text(text)
    out = tmp_path / out_name
    from io import StringIO

    buf = StringIO()
    call_command("zscores", str(src), str(out), stdout=buf)
    rows = []
    if out_name.endswith(".csv"):
        with out.open() as f:
            rows = list(csv.DictReader(f))
    return buf.getvalue(), rows


def test_command_scores_rows_and_passes_other_columns_through(tmp_path):
    _report, rows = run(tmp_path, ROWS)
    assert [r["nama"] for r in rows] == ["Andi", "Bunga", "Citra", "Dedi", "Eka"]
    assert rows[0]["zlen"] == "-3.29"  # WHO check value
    assert rows[1]["zwei"] == "0.24"  # WHO check value
    assert rows[0]["status_tbu"] == "sangat_pendek"


def test_command_reports_malformed_rows_by_line_and_scores_the_others(tmp_path):
    report, rows = run(tmp_path, ROWS)
    assert "Baris 4: Kolom sex" in report
    assert "Baris 6: Kolom weight_kg harus berupa angka" in report
    assert "5 baris dibaca, 3 dihitung, 2 baris bermasalah." in report
    assert rows[2]["zlen"] == ""


def test_command_says_plainly_that_age_60_months_gets_no_zscore(tmp_path):
    report, rows = run(tmp_path, ROWS)
    assert "1 baris berumur 60 bulan atau lebih" in report
    assert rows[3]["zwei"] == rows[3]["zlen"] == rows[3]["zwfl"] == ""


def test_command_accepts_age_in_months_and_xlsx_output(tmp_path):
    text = "sex,age_months,weight_kg,lenhei_cm\n1,12,9.5,75\n"
    report, _ = run(tmp_path, text, "out.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "out.xlsx")
    sheet = book.active
    header = [c.value for c in sheet[1]]
    values = [c.value for c in sheet[2]]
    book.close()
    assert isinstance(values[header.index("zwei")], float)
    assert "1 baris dibaca, 1 dihitung" in report


def test_missing_file_and_bad_header_are_command_errors(tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("zscores", str(tmp_path / "none.csv"), str(tmp_path / "o.csv"))
    (tmp_path / "bad.csv").write_text("nama,umur\nA,1\n")
    with pytest.raises(CommandError, match="sex"):
        call_command("zscores", str(tmp_path / "bad.csv"), str(tmp_path / "o.csv"))
