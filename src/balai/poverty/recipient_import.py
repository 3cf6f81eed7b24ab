"""Import a programme's recipients for one village: OpenSID's program bantuan file or a plain sheet.

Accepted layouts:

- OpenSID ``format_impor_program_bantuan.xlsx``: sheet **Peserta** with the
  header ``Peserta · No. Peserta · NIK · Nama · Tempat Lahir · Tanggal Lahir ·
  Alamat``, rows ending at a ``###`` cell (the **Program** sheet describes the
  programme; the programme is the one chosen on the upload form);
- the plain template (CSV/XLSX): ``nik, nama, no_peserta``.

Each row ends as *new*, *unchanged* (already on the list), *unregistered*
(the NIK is no resident's: accepted, since aid paid to such a NIK is what
the invalid-NIK check must show, but it needs a name) or refused: NIK of a
resident of another village (a file for another village: the name is never
shown), NIK already a recipient of the programme in another village, NIK
twice in the file, no NIK. The commit re-checks and writes all rows or none.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from balai.core import areacodes, audit
from balai.core.errors import DomainError
from balai.indicators.services import mark_changed
from balai.poverty import sheets
from balai.poverty.models import Recipient, RecipientImport, RecipientSource
from balai.registry.models import Resident

MAX_ROWS = 20_000
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ROWS_SHOWN = 2000
ALIASES = {
    "nik": "nik",
    "peserta": "peserta",
    "nama": "name",
    "no_peserta": "member_no",
    "nomor_peserta": "member_no",
}
TEMPLATE = "nik,nama,no_peserta\n7322034301800001,SITI AMINAH,PKH-000123\n"

Raw = list[tuple[int, str, str, str]]  # line, nik, name, member no


class RowStatus:
    NEW = "new"
    UNCHANGED = "unchanged"
    UNREGISTERED = "unregistered"
    OTHER_VILLAGE = "other_village"
    TAKEN = "taken"
    DUPLICATE = "duplicate"
    INVALID = "invalid"


OK = (RowStatus.NEW, RowStatus.UNCHANGED, RowStatus.UNREGISTERED)


@dataclass
class RecipientCheck:
    rows: list[dict[str, Any]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    # (nik, name, member no, resident id or None) to write
    new: list[tuple[str, str, str, int | None]] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(n for s, n in self.counts.items() if s not in OK)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and self.errors == 0


def read_upload(name: str, content: bytes) -> Raw:
    """Read the Peserta sheet (OpenSID) or the first sheet/CSV into row tuples."""
    rows = sheets.table(name, content, sheet="Peserta")
    header: list[str] = []
    for _line, cells in rows:
        header = [ALIASES.get(sheets.header_key(c), "") for c in cells]
        break
    if "nik" not in header and "peserta" not in header:
        raise DomainError(
            _("Header harus memuat NIK (templat Balai) atau Peserta/NIK (format OpenSID).")
        )
    where: dict[str, int] = {
        k: header.index(k) for k in ("nik", "peserta", "name", "member_no") if k in header
    }

    def get(cells: list[Any], key: str) -> str:
        i = where.get(key)
        return sheets.cell(cells[i]) if i is not None and i < len(cells) else ""

    out: Raw = []
    for line, cells in rows:
        if any(sheets.cell(c) == "###" for c in cells[:3]):
            break
        nik = get(cells, "nik") or get(cells, "peserta")
        out.append((line, nik, get(cells, "name"), get(cells, "member_no")))
        if len(out) > MAX_ROWS:
            raise DomainError(_("Paling banyak %(n)d baris per impor.") % {"n": MAX_ROWS})
    if not out:
        raise DomainError(_("Berkas tidak berisi baris peserta."))
    return out


def check_rows(job: RecipientImport, raw: Raw) -> RecipientCheck:
    """Check every row against the village's register and the programme's list (no write)."""
    result = RecipientCheck()
    village = job.area_id
    niks = sorted({sheets.digits(r[1]) for r in raw} - {""})
    people: dict[str, tuple[int, str, str]] = {}
    listed: dict[str, str] = {}
    for i in range(0, len(niks), 1000):
        chunk = niks[i : i + 1000]
        for nik, pk, area, name in Resident.objects.filter(nik__in=chunk).values_list(
            "nik", "pk", "area_id", "name"
        ):
            people[nik] = (pk, areacodes.village_code(area), name)
        listed.update(
            Recipient.objects.filter(programme_id=job.programme_id, nik__in=chunk).values_list(
                "nik", "area_id"
            )
        )
    seen: set[str] = set()
    for line, nik_text, name, member_no in raw:
        nik = sheets.digits(nik_text)
        row: dict[str, Any] = {"line": line, "nik": nik, "name": "", "message": ""}
        if not nik:
            status, row["message"] = RowStatus.INVALID, _("NIK kosong.")
        elif len(nik) > 16:
            status, row["message"] = RowStatus.INVALID, _("NIK lebih dari 16 angka.")
        elif nik in seen:
            status, row["message"] = (
                RowStatus.DUPLICATE,
                _("NIK ini sudah ada di baris lain berkas ini."),
            )
        elif nik in listed and listed[nik] != village:
            status = RowStatus.TAKEN
            row["message"] = _("NIK ini sudah tercatat sebagai penerima program ini di desa lain.")
        elif nik in people and people[nik][1] != village:
            status = RowStatus.OTHER_VILLAGE
            row["message"] = _(
                "NIK terdaftar sebagai penduduk desa lain; berkas ini untuk desa lain?"
            )
        elif nik in listed:
            status, row["name"] = RowStatus.UNCHANGED, people.get(nik, (0, "", name))[2]
        elif nik in people:
            status, row["name"] = RowStatus.NEW, people[nik][2]
            result.new.append((nik, people[nik][2], member_no[:40], people[nik][0]))
        elif not name.strip():
            status = RowStatus.INVALID
            row["message"] = _("NIK tidak dikenal di data penduduk dan nama kosong.")
        else:
            status, row["name"] = RowStatus.UNREGISTERED, name.strip().upper()[:100]
            row["message"] = _("NIK tidak ada di data penduduk: akan ditandai NIK tidak valid.")
            result.new.append((nik, name.strip().upper()[:100], member_no[:40], None))
        seen.add(nik)
        row["status"] = status
        result.counts[status] += 1
        result.rows.append(row)
    return result


def preview_dict(result: RecipientCheck) -> dict[str, Any]:
    """Return the check as stored on the job (names only of this village's residents)."""
    shown = sorted(result.rows, key=lambda r: (r["status"] in OK, r["line"]))[:ROWS_SHOWN]
    for row in shown:
        row["nik"] = (
            row["nik"][:6] + "******" + row["nik"][-4:] if len(row["nik"]) == 16 else row["nik"]
        )
        row["ok"] = row["status"] in OK
    return {
        "ok": result.ok,
        "count": len(result.rows),
        "errors": result.errors,
        "counts": dict(result.counts),
        "rows": sorted(shown, key=lambda r: r["line"]),
    }


def check_job(job: RecipientImport, raw: Raw) -> dict[str, Any]:
    """Dry run of a stored recipient list."""
    result = check_rows(job, raw)
    if result.rows and result.counts[RowStatus.OTHER_VILLAGE] * 2 > len(result.rows):
        raise DomainError(
            _(
                "Sebagian besar NIK di berkas ini adalah penduduk desa lain: berkas ini bukan untuk "
                "%(v)s. Tidak ada yang disimpan."
            )
            % {"v": job.area.name}
        )
    return preview_dict(result)


def commit_job(job: RecipientImport, raw: Raw) -> int:
    """Re-check and write the new recipients in one transaction; return how many."""
    with transaction.atomic():
        result = check_rows(job, raw)
        if not result.ok:
            raise DomainError(
                _("%(n)d baris bermasalah; tidak ada yang disimpan.") % {"n": result.errors}
            )
        Recipient.objects.bulk_create(
            [
                Recipient(
                    programme_id=job.programme_id,
                    area_id=job.area_id,
                    resident_id=resident,
                    nik=nik,
                    name=name,
                    member_no=member_no,
                    source=RecipientSource.IMPORT,
                )
                for nik, name, member_no, resident in result.new
            ],
            batch_size=1000,
        )
        mark_changed("poverty.recipient", job.area_id)
        audit.record(
            actor=job.uploaded_by,
            action="poverty.recipients_imported",
            obj=job,
            data={"programme": job.programme_id, "new": len(result.new)},
        )
    return len(result.new)
