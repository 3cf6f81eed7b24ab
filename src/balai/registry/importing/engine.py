"""Dry-run and commit of a resident file into one village (one code path for both).

The file is streamed in chunks, so memory stays flat for a million rows; the
commit runs in one transaction, so a failure writes nothing. Rows with errors
are reported and skipped; every other row is created, updated or left alone.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.core import audit
from balai.regions.models import Area
from balai.registry import codes
from balai.registry.bulk import insert_rows
from balai.registry.identifiers import temporary_nik
from balai.registry.importing.areas import AreaResolver
from balai.registry.importing.columns import BY_NAME, PROTECTED_FOR_EXISTING
from balai.registry.importing.parse import ParsedRow, parse_row
from balai.registry.importing.reader import RawRow, read_rows
from balai.registry.models import POPULATION_DELTA, EventKind, Family, LifeEvent, Resident
from balai.registry.validation import identity_checkers, village_code

CHUNK = 5000
MAX_KEPT_ROWS = 200_000
CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
# What a row's outcome is called on screen (the codes stay in the report and the URL).
ACTION_LABELS = {
    CREATE: gettext_lazy("Baru"),
    UPDATE: gettext_lazy("Diperbarui"),
    UNCHANGED: gettext_lazy("Tetap"),
    ERROR: gettext_lazy("Galat"),
}
REQUIRED_FOR_NEW = ("name", "sex", "family_relation")


@dataclass
class RowOutcome:
    line: int
    sheet: str
    action: str
    nik: str
    name: str
    diff: dict[str, list[Any]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    village: str
    committed: bool
    counts: Counter[str] = field(default_factory=Counter)
    rows: list[RowOutcome] = field(default_factory=list)
    new_areas: list[str] = field(default_factory=list)
    new_families: int = 0
    warnings: int = 0
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds per step (SQL path)
    # CPU seconds per step (SQL path): this process's, and the database
    # backend's when it runs on this machine (read from /proc; else absent).
    cpu: dict[str, float] = field(default_factory=dict)
    db_cpu: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        """Return the one-line Indonesian summary printed by the command and pages."""
        verb = _("diimpor") if self.committed else _("uji coba (belum disimpan)")
        return _(
            "%(verb)s: %(c)d baru, %(u)d diperbarui, %(n)d tetap, %(e)d galat; "
            "%(f)d keluarga baru, %(a)d wilayah baru; %(s).1f dtk."
        ) % {
            "verb": verb,
            "c": self.counts[CREATE],
            "u": self.counts[UPDATE],
            "n": self.counts[UNCHANGED],
            "e": self.counts[ERROR],
            "f": self.new_families,
            "a": len(self.new_areas),
            "s": self.seconds,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "village": self.village,
            "committed": self.committed,
            "counts": {k: self.counts[k] for k in (CREATE, UPDATE, UNCHANGED, ERROR)},
            "new_areas": self.new_areas,
            "new_families": self.new_families,
            "rows": [r.__dict__ for r in self.rows],
        }


def _chunks(rows: Iterable[RawRow], size: int) -> Iterator[list[RawRow]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


class _Family:
    """What the import needs of a family: a slotted record, not a model (270k of them)."""

    __slots__ = ("address", "area_id", "no_kk", "pk")

    def __init__(self, no_kk: str, area_id: str, address: str, pk: int | None = None) -> None:
        self.no_kk, self.area_id, self.address, self.pk = no_kk, area_id, address, pk


class _Context:
    """State carried across chunks: NIKs seen, families, areas, temporary numbers."""

    def __init__(self, village: Area, *, commit: bool, may_name: Callable[[str], bool]) -> None:
        self.village = village
        self.commit = commit
        self.may_name = may_name
        self.areas = AreaResolver(village, create=commit)
        self.seen: dict[str, int] = {}
        self.families: dict[str, _Family] = {}
        self.unsaved: list[_Family] = []
        self.today = timezone.localdate()
        prefix = "0" + village.code.replace(".", "")
        last = (
            Resident.objects.filter(nik__startswith=prefix)
            .order_by("-nik")
            .values_list("nik", flat=True)
            .first()
        )
        self.next_temporary = int(last[-5:]) + 1 if last else 1
        self.new_families = 0

    def temporary_nik(self) -> str:
        value = temporary_nik(self.village.code, self.next_temporary)
        self.next_temporary += 1
        return value


def run_import(
    path: Path,
    *,
    village: Area,
    actor: Any = None,
    commit: bool,
    keep_rows: bool = True,
    may_name_village: Callable[[str], bool] = lambda code: False,
    progress: Callable[[int], None] | None = None,
    engine: str = "auto",
) -> ImportReport:
    """Check (and with *commit*, apply) a resident file for *village*.

    On PostgreSQL the file is checked set-based in the database
    (``pg_import``); *engine* ``"python"`` forces the row-by-row path that
    SQLite uses, which gives the same report and the same rows.
    """
    if engine not in ("auto", "python", "sql"):
        raise ValueError(engine)
    if engine == "sql" or (engine == "auto" and connection.vendor == "postgresql"):
        from balai.registry.importing.pg_import import run_import_sql

        return run_import_sql(
            path,
            village=village,
            actor=actor,
            commit=commit,
            keep_rows=keep_rows,
            may_name_village=may_name_village,
            progress=progress,
        )
    started = time.perf_counter()
    report = ImportReport(village=village.code, committed=commit)
    ctx = _Context(village, commit=commit, may_name=may_name_village)
    exists, retired = identity_checkers()
    atomic = transaction.atomic() if commit else contextlib.nullcontext()
    done = 0
    with atomic:
        for chunk in _chunks(read_rows(path), CHUNK):
            parsed = [_parse(raw, ctx, exists, retired) for raw in chunk]
            outcomes = _classify_chunk(parsed, ctx)
            for outcome in outcomes:
                keep_outcome(report, outcome, keep_rows=keep_rows)
            done += len(chunk)
            if progress:
                progress(done)
        report.new_areas = ctx.areas.planned
        report.new_families = ctx.new_families
        if commit:
            record_import(report, path=path, village=village, actor=actor)
    report.seconds = time.perf_counter() - started
    return report


def record_import(report: ImportReport, *, path: Path, village: Area, actor: Any) -> None:
    """Audit a committed import and invalidate the village's statistics (in its transaction)."""
    if not (report.counts[CREATE] or report.counts[UPDATE]):
        return
    from balai.registry.stats.summary import invalidate

    audit.record(
        actor=actor,
        action="registry.imported",
        obj=village,
        data={"file": path.name, "counts": dict(report.counts), "new_areas": len(report.new_areas)},
    )
    invalidate([village.code])  # inside the import's transaction: no stale read in between


