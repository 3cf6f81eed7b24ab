"""Read the rows of an OpenSID resident file: XLSX/XLSM (every sheet but "Kode Data") or CSV."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from balai.core.spreadsheets.reader import (
    DEFAULT_LIMITS,
    Limits,
    SpreadsheetError,
    check_fields,
    csv_lines,
    open_xlsx,
    sniff_kind,
)
from balai.registry.importing.columns import BY_NAME, COLUMN_NAMES, REQUIRED_HEADERS

END_MARKER = "###"
CODE_SHEET = "kode data"


# The 43 OpenSID columns need far fewer than Excel's 16,384; a few hundred leave
# room for stray notes beside the table.
LIMITS = DEFAULT_LIMITS.smaller(max_columns=512)

__all__ = ["LIMITS", "ImportFileError", "RawRow", "read_rows", "sniff_kind"]


class ImportFileError(SpreadsheetError):
    """The file as a whole cannot be read; nothing was imported."""

    code = "invalid_import_file"


@dataclass(frozen=True)
class RawRow:
    sheet: str
    line: int
    cells: dict[str, Any]


def _check_header(header: list[Any], sheet: str) -> list[str]:
    names = [str(h).strip().lower() if h is not None else "" for h in header]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise ImportFileError(_("Lembar %(s)s tidak punya baris judul kolom.") % {"s": sheet})
    unknown = [n or _("(kosong)") for n in names if n not in BY_NAME]
    if unknown:
        raise ImportFileError(
            _(
                "Judul kolom tidak dikenal di lembar %(s)s: %(cols)s. Gunakan nama kolom format "
                "OpenSID, misalnya: %(ok)s."
            )
            % {
                "s": sheet,
                "cols": ", ".join(unknown[:5]),
                "ok": ", ".join(COLUMN_NAMES[:8]) + ", …",
            }
        )
    missing = [r for r in REQUIRED_HEADERS if r not in names]
    if missing:
        raise ImportFileError(
            _("Kolom wajib tidak ada di lembar %(s)s: %(cols)s.")
            % {"s": sheet, "cols": ", ".join(missing)}
        )
    duplicated = {n for n, count in Counter(names).items() if count > 1}
    if duplicated:
        raise ImportFileError(
            _("Kolom ganda di lembar %(s)s: %(cols)s.")
            % {"s": sheet, "cols": ", ".join(sorted(duplicated))}
        )
    return names


def read_rows(path: Path, *, limits: Limits = LIMITS) -> Iterator[RawRow]:
    """Yield every data row; raise ImportFileError for a file that cannot be read at all."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
        if not head.strip():
            raise ImportFileError(_("Berkas kosong."))
        if sniff_kind(head, path.name) == "xlsx":
            yield from _xlsx_rows(path, limits)
        else:
            with path.open(encoding="utf-8-sig", newline="") as text:
                yield from _csv_rows(text, path.name, limits)
    except SpreadsheetError as exc:
        if isinstance(exc, ImportFileError):
            raise
        raise ImportFileError(exc.message) from exc


def _csv_rows(text: IO[str], name: str, limits: Limits) -> Iterator[RawRow]:
    lines = csv_lines(text, limits=limits)
    try:
        first = next(lines, "")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("Berkas CSV bukan teks UTF-8; simpan ulang sebagai CSV UTF-8.")
        ) from exc
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header = next(csv.reader([first], delimiter=delimiter), [])
    check_fields(header, 1, limits=limits)
    names = _check_header(header, name)
    reader = csv.reader(lines, delimiter=delimiter)
    line = 1
    try:
        for fields in reader:
            line += 1
            check_fields(fields, line, limits=limits)
            if not any(f.strip() for f in fields):
                continue
            if len(fields) > 1 and fields[1].strip() == END_MARKER:
                return
            if len(fields) > len(names) and any(f.strip() for f in fields[len(names) :]):
                yield RawRow(
                    name, line, {"__error__": _("baris berisi lebih banyak kolom daripada judul")}
                )
                continue
            yield RawRow(name, line, dict(zip(names, fields, strict=False)))
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("Baris %(n)d bukan teks UTF-8.") % {"n": line + 1}) from exc
    except csv.Error as exc:
        raise ImportFileError(
            _("Baris %(n)d tidak dapat dibaca: %(e)s") % {"n": line, "e": exc}
        ) from exc


def _text_cell(value: Any) -> Any:
    # A text cell that merely starts with "=" is text: mark it the way Excel does
    # (a leading apostrophe, which the parser strips), so only real formula cells
    # (Formula) are refused as formulas.
    if type(value) is str and value.lstrip().startswith("="):
        return "'" + value
    return value


def _xlsx_rows(path: Path, limits: Limits) -> Iterator[RawRow]:
    with open_xlsx(path, limits=limits, formulas="text") as book:
        sheets = [name for name in book.sheet_names if name.strip().lower() != CODE_SHEET]
        if not sheets:
            raise ImportFileError(_("Tidak ada lembar data (selain 'Kode Data')."))
        for sheet in sheets:
            rows = book.rows(sheet)
            first = next(rows, None)
            if first is None:
                continue
            names = _check_header(first[1], sheet)
            for line, values in rows:
                if all(v is None or str(v).strip() == "" for v in values):
                    continue
                if len(values) > 1 and str(values[1] or "").strip() == END_MARKER:
                    break
                cells = {n: _text_cell(v) for n, v in zip(names, values, strict=False) if n}
                yield RawRow(sheet, line, cells)
