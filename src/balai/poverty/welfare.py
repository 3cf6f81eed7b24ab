"""Import a welfare-register extract (DTSEN, P3KE, DTKS): dry run, then one transaction.

Template (``templat-data-kesejahteraan.csv``), one row per person, header names
in any case and order:

``nik``              the person's NIK (16 digits)
``no_kk``            the family card number (16 digits, optional)
``id_rumah_tangga``  the register's household ID (aliases ``idrt``, ``id_rt``, ``household_id``);
                     where the extract has none (P3KE, DTKS), the household is the row's
                     KK (``KK-<no_kk>``), so household programmes count families
``desil``            1 to 10
``sumber``           optional: dtsen, p3ke or dtks; must match the upload form
``tanggal_data``     optional: the snapshot date; must match the upload form

Rows are matched to the registry by NIK. A row ends *matched*, or
*unmatched* by reason (NIK not 16 digits, not in the register, registered
outside the job's area: never named); unmatched rows are listed and skipped.
Refused (nothing is saved until fixed): a desil outside 1-10, a row with
neither household ID nor No. KK, one NIK in two households of the file, a source or date that
contradicts the form. The commit re-checks, keeps the snapshot, and makes its
entries the current ones (see ``models``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.core import areacodes, audit
from balai.core.errors import DomainError
from balai.indicators.services import mark_changed
from balai.poverty import sheets
from balai.poverty.models import (
    DESIL_MAX,
    DESIL_MIN,
    Source,
    WelfareEntry,
    WelfareImport,
    WelfareSnapshot,
)
from balai.registry.models import Resident

MAX_ROWS = 400_000
MAX_UPLOAD_BYTES = 48 * 1024 * 1024
ROWS_SHOWN = 1000
CHUNK = 2000
ALIASES = {
    "nik": "nik",
    "no_kk": "no_kk",
    "nokk": "no_kk",
    "kk": "no_kk",
    "id_rumah_tangga": "hh",
    "idrt": "hh",
    "id_rt": "hh",
    "household_id": "hh",
    "id_keluarga": "hh",
    "desil": "desil",
    "desil_nasional": "desil",
    "sumber": "source",
    "tanggal_data": "date",
}
TEMPLATE_COLUMNS = ("nik", "no_kk", "id_rumah_tangga", "desil", "sumber", "tanggal_data")
TEMPLATE_HELP = (
    ("nik", gettext_lazy("NIK, 16 angka (wajib)")),
    ("no_kk", gettext_lazy("No. KK, 16 angka (wajib bila id_rumah_tangga kosong)")),
    (
        "id_rumah_tangga",
        gettext_lazy("ID rumah tangga dari DTSEN (kosong: rumah tangga = KK dari kolom no_kk)"),
    ),
    ("desil", gettext_lazy("desil 1 sampai 10 (wajib)")),
    ("sumber", gettext_lazy("dtsen, p3ke atau dtks (boleh kosong; harus sama dengan isian form)")),
    ("tanggal_data", gettext_lazy("tanggal data, mis. 2026-03-31 (boleh kosong)")),
)


class RowStatus:
    MATCHED = "matched"
    BAD_NIK = "bad_nik"
    UNKNOWN_NIK = "unknown_nik"
    OUTSIDE = "outside"
    INVALID = "invalid"


UNMATCHED = (RowStatus.BAD_NIK, RowStatus.UNKNOWN_NIK, RowStatus.OUTSIDE)
REASONS = {
    RowStatus.BAD_NIK: gettext_lazy("NIK bukan 16 angka"),
    RowStatus.UNKNOWN_NIK: gettext_lazy("NIK tidak ada di data penduduk"),
    RowStatus.OUTSIDE: gettext_lazy("NIK terdaftar di luar wilayah impor"),
}

# (line, nik, no_kk, household, desil text, source text, date text): tuples keep
# a 300,000-row extract small in memory.
Row = tuple[int, str, str, str, str, str, str]
Raw = list[Row]


@dataclass
class WelfareCheck:
    count: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[int, str]] = field(default_factory=list)
    unmatched: list[tuple[int, str, str]] = field(default_factory=list)  # line, masked NIK, status
    # (resident id, village, household, no_kk, desil) of the matched rows
    matched: list[tuple[int, str, str, str, int]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.count > 0 and not self.errors and bool(self.matched)


@dataclass(frozen=True)
class Extract:
    """An uploaded extract whose header is checked; iterating parses its rows again (one at a time).

    The worker's commit on PostgreSQL streams the rows into ``COPY``, so a
    300,000-row extract never sits in memory as Python tuples; the dry run
    (and SQLite) takes ``list(extract)``.
    """

    name: str
    content: bytes
    where: dict[str, int]

    def __iter__(self) -> Iterator[Row]:
        rows = sheets.table(self.name, self.content)
        next(rows, None)  # the header
        where = self.where

        def get(cells: list[Any], key: str) -> str:
            i = where.get(key)
            return sheets.cell(cells[i]) if i is not None and i < len(cells) else ""

        count = 0
        for line, cells in rows:
            count += 1
            if count > MAX_ROWS:
                raise DomainError(_("Paling banyak %(n)d baris per impor.") % {"n": MAX_ROWS})
            yield (
                line,
                get(cells, "nik"),
                get(cells, "no_kk"),
                get(cells, "hh"),
                get(cells, "desil"),
                get(cells, "source"),
                get(cells, "date"),
            )
        if not count:
            raise DomainError(_("Berkas tidak berisi baris data."))


def open_extract(name: str, content: bytes) -> Extract:
    """Check an uploaded extract's header; DomainError if the file is unusable."""
    rows = sheets.table(name, content)
    first = next(rows, None)
    if first is None:
        raise DomainError(_("Berkas kosong: tidak ada baris header."))
    header = [ALIASES.get(sheets.header_key(h), "") for h in first[1]]
    if not {"nik", "desil"} <= set(header) or not {"hh", "no_kk"} & set(header):
        raise DomainError(
            _("Header harus memuat nik, desil, dan id_rumah_tangga atau no_kk (lihat templat).")
        )
    where: dict[str, int] = {
        key: header.index(key)
        for key in ("nik", "no_kk", "hh", "desil", "source", "date")
        if key in header
    }
    return Extract(name, content, where)