def keep_outcome(report: ImportReport, outcome: RowOutcome, *, keep_rows: bool) -> None:
    """Count *outcome* and keep it in the report (errors always, others up to a limit)."""
    report.counts[outcome.action] += 1
    report.warnings += len(outcome.warnings)
    if outcome.action == ERROR or (keep_rows and len(report.rows) < MAX_KEPT_ROWS):
        report.rows.append(outcome)


# The messages of the classification, shared by the Python and the SQL path.
def duplicate_message(nik: str, first_line: int) -> str:
    return _("NIK %(nik)s sudah muncul di baris %(n)d berkas ini.") % {"nik": nik, "n": first_line}


def other_village_message(nik: str, holder: str, may_name: Callable[[str], bool]) -> str:
    where = Area.objects.get(code=holder).name if may_name(holder) else _("desa lain")
    return _("NIK %(nik)s sudah terdaftar di %(where)s.") % {"nik": nik, "where": where}


def blocked_message(columns: list[str]) -> str:
    return _(
        "Kolom %(cols)s penduduk yang sudah ada hanya dapat diubah lewat peristiwa "
        "(pindah, pecah KK, kematian …), bukan lewat impor."
    ) % {"cols": ", ".join(columns)}


def missing_message(columns: list[str]) -> str:
    return _("Penduduk baru wajib mengisi kolom: %(cols)s.") % {"cols": ", ".join(columns)}


def kk_elsewhere_message(no_kk: str) -> str:
    return _("No. KK %(kk)s terdaftar di desa lain.") % {"kk": no_kk}


def temporary_warning(nik: str) -> str:
    return _("Tanpa NIK: diberi NIK sementara %(nik)s.") % {"nik": nik}


def event_notes() -> tuple[str, dict[int, str], str]:
    """Return the notes of import events: registered alive, by other status, changed."""
    with_status = _("Diimpor dengan status %(s)s")
    return (
        _("Diimpor dari berkas"),
        {s.value: with_status % {"s": s.label} for s in codes.BasicStatus},
        _("Diperbarui lewat impor"),
    )


