"""Stream rows in and out of CSV and .xlsx files for the batch scorer.

Readers yield ``(line_number, cells)`` one row at a time, or :class:`Block` chunks of
rows, so a million-row file never sits in memory whole. CSV cells are strings; .xlsx
cells keep their types (numbers, text, dates, ``None``). Writers take rows of
such cells, or columns.

A CSV block without quotes, stray carriage returns, blank lines or ragged rows (the
usual case) is split into columns by ``str.split`` alone, without making one list
per row; any other block goes through the :mod:`csv` module, row by row, exactly as
before. Both give the same cells and line numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from balai.core.exports import CsvWriter, XlsxWriter, csv_column

if TYPE_CHECKING:
    from balai.core.spreadsheets.reader import Limits

__all__ = [
    "Block",
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


@dataclass(frozen=True)
class Block:
    """Consecutive non-blank rows of an input file, as rows or as columns.

    ``lines[i]`` is the line number of row ``i``. ``columns`` is set (and ``rows`` is
    None) only for CSV rows that all have exactly ``width`` cells and where no cell
    holds a quote, a delimiter or a line break: there every cell is plain text.
    """

    lines: Sequence[int]
    rows: list[list[Any]] | None = None
    columns: list[list[str]] | None = None
    arrow: list[Any] | None = None  # plain CSV rows as Arrow string columns (``arrowcsv``)

    def __len__(self) -> int:
        return len(self.lines)


class TableReader(Protocol):
    """What the batch scorer needs from an input file."""

    header: list[str]
    delimiter: str
    had_bom: bool

    def rows(self) -> Iterator[tuple[int, list[Any]]]: ...

    def blocks(self, size: int, *, columns: bool = True) -> Iterator[Block]: ...

    def close(self) -> None: ...


class TableWriter(Protocol):
    """What the batch scorer needs from an output file."""

    def write_rows(self, rows: Sequence[Sequence[Any]]) -> None: ...

    def write_columns(self, columns: Sequence[Sequence[Any]], *, plain: bool = False) -> None: ...

    def write_arrow(self, columns: Sequence[Any]) -> None: ...

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
        self.path = path
        self.had_bom = head.startswith(_BOM)
        first_line = head.split(b"\n", 1)[0].decode("utf-8", "replace")
        # Byte offset of the first data line when the header is one unquoted line.
        end = head.find(b"\n")
        self.data_offset = end + 1 if end >= 0 and b'"' not in head[:end] else None
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

    def blocks(self, size: int, *, columns: bool = True) -> Iterator[Block]:
        """Yield the rows *size* at a time (the last block may be shorter).

        Blocks hold exactly the rows :meth:`rows` yields, with the same line numbers;
        with *columns* true, plain blocks come as columns (see :class:`Block`).
        """
        yield from _text_blocks(
            self._file, self._reader.line_num, len(self.header), self.delimiter, size, columns
        )

    def blocks_from(self, offset: int, done: int, size: int) -> Iterator[Block]:
        """Yield the blocks of the rows after byte *offset*, *done* physical lines in."""
        raw = self.path.open("rb")
        raw.seek(offset)
        text = io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape", newline="")
        try:
            yield from _text_blocks(text, done, len(self.header), self.delimiter, size, True)
        finally:
            text.close()

    def close(self) -> None:
        self._file.close()


def _text_blocks(
    file: Any, done: int, width: int, delimiter: str, size: int, columns: bool
) -> Iterator[Block]:
    """Yield blocks of *size* rows from the text *file*, *done* physical lines in."""
    while True:
        chunk = list(itertools.islice(file, size))
        if not chunk:
            return
        cols = _split_plain(chunk, delimiter, width) if columns else None
        if cols is not None:
            yield Block(range(done + 1, done + 1 + len(chunk)), columns=cols)
            done += len(chunk)
            continue
        # The csv module, row by row: it pulls further lines from the file when a
        # quoted cell runs past the chunk, or when blank lines left it short.
        reader = csv.reader(itertools.chain(chunk, file), delimiter=delimiter)
        lines: list[int] = []
        rows: list[list[Any]] = []
        line = done + 1
        for cells in reader:
            if any(cells):
                lines.append(line)
                rows.append(cells)
                if len(rows) == size:
                    break
            line = done + reader.line_num + 1
        done += reader.line_num
        if rows:
            yield Block(lines, rows=rows)
        if len(rows) < size:
            return  # end of file


def _split_plain(chunk: list[str], delimiter: str, width: int) -> list[list[str]] | None:
    """Return the columns of *chunk* (whole lines), or None unless it is plain.

    Plain: no quote, NUL or lone carriage return, and every line has exactly *width*
    cells, not all empty. Such lines are what ``csv.reader`` would also split at each
    delimiter, one row per line, and ``csv.writer`` writes their cells unquoted.
    """
    if width < 2 or max(map(len, chunk)) > csv.field_size_limit():
        return None
    text = "".join(chunk)
    if '"' in text or "\x00" in text:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    if not text.endswith("\n"):
        text += "\n"  # the last line of the file may lack its line break
    n = len(chunk)
    if text.count("\n") != n or ("\n" + delimiter * (width - 1) + "\n") in "\n" + text:
        return None  # a blank line, or a row of empty cells (both skipped)
    # Mark the end of each line with a cell of its own ("\n"): the lines all have
    # *width* cells exactly when the n - 1 markers sit every width + 1 cells.
    flat = text[:-1].replace("\n", delimiter + "\n" + delimiter).split(delimiter)
    stride = width + 1
    if len(flat) != n * stride - 1 or flat[width::stride].count("\n") != n - 1:
        return None
    return [flat[j::stride] for j in range(width)]


class _XlsxReader:
    """The first worksheet, streamed by the bounded reader (formulas as their values)."""

    delimiter = ","
    had_bom = False

    def __init__(self, path: Path, limits: Limits | None = None) -> None:
        from balai.core.spreadsheets.reader import DEFAULT_LIMITS, SpreadsheetError, open_xlsx

        try:
            self._book = open_xlsx(path, limits=limits or DEFAULT_LIMITS, formulas="value")
        except SpreadsheetError as exc:
            raise TableFormatError(exc.message) from exc
        names = self._book.sheet_names
        if not names:
            self._book.close()
            raise TableFormatError("Berkas .xlsx tidak berisi lembar kerja.")
        self._rows = self._book.rows(names[0])
        try:
            first = next(self._rows, None)
        except SpreadsheetError as exc:
            self._book.close()
            raise TableFormatError(exc.message) from exc
        if first is None:
            self._book.close()
            raise TableFormatError("Lembar kerja pertama kosong: tidak ada header.")
        header = [cell_text(v) for v in first[1]]
        while header and not header[-1].strip():
            header.pop()
        self.header = header
        self._first_line = first[0]

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        from balai.core.spreadsheets.reader import SpreadsheetError

        try:
            for line, values in self._rows:
                cells = values
                while cells and (cells[-1] is None or cells[-1] == ""):
                    cells.pop()
                if cells:
                    yield line, cells
        except SpreadsheetError as exc:
            raise TableFormatError(exc.message) from exc

    def blocks(self, size: int, *, columns: bool = True) -> Iterator[Block]:
        items = self.rows()
        while chunk := list(itertools.islice(items, size)):
            yield Block([line for line, _ in chunk], rows=[cells for _, cells in chunk])

    def close(self) -> None:
        self._book.close()


def open_reader(path: Path, *, limits: Limits | None = None) -> TableReader:
    """Open *path* (.csv, .txt, .tsv or .xlsx) for streaming rows.

    .xlsx goes through the bounded reader of ``balai.core.spreadsheets`` (*limits*).
    """
    suffix = path.suffix.lower()
    if not path.is_file():
        raise TableFormatError(f"Berkas tidak ditemukan: {path}")
    if suffix in CSV_SUFFIXES:
        return _CsvReader(path)
    if suffix in XLSX_SUFFIXES:
        return _XlsxReader(path, limits)
    raise TableFormatError(
        f"Format berkas masukan {suffix or '(tanpa ekstensi)'} tidak didukung; "
        "gunakan .csv atau .xlsx."
    )


class _CsvWriter:
    """CSV output; text cells pass the formula guard of ``balai.core.exports``."""

    def __init__(self, path: Path, header: list[str], delimiter: str, bom: bool):
        self._file = path.open(
            "w",
            encoding="utf-8-sig" if bom else "utf-8",
            errors="surrogateescape",
            newline="",
        )
        self._writer = CsvWriter(self._file, delimiter=delimiter)
        self._delimiter = delimiter
        self._writer.writerow(header)
        self._pool: Any = None
        self._pending: Any = None

    def write_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        # Cells are text already (or None, which csv writes as empty).
        self._wait()
        self._writer.writerows(rows)

    def write_columns(self, columns: Sequence[Sequence[Any]], *, plain: bool = False) -> None:
        """Write rows given as columns; *plain*: every cell is text needing no quotes.

        Plain cells (no delimiter, quote, line break or NUL) are what ``csv.writer``
        writes as they are, so joining them gives the same bytes, faster. The
        formula guard scans each plain column once and touches only risky ones.
        """
        self._wait()
        if not plain:
            self._writer.writerows(zip(*columns, strict=True))
            return
        end = "\r\n"  # csv.writer's default line terminator
        guarded = [csv_column(column) for column in columns]
        rows = map(self._delimiter.join, zip(*guarded, strict=True))
        self._file.write(end.join(rows) + end if columns and len(columns[0]) else "")

    def write_arrow(self, columns: Sequence[Any]) -> None:
        """Write rows given as Arrow columns of plain text (see ``arrowcsv.write``).

        The rows are written by a second thread (Arrow works without the GIL) while
        the caller goes on; the next write or :meth:`close` waits for them.
        """
        from concurrent.futures import ThreadPoolExecutor

        from .arrowcsv import write

        self._wait()
        self._file.flush()
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="csv-writer")
        self._pending = self._pool.submit(write, self._file.buffer, list(columns), self._delimiter)

    def _wait(self) -> None:
        """Wait for the rows being written by :meth:`write_arrow`; raise its error."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        try:
            self._wait()
        finally:
            if self._pool is not None:
                self._pool.shutdown()
            self._file.close()

    def __enter__(self) -> _CsvWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _XlsxWriter:
    """.xlsx output through ``balai.core.exports`` (text is never a formula)."""

    def __init__(self, path: Path, header: list[str]) -> None:
        self._book = XlsxWriter(path)
        self._sheet = self._book.sheet("zscores")
        self._sheet.append([self._clean(h) for h in header])

    def _clean(self, value: Any) -> Any:
        if isinstance(value, str):
            if value == "":
                return None
            # Undecodable bytes (kept from a CSV input) cannot go into .xlsx.
            return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return value

    def write_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        for row in rows:
            self._sheet.append([self._clean(c) for c in row])

    def write_columns(self, columns: Sequence[Sequence[Any]], *, plain: bool = False) -> None:
        for row in zip(*columns, strict=True):
            self._sheet.append([self._clean(c) for c in row])

    def write_arrow(self, columns: Sequence[Any]) -> None:
        self.write_columns([c.to_pylist() for c in columns])

    def close(self) -> None:
        self._book.close()

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
