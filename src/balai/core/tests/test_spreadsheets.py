"""The bounded spreadsheet reader: bombs, hostile XML, limits, and faithful cells."""

from __future__ import annotations

import datetime as dt
import io
import resource
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest

from balai.core.spreadsheets.reader import (
    DEFAULT_LIMITS,
    Formula,
    Limits,
    SpreadsheetError,
    check_fields,
    csv_lines,
    open_xlsx,
)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
NAIVE_DAY = dt.datetime.combine(dt.date(2024, 1, 10), dt.time())  # Excel dates are naive

CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)
ROOT_RELS = (
    f'<?xml version="1.0"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" '
    f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
    '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0"?><Relationships xmlns="{PKG}">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)


def sheet_xml(rows: str) -> str:
    return (
        f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'
    )


def xlsx(
    *,
    sheet: str = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
    strings: str
    | Callable[[zipfile.ZipFile], None] = f'<sst xmlns="{MAIN}"><si><t>nama</t></si></sst>',
) -> bytes:
    """Return a minimal XLSX; *strings* may be a writer that streams a huge part."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", ROOT_RELS)
        book.writestr("xl/workbook.xml", WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        book.writestr("xl/worksheets/sheet1.xml", sheet_xml(sheet))
        if callable(strings):
            strings(book)
        else:
            book.writestr("xl/sharedStrings.xml", strings)
    return out.getvalue()


def huge_shared_string(megabytes: int) -> Callable[[zipfile.ZipFile], None]:
    """Stream one shared string of *megabytes* MB into the archive (1 MB at a time)."""

    def write(book: zipfile.ZipFile) -> None:
        info = zipfile.ZipInfo("xl/sharedStrings.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with book.open(info, "w", force_zip64=True) as part:
            part.write(f'<sst xmlns="{MAIN}"><si><t>'.encode())
            block = b"A" * (1024 * 1024)
            for _ in range(megabytes):
                part.write(block)
            part.write(b"</t></si></sst>")

    return write


def read_all(data: bytes, limits: Limits = DEFAULT_LIMITS, formulas: str = "value") -> list:
    with open_xlsx(io.BytesIO(data), limits=limits, formulas=formulas) as book:  # type: ignore[arg-type]
        return [row for name in book.sheet_names for row in book.rows(name)]


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return xlsx(strings=huge_shared_string(200))


def measured(action: Callable[[], object]) -> tuple[BaseException | None, int, int]:
    """Run *action*; return its exception, the tracemalloc peak and the ru_maxrss growth."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    error: BaseException | None = None
    try:
        action()
    except BaseException as exc:
        error = exc
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    return error, peak, rss_growth_kb * 1024


def test_a_small_file_holding_200_mb_of_shared_strings_is_refused_as_a_zip_bomb(
    bomb: bytes,
) -> None:
    assert len(bomb) < 400 * 1024  # small on disk, 200 MB inside
    error, peak, rss = measured(lambda: read_all(bomb))
    assert isinstance(error, SpreadsheetError)
    assert "bom ZIP" in error.message
    assert "xl/sharedStrings.xml" in error.message
    assert peak < 5 * 1024 * 1024
    assert rss < 100 * 1024 * 1024


def test_the_streaming_limit_stops_the_same_run_when_the_ratio_check_is_off(
    bomb: bytes,
) -> None:
    limits = DEFAULT_LIMITS.smaller(max_ratio=10**9)
    error, peak, rss = measured(lambda: read_all(bomb, limits))
    assert isinstance(error, SpreadsheetError)
    assert "lebih dari 32767 karakter" in error.message
    assert peak < 20 * 1024 * 1024  # openpyxl builds the whole 200 MB string first
    assert rss < 100 * 1024 * 1024


def test_a_shared_string_longer_than_excel_allows_is_refused() -> None:
    text = "B" * 40_000
    data = xlsx(strings=f'<sst xmlns="{MAIN}"><si><t>{text}</t></si></sst>')
    with pytest.raises(SpreadsheetError, match="lebih dari 32767 karakter"):
        read_all(data)


def test_rich_text_runs_count_towards_one_string() -> None:
    runs = "".join(f"<r><t>{'C' * 1000}</t></r>" for _ in range(40))
    data = xlsx(strings=f'<sst xmlns="{MAIN}"><si>{runs}</si></sst>')
    with pytest.raises(SpreadsheetError, match="lebih dari 32767 karakter"):
        read_all(data)


def test_many_strings_stop_at_the_shared_table_limit() -> None:
    strings = "".join(f"<si><t>{i:0100d}</t></si>" for i in range(2000))
    data = xlsx(strings=f'<sst xmlns="{MAIN}">{strings}</sst>')
    with pytest.raises(SpreadsheetError, match="Teks bersama"):
        read_all(data, DEFAULT_LIMITS.smaller(max_shared_bytes=100_000))
    assert len(read_all(data)) == 1  # within the default limits it reads


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    f'<sst xmlns="{MAIN}"><si><t>&lol3;</t></si></sst>'
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<sst xmlns="{MAIN}"><si><t>&xxe;</t></si></sst>'
)


@pytest.mark.parametrize("strings", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_dtds_and_entities_are_refused_with_a_clear_message(strings: str) -> None:
    with pytest.raises(SpreadsheetError, match="DTD/entitas XML"):
        read_all(xlsx(strings=strings))


def test_a_doctype_in_a_sheet_is_refused_too() -> None:
    sheet = '<?xml version="1.0"?><!DOCTYPE w><worksheet/>'
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx()), "r") as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            dst.writestr(item, sheet if item.filename.endswith("sheet1.xml") else body)
    with pytest.raises(SpreadsheetError, match="DTD/entitas XML"):
        read_all(out.getvalue())


