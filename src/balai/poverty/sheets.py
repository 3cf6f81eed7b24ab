"""Read the poverty module's uploads (CSV/XLSX) through the bounded reader."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from balai.core.errors import DomainError
from balai.core.spreadsheets.reader import (
    DEFAULT_LIMITS,
    check_fields,
    csv_lines,
    open_xlsx,
    sniff_kind,
)

LIMITS = DEFAULT_LIMITS.smaller(
    max_uncompressed_bytes=256 * 1024 * 1024,
    max_shared_bytes=64 * 1024 * 1024,
    max_columns=64,
    max_cells=8_000_000,
    max_line_chars=16 * 1024,
)


def cell(value: Any) -> str:
    """Return a cell as stripped text (integers without ``.0``, dates ISO)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return "" if value is None else str(value).strip()


def header_key(value: Any) -> str:
    """Return a header cell as a key: lower case, runs of spaces/dots/dashes as ``_``."""
    return re.sub(r"[\s._\-/]+", "_", cell(value).lower()).strip("_")


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def table(
    name: str, content: bytes, *, sheet: str | None = None
) -> Iterator[tuple[int, list[Any]]]:
    """Yield ``(line, cells)`` of a CSV, or of an XLSX's *sheet* (else its first sheet)."""
    if name.lower().endswith((".xlsx", ".xlsm")):
        if sniff_kind(content[:8192], name) != "xlsx":
            raise DomainError(_("Berkas .xlsx ini bukan lembar kerja XLSX."))
        with open_xlsx(io.BytesIO(content), limits=LIMITS, formulas="value") as book:
            names = book.sheet_names
            if not names:
                raise DomainError(_("Berkas .xlsx tidak berisi lembar kerja."))
            wanted = next((n for n in names if sheet and n.lower() == sheet.lower()), None)
            yield from book.rows(wanted or names[0])
        return
    if not name.lower().endswith(".csv"):
        raise DomainError(_("Berkas harus .csv atau .xlsx."))
    text = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
    lines = csv_lines(text, limits=LIMITS)
    try:
        first = next(lines, "")
        delimiter = max([",", ";", "\t"], key=first.count)
        reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
        for fields in reader:
            check_fields(fields, reader.line_num, limits=LIMITS)
            if any(f.strip() for f in fields):
                yield reader.line_num, list(fields)
    except UnicodeDecodeError as exc:
        raise DomainError(
            _("Berkas CSV bukan teks UTF-8; simpan ulang sebagai CSV UTF-8.")
        ) from exc
    except csv.Error as exc:
        raise DomainError(_("Berkas tidak dapat dibaca: %(e)s") % {"e": exc}) from exc