def read_upload(name: str, content: bytes) -> Raw:
    """Read an uploaded extract into row tuples; DomainError if the file is unusable."""
    return list(open_extract(name, content))


def _mask(nik: str) -> str:
    return nik[:6] + "*" * max(len(nik) - 10, 0) + nik[-4:] if len(nik) > 10 else "*" * len(nik)


def newer_snapshot(area_code: str, source: str, snapshot_date: dt.date) -> WelfareSnapshot | None:
    """Return a snapshot of *source* dated after *snapshot_date* covering the area, if any."""
    above = areacodes.ancestor_codes(area_code)
    candidates = WelfareSnapshot.objects.filter(source=source, snapshot_date__gt=snapshot_date)
    found: WelfareSnapshot | None = (
        candidates.filter(Q(area_id__in=above) | Q(area__within=area_code))
        .order_by("-snapshot_date")
        .first()
    )
    return found


def household_key(hh: str, kk_text: str) -> str:
    """Return the row's household: the register's ID (DTSEN) if given, else its KK (``KK-…``).

    P3KE and DTKS extracts often carry no DTSEN household ID; their household
    programmes then count families by the No. KK of the row. Empty if neither.
    """
    if hh:
        return hh
    kk = sheets.digits(kk_text)[:16]
    return f"KK-{kk}" if kk else ""


def refuse_older(area_code: str, source: str, snapshot_date: dt.date) -> None:
    """Raise DomainError if a later round of *source* covers the area already."""
    later = newer_snapshot(area_code, source, snapshot_date)
    if later is not None:
        raise DomainError(
            _(
                "Sudah ada data %(s)s bertanggal %(d)s untuk wilayah ini; data yang lebih lama "
                "tidak dapat menggantikannya."
            )
            % {"s": later.get_source_display(), "d": later.snapshot_date.isoformat()}
        )


