"""Stream rows in and out of CSV and .xlsx files for the batch scorer.

Readers yield ``(line_number, cells)`` one row at a time, so a million-row file
never sits in memory whole. CSV cells are strings; .xlsx cells keep openpyxl's
types (numbers, text, dates, ``None``). Writers take rows of such cells.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

__all__ = [
    "TableFormatError",
    "TableReader",
    "TableWriter",
    "cell_text",
    "open_reader",
    "open_writer",
]

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_BOM = b"\xef\xbb\xbf"


class TableFormatError(ValueError):
    """A file that cannot be read or written at all (message in Indonesian)."""


class TableReader(Protocol):
    """What the batch scorer needs from an input file."""

    header: list[str]
    delimiter: str
    had_bom: bool

    def rows(self) -> Iterator[tuple[int, list[Any]]]: ...

    def close(self) -> None: ...


class TableWriter(Protocol):
    """What the batch scorer needs from an output file."""

    def write_rows(self, rows: Sequence[Sequence[Any]]) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> TableWriter: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


def cell_text(value: Any) -> str:
    """Return a cell value as text: '' for empty, integral floats without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


class _CsvReader:
    def __init__(self, path: Path) -> None:
        with path.open("rb") as raw:
            head = raw.read(64 * 1024)
        self.had_bom = head.startswith(_BOM)
        first_line = head.split(b"\n", 1)[0].decode("utf-8", "replace")
        # Indonesian Excel writes ';'-separated CSV; take the commonest candidate.
        self.delimiter = max([",", ";", "\t"], key=first_line.count)
        # surrogateescape: bytes that are not UTF-8 pass through to the output as-is.
        self._file = path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")
        self._reader = csv.reader(self._file, delimiter=self.delimiter)
        try:
            self.header = next(self._reader)
        except StopIteration:
            self._file.close()
            raise TableFormatError("Berkas kosong: tidak ada baris header.") from None

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        line = self._reader.line_num + 1
        for cells in self._reader:
            if any(cells):  # skip blank lines and rows of empty cells
                yield line, cells
            line = self._reader.line_num + 1  # a quoted cell may span lines

    def close(self) -> None:
        self._file.close()


class _XlsxReader:
    delimiter = ","
    had_bom = False

    def __init__(self, path: Path) -> None:
        import openpyxl  # type: ignore[import-untyped]  # lazily: only .xlsx needs it

        try:
            self._book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for bad files
            raise TableFormatError(f"Berkas .xlsx tidak dapat dibaca: {exc}") from exc
        sheet = self._book.worksheets[0]
        self._rows = sheet.iter_rows(min_row=1, values_only=True)
        first = next(self._rows, None)
        if first is None:
            self._book.close()
            raise TableFormatError("Lembar kerja pertama kosong: tidak ada header.")
        header = [cell_text(v) for v in first]
        while header and not header[-1].strip():
            header.pop()
        self.header = header

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        for line, values in enumerate(self._rows, start=2):
            cells = list(values)
            while cells and (cells[-1] is None or cells[-1] == ""):
                cells.pop()
            if cells:
                yield line, cells

    def close(self) -> None:
        self._book.close()


def open_reader(path: Path) -> TableReader:
    """Open *path* (.csv, .txt, .tsv or .xlsx) for streaming rows."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise TableFormatError(f"Berkas tidak ditemukan: {path}")
    if suffix in CSV_SUFFIXES:
        return _CsvReader(path)
    if suffix in XLSX_SUFFIXES:
        return _XlsxReader(path)
    raise TableFormatError(
        f"Format berkas masukan {suffix or '(tanpa ekstensi)'} tidak didukung; "
        "gunakan .csv atau .xlsx."
    )


class _CsvWriter:
    def __init__(self, path: Path, header: list[str], delimiter: str, bom: bool):
        self._file = path.open(
            "w",
            encoding="utf-8-sig" if bom else "utf-8",
            errors="surrogateescape",
            newline="",
        )
        self._writer = csv.writer(self._file, delimiter=delimiter)
        self._writer.writerow(header)

    def write_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        # Cells are text already (or None, which csv writes as empty).
        self._writer.writerows(rows)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> _CsvWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _XlsxWriter:
    def __init__(self, path: Path, header: list[str]) -> None:
        import openpyxl  # type: ignore[import-untyped]
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

        self._path = path
        self._illegal = ILLEGAL_CHARACTERS_RE
        self._book = openpyxl.Workbook(write_only=True)
        self._sheet = self._book.create_sheet("zscores")
        self._sheet.append([self._clean(h) for h in header])

    def _clean(self, value: Any) -> Any:
        if isinstance(value, str):
            if value == "":
                return None
            # Control characters (and undecodable bytes) cannot go into .xlsx.
            value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            return self._illegal.sub("", value)
        return value

    def write_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        for row in rows:
            self._sheet.append([self._clean(c) for c in row])

    def close(self) -> None:
        self._book.save(self._path)

    def __enter__(self) -> _XlsxWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_writer(
    path: Path, header: list[str], *, delimiter: str = ",", bom: bool = False
) -> TableWriter:
    """Create *path* (.csv or .xlsx) and write *header*; return the row writer."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _CsvWriter(path, header, "\t" if suffix == ".tsv" else delimiter, bom)
    if suffix in XLSX_SUFFIXES - {".xlsm"}:
        return _XlsxWriter(path, header)
    raise TableFormatError(
        f"Format berkas keluaran {suffix or '(tanpa ekstensi)'} tidak didukung; "
        "gunakan .csv atau .xlsx."
    )
