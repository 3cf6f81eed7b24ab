"""The bulk (fast) path of the batch scorer gives exactly what cell-by-cell checks give."""

from __future__ import annotations

import csv
import dataclasses
import io
import random
from pathlib import Path

import numpy as np
import pytest

from balai.posyandu.growth import batch, score_file
from balai.posyandu.growth.classify import classify_bbtb, status_labels
from balai.posyandu.growth.tabular import _split_plain

MIXED = (
    "id,nama,sex,age_days,age_months,weight_kg,lenhei_cm,measure,oedema,catatan\r\n"
    "1,Ani,2,1522,,17,,,,\r\n"
    '2,Budi,1,,12,"9,5",75,l,N,\r\n'
    "3,Cici,3,100,,6,60,L,n,\r\n"
    "4,Dedi,1,100,,abc,-60,X,mungkin,\r\n"
    "5,Eka,1,-5,,6,60,,,\r\n"
    "6,Fafa, 1 ,100,,inf,nan,h,ya,\r\n"
    "7,Gigi,2,,8.99,1e3,65,H,tidak,\r\n"
    "\r\n"
    '8,Hadi,1,400,,9.1,72.5,L,y,"catatan\r\nbaris dua"\r\n'
    ",,,,,,,,,\r\n"
    "9,Ina,2,700,,, ,H,,\r\n"
    "10,Joko,1,500,,1_0,80,L,n,lebih,kolom\r\n"
    "11,Kiki,2\r\n"
    "12,Lala,,200,,7,65,L,n,\r\n"
    "13,Mira,2,2000,,15,100,H,n,\r\n"
    "14,Nina,1,0,,3.3,49.9,L,n,\r\n"
    "15,Oki,2,1000,,-0,90,H,n,\r\n"
    "16,Putu,1,30,,4,55,L,n,\r\n"
    "17,Rani,2,60,,5,58,,,\r\n"
    "18,Sari,1,90,,5.5,60.1,L,,\r\n"
    "19,Tono,2,120,,6.25,62.35,l,n,\r\n"
    "20,Umi,1,150,,7.01,64,L,n"
)

SEMICOLON = (
    "nama;sex;age_days;weight_kg;lenhei_cm;measure;oedema\n"
    "Ani;2;1522;17,0;;;\n"
    "Budi;1;987;;72,86;L;\n"
    "Cici;2;300;7,5;66,4;L;n\n"
    "Dedi;2;300;7.5;66,4;L;n\n"
    "Eka;1;300;1,000,5;66;L;n\n"
    "Fafa;2;400;8,25;70;l;Y\n"
)


def score_both(
    tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch, **kwargs: object
) -> tuple[bytes, batch.BatchReport]:
    """Score *text* with and without the fast path; assert identical results."""
    src = tmp_path / "in.csv"
    src.write_bytes(text.encode("utf-8"))
    fast = score_file(src, tmp_path / "fast.csv", **kwargs)  # type: ignore[arg-type]
    with monkeypatch.context() as patch:
        patch.setattr(batch, "FAST_PATH", False)
        slow = score_file(src, tmp_path / "slow.csv", **kwargs)  # type: ignore[arg-type]
    assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "slow.csv").read_bytes()
    assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
    return (tmp_path / "fast.csv").read_bytes(), fast


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 5, 8, 100_000])
def test_mixed_file_fast_path_equals_cell_by_cell(tmp_path, monkeypatch, chunk_size):
    out, report = score_both(tmp_path, MIXED, monkeypatch, chunk_size=chunk_size)
    assert report.rows_total == 20
    assert report.rows_malformed > 5
    rows = list(csv.DictReader(io.StringIO(out.decode())))
    assert rows[1]["zwei"] != ""  # decimal comma, age in months
    assert rows[-1]["zwei"] != ""
    lines = {i.line for i in report.issues}
    assert {4, 5, 6, 7, 14, 16} <= lines  # lines after the two-line quoted cell: +1


@pytest.mark.parametrize("chunk_size", [2, 100_000])
def test_semicolon_decimal_commas_fast_path_equals_cell_by_cell(tmp_path, monkeypatch, chunk_size):
    out, report = score_both(tmp_path, SEMICOLON, monkeypatch, chunk_size=chunk_size)
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8")), delimiter=";"))
    assert rows[0]["zwei"] == "0.24"
    assert rows[2]["zwei"] == rows[3]["zwei"] != ""
    assert [(i.line, i.column) for i in report.issues] == [(6, "weight_kg")]