def _parse(
    raw: RawRow, ctx: _Context, exists: Callable[[str], bool], retired: Callable[[str], bool]
) -> ParsedRow:
    if "__error__" in raw.cells:
        row = ParsedRow(line=raw.line, sheet=raw.sheet)
        row.errors.append(str(raw.cells["__error__"]))
        return row
    return parse_row(
        raw.cells,
        line=raw.line,
        sheet=raw.sheet,
        today=ctx.today,
        kecamatan_exists=exists,
        retired_kecamatan=retired,
    )


def _classify_chunk(rows: list[ParsedRow], ctx: _Context) -> list[RowOutcome]:
    niks = {r.values["nik"] for r in rows if r.ok and r.values.get("nik")}
    existing = {r.nik: r for r in Resident.objects.filter(nik__in=niks).select_related("family")}
    kks = {r.no_kk for r in rows if r.no_kk and r.no_kk not in ctx.families}
    for no_kk, pk, area_id, address in Family.objects.filter(no_kk__in=kks).values_list(
        "no_kk", "pk", "area_id", "address"
    ):
        ctx.families[no_kk] = _Family(no_kk, area_id, address, pk)
    unnumbered = [r for r in rows if r.ok and not r.values.get("nik")]
    matches = _match_without_nik(unnumbered, ctx) if unnumbered else {}
    outcomes: list[RowOutcome] = []
    new: list[tuple[dict[str, Any], RowOutcome]] = []
    changed: list[tuple[Resident, RowOutcome]] = []
    for row in rows:
        outcome, resident, is_new = _classify(row, ctx, existing, matches)
        outcomes.append(outcome)
        if resident is not None:
            (new if is_new else changed).append((resident, outcome))
    if ctx.commit:
        _write(new, changed, ctx)
    return outcomes


def _match_without_nik(
    rows: list[ParsedRow], ctx: _Context
) -> dict[tuple[str, str, date | None], Resident]:
    """Find people already in the village by name + birth place + birth date (OpenSID's rule)."""
    born = {r.values.get("birth_date") for r in rows} - {None}
    found = Resident.objects.filter(area__within=ctx.village.code, birth_date__in=born)
    return {
        (p.name.upper(), p.birth_place.upper(), p.birth_date): p
        for p in found.select_related("family")
    }


def _outcome(row: ParsedRow, action: str, **kw: Any) -> RowOutcome:
    return RowOutcome(
        line=row.line,
        sheet=row.sheet,
        action=action,
        nik=row.values.get("nik", "") or row.nik_raw,
        name=row.values.get("name", ""),
        errors=list(row.errors),
        warnings=list(row.warnings),
        **kw,
    )


def _fail(row: ParsedRow, message: str) -> tuple[RowOutcome, None, bool]:
    row.errors.append(message)
    return _outcome(row, ERROR), None, False


def _classify(
    row: ParsedRow,
    ctx: _Context,
    existing: dict[str, Resident],
    matches: dict[tuple[str, str, date | None], Resident],
) -> tuple[RowOutcome, Any, bool]:
    if not row.ok:
        return _outcome(row, ERROR), None, False
    nik = row.values.get("nik", "")
    if nik:
        if nik in ctx.seen:
            return _fail(row, duplicate_message(nik, ctx.seen[nik]))
        ctx.seen[nik] = row.line
    try:
        area_code = ctx.areas.resolve(row.dusun, row.rw, row.rt)
    except ValueError as exc:
        return _fail(row, str(exc))
    current = (
        existing.get(nik)
        if nik
        else matches.get(
            (
                row.values.get("name", "").upper(),
                row.values.get("birth_place", "").upper(),
                row.values.get("birth_date"),
            )
        )
    )
    if current is not None:
        return _classify_existing(row, ctx, current, area_code)
    return _classify_new(row, ctx, area_code)


