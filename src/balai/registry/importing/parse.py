"""Turn one raw row of the OpenSID format into clean values, errors and warnings.

Pure functions over strings (and the cells openpyxl gives), so the same code
checks XLSX, XLSM and CSV and can run a million rows quickly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from balai.registry import codes
from balai.registry.identifiers import normalise_number, validate_kk, validate_nik
from balai.registry.importing.columns import BY_NAME, COLUMNS, Column
from balai.registry.names import person_name

_HIDDEN = re.compile("[\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff\u00ad\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_NAME_JUNK = re.compile(r"[^\w.,' -]", re.UNICODE)
_NAME_VALID = re.compile(r"(?:[^\W\d_]|[ .,'-])*", re.UNICODE)
EMPTY = {"", "-"}


def clean(value: Any) -> str:
    """Return the cell as text: hidden characters out, spaces folded, ``-`` → ''."""
    if value is None or value == "":
        return ""
    if type(value) is str and value.isascii() and value.isprintable():
        # Fast path for plain cells: no hidden characters to strip.
        text = value.strip()
        if "  " in text:
            text = _SPACES.sub(" ", text)
        if text.startswith("'"):
            text = text[1:].strip()
        return "" if text in EMPTY else text
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _HIDDEN.sub("", str(value)).replace("\u00a0", " ")
    text = _SPACES.sub(" ", text).strip()
    if text.startswith("'"):  # Excel's "keep as text" marker
        text = text[1:].strip()
    return "" if text in EMPTY else text


def _key(label: str) -> str:
    return re.sub(r"\s+", "", label).upper()


def _code_table(choices: Any) -> dict[str, int]:
    pairs = choices.choices if hasattr(choices, "choices") else choices
    table = {}
    for code, label in pairs:
        table[str(code)] = int(code)
        table[_key(str(label))] = int(code)
    aliases = codes.ALIASES.get(choices, {}) if isinstance(choices, type) else {}
    for alias, code in aliases.items():
        table[_key(alias)] = code
    return table


CODE_TABLES: dict[str, dict[str, int]] = {
    c.name: _code_table(c.choices) for c in COLUMNS if c.choices is not None
}


@dataclass
class ParsedRow:
    line: int
    sheet: str
    values: dict[str, Any] = field(default_factory=dict)  # Resident fields
    nik_raw: str = ""
    no_kk: str = ""
    address: str = ""
    dusun: str = ""
    rw: str = ""
    rt: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_date(text: str) -> date:
    """Parse dd-mm-yyyy (``/`` or ``.`` allowed) or ISO yyyy-mm-dd; raise ValueError."""
    text = text.replace("/", "-").replace(".", "-")
    parts = text.split("-")
    if len(parts) != 3 or not all(p.strip().isdigit() for p in parts):
        raise ValueError(text)
    a, b, c = (int(p) for p in parts)
    if len(parts[0].strip()) == 4:
        return date(a, b, c)
    return date(c, b, a)


def _name(text: str, label: str, errors: list[str]) -> str:
    text = _SPACES.sub(" ", _NAME_JUNK.sub(" ", text)).strip()
    if text and not _NAME_VALID.fullmatch(text):
        errors.append(
            _("%(col)s hanya boleh berisi huruf, spasi, titik, koma, tanda petik dan tanda hubung.")
            % {"col": label}
        )
    return person_name(text)


def parse_row(
    raw: dict[str, Any],
    *,
    line: int,
    sheet: str,
    today: date,
    kecamatan_exists: Callable[[str], bool],
    retired_kecamatan: Callable[[str], bool],
) -> ParsedRow:
    """Check one row; never raises for bad data (errors are collected instead)."""
    row = ParsedRow(line=line, sheet=sheet)
    errors = row.errors
    text = {
        name: "" if value is None or value == "" else clean(value) for name, value in raw.items()
    }
    # A formula is a raw cell starting with "="; a leading apostrophe marks text.
    formulas = {
        n
        for n, t in text.items()
        if t[:1] == "=" and isinstance(raw[n], str) and raw[n].lstrip().startswith("=")
    }
    for name, value in text.items():
        if name in formulas:
            errors.append(
                _("Kolom %(col)s berisi rumus (%(v)s); isi dengan nilainya.")
                % {"col": name, "v": value[:30]}
            )
            text[name] = ""
    for name, value in text.items():
        column = BY_NAME[name]
        if not value or column.field is None or column.kind in ("nik", "kk"):
            continue
        try:
            row.values[column.field] = _convert(column, value, raw.get(name), errors)
        except (KeyError, ValueError):
            errors.append(
                _("Nilai '%(v)s' pada kolom %(col)s tidak dikenal.")
                % {"v": value[:40], "col": name}
            )
    row.address, row.dusun, row.rw, row.rt = (
        text.get(k, "") for k in ("alamat", "dusun", "rw", "rt")
    )
    if len(row.address) > 255:
        errors.append(_("Kolom alamat lebih dari 255 karakter."))
    _check_identity(row, text, today, kecamatan_exists, retired_kecamatan)
    _check_dates(row, today)
    if row.values.get("pregnant") and row.values.get("sex") == codes.Sex.MALE:
        row.values["pregnant"] = False  # OpenSID ignores "hamil" for men
        row.warnings.append(_("Kolom hamil diabaikan untuk laki-laki."))
    return row


def _convert(column: Column, value: str, cell: Any, errors: list[str]) -> Any:
    if column.kind == "code":
        table = CODE_TABLES[column.name]
        found = table.get(value)  # plain codes ("1", "13") need no normalising
        return found if found is not None else table[_key(value)]
    if column.kind == "bool_code":
        table = CODE_TABLES[column.name]
        found = table.get(value)
        return (found if found is not None else table[_key(value)]) == codes.Pregnancy.PREGNANT
    if column.kind == "date":
        if isinstance(cell, datetime):
            return cell.date()
        if isinstance(cell, date):
            return cell
        try:
            return parse_date(value)
        except ValueError:
            errors.append(
                _("Tanggal '%(v)s' pada kolom %(col)s tidak valid (format dd-mm-yyyy).")
                % {"v": value[:20], "col": column.name}
            )
            return None
    if column.kind == "name":
        return _name(value, column.name, errors)[: column.max_length]
    if column.kind == "parent_nik":
        digits = normalise_number(value)
        if digits in ("0", ""):
            return ""
        if len(digits) != 16 or not digits.isdigit():
            errors.append(_("%(col)s harus kosong, 0, atau 16 digit.") % {"col": column.name})
        return digits[:16]
    if len(value) > column.max_length:
        errors.append(
            _("Kolom %(col)s lebih dari %(n)d karakter.")
            % {"col": column.name, "n": column.max_length}
        )
    return value[: column.max_length]


def _check_identity(
    row: ParsedRow,
    text: dict[str, str],
    today: date,
    kecamatan_exists: Callable[[str], bool],
    retired_kecamatan: Callable[[str], bool],
) -> None:
    nik = normalise_number(text.get("nik", ""))
    row.nik_raw = nik
    if nik in ("", "0"):
        row.values["nik"] = ""  # a temporary NIK is issued on commit
    else:
        sex = row.values.get("sex")
        check = validate_nik(
            nik,
            kecamatan_exists=kecamatan_exists,
            retired_kecamatan=retired_kecamatan,
            sex=None if sex is None else ("L" if sex == codes.Sex.MALE else "P"),
            birth_date=row.values.get("birth_date"),
            today=today,
        )
        row.errors.extend(check.errors)
        row.warnings.extend(check.warnings)
        row.values["nik"] = check.value
    kk = normalise_number(text.get("no_kk", ""))
    if kk:
        kk_check = validate_kk(
            kk, kecamatan_exists=kecamatan_exists, retired_kecamatan=retired_kecamatan, today=today
        )
        row.errors.extend(kk_check.errors)
        row.warnings.extend(kk_check.warnings)
        row.no_kk = kk_check.value


def _check_dates(row: ParsedRow, today: date) -> None:
    born = row.values.get("birth_date")
    if born and born > today:
        row.errors.append(_("Tanggal lahir %(d)s ada di masa depan.") % {"d": f"{born:%d-%m-%Y}"})
    for key in ("marriage_date", "divorce_date"):
        value = row.values.get(key)
        if value and (value > today or (born and value < born)):
            row.errors.append(_("Tanggal pada kolom %(col)s tidak masuk akal.") % {"col": key})
