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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import zipfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import IO, Any, Literal

from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.utils.translation import gettext as _

from balai.core.errors import DomainError

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

CHUNK_BYTES = 64 * 1024
_MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


class SpreadsheetError(DomainError):
    """The file cannot be read safely; the message says why (in Indonesian)."""

    code = "invalid_spreadsheet"


class Formula(str):
    """A formula cell read with ``formulas="text"``: its text, starting with ``=``."""

    __slots__ = ()


@dataclass(frozen=True)
class Limits:
    """Bounds checked while reading; the defaults fit a 1M-row, 43-column register."""

    max_members: int = 1000
    max_uncompressed_bytes: int = 1024 * 1024 * 1024
    max_ratio: int = 200  # uncompressed / compressed, for members over ratio_floor_bytes
    ratio_floor_bytes: int = 1024 * 1024
    max_string_chars: int = 32_767  # Excel's own limit for one cell
    max_shared_bytes: int = 128 * 1024 * 1024
    max_shared_strings: int = 8_000_000
    max_columns: int = 16_384  # Excel's column XFD
    max_rows: int = 1_048_576  # Excel's last row
    max_cells: int = 60_000_000
    max_line_chars: int = 1024 * 1024  # CSV

    @property
    def max_token_bytes(self) -> int:
        """Raw XML bytes allowed between two ``<`` (one tag, or one text run)."""
        return self.max_string_chars * 10 + 4096

    def smaller(self, **changes: int) -> Limits:
        """Return a copy with some bounds changed."""
        return replace(self, **changes)


DEFAULT_LIMITS = Limits()


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


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


# ---------------------------------------------------------------- XLSX parts


def _names(local: str, spaces: tuple[str, ...] = _MAIN_NS) -> set[str]:
    return {f"{{{ns}}}{local}" for ns in spaces}


class _Part:
    """Stream one ZIP member through a defused parser, bounding every raw token."""

    def __init__(self, book: XlsxBook, name: str, target: Any) -> None:
        self.book, self.name, self.target = book, name, target

    def chunks(self) -> Iterator[None]:
        """Feed the part 64 KB at a time; yield after each piece (rows are ready)."""
        limits = self.book.limits
        cap = limits.max_token_bytes
        parser = DefusedXMLParser(target=self.target, forbid_dtd=True)
        if getattr(self.target, "raw_names", False):
            # The hot path (worksheets): expat calls the target directly, with its
            # own "namespace}local" names and a dict of attributes, skipping
            # ElementTree's per-element name fixing (~40% of the time). The defused
            # DTD/entity handlers stay in place.
            expat = parser.parser
            expat.ordered_attributes = False
            expat.StartElementHandler = self.target.start
            expat.EndElementHandler = self.target.end
        since_lt = 0
        fed = 0
        try:
            with self.book.zip.open(self.name) as raw:
                while piece := raw.read(CHUNK_BYTES):
                    fed += len(piece)
                    if fed > self.book.info[self.name].file_size:
                        raise self._error(_("isi lebih besar dari yang tercatat di ZIP"))
                    first = piece.find(b"<")
                    if first < 0:
                        since_lt += len(piece)
                    else:
                        if since_lt + first > cap:
                            raise self._too_long()
                        since_lt = len(piece) - piece.rfind(b"<") - 1
                    if since_lt > cap:
                        raise self._too_long()
                    parser.feed(piece)
                    yield
            parser.close()
        except DefusedXmlException as exc:
            raise SpreadsheetError(
                _(
                    "Berkas XLSX memuat deklarasi DTD/entitas XML (pola serangan seperti "
                    "'billion laughs' atau XXE); berkas ditolak. Simpan ulang dari Excel "
                    "atau LibreOffice."
                )
            ) from exc
        except SyntaxError as exc:  # xml.etree.ElementTree.ParseError
            raise self._error(str(exc)) from exc
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise self._error(str(exc)) from exc
        yield

    def parse(self) -> None:
        for _step in self.chunks():
            pass

    def _too_long(self) -> SpreadsheetError:
        return SpreadsheetError(
            _(
                "Berkas XLSX memuat teks atau tag lebih dari %(max)d karakter di %(part)s; "
                "berkas ditolak."
            )
            % {"max": self.book.limits.max_string_chars, "part": self.name}
        )

    def _error(self, detail: str) -> SpreadsheetError:
        return SpreadsheetError(
            _("Berkas XLSX rusak (%(part)s): %(e)s") % {"part": self.name, "e": detail[:200]}
        )


