"""Read uploaded XLSX/XLSM and CSV files with bounded memory, whatever they contain.

Every import (registry, posyandu, ``balai zscores``) reads spreadsheets through this
module. A 206 KB XLSX can hold a 200 MB shared string; openpyxl would build it (and
the process would grow by gigabytes) before any check ran. Here nothing is built
before it is counted:

1. the ZIP directory is inspected first: number of members, total uncompressed size,
   and the compression ratio of every large member (a ZIP bomb fails here);
2. the XML parts are streamed in 64 KB pieces through a defused expat parser (no DTD,
   no entities, no external references: billion laughs and XXE fail with a clear
   message), and the raw bytes between two ``<`` are bounded, so no single text run
   or tag can grow without limit;
3. while parsing, string length, the shared-string table (kept compact as UTF-8
   bytes plus offsets), cells, columns and rows are counted against :class:`Limits`.

Rows come out one at a time as ``(row_number, cells)``: numbers are int or float,
dates (by cell style) datetime, booleans bool, text str. With ``formulas="text"`` a
formula cell is a :class:`Formula` (``"=SUM(A1:A3)"``); with ``"value"`` its cached
result. CSV lines are read with a bounded length and column count.

Bounds and errors live in ``limits.py``, the XML part targets in ``parts.py``.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import IO, Any, Literal

from django.utils.translation import gettext as _

from balai.core.spreadsheets.limits import (
    DEFAULT_LIMITS,
    Formula,
    Limits,
    SpreadsheetError,
    megabytes,
)
from balai.core.spreadsheets.parts import (
    Part,
    Relations,
    SharedStrings,
    SheetRows,
    StylesPart,
    WorkbookPart,
)

__all__ = [
    "DEFAULT_LIMITS",
    "Formula",
    "Limits",
    "SpreadsheetError",
    "XlsxBook",
    "check_fields",
    "csv_lines",
    "open_xlsx",
    "sniff_kind",
]


def sniff_kind(head: bytes, name: str) -> Literal["xlsx", "csv"]:
    """Return "xlsx" or "csv" from the file's first bytes (not its name)."""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith((b"\xd0\xcf\x11\xe0", b"%PDF", b"MZ", b"\x7fELF")) or b"\x00" in head[:4096]:
        raise SpreadsheetError(
            _(
                "Berkas %(name)s bukan lembar kerja XLSX/XLSM atau CSV. Format .xls lama: "
                "simpan ulang sebagai .xlsx."
            )
            % {"name": name}
        )
    return "csv"


# ---------------------------------------------------------------- CSV


def csv_lines(handle: IO[str], *, limits: Limits = DEFAULT_LIMITS) -> Iterator[str]:
    """Yield the lines of a text file, refusing any longer than ``limits.max_line_chars``.

    Feed this to :func:`csv.reader`: iterating the file itself would read a file
    without line breaks into memory whole. Quoted cells spanning lines are bounded by
    :func:`csv.field_size_limit` (128 K characters by default).
    """
    cap = limits.max_line_chars
    number = 0
    while line := handle.readline(cap + 1):
        number += 1
        if len(line) > cap and not line.endswith("\n"):
            raise SpreadsheetError(
                _("Baris %(n)d lebih dari %(max)d karakter; berkas ditolak.")
                % {"n": number, "max": cap}
            )
        yield line


