"""Write a village's residents in the 43 OpenSID columns (XLSX or CSV).

Codes are written as numbers and dates as dd-mm-yyyy, so importing an export
into an empty village reproduces every field.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from balai.core.exports import CsvWriter, XlsxWriter
from balai.regions.models import Area, Level
from balai.registry.importing.columns import COLUMN_NAMES, COLUMNS
from balai.registry.models import Resident


def _cell(value: Any) -> Any:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return 1 if value else 2
    if isinstance(value, date):
        return f"{value:%d-%m-%Y}"
    return value


def export_rows(village: Area) -> Iterator[list[Any]]:
    """Yield the header and one row per resident of *village* (every status)."""
    areas = {a.code: a for a in Area.objects.filter(code__within=village.code)}
    yield list(COLUMN_NAMES)
    residents = (
        Resident.objects.filter(area__within=village.code)
        .select_related("family")
        .order_by("family__no_kk", "family_relation", "id")
    )
    for person in residents.iterator(chunk_size=5000):
        dusun, rw, rt = _labels(person.area_id, areas)
        row: list[Any] = []
        for column in COLUMNS:
            if column.name == "alamat":
                row.append(_cell(person.family.address if person.family else ""))
            elif column.name == "dusun":
                row.append(_cell(dusun))
            elif column.name == "rw":
                row.append(rw)
            elif column.name == "rt":
                row.append(rt)
            elif column.name == "no_kk":
                row.append(person.family.no_kk if person.family else "")
            elif column.name == "nik":
                row.append("0" if person.nik_is_temporary else person.nik)
            else:
                assert column.field is not None  # noqa: S101 -- every other column has a field
                row.append(_cell(getattr(person, column.field)))
        yield row


def _labels(code: str, areas: dict[str, Area]) -> tuple[str, str, str]:
    dusun = rw = rt = ""
    parts = code.split(".")
    for depth in range(5, len(parts) + 1):
        area = areas.get(".".join(parts[:depth]))
        if area is None:
            continue
        if area.level == Level.DUSUN:
            dusun = area.name
        elif area.level == Level.RW:
            rw = parts[depth - 1]
        elif area.level == Level.RT:
            rt = parts[depth - 1]
    return dusun, rw, rt


def export_residents(village: Area, path: Path) -> int:
    """Write *village*'s residents to *path* (.xlsx or .csv); return the row count.

    Both writers apply the formula guard of ``balai.core.exports``: text that a
    spreadsheet could run stays text (the import reads it back unchanged).
    """
    rows = export_rows(village)
    count = -1
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = CsvWriter(handle)
            for count, row in enumerate(rows):  # noqa: B007 -- count is used after the loop
                writer.writerow(row)
        return count
    with XlsxWriter(path) as book:
        sheet = book.sheet("Data Penduduk")
        for count, row in enumerate(rows):  # noqa: B007
            sheet.append([str(v) if k in (5, 6, 17, 19) and v else v for k, v in enumerate(row)])
    return count
