"""The XML parts of an XLSX file, streamed through a defused expat parser.

Each part is fed 64 KB at a time; the raw bytes between two ``<`` are bounded
before the parser sees them, and every target counts what it keeps against the
reader's :class:`~balai.core.spreadsheets.limits.Limits`.
"""

from __future__ import annotations

import contextlib
import zipfile
from array import array
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.utils.translation import gettext as _

from balai.core.spreadsheets.limits import (
    Formula,
    Limits,
    SpreadsheetError,
    megabytes,
    string_too_long,
)

if TYPE_CHECKING:
    from balai.core.spreadsheets.reader import XlsxBook

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


def _names(local: str, spaces: tuple[str, ...] = _MAIN_NS) -> set[str]:
    return {f"{{{ns}}}{local}" for ns in spaces}


class Part:
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


class Relations:
    """Target for a ``.rels`` part: relationship id -> (type, target)."""

    def __init__(self) -> None:
        self.targets: dict[str, tuple[str, str]] = {}  # id -> (type, target)

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag == f"{{{_PKG_REL_NS}}}Relationship" and attrib.get("TargetMode") != "External":
            self.targets[attrib.get("Id", "")] = (attrib.get("Type", ""), attrib.get("Target", ""))

    def end(self, tag: str) -> None:
        pass


class WorkbookPart:
    """Target for ``workbook.xml``: sheet names with their ids, and the date system."""

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


class StylesPart:
    """Target for ``styles.xml``: which cell styles are dates."""

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


class SharedStrings:
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
                raise string_too_long(self.limits)
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
                    % {"max": megabytes(limits.max_shared_bytes)}
                )
            if len(self.ends) > limits.max_shared_strings:
                raise SpreadsheetError(
                    _("Berkas XLSX memuat lebih dari %(max)d teks berbeda; berkas ditolak.")
                    % {"max": limits.max_shared_strings}
                )


_ROW, _CELL, _VALUE, _FORMULA, _INLINE, _TEXT, _PHONETIC = range(7)
_SHEET_TAGS: dict[str, int] = {}
for _code, _local in enumerate(("row", "c", "v", "f", "is", "t", "rPh")):
    for _name in _names(_local):
        _SHEET_TAGS[_name] = _code  # ElementTree's "{namespace}local"
        _SHEET_TAGS[_name[1:]] = _code  # expat's "namespace}local"
_DIGITS = "0123456789"


class SheetRows:
    """Expat target turning a worksheet's XML into ``(row_number, cells)`` rows."""

    raw_names = True  # see Part.chunks

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
                raise string_too_long(self.limits)
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
