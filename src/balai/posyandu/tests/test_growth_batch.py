"""Tests for the batch scorer behind ``balai zscores IN OUT``."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from balai.posyandu.growth import BatchError, compute_zscores, score_file
from balai.posyandu.growth.batch import OUTPUT_COLUMNS

HEADER = "id,nama,sex,age_days,weight_kg,lenhei_cm,measure,oedema,catatan"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def read_rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def test_scores_rows_and_passes_other_columns_through_in_order(tmp_path):
    src = write(
        tmp_path / "in.csv",
        f'{HEADER}\n1,"Siti, Aminah",2,1522,17,,,,"catatan ""penting"""\n2,Budi,1,987,,72.86,L,,\n',
    )
    report = score_file(src, tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(newline="") as f:
        header, first, second = list(csv.reader(f))
    assert header == HEADER.split(",") + list(OUTPUT_COLUMNS)
    assert first[:9] == ["1", "Siti, Aminah", "2", "1522", "17", "", "", "", 'catatan "penting"']
    assert first[9:] == ["", "0.24", "", "", "", "0", "", "", "", "bb_normal", "", ""]
    assert second[9:] == ["-6.09", "", "", "", "1", "", "", "", "sangat_pendek", "", "", ""]
    assert (report.rows_total, report.rows_scored, report.rows_malformed) == (2, 2, 0)
    assert report.flagged["zlen"] == 1


def test_results_match_the_engine_with_two_decimals(tmp_path):
    rng = np.random.default_rng(3)
    n = 500
    sex = rng.integers(1, 3, n)
    days = rng.integers(0, 1900, n)
    weight = rng.uniform(2, 25, n).round(2)
    length = rng.uniform(44, 121, n).round(1)
    measure = rng.choice(["L", "H", ""], n)
    lines = [
        f"{s},{d},{w},{x},{m}"
        for s, d, w, x, m in zip(sex, days, weight, length, measure, strict=True)
    ]
    src = write(
        tmp_path / "in.csv", "sex,age_days,weight_kg,lenhei_cm,measure\n" + "\n".join(lines)
    )
    score_file(src, tmp_path / "out.csv", chunk_size=64)
    rows = read_rows(tmp_path / "out.csv")
    res = compute_zscores(sex, age_days=days, weight_kg=weight, lenhei_cm=length, measure=measure)
    for name in ("zlen", "zwei", "zwfl", "zbmi"):
        expected = ["" if np.isnan(v) else f"{v:.2f}" for v in getattr(res, name)]
        assert [r[name] for r in rows] == expected


def test_malformed_rows_are_reported_by_line_and_others_still_scored(tmp_path):
    src = write(
        tmp_path / "in.csv",
        f"{HEADER}\n"
        "1,Ani,2,1522,17,,,,\n"
        "2,Cici,3,100,6,60,L,n,\n"
        "3,Dedi,1,100,abc,-60,X,mungkin,\n"
        "4,Eka,1,-5,6,60,,,\n"
        "5,Fafa,1,100,6,60,L,,\n",
    )
    report = score_file(src, tmp_path / "out.csv")
    rows = read_rows(tmp_path / "out.csv")
    assert [r["id"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert all(rows[i][c] == "" for i in (1, 2, 3) for c in OUTPUT_COLUMNS)
    assert rows[0]["zwei"] == "0.24"
    assert rows[4]["zlen"] == "-1.06"
    assert (report.rows_total, report.rows_scored, report.rows_malformed) == (5, 2, 3)
    found = [(i.line, i.column) for i in report.issues]
    assert found == [
        (3, "sex"),
        (4, "weight_kg"),
        (4, "lenhei_cm"),
        (4, "measure"),
        (4, "oedema"),
        (5, "age_days"),
    ]
    text = report.summary()
    assert "Baris 3: Kolom sex harus 1 (laki-laki) atau 2 (perempuan), bukan '3'." in text
    assert "Baris 4: Kolom weight_kg harus berupa angka, bukan 'abc'." in text
    assert "Baris 4: Kolom lenhei_cm harus lebih dari 0, bukan '-60'." in text
    assert "Baris 5: Kolom age_days tidak boleh negatif, bukan '-5'." in text


def test_line_numbers_count_physical_lines_of_multiline_cells(tmp_path):
    src = write(
        tmp_path / "in.csv",
        'catatan,sex,age_days,weight_kg\n"baris\nkedua",1,100,6\nx,9,100,6\n',
    )
    report = score_file(src, tmp_path / "out.csv")
    assert [(i.line, i.column) for i in report.issues] == [(4, "sex")]


def test_empty_cells_are_allowed_and_empty_oedema_means_no(tmp_path):
    src = write(
        tmp_path / "in.csv",
        "sex,age_days,weight_kg,lenhei_cm,measure,oedema\n1,100,6,60,,\n1,100,6,60,,y\n",
    )
    report = score_file(src, tmp_path / "out.csv")
    no, yes = read_rows(tmp_path / "out.csv")
    assert report.rows_malformed == 0
    assert no["zwei"] != ""
    assert yes["zwei"] == ""
    assert no["zlen"] == yes["zlen"] == "-1.06"


def test_age_in_months_is_converted_as_who_anthro_does(tmp_path):
    src = write(tmp_path / "in.csv", "sex,age_months,lenhei_cm,measure\n2,24,77.5,\n1,8.99,65,H\n")
    score_file(src, tmp_path / "out.csv")
    first, second = read_rows(tmp_path / "out.csv")
    assert first["zlen"] == "-2.55"  # 24 months is day 731: height basis
    expected = compute_zscores(1, age_months=8.99, lenhei_cm=65, measure="H").zlen[0]
    assert second["zlen"] == f"{expected:.2f}"  # under 9 months: no 0.7 cm added


def test_semicolon_csv_with_decimal_commas(tmp_path):
    src = write(tmp_path / "in.csv", "nama;sex;age_days;weight_kg\nAni;2;1522;17,0\n")
    score_file(src, tmp_path / "out.csv")
    (row,) = read_rows(tmp_path / "out.csv", delimiter=";")
    assert row["nama"] == "Ani"
    assert row["weight_kg"] == "17,0"
    assert row["zwei"] == "0.24"


def test_xlsx_in_and_xlsx_out_with_numbers(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["nama", "sex", "age_days", "weight_kg", "lenhei_cm", "measure"])
    sheet.append(["Ani", 2, 1522, 17.0, None, None])
    sheet.append(["Budi", 1, 987, None, 72.86, "L"])
    sheet.append(["Cici", 3, 100, 6, 60, "L"])
    book.save(tmp_path / "in.xlsx")
    report = score_file(tmp_path / "in.xlsx", tmp_path / "out.xlsx")
    out = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    rows = list(out.iter_rows(values_only=True))
    assert list(rows[0]) == [
        "nama",
        "sex",
        "age_days",
        "weight_kg",
        "lenhei_cm",
        "measure",
        *OUTPUT_COLUMNS,
    ]
    header = rows[0]
    ani, budi, cici = (dict(zip(header, r, strict=True)) for r in rows[1:])
    assert (ani["nama"], ani["zwei"], ani["flag_zwei"]) == ("Ani", 0.24, 0)
    assert (ani["zlen"], ani["status_bbu"]) == (None, "bb_normal")
    assert (budi["zlen"], budi["flag_zlen"]) == (-6.09, 1)
    assert cici["zlen"] is None
    assert [(i.line, i.column) for i in report.issues] == [(4, "sex")]


def test_xlsx_in_csv_out_writes_plain_text(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["sex", "age_days", "weight_kg"])
    book.active.append([2, 1522, 17.0])
    book.save(tmp_path / "in.xlsx")
    score_file(tmp_path / "in.xlsx", tmp_path / "out.csv")
    (row,) = read_rows(tmp_path / "out.csv")
    assert (row["sex"], row["age_days"], row["weight_kg"], row["zwei"]) == (
        "2",
        "1522",
        "17",
        "0.24",
    )


def test_csv_in_xlsx_out_with_indonesian_labels(tmp_path):
    src = write(tmp_path / "in.csv", "sex,age_days,lenhei_cm\n2,731,77.5\n")
    score_file(src, tmp_path / "out.xlsx", labels=True)
    rows = list(openpyxl.load_workbook(tmp_path / "out.xlsx").active.iter_rows(values_only=True))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["sex"] == "2"  # passed through unchanged, as text
    assert row["zlen"] == -2.55
    assert row["status_tbu"] == "Pendek"


def test_chunk_size_does_not_change_the_output(tmp_path):
    body = "\n".join(f"{1 + i % 2},{i * 7},{3 + i / 10},{50 + i / 3}" for i in range(250))
    src = write(tmp_path / "in.csv", "sex,age_days,weight_kg,lenhei_cm\n" + body + "\n")
    score_file(src, tmp_path / "a.csv", chunk_size=7)
    score_file(src, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_rows_longer_than_the_header_are_malformed(tmp_path):
    src = write(tmp_path / "in.csv", "sex,age_days,weight_kg\n2,1522,17,extra\n2,1522,17\n")
    report = score_file(src, tmp_path / "out.csv")
    first, second = read_rows(tmp_path / "out.csv")
    assert (first["zwei"], second["zwei"]) == ("", "0.24")
    assert report.issues[0].line == 2
    assert "kolom berlebih" in report.issues[0].message


def test_blank_lines_are_skipped(tmp_path):
    src = write(tmp_path / "in.csv", "sex,age_days,weight_kg\n\n2,1522,17\n,,\n")
    report = score_file(src, tmp_path / "out.csv")
    assert report.rows_total == 1
    assert report.rows_malformed == 0


def test_old_result_columns_are_replaced(tmp_path):
    src = write(tmp_path / "in.csv", "sex,zwei,age_days,weight_kg\n2,9.99,1522,17\n")
    report = score_file(src, tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(newline="") as f:
        header, row = list(csv.reader(f))
    assert header == ["sex", "age_days", "weight_kg", *OUTPUT_COLUMNS]
    assert row[4] == "0.24"
    assert "zwei" in report.notes[0]


def test_issue_list_is_capped_but_all_issues_are_counted(tmp_path):
    src = write(tmp_path / "in.csv", "sex,weight_kg\n" + "9,1\n" * 30)
    report = score_file(src, tmp_path / "out.csv", max_issues=10)
    assert len(report.issues) == 10
    assert report.issues_omitted == 20
    assert report.rows_malformed == 30
    assert "20 masalah lain" in report.summary()


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("age_days,weight_kg", "Kolom 'sex'"),
        ("sex,age_days", "weight_kg"),
        ("sex,sex,weight_kg", "lebih dari sekali"),
    ],
)
def test_unusable_headers_raise_batch_error_in_indonesian(tmp_path, header, message):
    src = write(tmp_path / "in.csv", header + "\n")
    with pytest.raises(BatchError, match=message):
        score_file(src, tmp_path / "out.csv")


def test_unsupported_formats_and_same_file_are_refused(tmp_path):
    src = write(tmp_path / "in.csv", "sex,weight_kg\n")
    with pytest.raises(BatchError, match="tidak didukung"):
        score_file(src, tmp_path / "out.json")
    with pytest.raises(BatchError, match="tidak didukung"):
        score_file(write(tmp_path / "in.json", "{}"), tmp_path / "out.csv")
    with pytest.raises(BatchError, match="tidak boleh sama"):
        score_file(src, src)
    with pytest.raises(BatchError, match="tidak ditemukan"):
        score_file(tmp_path / "missing.csv", tmp_path / "out.csv")