def problem_texts(source: str, snapshot_date: dt.date) -> dict[str, str]:
    """Return the per-row refusals, translated, with the job's values filled in.

    Left to fill: ``%(v)s`` (the cell as typed) and ``%(n)s`` (a masked NIK).
    The SQL check (``welfare_sql``) splits the same texts around them, so both
    paths word their messages alike.
    """
    source_label = str(dict(Source.choices)[source])
    day = snapshot_date.isoformat()
    return {
        "desil": _("Desil '%(v)s' tidak sah: harus 1 sampai 10."),
        "hh": _("ID rumah tangga dan No. KK kosong."),
        "clash": _("NIK %(n)s tercantum di dua rumah tangga berbeda dalam data ini."),
        "source": _("Sumber '%(v)s' berbeda dengan sumber yang dipilih (%(s)s).")
        % {"v": "%(v)s", "s": source_label},
        "date": _("Tanggal data '%(v)s' berbeda dengan tanggal yang dipilih (%(d)s).")
        % {"v": "%(v)s", "d": day},
    }


def check_rows(
    area_code: str, source: str, snapshot_date: dt.date, raw: Sequence[Row]
) -> WelfareCheck:
    """Check every row against the register of *area_code* (no write)."""
    result = WelfareCheck(count=len(raw))
    refuse_older(area_code, source, snapshot_date)
    niks = sorted({sheets.digits(r[1]) for r in raw} - {""})
    people: dict[str, tuple[int, str]] = {}
    for i in range(0, len(niks), CHUNK):
        people.update(
            (nik, (pk, area))
            for nik, pk, area in Resident.objects.filter(nik__in=niks[i : i + CHUNK]).values_list(
                "nik", "pk", "area_id"
            )
        )
    households: dict[str, str] = {}
    clashes: set[str] = set()
    for _line, nik_text, kk_text, hh_text, *_rest in raw:
        nik = sheets.digits(nik_text)
        hh = household_key(hh_text, kk_text)
        if nik and hh:
            seen = households.setdefault(nik, hh)
            if seen != hh:
                clashes.add(nik)
    texts = problem_texts(source, snapshot_date)
    seen_nik: set[str] = set()
    prefix = area_code + "."
    for line, nik_text, kk_text, hh_text, desil_text, row_source, row_date in raw:
        nik = sheets.digits(nik_text)
        hh = household_key(hh_text, kk_text)
        problems = []
        try:
            desil = int(float(desil_text.replace(",", ".")))
            if str(desil_text).strip() not in (str(desil), f"{desil}.0", f"{desil},0"):
                raise ValueError
        except ValueError:
            desil = 0
        if not DESIL_MIN <= desil <= DESIL_MAX:
            problems.append(texts["desil"] % {"v": desil_text[:10]})
        if not hh:
            problems.append(texts["hh"])
        if nik in clashes:
            problems.append(texts["clash"] % {"n": _mask(nik)})
        if row_source and row_source.strip().lower() != source:
            problems.append(texts["source"] % {"v": row_source[:12]})
        if row_date and row_date[:10] != snapshot_date.isoformat():
            problems.append(texts["date"] % {"v": row_date[:12]})
        if problems:
            result.counts[RowStatus.INVALID] += 1
            result.errors.append((line, " ".join(problems)))
            continue
        if len(nik) != 16:
            status = RowStatus.BAD_NIK
        elif nik not in people:
            status = RowStatus.UNKNOWN_NIK
        else:
            pk, area = people[nik]
            status = (
                RowStatus.MATCHED
                if area == area_code or area.startswith(prefix)
                else RowStatus.OUTSIDE
            )
        if status == RowStatus.MATCHED and nik in seen_nik:
            continue  # the same person twice in one household: counted once
        result.counts[status] += 1
        if status != RowStatus.MATCHED:
            result.unmatched.append((line, _mask(nik), status))
            continue
        seen_nik.add(nik)
        kk = sheets.digits(kk_text)
        result.matched.append((pk, areacodes.village_code(area), hh[:40], kk[:16], desil))
    return result


def preview_dict(result: WelfareCheck) -> dict[str, Any]:
    """Return the check as stored on the job (JSON): counts and the listed rows, no names."""
    return {
        "ok": result.ok,
        "count": result.count,
        "errors": len(result.errors),
        "counts": dict(result.counts),
        "error_rows": [{"line": line, "message": m} for line, m in result.errors[:ROWS_SHOWN]],
        "unmatched_rows": [
            {"line": line, "nik": nik, "reason": str(REASONS[status])}
            for line, nik, status in result.unmatched[:ROWS_SHOWN]
        ],
    }


