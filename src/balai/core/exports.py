"""Every XLSX and CSV file Balai writes goes through here, with one formula guard.

*Formula injection*: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return (or their full-width forms U+FF1D, U+FF0B, U+FF0D, U+FF20) is run as a formula by spreadsheet
programs when the file is opened or the cell edited — ``=HYPERLINK(...)`` in a child's
name would become a live link in the puskesmas's report. The guard applies to
*text* only, so negative numbers stay numbers and a NIK or phone number stays text:

- XLSX (:class:`XlsxWriter`): no cell is ever written as a formula; every string is an
  inline string, and risky ones also carry Excel's ``quotePrefix`` style, so editing
  the cell keeps it text. The text itself is unchanged.
- CSV (:func:`csv_cell`, :class:`CsvWriter`): a risky string gets a leading
  apostrophe (OWASP's advice; Balai's own importers strip it again).

Files are written straight into a ZIP stream (no openpyxl temp files in ``/tmp``).
Downloads are built under ``VAR_DIR/exports`` and unlinked as soon as the response
holds the open file (:func:`file_download`), so no register is left on disk; the
``sweep_files`` command removes anything a crash left behind.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import time
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from xml.sax.saxutils import escape

if TYPE_CHECKING:  # the writers run without Django (``balai zscores`` starts no Django)
    from django.http import FileResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
MAX_CELL_CHARS = 32_767  # Excel refuses longer cells
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EPOCH = dt.datetime(1899, 12, 30)  # noqa: DTZ001 -- Excel serial dates are naive


def is_formula_like(text: str) -> bool:
    """Return True if a spreadsheet program could run *text* as a formula."""
    return text.startswith(FORMULA_PREFIXES)


_NUMBER = r"[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?"
_PLAIN_NUMBER = re.compile(_NUMBER)
# A line (one cell of a joined column) that starts like a formula and is not a number.
_RISKY_LINE = re.compile(f"^(?!{_NUMBER}$)[=+\\-@\t\r\uff1d\uff0b\uff0d\uff20]", re.MULTILINE)


def csv_cell(value: Any) -> Any:
    """Return *value* for a CSV cell: risky text gets a leading apostrophe.

    Text that is just a number (``-2``, ``-1,5``, ``+62812``) is left alone: a
    spreadsheet reads it as a number, never as a formula; ``-2+3`` is escaped.
    """
    if isinstance(value, str) and is_formula_like(value) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_column(values: Sequence[str]) -> Sequence[str]:
    """Guard a column of one-line text cells; one regex scan when nothing is risky."""
    if _RISKY_LINE.search("\n".join(values)) is None:
        return values
    return [csv_cell(v) for v in values]


class CsvWriter:
    """``csv.writer`` with the formula guard on every cell."""

    def __init__(self, handle: IO[str], **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([csv_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


# ---------------------------------------------------------------- XLSX

_STYLE_BOLD, _STYLE_DATE, _STYLE_DATETIME, _STYLE_TEXT, _STYLE_BOLD_TEXT = 1, 2, 3, 4, 5
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="dd\\-mm\\-yyyy"/>\
<numFmt numFmtId="165" formatCode="dd\\-mm\\-yyyy\\ hh:mm"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" \
quotePrefix="1"/>
<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" \
applyFont="1" quotePrefix="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _column(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_COLUMNS = [_column(i) for i in range(1, 1025)]


def _text(value: str) -> str:
    value = _ILLEGAL_XML.sub("", value[:MAX_CELL_CHARS])
    # A raw CR would come back as LF (XML end-of-line handling).
    return escape(value, {"\r": "&#13;"})


class XlsxSheet:
    """One worksheet being written; rows are appended in order."""

    def __init__(self, stream: IO[bytes], widths: dict[int, float] | None) -> None:
        self._stream = stream
        self.row = 0
        head = f'{_XML_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
        if widths:
            cols = "".join(
                f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                for i, w in sorted(widths.items())
            )
            head += f"<cols>{cols}</cols>"
        self._write(head + "<sheetData>")

    def _write(self, text: str) -> None:
        self._stream.write(text.encode("utf-8"))

    def append(self, values: Sequence[Any], *, bold: bool = False) -> None:
        """Write one row; strings are always text, never formulas."""
        self.row += 1
        n = self.row
        cells = []
        for i, value in enumerate(values):
            cell = self._cell(value, bold)
            if cell:
                ref = (_COLUMNS[i] if i < len(_COLUMNS) else _column(i + 1)) + str(n)
                cells.append(f'<c r="{ref}"{cell}</c>')
        self._write(f'<row r="{n}">{"".join(cells)}</row>')

    def _cell(self, value: Any, bold: bool) -> str:
        plain = f' s="{_STYLE_BOLD}"' if bold else ""
        if value is None or value == "":
            return ""
        if isinstance(value, bool):
            return f'{plain} t="b"><v>{int(value)}</v>'
        if isinstance(value, int | float | Decimal):
            if isinstance(value, float | Decimal) and not math.isfinite(value):
                return self._string(str(value), bold)
            return f"{plain}><v>{value}</v>"
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                from django.utils import timezone

                value = timezone.localtime(value).replace(tzinfo=None)
            serial = (value - _EPOCH).total_seconds() / 86400
            return f' s="{_STYLE_DATETIME}"><v>{serial:.10g}</v>'
        if isinstance(value, dt.date):
            return f' s="{_STYLE_DATE}"><v>{(value - _EPOCH.date()).days}</v>'
        return self._string(str(value), bold)

    def _string(self, value: str, bold: bool) -> str:
        if is_formula_like(value):
            style = f' s="{_STYLE_BOLD_TEXT if bold else _STYLE_TEXT}"'
        else:
            style = f' s="{_STYLE_BOLD}"' if bold else ""
        return f'{style} t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is>'

    def close(self) -> None:
        self._write("</sheetData></worksheet>")
        self._stream.close()


class XlsxWriter:
    """Stream a workbook into *target* (a path or a binary file), sheet by sheet."""

    def __init__(self, target: Path | IO[bytes]) -> None:
        self._zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED)
        self._titles: list[str] = []
        self._open: XlsxSheet | None = None

    def __enter__(self) -> XlsxWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sheet(self, title: str, *, widths: dict[int, float] | None = None) -> XlsxSheet:
        """Start a new sheet (the previous one is finished); *widths* by column number."""
        if self._open is not None:
            self._open.close()
        title = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Lembar"
        base, n = title, 1
        while title.lower() in (t.lower() for t in self._titles):
            n += 1
            title = f"{base[: 31 - len(str(n)) - 1]} {n}"
        self._titles.append(title)
        stream = self._zip.open(f"xl/worksheets/sheet{len(self._titles)}.xml", "w")
        self._open = XlsxSheet(stream, widths)
        return self._open

    def close(self) -> None:
        """Finish the last sheet and write the workbook's other parts."""
        if self._zip.fp is None:
            return
        if self._open is not None:
            self._open.close()
            self._open = None
        if not self._titles:
            self.sheet("Lembar").close()
            self._open = None
        count = len(self._titles)
        sheets = "".join(
            f'<sheet name="{escape(t, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
            for i, t in enumerate(self._titles, start=1)
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, count + 1)
        )
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, count + 1)
        )
        parts = {
            "[Content_Types].xml": (
                f"{_XML_HEAD}<Types xmlns="
                '"http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/'
                'vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/styles.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                f"{overrides}</Types>"
            ),
            "_rels/.rels": (
                f'{_XML_HEAD}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
                f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ),
            "xl/workbook.xml": (
                f'{_XML_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
                f"<sheets>{sheets}</sheets></workbook>"
            ),
            "xl/_rels/workbook.xml.rels": (
                f'{_XML_HEAD}<Relationships xmlns="{_PKG}">{rels}'
                f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" '
                'Target="styles.xml"/></Relationships>'
            ),
            "xl/styles.xml": _STYLES,
        }
        for name, text in parts.items():
            self._zip.writestr(name, text)
        self._zip.close()