def test_a_value_beyond_the_column_limit_is_refused() -> None:
    sheet = '<row r="1"><c r="A1"><v>1</v></c><c r="ZZ1"><v>2</v></c></row>'
    with pytest.raises(SpreadsheetError, match="kolom ke-702"):
        read_all(xlsx(sheet=sheet), DEFAULT_LIMITS.smaller(max_columns=100))
    # Styled cells without a value are ignored, however far out they are.
    sheet = '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="1"/></row>'
    assert read_all(xlsx(sheet=sheet), DEFAULT_LIMITS.smaller(max_columns=100)) == [(1, [1])]


def test_rows_and_cells_are_counted() -> None:
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, 30))
    with pytest.raises(SpreadsheetError, match="lebih dari 20 baris"):
        read_all(xlsx(sheet=rows), DEFAULT_LIMITS.smaller(max_rows=20))
    with pytest.raises(SpreadsheetError, match="lebih dari 10 sel"):
        read_all(xlsx(sheet=rows), DEFAULT_LIMITS.smaller(max_cells=10))


def test_the_zip_directory_is_checked_before_any_part_is_read() -> None:
    with pytest.raises(SpreadsheetError, match="paling banyak 3"):
        read_all(xlsx(), DEFAULT_LIMITS.smaller(max_members=3))
    with pytest.raises(SpreadsheetError, match="setelah diekstrak"):
        read_all(xlsx(), DEFAULT_LIMITS.smaller(max_uncompressed_bytes=100))


def test_a_text_run_without_markup_is_bounded_before_the_parser_sees_it() -> None:
    # A huge attribute would be buffered whole by expat before any handler runs.
    sheet = f'<row r="1"><c r="A1" x="{"D" * 1_000_000}"><v>1</v></c></row>'
    with pytest.raises(SpreadsheetError, match="teks atau tag lebih dari"):
        read_all(xlsx(sheet=sheet))


def test_broken_files_give_a_message_not_a_crash() -> None:
    with pytest.raises(SpreadsheetError, match="bukan lembar kerja"):
        read_all(b"PK\x03\x04 not really a zip")
    with pytest.raises(SpreadsheetError, match="rusak"):
        read_all(xlsx(sheet='<row r="1"><c r="A1"><v>1</v></row>'))
    with pytest.raises(SpreadsheetError, match="rusak"):
        read_all(xlsx(sheet='<row r="1"><c r="A1" t="s"><v>7</v></c></row>'))


def test_cells_keep_their_types_and_formulas_are_marked(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(["nama", "angka", "tanggal", None, "rumus", "teks"])
    sheet.append(["Siti", -2.5, dt.date(2024, 1, 10), None, "=1+2", "7322"])
    sheet["F3"] = True
    sheet["F3"].number_format = "General"
    book.create_sheet("Kode Data").append(["kode"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    with open_xlsx(path, formulas="text") as read:
        assert read.sheet_names == ["Data", "Kode Data"]
        rows = list(read.rows("Data"))
    assert rows[0] == (1, ["nama", "angka", "tanggal", None, "rumus", "teks"])
    line, cells = rows[1]
    assert line == 2
    assert cells[:4] == ["Siti", -2.5, NAIVE_DAY, None]
    assert isinstance(cells[4], Formula) and cells[4] == "=1+2"
    assert cells[5] == "7322" and not isinstance(cells[5], Formula)
    assert rows[2] == (3, [None, None, None, None, None, True])
    with open_xlsx(path, formulas="value") as read:
        # openpyxl stores no cached result, so the formula cell reads as empty.
        assert list(read.rows("Data"))[1][1][:5] == [
            "Siti",
            -2.5,
            NAIVE_DAY,
            None,
            None,
        ]


def test_phonetic_runs_are_not_part_of_the_text() -> None:
    strings = (
        f'<sst xmlns="{MAIN}"><si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si></sst>'
    )
    assert read_all(xlsx(strings=strings)) == [(1, ["東京"])]


def lines_of(text: str, limits: Limits) -> Iterator[str]:
    return csv_lines(io.StringIO(text), limits=limits)


def test_csv_lines_are_bounded_even_without_line_breaks() -> None:
    limits = DEFAULT_LIMITS.smaller(max_line_chars=1000)
    assert list(lines_of("a,b\nc,d\n", limits)) == ["a,b\n", "c,d\n"]
    with pytest.raises(SpreadsheetError, match="Baris 2 lebih dari 1000 karakter"):
        list(lines_of("a,b\n" + "x" * 5000, limits))


def test_csv_rows_with_too_many_columns_or_long_cells_are_refused() -> None:
    limits = DEFAULT_LIMITS.smaller(max_columns=3, max_string_chars=5)
    check_fields(["a", "b", "c"], 1, limits=limits)
    with pytest.raises(SpreadsheetError, match="4 kolom; paling banyak 3"):
        check_fields(["a", "b", "c", "d"], 2, limits=limits)
    with pytest.raises(SpreadsheetError, match="lebih dari 5 karakter"):
        check_fields(["abcdef"], 3, limits=limits)


def test_reading_a_large_sheet_is_linear_enough() -> None:
    rows = "".join(
        f'<row r="{i}">'
        + "".join(f'<c r="{col}{i}"><v>{i}</v></c>' for col in "ABCDEFGHIJ")
        + "</row>"
        for i in range(1, 5001)
    )
    started = time.perf_counter()
    assert len(read_all(xlsx(sheet=rows))) == 5000
    assert time.perf_counter() - started < 30  # generous: 50k cells
