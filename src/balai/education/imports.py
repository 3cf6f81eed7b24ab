"""Import a school roll (daftar murid): dry run first, then all rows in one transaction.

Uploads are stored and read by the task worker (``import_jobs.py``, on
``core.import_jobs``); this module reads and checks the rows. Template
(downloadable from the import page as ``templat-daftar-murid.csv``/``.xlsx``),
one row per pupil, header names in any case and order:

``nik``           the pupil's NIK (16 digits), required
``npsn``          the school's NPSN (8 digits), or
``kode_sarana``   the school's code in the supply register (``/sarana/``)
``jenjang``       paud, sd, smp, sma or pkbm (aliases: tk, mi, mts, smk, ma, paket a/b/c)
``tahun_ajaran``  ``2026/2027`` (or ``2026``)
``nama``          optional, for the uploader's own reading; never used to match

A pupil is matched by NIK among the residents of the job's area (a village,
or the kabupaten for the education office). Each row ends as *matched* (will
be saved), *unchanged* (already on that roll), or refused: unknown NIK, NIK
outside the area (the name is never shown), unknown school (the codes are
listed), school kind not of that level, duplicate (same pupil twice for one
year in the file). An age outside the level's usual ages is a warning only.
The commit re-checks everything and writes nothing if any row is refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.core import areacodes, audit
from balai.core.errors import DomainError
from balai.core.exports import CsvWriter, XlsxWriter
from balai.core.periods import MIN_YEAR
from balai.core.spreadsheets.reader import (
    DEFAULT_LIMITS,
    check_fields,
    csv_lines,
    open_xlsx,
    sniff_kind,
)
from balai.education import schooling
from balai.education.models import Enrolment, RollImport
from balai.facilities.models import SCHOOL_KINDS, ServicePoint
from balai.indicators.services import mark_changed
from balai.registry import codes
from balai.registry.models import Resident

COLUMNS = ("nik", "npsn", "kode_sarana", "jenjang", "tahun_ajaran", "nama")
MAX_ROWS = 20_000
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ROWS_SHOWN = 2000  # rows kept in the stored preview (refused rows first)
LIMITS = DEFAULT_LIMITS.smaller(
    max_uncompressed_bytes=96 * 1024 * 1024,
    max_shared_bytes=32 * 1024 * 1024,
    max_shared_strings=400_000,
    max_columns=64,
    max_cells=1_000_000,
    max_line_chars=16 * 1024,
)
TEMPLATE_HELP = (
    ("nik", gettext_lazy("NIK murid, 16 angka (wajib)")),
    ("npsn", gettext_lazy("NPSN sekolah, 8 angka (atau isi kode_sarana)")),
    (
        "kode_sarana",
        gettext_lazy("kode titik layanan di register sarana (jika sekolah belum ber-NPSN)"),
    ),
    (
        "jenjang",
        gettext_lazy(
            "paud, sd, smp, sma atau pkbm (tk, mi, mts, smk, ma, paket a/b/c juga diterima)"
        ),
    ),
    ("tahun_ajaran", gettext_lazy("tahun ajaran, mis. 2026/2027")),
    ("nama", gettext_lazy("nama murid (boleh kosong; tidak dipakai untuk mencocokkan)")),
)
EXAMPLE = ("7322034301180001", "40312345", "", "sd", "2026/2027", "Budi")


class RowStatus:
    MATCHED = "matched"
    UNCHANGED = "unchanged"
    UNKNOWN_NIK = "unknown_nik"
    OUTSIDE = "outside"
    UNKNOWN_SCHOOL = "unknown_school"
    INVALID = "invalid"
    DUPLICATE = "duplicate"


OK_STATUSES = (RowStatus.MATCHED, RowStatus.UNCHANGED)


@dataclass
class RollRow:
    line: int
    cells: dict[str, str]
    status: str = RowStatus.MATCHED
    resident: Resident | None = None
    school: ServicePoint | None = None
    level: str = ""
    year: int | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def refuse(self, status: str, message: str) -> None:
        if self.ok:
            self.status = status
        self.errors.append(message)


@dataclass
class RollCheck:
    rows: list[RollRow]
    unknown_schools: list[str]

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if not r.ok)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and self.error_count == 0


def template_csv() -> str:
    """Return the CSV template: the header and one example row."""
    buf = io.StringIO()
    writer = CsvWriter(buf)
    writer.writerow(COLUMNS)
    writer.writerow(EXAMPLE)
    return buf.getvalue()


def template_xlsx(book: XlsxWriter) -> None:
    """Write the XLSX template: the sheet to fill, and a sheet explaining each column."""
    sheet = book.sheet("daftar_murid")
    sheet.append(list(COLUMNS), bold=True)
    sheet.append(list(EXAMPLE))
    guide = book.sheet("petunjuk", widths={1: 16, 2: 80})
    guide.append([_("kolom"), _("isi")], bold=True)
    for column, text in TEMPLATE_HELP:
        guide.append([column, str(text)])


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return "" if value is None else str(value).strip()


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

    The bounded reader (``balai.core.spreadsheets``) checks size, ZIP and XML
    limits while streaming; reading stops past MAX_ROWS.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise DomainError(_("Berkas harus .csv atau .xlsx."))
    if len(content) > MAX_UPLOAD_BYTES:
        raise DomainError(
            _("Berkas lebih dari %(mb)d MB; pecah menjadi beberapa berkas.")
            % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if suffix == ".xlsx" and sniff_kind(content[:8192], name) != "xlsx":
        raise DomainError(_("Berkas .xlsx ini bukan lembar kerja XLSX."))
    table = _table(suffix, content)
    first = next(table, None)
    if first is None:
        raise DomainError(_("Berkas kosong: tidak ada baris header."))
    header = [_cell(h).lower() for h in first[1]]
    if not {"nik", "jenjang", "tahun_ajaran"} <= set(header) or not {
        "npsn",
        "kode_sarana",
    } & set(header):
        raise DomainError(
            _(
                "Header harus memuat nik, npsn atau kode_sarana, jenjang dan tahun_ajaran (lihat templat)."
            )
        )
    wanted = [(i, column) for i, column in enumerate(header) if column in COLUMNS]
    rows = []
    for line, cells in table:
        rows.append((line, {c: _cell(cells[i]) if i < len(cells) else "" for i, c in wanted}))
        if len(rows) > MAX_ROWS:
            raise DomainError(_("Paling banyak %(n)d baris per impor.") % {"n": MAX_ROWS})
    if not rows:
        raise DomainError(_("Berkas tidak berisi baris murid."))
    return rows


def parse_school_year(text: str, *, today: dt.date) -> int | None:
    """Return the first year of ``2026/2027``, ``2026-2027`` or ``2026``; None if unusable."""
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[/-]\s*(\d{4}))?\s*", text)
    if not m:
        return None
    first = int(m.group(1))
    if m.group(2) and int(m.group(2)) != first + 1:
        return None
    if not MIN_YEAR <= first <= schooling.school_year_of(today) + 1:
        return None
    return first


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def check_rows(
    area_code: str, raw: list[tuple[int, dict[str, str]]], *, today: dt.date | None = None
) -> RollCheck:
    """Check every row against the register of *area_code* (no write) and return the result."""
    today = today or timezone.localdate()
    niks = sorted({re.sub(r"\D", "", c.get("nik", "")) for _l, c in raw} - {""})
    people: dict[str, tuple[Resident, bool]] = {}
    for chunk in _chunks(niks):
        for person in Resident.objects.filter(nik__in=chunk, status=codes.BasicStatus.ALIVE):
            inside = person.area_id == area_code or str(person.area_id).startswith(area_code + ".")
            people[person.nik] = (person, inside)
    npsns = sorted({c.get("npsn", "") for _l, c in raw} - {""})
    by_npsn: dict[str, ServicePoint] = {}
    for chunk in _chunks(npsns):
        for point in ServicePoint.objects.filter(npsn__in=chunk, is_active=True):
            by_npsn[point.npsn] = point
    ids = sorted({c.get("kode_sarana", "") for _l, c in raw if c.get("kode_sarana", "").isdigit()})
    by_id = {
        str(p.pk): p
        for chunk in _chunks(ids)
        for p in ServicePoint.objects.filter(pk__in=[int(i) for i in chunk], is_active=True)
    }
    existing: dict[tuple[int, int], tuple[int, str]] = {}
    found_ids = [p.pk for p, inside in people.values() if inside]
    for i in range(0, len(found_ids), 500):
        for resident_id, year, school_id, level in Enrolment.objects.filter(
            resident_id__in=found_ids[i : i + 500]
        ).values_list("resident_id", "school_year", "school_id", "level"):
            existing[(resident_id, year)] = (school_id, level)

    rows: list[RollRow] = []
    unknown_schools: dict[str, None] = {}
    seen: set[tuple[int, int]] = set()
    for line, cells in raw:
        row = RollRow(line, cells)
        rows.append(row)
        nik = re.sub(r"\D", "", cells.get("nik", ""))
        row.year = parse_school_year(cells.get("tahun_ajaran", ""), today=today)
        if row.year is None:
            row.refuse(
                RowStatus.INVALID,
                _("Tahun ajaran '%(v)s' tidak dikenal (pakai 2026/2027).")
                % {"v": cells.get("tahun_ajaran", "")[:20]},
            )
        row.level = schooling.LEVEL_ALIASES.get(cells.get("jenjang", "").strip().lower(), "")
        if not row.level:
            row.refuse(
                RowStatus.INVALID,
                _("Jenjang '%(v)s' tidak dikenal (paud, sd, smp, sma atau pkbm).")
                % {"v": cells.get("jenjang", "")[:20]},
            )
        if len(nik) != 16:
            row.refuse(RowStatus.INVALID, _("NIK harus 16 angka."))
        elif nik not in people:
            row.refuse(RowStatus.UNKNOWN_NIK, _("NIK tidak ditemukan di data penduduk."))
        elif not people[nik][1]:
            row.refuse(RowStatus.OUTSIDE, _("NIK terdaftar di luar wilayah Anda; baris dilewati."))
        else:
            row.resident = people[nik][0]
        code = cells.get("npsn", "") or cells.get("kode_sarana", "")
        school = by_npsn.get(cells.get("npsn", "")) if cells.get("npsn") else None
        if school is None and not cells.get("npsn"):
            school = by_id.get(cells.get("kode_sarana", ""))
        if school is None:
            if code:
                unknown_schools[code[:20]] = None
            row.refuse(
                RowStatus.UNKNOWN_SCHOOL,
                _("Sekolah '%(c)s' tidak ada di register sarana.") % {"c": code[:20]}
                if code
                else _("Isi npsn atau kode_sarana sekolah."),
            )
        elif school.kind not in SCHOOL_KINDS or (
            row.level and school.kind != schooling.LEVEL_KINDS[row.level]
        ):
            row.refuse(
                RowStatus.INVALID,
                _("%(s)s bukan sekolah jenjang %(l)s.") % {"s": str(school), "l": row.level},
            )
        else:
            row.school = school
        if not row.ok or row.resident is None or row.year is None or row.school is None:
            continue
        key = (row.resident.pk, row.year)
        if key in seen:
            row.refuse(
                RowStatus.DUPLICATE,
                _("Baris ganda: murid ini sudah ada di berkas untuk tahun ajaran yang sama."),
            )
            continue
        seen.add(key)
        if row.resident.birth_date is not None:
            age = schooling.age_on_reference(row.resident.birth_date, row.year)
            low, high = schooling.LEVEL_AGES[row.level]
            if not low <= age <= high:
                row.warnings.append(
                    _("Usia %(a)d tahun pada 1 Juli tidak lazim untuk jenjang %(l)s.")
                    % {"a": age, "l": row.level}
                )
        before = existing.get(key)
        if before == (row.school.pk, row.level):
            row.status = RowStatus.UNCHANGED
        elif before is not None:
            row.warnings.append(_("Menggantikan sekolah yang tercatat untuk tahun ajaran ini."))
    return RollCheck(rows, list(unknown_schools))


def preview_dict(result: RollCheck) -> dict[str, Any]:
    """Return the check as stored on the job (JSON); names only of matched residents."""
    counts: dict[str, int] = {}
    for row in result.rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    shown = sorted(result.rows, key=lambda r: (r.ok, not r.warnings, r.line))[:ROWS_SHOWN]
    return {
        "ok": result.ok,
        "count": len(result.rows),
        "errors": result.error_count,
        "warnings": sum(1 for r in result.rows if r.warnings),
        "counts": counts,
        "unknown_schools": result.unknown_schools[:200],
        "rows": [
            {
                "line": row.line,
                "status": row.status,
                # Only a matched resident (inside the area) is named.
                "child": row.resident.name if row.resident is not None else "",
                "school": str(row.school) if row.school is not None else "",
                "level": row.level,
                "year": schooling.label(row.year) if row.year else "",
                "ok": row.ok,
                "errors": row.errors,
                "warnings": row.warnings,
            }
            for row in sorted(shown, key=lambda r: r.line)
        ],
    }


def check_job(job: RollImport, raw: list[tuple[int, dict[str, str]]]) -> dict[str, Any]:
    """Dry run of a stored job (the worker's check step)."""
    return preview_dict(check_rows(job.area_id, raw))


def commit_job(job: RollImport, raw: list[tuple[int, dict[str, str]]]) -> int:
    """Re-check the rows and write them all in one transaction; return rows written."""
    with transaction.atomic():
        checked = check_rows(job.area_id, raw)
        if not checked.ok:
            raise DomainError(
                _("%(n)d baris bermasalah; tidak ada yang disimpan.") % {"n": checked.error_count}
            )
        return enrolment_save_rows(actor=job.uploaded_by, rows=checked.rows, job=job)


def enrolment_save_rows(*, actor: Any, rows: list[RollRow], job: RollImport | None) -> int:
    """Write checked roll rows (new, or replacing the child's entry of that year) in bulk.

    One audit event names the job and the count (bulk writes bypass the
    per-row audit); the indicator facts of the villages and years touched are
    marked stale.
    """
    matched = [
        r
        for r in rows
        if r.status == RowStatus.MATCHED and r.resident is not None and r.school is not None
    ]
    with transaction.atomic():
        ids = sorted({r.resident.pk for r in matched if r.resident is not None})
        existing: dict[tuple[int, int], Enrolment] = {}
        for i in range(0, len(ids), 500):
            for enrolment in Enrolment.objects.filter(resident_id__in=ids[i : i + 500]):
                existing[(enrolment.resident_id, enrolment.school_year)] = enrolment
        new: list[Enrolment] = []
        changed: list[Enrolment] = []
        touched: set[tuple[str, int]] = set()
        now = timezone.now()
        for row in matched:
            assert row.resident is not None  # noqa: S101 -- filtered above
            assert row.school is not None  # noqa: S101 -- filtered above
            assert row.year is not None  # noqa: S101 -- checked rows have a year
            found = existing.get((row.resident.pk, row.year))
            if found is None:
                enrolment = Enrolment(resident=row.resident, school_year=row.year)
                new.append(enrolment)
            else:
                enrolment = found
                changed.append(enrolment)
            enrolment.school = row.school
            enrolment.level = row.level
            enrolment.source = job
            enrolment.updated_at = now
            enrolment.full_clean(exclude=["resident", "school", "source"], validate_unique=False)
            touched.add((areacodes.village_code(str(row.resident.area_id)), row.year))
        Enrolment.objects.bulk_create(new, batch_size=500)
        Enrolment.objects.bulk_update(
            changed, ["school", "level", "source", "updated_at"], batch_size=500
        )
        for village, year in sorted(touched):
            mark_changed("education.enrolment", village, {schooling.reference_day(year)})
        audit.record(
            actor=actor,
            action="education.roll_imported",
            obj=Enrolment,
            data={"job": job.pk if job else None, "new": len(new), "replaced": len(changed)},
        )
    return len(new) + len(changed)
