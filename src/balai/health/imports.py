"""The puskesmas service register import: read, check every row, then write all or none.

Template (downloadable as ``templat-layanan-kesehatan.csv``), one row per
service a person received, header names in any case and order:

``nik``        16-digit NIK of the person served
``layanan``    a service code (``SERVICE_CODES``: anc, persalinan, neonatal,
               balita, penjaringan, produktif, lansia, hipertensi, diabetes,
               odgj, tb, hiv) or its SPM number 1-12
``tanggal``    the service date, 2025-03-05 or 05-03-2025; not in the future
``tempat``     the puskesmas/pustu/poskesdes (a name from the supply register
               links the row to that point; other text is kept as written)

The uploader's area bounds the match: a NIK registered elsewhere is reported
as outside the area without the person's name. Files are read by the worker
(``import_jobs``) through the bounded reader (``balai.core.spreadsheets``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from balai.core.errors import DomainError
from balai.core.exports import CsvWriter
from balai.core.spreadsheets.reader import (
    DEFAULT_LIMITS,
    check_fields,
    csv_lines,
    open_xlsx,
    sniff_kind,
)
from balai.facilities.models import PointKind, ServicePoint
from balai.health import services
from balai.health.models import ServiceCode, ServiceImport, ServiceRecord
from balai.registry import codes
from balai.registry.models import Resident

COLUMNS = ("nik", "layanan", "tanggal", "tempat")
REQUIRED = ("nik", "layanan", "tanggal")
MAX_ROWS = 20_000
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
LIMITS = DEFAULT_LIMITS.smaller(
    max_uncompressed_bytes=64 * 1024 * 1024,
    max_shared_bytes=16 * 1024 * 1024,
    max_shared_strings=200_000,
    max_columns=64,
    max_cells=1_000_000,
    max_line_chars=16 * 1024,
)
# SPM number (PP 2/2018 order) -> service code.
BY_NUMBER = {str(i): code for i, code in enumerate(ServiceCode.values, start=1)}
SERVICE_CODES = frozenset(ServiceCode.values)  # ``.values`` is rebuilt on every access
HEALTH_POINTS = (PointKind.PUSKESMAS, PointKind.PUSTU, PointKind.POSKESDES, PointKind.POSYANDU)
EARLIEST = dt.date(2000, 1, 1)


class RowStatus:
    MATCHED = "matched"
    BAD_NIK = "bad_nik"
    UNKNOWN_NIK = "unknown_nik"
    OUTSIDE = "outside_area"
    BAD_SERVICE = "bad_service"
    BAD_DATE = "bad_date"
    FUTURE_DATE = "future_date"
    DUPLICATE = "duplicate"


@dataclass
class Row:
    line: int
    nik: str
    service: str
    day: dt.date | None
    place: str
    status: str = RowStatus.MATCHED
    message: str = ""
    name: str = ""
    resident_id: int | None = None
    area_id: str = ""
    point_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.status == RowStatus.MATCHED

    def fail(self, status: str, message: str) -> None:
        if self.ok:
            self.status, self.message = status, message


def template_csv() -> str:
    """Return the template: the header and one example row per service code."""
    buf = io.StringIO()
    writer = CsvWriter(buf)
    writer.writerow(COLUMNS)
    writer.writerow(["7322034301950001", "produktif", "2025-03-05", "Puskesmas Masamba"])
    writer.writerow(["7322034301950001", "hipertensi", "2025-04-02", "Pustu Pincara"])
    return buf.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(kind: str, handle: IO[bytes]) -> Iterator[tuple[int, list[Any]]]:
    """Yield ``(line, cells)`` of the first sheet (or the CSV), header first."""
    if kind == "xlsx":
        with open_xlsx(handle, limits=LIMITS, formulas="value") as book:
            if not book.sheet_names:
                raise DomainError(_("Berkas .xlsx tidak berisi lembar kerja."))
            yield from book.rows(book.sheet_names[0])
        return
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
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


def read_rows(name: str, handle: IO[bytes]) -> list[tuple[int, dict[str, str]]]:
    """Read an uploaded .csv/.xlsx (a seekable binary file) into ``(line, {column: text})``.

    Streams through the bounded reader: ZIP, XML and line limits are checked
    while reading, and reading stops past MAX_ROWS.
    """
    if not name.lower().endswith((".csv", ".xlsx")):
        raise DomainError(_("Berkas harus .csv atau .xlsx."))
    kind = sniff_kind(handle.read(8192), name)
    handle.seek(0)
    if name.lower().endswith(".xlsx") and kind != "xlsx":
        raise DomainError(_("Berkas .xlsx ini bukan lembar kerja XLSX."))
    table = _table(kind, handle)
    first = next(table, None)
    if first is None:
        raise DomainError(_("Berkas kosong: tidak ada baris header."))
    header = [_cell(h).lower() for h in first[1]]
    if any(c not in header for c in REQUIRED):
        raise DomainError(_("Header harus memuat kolom nik, layanan dan tanggal (lihat templat)."))
    wanted = [(i, column) for i, column in enumerate(header) if column in COLUMNS]
    rows = []
    for line, cells in table:
        rows.append((line, {c: _cell(cells[i]) if i < len(cells) else "" for i, c in wanted}))
        if len(rows) > MAX_ROWS:
            raise DomainError(
                _("Paling banyak %(n)d baris per impor; pecah berkasnya.") % {"n": MAX_ROWS}
            )
    return rows


def _date(text: str) -> dt.date | None:
    for pattern, order in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
        (r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", "dmy"),
    ):
        if m := re.fullmatch(pattern, text.strip()):
            a, b, c = (int(x) for x in m.groups())
            y, mo, d = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                return dt.date(y, mo, d)
            except ValueError:
                return None
    return None


def mask_nik(nik: str) -> str:
    """Return a NIK with its middle hidden (a row outside the caller's area)."""
    return nik[:6] + "******" + nik[-4:] if len(nik) == 16 else nik[:20]


def check_rows(
    job_area: str, raw: list[tuple[int, dict[str, str]]], *, today: dt.date
) -> list[Row]:
    """Check every row against the registry and the records already kept (no write)."""
    rows = []
    for line, cells in raw:
        service = cells.get("layanan", "").strip().lower()
        rows.append(
            Row(
                line=line,
                nik=re.sub(r"\s", "", cells.get("nik", "")),
                service=BY_NUMBER.get(service, service),
                day=_date(cells.get("tanggal", "")),
                place=cells.get("tempat", "").strip()[:120],
            )
        )
    niks = {r.nik for r in rows if re.fullmatch(r"\d{16}", r.nik)}
    people: dict[str, tuple[int, str, str]] = {}
    nik_list = sorted(niks)
    for start in range(0, len(nik_list), 500):
        for pk, nik, name, area in (
            Resident.objects.filter(nik__in=nik_list[start : start + 500])
            .exclude(status=codes.BasicStatus.INVALID)
            .values_list("pk", "nik", "name", "area_id")
        ):
            people[nik] = (pk, name, area)
    points = {
        name.lower(): pk
        for pk, name in ServicePoint.objects.filter(
            area__within=job_area, kind__in=HEALTH_POINTS, is_active=True
        ).values_list("pk", "name")
    }
    ids = {p[0] for p in people.values()}
    existing: set[tuple[int, str, dt.date]] = set()
    id_list = sorted(ids)
    for start in range(0, len(id_list), 500):
        existing.update(
            ServiceRecord.objects.filter(resident_id__in=id_list[start : start + 500]).values_list(
                "resident_id", "service", "service_date"
            )
        )
    seen: set[tuple[int, str, dt.date]] = set()
    for row in rows:
        if row.nik not in niks:
            row.fail(RowStatus.BAD_NIK, _("NIK harus 16 angka."))
        elif row.nik not in people:
            row.fail(RowStatus.UNKNOWN_NIK, _("NIK tidak ada di data penduduk."))
        else:
            pk, name, area = people[row.nik]
            if not (area == job_area or area.startswith(job_area + ".")):
                row.fail(
                    RowStatus.OUTSIDE,
                    _("NIK terdaftar di luar wilayah Anda; baris ini tidak dapat diimpor."),
                )
            else:
                row.resident_id, row.name, row.area_id = pk, name, area
        if row.service not in SERVICE_CODES:
            row.fail(
                RowStatus.BAD_SERVICE,
                _("Kode layanan '%(c)s' tidak dikenal (lihat daftar kode).")
                % {"c": cells_text(row.service)},
            )
        if row.day is None or row.day < EARLIEST:
            row.fail(
                RowStatus.BAD_DATE,
                _("Tanggal kosong atau tidak dikenal (pakai 2025-03-05, sejak tahun 2000)."),
            )
        elif row.day > today:
            row.fail(RowStatus.FUTURE_DATE, _("Tanggal layanan di masa depan."))
        if row.ok and row.resident_id is not None and row.day is not None:
            key = (row.resident_id, row.service, row.day)
            if key in existing:
                row.fail(RowStatus.DUPLICATE, _("Layanan ini sudah tercatat untuk orang ini."))
            elif key in seen:
                row.fail(RowStatus.DUPLICATE, _("Baris ganda di berkas ini."))
            seen.add(key)
        row.point_id = points.get(row.place.lower())
    return rows


def cells_text(text: str) -> str:
    return text[:30]


def preview_dict(rows: list[Row]) -> dict[str, Any]:
    """Return the check's result as stored on the job (JSON; no name outside the area)."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    errors = sum(1 for r in rows if not r.ok)
    return {
        "ok": bool(rows) and errors == 0,
        "count": len(rows),
        "errors": errors,
        "by_status": counts,
        "rows": [
            {
                "line": r.line,
                "status": r.status,
                "person": r.name if r.ok else "",
                "nik": mask_nik(r.nik),
                "service": r.service[:30],
                "date": r.day.isoformat() if r.day else "",
                "place": r.place,
                "linked": r.point_id is not None,
                "ok": r.ok,
                "message": r.message,
            }
            for r in rows
        ],
    }


def commit_rows(
    *, job: ServiceImport, raw: list[tuple[int, dict[str, str]]], today: dt.date
) -> int:
    """Re-check the rows and write them all in one transaction (nothing on any error)."""
    with transaction.atomic():
        rows = check_rows(job.area_id, raw, today=today)
        bad = sum(1 for r in rows if not r.ok)
        if bad or not rows:
            raise DomainError(_("%(n)d baris bermasalah; tidak ada yang disimpan.") % {"n": bad})
        entries = [
            services.ServiceEntry(
                resident_id=r.resident_id,
                area_id=r.area_id,
                service=r.service,
                service_date=r.day,
                place=r.place,
                point_id=r.point_id,
            )
            for r in rows
            if r.resident_id is not None and r.day is not None
        ]
        services.service_records_create(actor=job.uploaded_by, entries=entries, source=job)
    return len(entries)
