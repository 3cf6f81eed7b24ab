"""Read the rows of an OpenSID resident file: XLSX/XLSM (every sheet but "Kode Data") or CSV."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from balai.core.errors import DomainError
from balai.registry.importing.columns import BY_NAME, COLUMN_NAMES, REQUIRED_HEADERS

END_MARKER = "###"
CODE_SHEET = "kode data"


class ImportFileError(DomainError):
    """The file as a whole cannot be read; nothing was imported."""

    code = "invalid_import_file"


@dataclass(frozen=True)
class RawRow:
    sheet: str
    line: int
    cells: dict[str, Any]


def sniff_kind(head: bytes, name: str) -> str:
    """Return "xlsx" or "csv" from the file's first bytes (not its name)."""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith((b"\xd0\xcf\x11\xe0", b"%PDF", b"MZ", b"\x7fELF")) or b"\x00" in head[:4096]:
        raise ImportFileError(
            _(
                "Berkas %(name)s bukan lembar kerja XLSX/XLSM atau CSV. Format .xls lama: "
                "simpan ulang sebagai .xlsx."
            )
            % {"name": name}
        )
    return "csv"


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
    duplicated = {n for n in names if names.count(n) > 1}
    if duplicated:
        raise ImportFileError(
            _("Kolom ganda di lembar %(s)s: %(cols)s.")
            % {"s": sheet, "cols": ", ".join(sorted(duplicated))}
        )
    return names


def read_rows(path: Path) -> Iterator[RawRow]:
    """Yield every data row; raise ImportFileError for a file that cannot be read at all."""
    with path.open("rb") as handle:
        head = handle.read(8192)
    if not head.strip():
        raise ImportFileError(_("Berkas kosong."))
    if sniff_kind(head, path.name) == "xlsx":
        yield from _xlsx_rows(path)
    else:
        with path.open(encoding="utf-8-sig", newline="") as text:
            yield from _csv_rows(text, path.name)


def _csv_rows(text: IO[str], name: str) -> Iterator[RawRow]:
    try:
        first = text.readline()
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("Berkas CSV bukan teks UTF-8; simpan ulang sebagai CSV UTF-8.")
        ) from exc
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header = next(csv.reader([first], delimiter=delimiter), [])
    names = _check_header(header, name)
    reader = csv.reader(text, delimiter=delimiter)
    line = 1
    try:
        for fields in reader:
            line += 1
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


def _xlsx_rows(path: Path) -> Iterator[RawRow]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            _("Berkas XLSX rusak atau bukan lembar kerja: %(e)s") % {"e": exc}
        ) from exc
    try:
        sheets = [ws for ws in book.worksheets if ws.title.strip().lower() != CODE_SHEET]
        if not sheets:
            raise ImportFileError(_("Tidak ada lembar data (selain 'Kode Data')."))
        for ws in sheets:
            rows = ws.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None or not any(h is not None for h in header):
                continue
            names = _check_header(list(header), ws.title)
            for line, values in enumerate(rows, start=2):
                if values is None or all(v is None or str(v).strip() == "" for v in values):
                    continue
                if len(values) > 1 and str(values[1] or "").strip() == END_MARKER:
                    break
                cells = {n: v for n, v in zip(names, values, strict=False) if n}
                yield RawRow(ws.title, line, cells)
    finally:
        book.close()