def _classify_existing(
    row: ParsedRow, ctx: _Context, current: Resident, area_code: str
) -> tuple[RowOutcome, Resident | None, bool]:
    if village_code(current.area_id) != ctx.village.code:
        holder = village_code(current.area_id)
        return _fail(row, other_village_message(current.nik, holder, ctx.may_name))
    values = {k: v for k, v in row.values.items() if not (k == "nik" and not v)}
    diff = {
        k: [_plain(getattr(current, k)), _plain(v)]
        for k, v in values.items()
        if getattr(current, k) != v
    }
    blocked = [k for k in diff if k in PROTECTED_FOR_EXISTING]
    if row.no_kk and current.family and row.no_kk != current.family.no_kk:
        blocked.append("no_kk")
    if (row.dusun or row.rw or row.rt) and area_code != current.area_id:
        blocked.append("dusun/rw/rt")
    if blocked:
        return _fail(row, blocked_message(blocked))
    if not diff:
        return _outcome(row, UNCHANGED), None, False
    for key, (_old, _new) in diff.items():
        setattr(current, key, values[key])
    return _outcome(row, UPDATE, diff=diff), current, False


def _classify_new(
    row: ParsedRow, ctx: _Context, area_code: str
) -> tuple[RowOutcome, dict[str, Any] | None, bool]:
    missing = [BY_NAME_FIELD[k] for k in REQUIRED_FOR_NEW if not row.values.get(k)]
    if not row.no_kk:
        missing.append("no_kk")
    if missing:
        return _fail(row, missing_message(missing))
    family = ctx.families.get(row.no_kk)
    if (
        family is not None
        and family.pk is not None
        and village_code(family.area_id) != ctx.village.code
    ):
        return _fail(row, kk_elsewhere_message(row.no_kk))
    if family is None:
        family = _Family(row.no_kk, area_code, row.address)
        ctx.families[row.no_kk] = family
        ctx.unsaved.append(family)
        ctx.new_families += 1
    elif (
        row.values.get("family_relation") == codes.FamilyRelation.HEAD
        and row.address
        and not family.address
    ):
        family.address = row.address
    # A plain dict, not a model instance: a million Model() calls cost more than the rest.
    resident: dict[str, Any] = {**row.values, "area_id": area_code, "_family": row.no_kk}
    if not resident.get("nik"):
        resident["nik"] = ctx.temporary_nik()
        resident["nik_is_temporary"] = True
        row.warnings.append(temporary_warning(resident["nik"]))
    resident.setdefault("status", codes.BasicStatus.ALIVE)
    return _outcome(row, CREATE), resident, True


BY_NAME_FIELD = {c.field: c.name for c in BY_NAME.values() if c.field}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _write(
    new: list[tuple[dict[str, Any], RowOutcome]],
    changed: list[tuple[Resident, RowOutcome]],
    ctx: _Context,
) -> None:
    ctx.areas.flush()
    fresh, ctx.unsaved = ctx.unsaved, []
    ids = insert_rows(
        Family, [{"no_kk": f.no_kk, "area_id": f.area_id, "address": f.address} for f in fresh]
    )
    for family, pk in zip(fresh, ids, strict=True):
        family.pk = pk
    rows = []
    for resident, _o in new:
        family_key = resident.pop("_family")
        resident["family_id"] = ctx.families[family_key].pk
        rows.append(resident)
    resident_ids = insert_rows(Resident, rows)
    today = ctx.today
    imported, status_notes, changed_note = event_notes()
    events = [
        {
            "resident_id": pk,
            "kind": EventKind.REGISTERED,
            "event_date": today,
            "report_date": today,
            "entry_date": today,
            "area_id": r["area_id"],
            "sex": r["sex"],
            "delta": POPULATION_DELTA[EventKind.REGISTERED]
            if r["status"] == codes.BasicStatus.ALIVE
            else 0,
            "note": imported
            if r["status"] == codes.BasicStatus.ALIVE
            else status_notes[r["status"]],
        }
        for pk, r in zip(resident_ids, rows, strict=True)
    ]
    if changed:
        fields = sorted({k for _r, o in changed for k in o.diff} | {"updated_at"})
        now = timezone.now()
        for person, _o in changed:
            person.updated_at = now
        Resident.objects.bulk_update([r for r, _o in changed], fields, batch_size=1000)
        events += [
            {
                "resident_id": r.pk,
                "kind": EventKind.CHANGE,
                "event_date": today,
                "report_date": today,
                "entry_date": today,
                "area_id": r.area_id,
                "sex": r.sex,
                "delta": 0,
                "changes": o.diff,
                "note": changed_note,
            }
            for r, o in changed
        ]
    insert_rows(LifeEvent, events, returning=False)