class _Relations:
    def __init__(self) -> None:
        self.targets: dict[str, tuple[str, str]] = {}  # id -> (type, target)

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag == f"{{{_PKG_REL_NS}}}Relationship" and attrib.get("TargetMode") != "External":
            self.targets[attrib.get("Id", "")] = (attrib.get("Type", ""), attrib.get("Target", ""))

    def end(self, tag: str) -> None:
        pass


class _WorkbookPart:
    _SHEET = _names("sheet")
    _PR = _names("workbookPr")
    _RID = _names("id", _REL_NS)

    def __init__(self) -> None:
        self.sheets: list[tuple[str, str]] = []  # (name, relationship id)
        self.date1904 = False

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag in self._SHEET:
            rid = next((v for k, v in attrib.items() if k in self._RID), "")
            self.sheets.append((attrib.get("name", ""), rid))
        elif tag in self._PR:
            self.date1904 = attrib.get("date1904", "").lower() in ("1", "true")

    def end(self, tag: str) -> None:
        pass


class _StylesPart:
    _NUMFMT = _names("numFmt")
    _CELLXFS = _names("cellXfs")
    _XF = _names("xf")

    def __init__(self) -> None:
        self.custom: dict[int, str] = {}
        self.xf_formats: list[int] = []
        self._in_cell_xfs = False

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag in self._NUMFMT:
            with contextlib.suppress(ValueError):
                self.custom[int(attrib.get("numFmtId", ""))] = attrib.get("formatCode", "")
        elif tag in self._CELLXFS:
            self._in_cell_xfs = True
        elif tag in self._XF and self._in_cell_xfs:
            try:
                self.xf_formats.append(int(attrib.get("numFmtId", "0")))
            except ValueError:
                self.xf_formats.append(0)

    def end(self, tag: str) -> None:
        if tag in self._CELLXFS:
            self._in_cell_xfs = False

    def date_styles(self) -> tuple[frozenset[int], frozenset[int]]:
        from openpyxl.styles.numbers import (
            builtin_format_code,
            is_date_format,
            is_timedelta_format,
        )

        dates, spans = set(), set()
        for index, fmt_id in enumerate(self.xf_formats):
            fmt = self.custom.get(fmt_id) or builtin_format_code(fmt_id)
            if fmt and is_date_format(fmt):
                dates.add(index)
                if is_timedelta_format(fmt):
                    spans.add(index)
        return frozenset(dates), frozenset(spans)


class _SharedStrings:
    """The shared-string table as UTF-8 bytes plus end offsets (no str per entry)."""

    _SI = _names("si")
    _T = _names("t")
    _RPH = _names("rPh")

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.blob = bytearray()
        self.ends = array("q")
        self._parts: list[str] = []
        self._length = 0
        self._collect = False
        self._phonetic = False

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, index: int) -> str:
        start = self.ends[index - 1] if index > 0 else 0
        return self.blob[start : self.ends[index]].decode("utf-8")

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag in self._T:
            self._collect = not self._phonetic
        elif tag in self._SI:
            self._parts, self._length = [], 0
        elif tag in self._RPH:
            self._phonetic = True

    def data(self, text: str) -> None:
        if self._collect:
            self._length += len(text)
            if self._length > self.limits.max_string_chars:
                raise _string_too_long(self.limits)
            self._parts.append(text)

    def end(self, tag: str) -> None:
        if tag in self._T:
            self._collect = False
        elif tag in self._RPH:
            self._phonetic = False
        elif tag in self._SI:
            limits = self.limits
            self.blob += "".join(self._parts).encode("utf-8")
            self.ends.append(len(self.blob))
            self._parts = []
            if len(self.blob) > limits.max_shared_bytes:
                raise SpreadsheetError(
                    _("Teks bersama di berkas XLSX melebihi %(max)s; berkas ditolak.")
                    % {"max": _mb(limits.max_shared_bytes)}
                )
            if len(self.ends) > limits.max_shared_strings:
                raise SpreadsheetError(
                    _("Berkas XLSX memuat lebih dari %(max)d teks berbeda; berkas ditolak.")
                    % {"max": limits.max_shared_strings}
                )