def check_job(job: WelfareImport, raw: Iterable[Row]) -> dict[str, Any]:
    """Dry run of a stored extract (the worker's check step)."""
    return preview_dict(check_rows(job.area_id, job.source, job.snapshot_date, list(raw)))


def commit_job(job: WelfareImport, raw: Iterable[Row]) -> int:
    """Re-check the rows and save the snapshot in one transaction; return entries written.

    The row-by-row path (SQLite, and any caller holding the rows); on
    PostgreSQL the worker commits through ``welfare_sql.commit_job``.
    """
    with transaction.atomic():
        checked = check_rows(job.area_id, job.source, job.snapshot_date, list(raw))
        if not checked.ok:
            raise refused(len(checked.errors))
        snapshot = snapshot_save(
            actor=job.uploaded_by,
            area_code=job.area_id,
            source=job.source,
            snapshot_date=job.snapshot_date,
            matched=checked.matched,
            job=job,
        )
        return snapshot.rows


def refused(errors: int) -> DomainError:
    """Return the commit's refusal when rows have problems (or none matched)."""
    return DomainError(_("%(n)d baris bermasalah; tidak ada yang disimpan.") % {"n": errors})


def snapshot_save(
    *,
    actor: Any,
    area_code: str,
    source: str,
    snapshot_date: dt.date,
    matched: list[tuple[int, str, str, str, int]],
    job: WelfareImport | None = None,
) -> WelfareSnapshot:
    """Store checked entries as a new snapshot and make them the current register.

    The earlier current entries of the same source in the area leave the
    register (the new extract replaces them), and so do the current entries
    of any source for the residents the new extract lists.
    """
    with transaction.atomic():
        snapshot = snapshot_new(
            area_code=area_code,
            source=source,
            snapshot_date=snapshot_date,
            job=job,
            rows=len(matched),
        )
        WelfareEntry.objects.bulk_create(
            (
                WelfareEntry(
                    snapshot=snapshot,
                    resident_id=pk,
                    area_id=village,
                    household_ref=hh,
                    no_kk=kk,
                    desil=desil,
                    current=False,
                )
                for pk, village, hh, kk, desil in matched
            ),
            batch_size=5000,
        )
        WelfareEntry.objects.filter(
            current=True, snapshot__source=source, area__within=area_code
        ).update(current=False)
        WelfareEntry.objects.filter(
            current=True,
            resident_id__in=WelfareEntry.objects.filter(snapshot=snapshot).values("resident_id"),
        ).update(current=False)
        WelfareEntry.objects.filter(snapshot=snapshot).update(current=True)
        snapshot_saved(actor=actor, snapshot=snapshot)
    return snapshot


def snapshot_new(
    *,
    area_code: str,
    source: str,
    snapshot_date: dt.date,
    job: WelfareImport | None,
    rows: int,
) -> WelfareSnapshot:
    """Create the snapshot row of a commit (its entries follow, in the same transaction)."""
    snapshot = WelfareSnapshot(
        area_id=area_code, source=source, snapshot_date=snapshot_date, job=job, rows=rows
    )
    snapshot.full_clean(exclude=["area", "job"])
    snapshot.save()
    return snapshot


def snapshot_saved(*, actor: Any, snapshot: WelfareSnapshot) -> None:
    """Mark the register's indicators changed and audit a committed snapshot."""
    # The register changed now: the stock indicators of the current period.
    mark_changed("poverty.welfare", snapshot.area_id)
    audit.record(
        actor=actor,
        action="poverty.welfare_snapshot_saved",
        obj=snapshot,
        data={
            "source": snapshot.source,
            "date": snapshot.snapshot_date.isoformat(),
            "rows": snapshot.rows,
        },
    )


def template_csv() -> str:
    """Return the CSV template: header and one example row."""
    return (
        ",".join(TEMPLATE_COLUMNS)
        + "\n7322034301800001,7322030101200001,DTSEN-0001,1,dtsen,2026-03-31\n"
    )
