"""Import a posyandu's measurement spreadsheet: dry run first, then one transaction.

Uploads are stored and read by the task worker (``import_jobs.py``); this module
reads and checks the rows. Template (downloadable from the import page as
``templat-posyandu.csv``):
one row per child visit, header names in any case and order:

``nik``, ``nama``, ``tanggal_lahir``, ``nama_ibu``, ``tanggal_kunjungan``,
``berat_kg``, ``panjang_cm``, ``cara_ukur`` (L/H/empty), ``edema`` (y/n),
``lila_cm``, ``lingkar_kepala_cm``, ``vitamin_a`` (y/n), ``catatan``.

A child is matched in the posyandu's village by NIK, or else by name + birth
date + mother's name (all three, case-insensitive). Every row is checked as a
cadre's entry would be; the commit re-checks everything and writes nothing if
any row fails.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.errors import DomainError
from balai.core.exports import CsvWriter
from balai.core.spreadsheets.reader import (
    DEFAULT_LIMITS,
    check_fields,
    csv_lines,
    open_xlsx,
    sniff_kind,
)
from balai.posyandu import services
from balai.posyandu.growth.tabular import cell_text
from balai.posyandu.models import ChildVisit, Enrolment, EnrolmentKind, Posyandu
from balai.registry import codes
from balai.registry.models import Resident

COLUMNS = (
    "nik",
    "nama",
    "tanggal_lahir",
    "nama_ibu",
    "tanggal_kunjungan",
    "berat_kg",
    "panjang_cm",
    "cara_ukur",
    "edema",
    "lila_cm",
    "lingkar_kepala_cm",
    "vitamin_a",
    "catatan",
)
REQUIRED = ("tanggal_kunjungan",)
MAX_ROWS = 5000
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A visit sheet has 13 columns and at most MAX_ROWS rows; bound the file to match.
LIMITS = DEFAULT_LIMITS.smaller(
    max_uncompressed_bytes=64 * 1024 * 1024,
    max_shared_bytes=16 * 1024 * 1024,
    max_shared_strings=200_000,
    max_columns=256,
    max_cells=2_000_000,
    max_line_chars=64 * 1024,
)
_YES = {"y", "ya", "yes", "1", "true"}
_NO = {"", "n", "t", "tidak", "no", "0", "false"}


@dataclass
class ImportRow:
    line: int
    cells: dict[str, str]
    child: Resident | None = None
    data: services.ChildVisitData | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    z: dict[str, float | None] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportPreview:
    rows: list[ImportRow]

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if not r.ok)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and self.error_count == 0


def template_csv() -> str:
    """Return the template: the header and one example row."""
    buf = io.StringIO()
    writer = CsvWriter(buf)
    writer.writerow(COLUMNS)
    writer.writerow(
        [
            "7322034301240001",
            "Budi",
            "2024-01-10",
            "Siti",
            "2025-03-05",
            "9,2",
            "74,5",
            "L",
            "n",
            "",
            "",
            "n",
            "",
        ]
    )
    return buf.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else cell_text(value).strip()


def _table(suffix: str, content: bytes) -> Iterator[tuple[int, list[Any]]]:
    """Yield ``(line, cells)`` of the first sheet (or the CSV), header first."""
    if suffix == ".xlsx":
        with open_xlsx(io.BytesIO(content), limits=LIMITS, formulas="value") as book:
            if not book.sheet_names:
                raise DomainError(_("Berkas .xlsx tidak berisi lembar kerja."))
            yield from book.rows(book.sheet_names[0])
        return
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


def read_upload(name: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """Read an uploaded .csv/.xlsx into ``(line, {column: text})``; DomainError if unusable.

    The file goes through the bounded reader (``balai.core.spreadsheets``): size,
    ZIP and XML limits are checked while streaming, and reading stops at MAX_ROWS.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise DomainError(_("Berkas harus .csv atau .xlsx."))
    if len(content) > MAX_UPLOAD_BYTES:
        raise DomainError(
            _("Berkas lebih dari %(mb)d MB; pecah per bulan atau per posyandu.")
            % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if suffix == ".xlsx" and sniff_kind(content[:8192], name) != "xlsx":
        raise DomainError(_("Berkas .xlsx ini bukan lembar kerja XLSX."))
    table = _table(suffix, content)
    first = next(table, None)
    if first is None:
        raise DomainError(_("Berkas kosong: tidak ada baris header."))
    header = [_cell(h).lower() for h in first[1]]
    missing = [c for c in REQUIRED if c not in header]
    if missing or not {"nik", "nama"} & set(header):
        raise DomainError(
            _("Header harus memuat tanggal_kunjungan dan nik atau nama (lihat templat).")
        )
    wanted = [(i, column) for i, column in enumerate(header) if column in COLUMNS]
    rows = []
    for line, cells in table:
        row = {column: _cell(cells[i]) if i < len(cells) else "" for i, column in wanted}
        rows.append((line, row))
        if len(rows) > MAX_ROWS:
            raise DomainError(_("Paling banyak %(n)d baris per impor.") % {"n": MAX_ROWS})
    return rows


def _date(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    for pattern, order in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
        (r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", "dmy"),
    ):
        if m := re.fullmatch(pattern, text):
            a, b, c = (int(x) for x in m.groups())
            y, mo, d = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                return dt.date(y, mo, d)
            except ValueError:
                return None
    return None


def _decimal(text: str, places: int) -> Decimal | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value.quantize(Decimal(1).scaleb(-places))


def _match(
    posyandu: Posyandu, row: dict[str, str], born: dt.date | None
) -> tuple[Resident | None, str]:
    people = Resident.objects.filter(
        area__within=posyandu.village_code, status=codes.BasicStatus.ALIVE
    )
    nik = re.sub(r"\D", "", row.get("nik", ""))
    if nik:
        child = people.filter(nik=nik).first()
        return (
            (child, "")
            if child
            else (None, _("NIK %(n)s tidak ada di data penduduk desa ini.") % {"n": nik})
        )
    name, mother = row.get("nama", ""), row.get("nama_ibu", "")
    if not (name and born and mother):
        return None, _("Tanpa NIK, isi nama, tanggal lahir dan nama ibu untuk mencocokkan anak.")
    found = list(
        people.filter(Q(name__iexact=name), birth_date=born, mother_name__iexact=mother)[:2]
    )
    if len(found) == 1:
        return found[0], ""
    if found:
        return None, _(
            "Lebih dari satu anak cocok dengan nama, tanggal lahir dan ibu ini; pakai NIK."
        )
    return None, _("Anak %(n)s (lahir %(b)s, ibu %(m)s) tidak ada di data penduduk desa ini.") % {
        "n": name,
        "b": born.isoformat(),
        "m": mother,
    }


def check_rows(posyandu: Posyandu, raw: list[tuple[int, dict[str, str]]]) -> ImportPreview:
    """Check every row (no write) and return the preview."""
    rows: list[ImportRow] = []
    seen: set[tuple[int, dt.date]] = set()
    for line, cells in raw:
        row = ImportRow(line, cells)
        rows.append(row)
        visit_date = _date(cells.get("tanggal_kunjungan", ""))
        born = _date(cells.get("tanggal_lahir", ""))
        if visit_date is None:
            row.errors.append(_("Tanggal kunjungan kosong atau tidak dikenal (pakai 2025-03-05)."))
        if cells.get("tanggal_lahir") and born is None:
            row.errors.append(_("Tanggal lahir tidak dikenal (pakai 2024-01-10)."))
        numbers: dict[str, Decimal | None] = {}
        for column, places in (
            ("berat_kg", 2),
            ("panjang_cm", 1),
            ("lila_cm", 1),
            ("lingkar_kepala_cm", 1),
        ):
            try:
                numbers[column] = _decimal(cells.get(column, ""), places)
            except ValueError:
                row.errors.append(
                    _("Kolom %(c)s harus angka, bukan '%(v)s'.")
                    % {"c": column, "v": cells.get(column)}
                )
                numbers[column] = None
        measure = cells.get("cara_ukur", "").upper()
        if measure not in ("", "L", "H"):
            row.errors.append(_("Kolom cara_ukur harus L, H atau kosong."))
        flags = {}
        for column in ("edema", "vitamin_a"):
            value = cells.get(column, "").lower()
            if value not in _YES | _NO:
                row.errors.append(_("Kolom %(c)s harus y atau n.") % {"c": column})
            flags[column] = value in _YES
        child, problem = _match(posyandu, cells, born)
        if problem:
            row.errors.append(problem)
        if row.errors or child is None or visit_date is None:
            continue
        row.child = child
        if born is not None and child.birth_date != born:
            row.errors.append(
                _("Tanggal lahir berbeda dengan data penduduk (%(b)s).") % {"b": child.birth_date}
            )
            continue
        row.data = services.ChildVisitData(
            visit_date=visit_date,
            weight_kg=numbers["berat_kg"],
            lenhei_cm=numbers["panjang_cm"],
            measure="" if measure not in ("L", "H") else measure,
            oedema=flags["edema"],
            muac_cm=numbers["lila_cm"],
            head_cm=numbers["lingkar_kepala_cm"],
            vitamin_a=flags["vitamin_a"],
            note=cells.get("catatan", "")[:255],
        )
        result = services.child_assess(child, row.data)
        row.errors.extend(result.errors.values())
        row.warnings.extend(result.warnings)
        row.z = result.z
        key = (child.pk, visit_date)
        if key in seen:
            row.errors.append(
                _("Baris ganda: anak dan tanggal kunjungan yang sama sudah ada di berkas.")
            )
        seen.add(key)
        if ChildVisit.objects.filter(resident=child, visit_date=visit_date).exists():
            row.errors.append(_("Kunjungan anak ini pada tanggal tersebut sudah tercatat."))
    return ImportPreview(rows)


def preview(posyandu: Posyandu, name: str, content: bytes) -> ImportPreview:
    """Dry run: read and check an upload (no write)."""
    return check_rows(posyandu, read_upload(name, content))


def preview_dict(result: ImportPreview) -> dict[str, Any]:
    """Return the preview as stored on the import job (JSON)."""
    return {
        "ok": result.ok,
        "count": len(result.rows),
        "errors": result.error_count,
        "rows": [
            {
                "line": row.line,
                "child": row.child.name if row.child else "",
                "label": row.cells.get("nama") or row.cells.get("nik", ""),
                "ok": row.ok,
                "errors": row.errors,
                "warnings": row.warnings,
                "zlen": row.z.get("zlen"),
            }
            for row in result.rows
        ],
    }


def commit_rows(*, actor: Any, posyandu: Posyandu, raw: list[tuple[int, dict[str, str]]]) -> int:
    """Re-check the rows of a file and write them all in one transaction."""
    with transaction.atomic():
        checked = check_rows(posyandu, raw)
        if not checked.ok:
            raise DomainError(
                _("%(n)d baris bermasalah; tidak ada yang disimpan.") % {"n": checked.error_count}
            )
        visits = []
        for row in checked.rows:
            if row.child is None or row.data is None:  # cannot happen: every row is ok
                continue
            result = services.child_assess(row.child, row.data)
            visits.append(
                services.child_visit_build(
                    actor=actor, posyandu=posyandu, resident=row.child, data=row.data, result=result
                )
            )
        ChildVisit.objects.bulk_create(visits, batch_size=500)
        enrolled = set(
            Enrolment.objects.filter(resident__in=[v.resident_id for v in visits]).values_list(
                "resident_id", flat=True
            )
        )
        for visit in visits:
            if visit.resident_id not in enrolled:
                services.enrol(
                    actor=actor,
                    posyandu=posyandu,
                    resident=visit.resident,
                    kind=EnrolmentKind.CHILD,
                )
                enrolled.add(visit.resident_id)
        services.refresh_after_visits(
            {v.resident_id for v in visits}, {v.visit_date for v in visits}
        )
        audit.record(
            actor=actor,
            action="posyandu.imported",
            obj=ChildVisit,
            data={"posyandu": posyandu.pk, "rows": len(visits)},
        )
    return len(visits)