def _string_too_long(limits: Limits) -> SpreadsheetError:
    return SpreadsheetError(
        _("Berkas XLSX memuat sel berisi lebih dari %(max)d karakter; berkas ditolak.")
        % {"max": limits.max_string_chars}
    )


_ROW, _CELL, _VALUE, _FORMULA, _INLINE, _TEXT, _PHONETIC = range(7)
_SHEET_TAGS: dict[str, int] = {}
for _code, _local in enumerate(("row", "c", "v", "f", "is", "t", "rPh")):
    for _name in _names(_local):
        _SHEET_TAGS[_name] = _code  # ElementTree's "{namespace}local"
        _SHEET_TAGS[_name[1:]] = _code  # expat's "namespace}local"
_DIGITS = "0123456789"


class _SheetRows:
    """Expat target turning a worksheet's XML into ``(row_number, cells)`` rows."""

    raw_names = True  # see _Part.chunks

    def __init__(self, book: XlsxBook) -> None:
        self.book = book
        self.limits = book.limits
        self.formulas_as_text = book.formulas == "text"
        self.ready: list[tuple[int, list[Any]]] = []
        self.row: list[Any] = []
        self.row_no = 0
        self.col = 0
        self.ctype = "n"
        self.cstyle = 0
        self.value: str | None = None
        self.formula: str | None = None
        self.inline: list[str] | None = None
        self.parts: list[str] | None = None
        self.length = 0
        self.into = _VALUE
        self.phonetic = False
        self.columns: dict[str, int] = {}

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        code = _SHEET_TAGS.get(tag)
        if code is None:
            return
        if code == _CELL:
            ref = attrib.get("r")
            self.col = self._column(ref.rstrip(_DIGITS)) if ref else self.col + 1
            self.ctype = attrib.get("t", "n")
            style = attrib.get("s")
            self.cstyle = int(style) if style and style.isdigit() else 0
            self.value = self.formula = None
            self.inline = None
        elif code in (_VALUE, _FORMULA):
            self.parts, self.length, self.into = [], 0, code
            if code == _FORMULA:
                self.formula = ""
        elif code == _TEXT:
            if self.inline is not None and not self.phonetic:
                self.parts, self.into = [], _TEXT
        elif code == _INLINE:
            self.inline, self.length = [], 0
        elif code == _ROW:
            ref = attrib.get("r")
            self.row_no = int(ref) if ref and ref.isdigit() else self.row_no + 1
            if self.row_no > self.limits.max_rows:
                raise SpreadsheetError(
                    _("Lembar kerja berisi lebih dari %(max)d baris; berkas ditolak.")
                    % {"max": self.limits.max_rows}
                )
            self.row, self.col = [], 0
        elif code == _PHONETIC:
            self.phonetic = True

    def data(self, text: str) -> None:
        if self.parts is not None:
            self.length += len(text)
            if self.length > self.limits.max_string_chars:
                raise _string_too_long(self.limits)
            self.parts.append(text)

    def end(self, tag: str) -> None:
        code = _SHEET_TAGS.get(tag)
        if code is None:
            return
        if code == _CELL:
            self._cell()
        elif code in (_VALUE, _FORMULA, _TEXT):
            if self.parts is None:
                return
            text = "".join(self.parts)
            self.parts = None
            if code == _VALUE:
                self.value = text
            elif code == _FORMULA:
                self.formula = text
            elif self.inline is not None:
                self.inline.append(text)
        elif code == _ROW:
            if self.row:
                self.ready.append((self.row_no, self.row))
            self.row = []
        elif code == _PHONETIC:
            self.phonetic = False

    def _column(self, letters: str) -> int:
        index = self.columns.get(letters)
        if index is None:
            if not (letters.isascii() and letters.isupper() and 0 < len(letters) <= 3):
                raise self._broken(_("alamat sel tidak sah"))
            index = 0
            for ch in letters:
                index = index * 26 + ord(ch) - 64
            if len(self.columns) < 20_000:
                self.columns[letters] = index
        return index

    def _cell(self) -> None:
        value = self._value()
        if value is None:
            return
        col, row = self.col, self.row
        if col > self.limits.max_columns:
            raise SpreadsheetError(
                _("Baris %(n)d memuat isi di kolom ke-%(c)d; paling banyak %(max)d kolom.")
                % {"n": self.row_no, "c": col, "max": self.limits.max_columns}
            )
        width = len(row)
        if col > width:
            book = self.book
            book.cells += col - width
            if book.cells > self.limits.max_cells:
                raise SpreadsheetError(
                    _("Berkas XLSX berisi lebih dari %(max)d sel; berkas ditolak.")
                    % {"max": self.limits.max_cells}
                )
            if col > width + 1:
                row.extend([None] * (col - width - 1))
            row.append(value)
        else:
            row[col - 1] = value

    def _value(self) -> Any:
        ctype, raw = self.ctype, self.value
        if self.formula is not None and self.formulas_as_text:
            return Formula("=" + self.formula)
        if ctype == "inlineStr":
            return None if self.inline is None else "".join(self.inline)
        if not raw:
            return None
        try:
            if ctype == "n":
                number: int | float = (
                    float(raw) if ("." in raw or "e" in raw or "E" in raw) else int(raw)
                )
                if self.cstyle in self.book.date_styles:
                    return self.book.as_date(number, self.cstyle)
                return number
            if ctype == "s":
                return self.book.strings[int(raw)]
            if ctype == "b":
                return bool(int(raw))
            if ctype == "d":
                from openpyxl.utils.datetime import from_ISO8601

                return from_ISO8601(raw)  # type: ignore[no-untyped-call]
        except (ValueError, IndexError) as exc:
            raise self._broken(_("sel %(v)s tidak sah") % {"v": raw[:40]}) from exc
        return raw  # "str" (a formula's text result), "e" (an error such as #N/A)

    def _broken(self, detail: str) -> SpreadsheetError:
        return SpreadsheetError(
            _("Berkas XLSX rusak (baris %(n)d): %(e)s") % {"n": self.row_no, "e": detail}
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
        target = _SheetRows(self)
        for _step in _Part(self, part, target).chunks():
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
                        "size": _mb(member.file_size),
                        "ratio": limits.max_ratio,
                    }
                )
            self.info[member.filename] = member
        if total > limits.max_uncompressed_bytes:
            raise SpreadsheetError(
                _("Isi berkas XLSX %(size)s setelah diekstrak; batasnya %(max)s.")
                % {"size": _mb(total), "max": _mb(limits.max_uncompressed_bytes)}
            )

    def _parse(self, name: str, target: Any) -> None:
        if name not in self.info:
            raise SpreadsheetError(
                _("Berkas XLSX tidak lengkap: bagian %(part)s tidak ada.") % {"part": name[:80]}
            )
        _Part(self, name, target).parse()

    def _relations(self, part: str) -> dict[str, tuple[str, str]]:
        path = PurePosixPath(part)
        rels_name = str(path.parent / "_rels" / (path.name + ".rels")).lstrip("./")
        target = _Relations()
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
        book = _WorkbookPart()
        self._parse(workbook, book)
        from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH

        self.epoch: dt.datetime = MAC_EPOCH if book.date1904 else WINDOWS_EPOCH
        rels = self._relations(workbook)
        self._sheets: list[tuple[str, str]] = [
            (name, rels[rid][1])
            for name, rid in book.sheets
            if rid in rels and rels[rid][0].endswith("/worksheet")
        ]
        styles = _StylesPart()
        strings = _SharedStrings(self.limits)
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