def test_plain_file_is_split_without_csv_module_and_matches(tmp_path, monkeypatch):
    rows = [f"{i},{1 + i % 2},{i * 3},{3 + i / 7:.2f},{50 + i / 9:.1f},L,n" for i in range(300)]
    text = "id,sex,age_days,weight_kg,lenhei_cm,measure,oedema\n" + "\n".join(rows) + "\n"
    out, report = score_both(tmp_path, text, monkeypatch, chunk_size=64)
    assert report.rows_malformed == 0
    assert out.count(b"\r\n") == 301


def test_old_result_columns_and_labels_on_the_fast_path(tmp_path, monkeypatch):
    text = "sex,zwei,age_days,weight_kg,lenhei_cm\n2,9.99,1522,17,100\n1,,300,2,70\n"
    _, report = score_both(tmp_path, text, monkeypatch, labels=True)
    assert "zwei" in report.notes[0]


def test_issue_cap_keeps_the_same_issues(tmp_path, monkeypatch):
    body = "".join(f"{9 if i % 3 else 1},{'x' if i % 2 else 5},{i % 4 - 1}\n" for i in range(90))
    _, report = score_both(
        tmp_path, "sex,weight_kg,age_days\n" + body, monkeypatch, max_issues=25, chunk_size=40
    )
    assert len(report.issues) == 25
    assert report.issues_omitted > 0


def test_random_cells_fast_path_equals_cell_by_cell(tmp_path, monkeypatch):
    rng = random.Random(7)
    numbers = ["", "1", "2", "12.5", "7,25", " 3 ", "-1", "0", "abc", "inf", "nan", "1e2"]
    numbers += ["1_5", "1,000,5", "0.001", "  ", "+4", "65.75", "9.99", "1.005", "-0"]
    choices = ["", "L", "l", "H", "h", "x", " L", "y", "n", "N", "Y", "ya", "yes", "2", "1"]
    lines = ["sex;age_days;age_months;weight_kg;lenhei_cm;measure;oedema;nama"]
    for i in range(400):
        cells = [rng.choice(["1", "2", "1", "2", "3", "", " 2", "2.0", "x"])]
        cells.append(str(rng.randrange(-5, 2000)) if rng.random() < 0.7 else rng.choice(numbers))
        cells.append(rng.choice(["", "", "", "12", "8,99", "59.9", "60"]))
        cells += [rng.choice(numbers + [f"{rng.uniform(2, 25):.2f}"] * 8) for _ in range(2)]
        cells += [rng.choice(choices), rng.choice(choices), f"anak {i}"]
        lines.append(";".join(cells))
    text = "\n".join(lines) + "\n"
    for size in (17, 100_000):
        _, report = score_both(tmp_path, text, monkeypatch, chunk_size=size)
        assert report.rows_malformed > 50
        assert report.rows_scored > 20


def test_split_plain_refuses_what_csv_would_read_differently():
    assert _split_plain(['a,"b"\n', "1,2\n"], ",", 2) is None  # quotes
    assert _split_plain(["a,b\n", "\n"], ",", 2) is None  # blank line
    assert _split_plain(["a,b\n", ",\n"], ",", 2) is None  # row of empty cells
    assert _split_plain(["a,b,c\n", "1\n"], ",", 2) is None  # ragged rows
    assert _split_plain(["a,b\r", "1,2\n"], ",", 2) is None  # lone carriage return
    chunk = ["a,b\r\n", " 1,\n", "x,y"]
    assert _split_plain(chunk, ",", 2) == [["a", " 1", "x"], ["b", "", "y"]]
    assert [list(col) for col in zip(*csv.reader(chunk), strict=True)] == [
        ["a", " 1", "x"],
        ["b", "", "y"],
    ]


def test_z_texts_print_every_value_as_the_f_string_does():
    values = [0.0, -0.0, 0.01, -0.01, 1.25, -6.09, 99.99, 100.0, -100.0, 100.01, 1e20]
    values += [0.125, 1.0 / 3.0, np.inf, -np.inf, np.nan, -1e-9, 2.675]
    z = np.array(values)
    index, exact = batch._lookup(z)
    expected = ["" if v != v else f"{v:.2f}" for v in z.tolist()]
    assert batch._z_texts(z, index, exact) == expected
    assert "-0.00" in expected
    codes = classify_bbtb(z)
    assert batch._status_texts("zwfl", z, index, exact, False) == codes.tolist()
    labels = status_labels(codes).tolist()
    assert batch._status_texts("zwfl", z, index, exact, True) == labels


