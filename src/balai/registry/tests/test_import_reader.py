"""The registry import's reader on hostile and odd files (bounded, linear, clear)."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from balai.registry.importing import reader
from balai.registry.importing.engine import run_import
from balai.registry.importing.reader import ImportFileError, read_rows
from balai.registry.models import Resident
from balai.registry.tests.test_import import BASE, row, village, write_csv


def test_the_duplicate_header_check_is_linear_on_40k_columns(monkeypatch) -> None:
    names = ["nama", "nik", "no_kk", *(["agama_id"] * 40_000)]
    calls = 0
    real_counter = reader.Counter

    def counting(items):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return real_counter(items)

    monkeypatch.setattr(reader, "Counter", counting)
    started = time.perf_counter()
    with pytest.raises(ImportFileError, match="Kolom ganda di lembar x: agama_id"):
        reader._check_header(names, "x")
    assert calls == 1  # one pass over the names, not one per name
    assert time.perf_counter() - started < 5  # was 33 s with list.count per name


def test_a_csv_with_40k_columns_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(["nama", "nik", "no_kk", *(["agama_id"] * 40_000)]) + "\n")
    started = time.perf_counter()
    with pytest.raises(ImportFileError, match="40003 kolom; paling banyak 512"):
        list(read_rows(path))
    assert time.perf_counter() - started < 5


def test_a_csv_line_without_breaks_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "one-line.csv"
    path.write_text(",".join(BASE) + "\n" + "x" * (3 * 1024 * 1024))
    with pytest.raises(ImportFileError, match="Baris 2 lebih dari 1048576 karakter"):
        list(read_rows(path))


@pytest.mark.django_db
def test_a_zip_bomb_import_fails_with_a_reason_and_writes_nothing(
    tree: None, tmp_path: Path
) -> None:
    from balai.core.tests.test_spreadsheets import huge_shared_string, xlsx

    path = tmp_path / "bomb.xlsx"
    path.write_bytes(xlsx(strings=huge_shared_string(50)))
    with pytest.raises(ImportFileError, match="bom ZIP"):
        run_import(path, village=village(), commit=True)
    assert not Resident.objects.exists()


@pytest.mark.django_db
def test_a_text_cell_starting_with_equals_is_text_but_a_formula_is_refused(
    tree: None, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(BASE))
    sheet.append(list(row(alamat="=Jl. Rumus").values()))
    sheet.append(list(row(nik="7322034101910001", sex="2", nama="Siti", alamat="=1+1").values()))
    sheet["A2"].data_type = "s"  # a text cell that merely starts with "="
    path = tmp_path / "formula.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>1+1</f>" in xml and "<f>Jl. Rumus</f>" not in xml
    report = run_import(path, village=village(), commit=False)
    by_line = {r.line: r for r in report.rows}
    assert by_line[2].action == "create"
    assert any("rumus" in e for e in by_line[3].errors)


def test_a_billion_laughs_file_gives_the_xml_message(tmp_path: Path) -> None:
    from balai.core.tests.test_spreadsheets import BILLION_LAUGHS, xlsx

    path = tmp_path / "lol.xlsx"
    path.write_bytes(xlsx(strings=BILLION_LAUGHS))
    with pytest.raises(ImportFileError, match="DTD/entitas XML"):
        list(read_rows(path))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.django_db
def test_export_guards_formula_text_and_the_import_reads_it_back(
    tree: None, tmp_path: Path, suffix: str
) -> None:
    from balai.registry.importing.export import export_residents

    run_import(
        write_csv(tmp_path / "in.csv", [row(alamat="-2+3 Jl. Poros")]),
        village=village(),
        commit=True,
    )
    Resident.objects.update(current_address="@SUM(A1)")
    out = tmp_path / f"out{suffix}"
    export_residents(village(), out)
    if suffix == ".csv":
        text = out.read_text()
        assert "'-2+3 Jl. Poros" in text and "'@SUM(A1)" in text
    else:
        with zipfile.ZipFile(out) as archive:
            assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    report = run_import(out, village=village(), commit=False)
    assert report.counts == {"unchanged": 1}  # both texts came back exactly