# ---------------------------------------------------------------- files and downloads


def export_dir() -> Path:
    """Return the directory for export files being built (inside BALAI_VAR_DIR)."""
    from django.conf import settings

    path = Path(settings.VAR_DIR) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def export_file(suffix: str) -> Iterator[Path]:
    """Yield a fresh path under :func:`export_dir`; it is removed if building fails."""
    path = export_dir() / f"{uuid.uuid4().hex}{suffix}"
    try:
        yield path
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def file_download(
    path: Path, filename: str, *, content_type: str, personal: bool = True
) -> FileResponse:
    """Send *path* as an attachment and unlink it at once (the open file stays readable).

    *personal*: the file holds personal data; it is marked ``no-store`` so neither
    the browser nor a proxy keeps a copy.
    """
    from django.http import FileResponse

    handle = path.open("rb")
    path.unlink()
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    if personal:
        response["Cache-Control"] = "no-store"
    return response


def xlsx_download(
    build: Callable[[XlsxWriter], object], filename: str, *, personal: bool = True
) -> FileResponse:
    """Build a workbook with *build* into a temporary file and send it."""
    with export_file(".xlsx") as path:
        with XlsxWriter(path) as book:
            build(book)
        return file_download(path, filename, content_type=XLSX_TYPE, personal=personal)


def csv_download(
    build: Callable[[CsvWriter], object], filename: str, *, personal: bool = True
) -> FileResponse:
    """Build a CSV file (UTF-8 with a BOM, so spreadsheet programs read it as UTF-8) and send it."""
    with export_file(".csv") as path:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            build(CsvWriter(handle))
        return file_download(path, filename, content_type=CSV_TYPE, personal=personal)


def sweep_files(directory: Path, *, older_than: dt.timedelta) -> int:
    """Delete files under *directory* last changed more than *older_than* ago."""
    if not directory.is_dir():
        return 0
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for path in directory.rglob("*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