def test_flag_texts_print_every_value_as_str_int_does():
    flags = np.array([0.0, 1.0, np.nan, -0.0, 2.0])
    assert batch._flag_texts(flags) == ["0", "1", "", "0", "2"]


def _plain_rows(n: int, start: int = 0, end: str = "\n") -> str:
    rows = [f"{i},{1 + i % 2},{i * 3},{3 + i / 7:.2f},{50 + i / 9:.1f},L,n" for i in range(n)]
    return "".join(f"{r}{end}" for r in rows)


@pytest.mark.parametrize("chunk_size", [1, 7, 64, 100_000])
def test_plain_stretches_go_through_arrow_and_match(tmp_path, monkeypatch, chunk_size):
    from balai.posyandu.growth import arrowcsv

    seen: list[bool] = []
    real = arrowcsv.blocks

    def spy(reader, size):  # type: ignore[no-untyped-def]
        for block in real(reader, size):
            seen.append(block.arrow is not None)
            yield block

    monkeypatch.setattr(arrowcsv, "blocks", spy)
    header = "id,sex,age_days,weight_kg,lenhei_cm,measure,oedema\r\n"
    # CRLF plain rows, then odd cells Arrow must hand to the cell checks, then a
    # blank line and a quoted cell (the rest through the csv module).
    odd = "900,3,10,abc,7,x,mungkin\r\n901, 2 ,1e2,+4,60,h,Y\r\n902,2,-1,1_5,-3,,\r\n"
    tail = '\r\n903,1,100,6,60,L,n\r\n904,2,200,"7,5",65,L,n\r\n'
    text = header + _plain_rows(200, end="\r\n") + odd + _plain_rows(50, end="\r\n") + tail
    _out, report = score_both(tmp_path, text, monkeypatch, chunk_size=chunk_size)
    assert report.rows_total == 200 + 3 + 50 + 2
    lines = {i.line for i in report.issues}
    assert {202, 204} <= lines
    assert 203 not in lines  # " 2 ", "1e2" and "+4" are numbers to ``float`` too
    # The plain blocks before the first odd one went through Arrow (one block
    # holds the whole file with the largest size), the quoted end through csv.
    assert seen[0] is (chunk_size < 200)
    assert seen[-1] is False


def test_non_utf8_and_ragged_rows_leave_arrow_with_the_same_result(tmp_path, monkeypatch):
    header = b"id,sex,age_days,weight_kg,lenhei_cm,measure,oedema\n"
    body = _plain_rows(30).encode() + b"31,1,100,6,60,L,n,extra\n" + b"32,2,\xff\xfe,6,60,L,n\n"
    src = tmp_path / "in.csv"
    src.write_bytes(header + body + _plain_rows(5).encode())
    fast = score_file(src, tmp_path / "fast.csv", chunk_size=8)
    with monkeypatch.context() as patch:
        patch.setattr(batch, "FAST_PATH", False)
        slow = score_file(src, tmp_path / "slow.csv", chunk_size=8)
    assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "slow.csv").read_bytes()
    assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
    assert b"\xff\xfe" in (tmp_path / "fast.csv").read_bytes()  # bytes passed through
    assert {i.line for i in fast.issues} == {32, 33}


def test_balai_zscores_runs_without_starting_django(tmp_path):
    import subprocess
    import sys

    src = tmp_path / "in.csv"
    src.write_text("id,sex,age_days,weight_kg,lenhei_cm\n1,1,44,,50\n2,2,1522,17,\n3,x,1,2,3\n")
    probe = (
        "import sys\n"
        "from balai import manage\n"
        f"sys.argv = ['balai', 'zscores', {str(src)!r}, {str(tmp_path / 'out.csv')!r}]\n"
        "try:\n    manage.main()\n"
        "except SystemExit as exit:\n"
        "    print('django loaded:', 'django' in sys.modules, 'exit:', exit.code)\n"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert "3 baris dibaca, 2 dihitung, 1 baris bermasalah." in done.stdout
    assert "Baris 4: Kolom sex" in done.stdout
    assert "django loaded: False exit: 0" in done.stdout
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text())))
    assert rows[0]["zlen"] == "-3.29"  # WHO check value
    missing = subprocess.run(  # noqa: S603
        [sys.executable, "-c", probe.replace(str(src), str(tmp_path / "none.csv"))],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "exit: 1" in missing.stdout
    assert "CommandError: Berkas tidak ditemukan" in missing.stderr