def check_fields(fields: list[str], line: int, *, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise SpreadsheetError if a CSV row has too many cells or an over-long cell."""
    if len(fields) > limits.max_columns:
        raise SpreadsheetError(
            _("Baris %(n)d berisi %(c)d kolom; paling banyak %(max)d.")
            % {"n": line, "c": len(fields), "max": limits.max_columns}
        )
    cap = limits.max_string_chars
    for field in fields:
        if len(field) > cap:
            raise SpreadsheetError(
                _("Baris %(n)d berisi sel lebih dari %(max)d karakter.") % {"n": line, "max": cap}
            )


class XlsxBook:
    """An XLSX/XLSM workbook opened for streaming rows, its limits checked as it goes."""

    def __init__(
        self,
        path: Any,
        *,
        limits: Limits = DEFAULT_LIMITS,
        formulas: Literal["text", "value"] = "value",
    ) -> None:
        self.limits = limits
        self.formulas = formulas
        self.cells = 0
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise SpreadsheetError(
                _("Berkas XLSX rusak atau bukan lembar kerja: %(e)s") % {"e": str(exc)[:200]}
            ) from exc
        try:
            self._inspect()
            self._load()
        except BaseException:
            self.zip.close()
            raise

    def __enter__(self) -> XlsxBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the ZIP file."""
        self.zip.close()

    @property
    def sheet_names(self) -> list[str]:
        """Return the worksheets' names in workbook order (chart sheets left out)."""
        return [name for name, _part in self._sheets]

    def rows(self, name: str) -> Iterator[tuple[int, list[Any]]]:
        """Yield ``(row_number, cells)`` for every row of sheet *name* holding a value."""
        part = dict(self._sheets)[name]
        target = SheetRows(self)
        for _step in Part(self, part, target).chunks():
            if target.ready:
                ready, target.ready = target.ready, []
                yield from ready

    def as_date(self, number: float, style: int) -> Any:
        """Return a serial number as a datetime (or time/timedelta) by its style."""
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(number, self.epoch, timedelta=style in self.span_styles)
        except (OverflowError, ValueError):
            return "#VALUE!"  # what openpyxl gives for a date out of range

    def _inspect(self) -> None:
        limits = self.limits
        members = self.zip.infolist()
        if len(members) > limits.max_members:
            raise SpreadsheetError(
                _("Berkas XLSX berisi %(n)d bagian; paling banyak %(max)d.")
                % {"n": len(members), "max": limits.max_members}
            )
        total = 0
        self.info: dict[str, zipfile.ZipInfo] = {}
        for member in members:
            if member.flag_bits & 0x1:
                raise SpreadsheetError(_("Berkas XLSX terenkripsi; buka kuncinya dulu."))
            total += member.file_size
            if (
                member.file_size > limits.ratio_floor_bytes
                and member.file_size > limits.max_ratio * max(member.compress_size, 1)
            ):
                raise SpreadsheetError(
                    _(
                        "Berkas XLSX mencurigakan: bagian %(part)s memuat %(size)s yang "
                        "dimampatkan lebih dari %(ratio)d kali (bom ZIP); berkas ditolak."
                    )
                    % {
                        "part": member.filename[:80],
                        "size": megabytes(member.file_size),
                        "ratio": limits.max_ratio,
                    }
                )
            self.info[member.filename] = member
        if total > limits.max_uncompressed_bytes:
            raise SpreadsheetError(
                _("Isi berkas XLSX %(size)s setelah diekstrak; batasnya %(max)s.")
                % {"size": megabytes(total), "max": megabytes(limits.max_uncompressed_bytes)}
            )

    def _parse(self, name: str, target: Any) -> None:
        if name not in self.info:
            raise SpreadsheetError(
                _("Berkas XLSX tidak lengkap: bagian %(part)s tidak ada.") % {"part": name[:80]}
            )
        Part(self, name, target).parse()

    def _relations(self, part: str) -> dict[str, tuple[str, str]]:
        path = PurePosixPath(part)
        rels_name = str(path.parent / "_rels" / (path.name + ".rels")).lstrip("./")
        target = Relations()
        if rels_name in self.info:
            self._parse(rels_name, target)
        base = path.parent
        resolved = {}
        for rid, (kind, where) in target.targets.items():
            full = where.lstrip("/") if where.startswith("/") else _normalise(base / where)
            resolved[rid] = (kind, full)
        return resolved

    def _load(self) -> None:
        root = self._relations("")
        workbook = next(
            (where for kind, where in root.values() if kind.endswith("/officeDocument")),
            "xl/workbook.xml",
        )
        if workbook not in self.info:
            raise SpreadsheetError(_("Berkas ZIP ini bukan lembar kerja XLSX/XLSM."))
        book = WorkbookPart()
        self._parse(workbook, book)
        from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH

        self.epoch: dt.datetime = MAC_EPOCH if book.date1904 else WINDOWS_EPOCH
        rels = self._relations(workbook)
        self._sheets: list[tuple[str, str]] = [
            (name, rels[rid][1])
            for name, rid in book.sheets
            if rid in rels and rels[rid][0].endswith("/worksheet")
        ]
        styles = StylesPart()
        strings = SharedStrings(self.limits)
        for kind, where in rels.values():
            if kind.endswith("/styles"):
                self._parse(where, styles)
            elif kind.endswith("/sharedStrings"):
                self._parse(where, strings)
        self.date_styles, self.span_styles = styles.date_styles()
        self.strings = strings


def _normalise(path: PurePosixPath) -> str:
    parts: list[str] = []
    for piece in path.parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in (".", ""):
            parts.append(piece)
    return "/".join(parts)


def open_xlsx(
    path: Any,
    *,
    limits: Limits = DEFAULT_LIMITS,
    formulas: Literal["text", "value"] = "value",
) -> XlsxBook:
    """Open *path* (a path or binary file) after checking its ZIP directory and parts."""
    return XlsxBook(path, limits=limits, formulas=formulas)
