"""The resident import on PostgreSQL, set-based (part 2: classify, write, report).

After ``pg_staging`` has typed every row, a few statements decide each row's
fate exactly as ``engine._classify`` does row by row: errors, a NIK seen
earlier in the file, dusun/RW/RT (resolved by ``AreaResolver`` once per
distinct label triple, in order of first use), existing residents (by NIK, or
by name + birth place + birth date without NIK) → update with a field diff,
unchanged or refused, and new residents with their families and temporary NIKs.
The commit is three INSERT … SELECT (families, residents with their events)
and one UPDATE, in the caller's single transaction. Messages come from the
same functions the Python path uses.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import psycopg
from django.db import connection, transaction
from django.utils import timezone
from psycopg import Cursor

from balai.regions.models import Area
from balai.registry import codes
from balai.registry.bulk import _defaults
from balai.registry.identifiers import TEMPORARY_MAX_SEQUENCE, temporary_nik
from balai.registry.importing.areas import AreaResolver
from balai.registry.importing.columns import PROTECTED_FOR_EXISTING
from balai.registry.importing.engine import (
    BY_NAME_FIELD,
    CHUNK,
    CREATE,
    ERROR,
    MAX_KEPT_ROWS,
    REQUIRED_FOR_NEW,
    UNCHANGED,
    UPDATE,
    ImportReport,
    RowOutcome,
    blocked_message,
    duplicate_message,
    event_notes,
    kk_elsewhere_message,
    missing_message,
    other_village_message,
    record_import,
    temporary_warning,
)
from balai.registry.importing.pg_indexes import (
    check_deferred,
    drop_secondary_indexes,
    recreate_indexes,
    worth_rebuilding,
)
from balai.registry.importing.pg_staging import (
    FIELDS,
    Staged,
    create_tables,
    parse_staged,
    stage_file,
)
from balai.registry.models import EventKind, Resident
from balai.registry.validation import _kecamatan_codes, identity_checkers

TABLES = (
    "imp_raw, imp_row, imp_kec, imp_codes, imp_bad, imp_dup, imp_area, imp_match, imp_out, imp_tmp"
)
FIELD_NAMES: tuple[str, ...] = tuple(str(c.field) for c in FIELDS)
VALID = ("create", "update", "unchanged")
ROW_KEYS = "ord, nik, no_kk, dusun, rw, rt, errors, name, birth_place, birth_date"
OUT_KEYS = "ord, verdict, nik, no_kk, family_id, resident_id, family_relation, address"


class _Clock:
    """Wall time, this process's CPU time and the database backend's CPU time per step.

    On a shared machine the wall clock mostly measures the other users; the
    backend's CPU (from ``/proc/<pid>/stat`` when the server runs here) tells
    where the import's own work goes.
    """

    def __init__(self, report: ImportReport, backend_pid: int | None = None) -> None:
        self.report = report
        self.stat = Path(f"/proc/{backend_pid}/stat") if backend_pid else None
        self.running: dict[str, tuple[float, float, float | None]] = {}

    def _db_cpu(self) -> float | None:
        if self.stat is None:
            return None
        try:
            fields = self.stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            self.stat = None
            return None
        # utime and stime, fields 14 and 15 of stat(5), in clock ticks.
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def start(self, name: str) -> None:
        self.running[name] = (time.perf_counter(), time.process_time(), self._db_cpu())

    def stop(self, name: str) -> None:
        started, cpu, db = self.running.pop(name)
        report = self.report
        report.phases[name] = report.phases.get(name, 0.0) + time.perf_counter() - started
        report.cpu[name] = report.cpu.get(name, 0.0) + time.process_time() - cpu
        if db is not None and (after := self._db_cpu()) is not None:
            report.db_cpu[name] = report.db_cpu.get(name, 0.0) + after - db

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        self.start(name)
        yield
        self.stop(name)


def run_import_sql(
    path: Path,
    *,
    village: Area,
    actor: Any,
    commit: bool,
    keep_rows: bool,
    may_name_village: Callable[[str], bool],
    progress: Callable[[int], None] | None,
) -> ImportReport:
    """Check (and with *commit*, apply) *path* for *village*, set-based in PostgreSQL."""
    started = time.perf_counter()
    report = ImportReport(village=village.code, committed=commit)
    today = timezone.localdate()
    exists, retired = identity_checkers()
    connection.ensure_connection()
    info = connection.connection.info
    # The backend's /proc entry is this machine's only if the server runs here.
    local = info.host.startswith("/") or info.host in ("localhost", "127.0.0.1", "::1")
    clock = _Clock(report, info.backend_pid if local else None)
    with transaction.atomic():
        raw = connection.connection  # psycopg connection inside Django's transaction
        with raw.cursor() as cur:
            with clock.phase("setup"):
                cur.execute(f"DROP TABLE IF EXISTS {TABLES}")
                _tune(cur)
                create_tables(cur, _kecamatan_codes())
            with clock.phase("stage"):
                staged = stage_file(cur, path, progress)
            with clock.phase("parse"):
                report.phases["python_rows"] = parse_staged(
                    cur, staged, today=today, kecamatan_exists=exists, retired_kecamatan=retired
                )
                # Statistics only for the columns later joins and filters read.
                cur.execute(f"ANALYZE imp_row ({ROW_KEYS})")
            resolver = AreaResolver(village, create=commit)
            with clock.phase("classify"):
                _classify(cur, village, resolver)
                cur.execute(f"ANALYZE imp_out ({OUT_KEYS})")
            outcomes = _Outcomes(cur, village, staged, may_name_village, today)
            with clock.phase("report"):
                outcomes.fill(report, keep_rows=keep_rows)
            report.new_areas = resolver.planned
            if commit:
                with clock.phase("write"):
                    resolver.flush()
                    _write(
                        cur,
                        village,
                        outcomes.temporary_base,
                        today,
                        clock,
                        new_rows=report.counts.get(CREATE, 0),
                    )
                with clock.phase("audit"):
                    record_import(report, path=path, village=village, actor=actor)
            else:
                transaction.set_rollback(True)
            cur.execute(f"DROP TABLE IF EXISTS {TABLES}")
        clock.start("commit")
    clock.stop("commit")
    if progress:
        progress(staged.rows)
    report.seconds = time.perf_counter() - started
    return report


def _tune(cur: Cursor[Any]) -> None:
    """Give this transaction room to sort and hash a million rows in memory."""
    cur.execute("SET LOCAL work_mem = '256MB'")
    # JIT would spend longer compiling the wide parse expression than running it.
    cur.execute("SET LOCAL jit = off")
    # Temporary tables live in temp_buffers (8 MB by default), which can only
    # grow before the session's first temporary table: try, in a savepoint.
    try:
        with transaction.atomic():
            cur.execute("SET LOCAL temp_buffers = '256MB'")
    except psycopg.Error:
        pass


def _classify(cur: Cursor[Any], village: Area, resolver: AreaResolver) -> None:
    code = village.code
    # A NIK seen on an earlier valid row (engine: ctx.seen).
    cur.execute(
        "CREATE TEMP TABLE imp_dup ON COMMIT DROP AS SELECT d.nik, d.first_ord, p.line AS "
        "first_line FROM (SELECT nik, min(ord) AS first_ord FROM imp_row WHERE "
        "cardinality(errors) = 0 AND nik <> '' GROUP BY nik HAVING count(*) > 1) d "
        "JOIN imp_row p ON p.ord = d.first_ord"
    )
    # Dusun/RW/RT: AreaResolver on each distinct triple, in order of first use.
    cur.execute(
        "SELECT p.dusun, p.rw, p.rt FROM imp_row p LEFT JOIN imp_dup d ON d.nik = p.nik "
        "AND p.ord > d.first_ord WHERE cardinality(p.errors) = 0 AND d.nik IS NULL "
        "GROUP BY 1, 2, 3 ORDER BY min(p.ord)"
    )
    resolved: list[tuple[str, str, str, str | None, str | None]] = []
    for dusun, rw, rt in cur.fetchall():
        try:
            resolved.append((dusun, rw, rt, resolver.resolve(dusun, rw, rt), None))
        except ValueError as exc:
            resolved.append((dusun, rw, rt, None, str(exc)))
    cur.execute(
        "CREATE TEMP TABLE imp_area (dusun text, rw text, rt text, code text, message text) "
        "ON COMMIT DROP"
    )
    with cur.copy("COPY imp_area FROM STDIN") as copy:
        for item in resolved:
            copy.write_row(item)
    _match(cur, code)
    diff = ", ".join(
        f"'{f}', CASE WHEN p.{f} IS NOT NULL AND p.{f} IS DISTINCT FROM cur.{f} "
        f"THEN jsonb_build_array(cur.{f}, p.{f}) END"
        for f in FIELD_NAMES
    )
    cur.execute(
        "CREATE TEMP TABLE imp_out ON COMMIT DROP AS SELECT c.*, CASE "  # noqa: S608 -- identifiers from code, values bound
        "WHEN cardinality(c.errors) > 0 THEN 'parse' "
        "WHEN c.dup_line IS NOT NULL THEN 'dup' "
        "WHEN c.area_message IS NOT NULL THEN 'area' "
        "WHEN c.resident_id IS NOT NULL THEN CASE "
        "  WHEN c.holder <> %(village)s THEN 'elsewhere' "
        "  WHEN c.diff ?| %(protected)s OR c.kk_blocked OR c.area_blocked THEN 'blocked' "
        "  WHEN c.diff = '{}'::jsonb THEN 'unchanged' ELSE 'update' END "
        "WHEN coalesce(c.name, '') = '' OR c.sex IS NULL OR c.family_relation IS NULL "
        "  OR c.no_kk = '' THEN 'missing' "
        "WHEN c.family_id IS NOT NULL AND c.family_village <> %(village)s THEN 'kk_elsewhere' "
        "ELSE 'create' END AS verdict "
        "FROM (SELECT p.*, d.first_line AS dup_line, a.code AS area_code, "
        "a.message AS area_message, cur.id AS resident_id, cur.nik AS resident_nik, "
        "left(cur.area_id, 13) AS holder, "
        "CASE WHEN cur.id IS NOT NULL THEN jsonb_strip_nulls(jsonb_build_object("
        f"{diff})) END AS diff, "
        "coalesce(p.no_kk <> '' AND cf.no_kk IS NOT NULL AND p.no_kk <> cf.no_kk, false) "
        "AS kk_blocked, "
        "coalesce((p.dusun <> '' OR p.rw <> '' OR p.rt <> '') AND a.code <> cur.area_id, false) "
        "AS area_blocked, "
        "f.id AS family_id, left(f.area_id, 13) AS family_village "
        "FROM imp_row p "
        "LEFT JOIN imp_dup d ON d.nik = p.nik AND p.ord > d.first_ord "
        "LEFT JOIN imp_area a ON a.dusun = p.dusun AND a.rw = p.rw AND a.rt = p.rt "
        "LEFT JOIN imp_match m ON m.ord = p.ord "
        "LEFT JOIN registry_resident cur ON cur.id = m.resident_id "
        "LEFT JOIN registry_family cf ON cf.id = cur.family_id "
        "LEFT JOIN registry_family f ON f.no_kk = p.no_kk AND p.no_kk <> '' "
        "OFFSET 0) c",
        {"village": code, "protected": list(PROTECTED_FOR_EXISTING)},
    )


def _match(cur: Cursor[Any], code: str) -> None:
    """Fill ``imp_match`` (row → existing resident): by NIK, else name + birth place + date."""
    cur.execute("CREATE TEMP TABLE imp_match (ord int, resident_id bigint) ON COMMIT DROP")
    cur.execute(
        "INSERT INTO imp_match SELECT p.ord, r.id FROM imp_row p JOIN registry_resident r "
        "ON r.nik = p.nik WHERE p.nik <> '' AND cardinality(p.errors) = 0"
    )
    # Without NIK (engine._match_without_nik): upper() agrees with Python's
    # str.upper() on ASCII; other names are matched in Python below.
    within = "(r.area_id = %(v)s OR r.area_id LIKE %(prefix)s)"
    cur.execute(
        "INSERT INTO imp_match SELECT p.ord, max(r.id) FROM imp_row p JOIN registry_resident r "  # noqa: S608 -- identifiers from code, values bound
        "ON r.birth_date = p.birth_date AND upper(r.name) = upper(coalesce(p.name, '')) "
        "AND upper(r.birth_place) = upper(coalesce(p.birth_place, '')) "
        f"WHERE {within} AND p.nik = '' AND cardinality(p.errors) = 0 "
        "AND p.birth_date IS NOT NULL "
        "AND coalesce(p.name, '') || coalesce(p.birth_place, '') ~ '^[ -~]*$' GROUP BY p.ord",
        {"v": code, "prefix": code + ".%"},
    )
    cur.execute(
        "SELECT ord, coalesce(name, ''), coalesce(birth_place, ''), birth_date FROM imp_row "
        "WHERE nik = '' AND cardinality(errors) = 0 AND birth_date IS NOT NULL "
        "AND coalesce(name, '') || coalesce(birth_place, '') !~ '^[ -~]*$'"
    )
    odd: list[tuple[int, str, str, date]] = cur.fetchall()
    if not odd:
        return
    found = Resident.objects.filter(area__within=code, birth_date__in={r[3] for r in odd})
    people = {
        (name.upper(), place.upper(), born): pk
        for pk, name, place, born in found.values_list("pk", "name", "birth_place", "birth_date")
    }
    matched = [
        (ord_, people[key])
        for ord_, name, place, born in odd
        if (key := (name.upper(), place.upper(), born)) in people
    ]
    with cur.copy("COPY imp_match FROM STDIN") as copy:
        for item in matched:
            copy.write_row(item)


class _Outcomes:
    """Turn ``imp_out`` into the report: counts, warnings and the kept rows."""

    def __init__(
        self,
        cur: Cursor[Any],
        village: Area,
        staged: Staged,
        may_name: Callable[[str], bool],
        today: date,
    ) -> None:
        self.cur = cur
        self.village = village
        self.staged = staged
        self.may_name = may_name
        self.today = today
        self.temporary_base = 1
        self.where: dict[str, str] = {}

    def fill(self, report: ImportReport, *, keep_rows: bool) -> None:
        cur = self.cur
        cur.execute(
            "CREATE TEMP TABLE imp_tmp ON COMMIT DROP AS SELECT ord, "
            "row_number() OVER (ORDER BY ord)::int AS n FROM imp_out "
            "WHERE verdict = 'create' AND nik = ''"
        )
        cur.execute("SELECT count(*) FROM imp_tmp")
        temporary = int((cur.fetchone() or (0,))[0])
        if temporary:
            prefix = "0" + self.village.code.replace(".", "")
            last = (
                Resident.objects.filter(nik__startswith=prefix)
                .order_by("-nik")
                .values_list("nik", flat=True)
                .first()
            )
            self.temporary_base = int(last[-5:]) + 1 if last else 1
            if self.temporary_base + temporary - 1 > TEMPORARY_MAX_SEQUENCE:
                # The ValueError the Python path raises at the first number too many.
                temporary_nik(
                    self.village.code, max(self.temporary_base, TEMPORARY_MAX_SEQUENCE + 1)
                )
        cur.execute(
            "SELECT count(*) FILTER (WHERE verdict = 'create'), "
            "count(*) FILTER (WHERE verdict = 'update'), "
            "count(*) FILTER (WHERE verdict = 'unchanged'), "
            "count(*) FILTER (WHERE verdict NOT IN ('create', 'update', 'unchanged')), "
            "coalesce(sum(cardinality(warnings)), 0), "
            "count(DISTINCT no_kk) FILTER (WHERE verdict = 'create' AND family_id IS NULL) "
            "FROM imp_out"
        )
        created, updated, unchanged, errors, warnings, families = cur.fetchone() or (0,) * 6
        for outcome in self._rows(keep_rows):
            if outcome.action == ERROR or (keep_rows and len(report.rows) < MAX_KEPT_ROWS):
                report.rows.append(outcome)
        report.warnings = int(warnings) + temporary
        report.new_families = int(families)
        for action, total in ((CREATE, created), (UPDATE, updated), (UNCHANGED, unchanged)):
            report.counts[action] = int(total)
        report.counts[ERROR] = int(errors)
        for action in (CREATE, UPDATE, UNCHANGED, ERROR):
            if not report.counts[action]:
                del report.counts[action]

    def _rows(self, keep_rows: bool) -> Iterator[RowOutcome]:
        limit = f"OR rank <= {MAX_KEPT_ROWS}" if keep_rows else ""
        # A server-side cursor: the kept rows stream in batches.
        self.rows_cursor = self.cur.connection.cursor(name="imp_report_rows")
        self.rows_cursor.execute(
            "SELECT o.ord, o.line, o.sheet, o.verdict, o.nik, o.nik_raw, o.name, o.no_kk, "  # noqa: S608 -- identifiers from code, values bound
            "o.errors, o.warnings, o.diff, o.dup_line, o.area_message, o.resident_nik, "
            "o.holder, o.sex, o.family_relation, o.kk_blocked, o.area_blocked, t.n "
            "FROM (SELECT *, CASE WHEN verdict IN ('create', 'update', 'unchanged') THEN "
            "row_number() OVER (PARTITION BY verdict IN ('create', 'update', 'unchanged') "
            "ORDER BY ord) END AS rank FROM imp_out) o LEFT JOIN imp_tmp t ON t.ord = o.ord "
            f"WHERE o.verdict NOT IN ('create', 'update', 'unchanged') {limit} ORDER BY o.ord"
        )
        prefix_village = self.village.code
        order = self.staged.field_order
        while batch := self.rows_cursor.fetchmany(CHUNK):
            for (
                _ord,
                line,
                sheet,
                verdict,
                nik,
                nik_raw,
                name,
                no_kk,
                errors,
                warnings,
                diff,
                dup_line,
                area_message,
                resident_nik,
                holder,
                sex,
                relation,
                kk_blocked,
                area_blocked,
                temp_n,
            ) in batch:
                if isinstance(diff, str):  # Django's connection loads jsonb as text
                    diff = json.loads(diff)
                sheet_name = self.staged.sheets[sheet]
                outcome = RowOutcome(
                    line=line,
                    sheet=sheet_name,
                    action=ERROR if verdict not in VALID else verdict,
                    nik=nik or nik_raw,
                    name=name or "",
                    errors=list(errors),
                    warnings=list(warnings),
                )
                keys = order.get(sheet_name, {})
                if verdict == "dup":
                    outcome.errors.append(duplicate_message(nik, dup_line))
                elif verdict == "area":
                    outcome.errors.append(area_message)
                elif verdict == "elsewhere":
                    outcome.errors.append(
                        other_village_message(resident_nik, holder, self.may_name)
                    )
                elif verdict == "blocked":
                    ordered = sorted(diff, key=lambda k: keys.get(k, 99))
                    columns = [k for k in ordered if k in PROTECTED_FOR_EXISTING]
                    if kk_blocked:
                        columns.append("no_kk")
                    if area_blocked:
                        columns.append("dusun/rw/rt")
                    outcome.errors.append(blocked_message(columns))
                elif verdict == "missing":
                    present = {"name": name, "sex": sex, "family_relation": relation}
                    missing = [BY_NAME_FIELD[k] for k in REQUIRED_FOR_NEW if not present[k]]
                    if not no_kk:
                        missing.append("no_kk")
                    outcome.errors.append(missing_message(missing))
                elif verdict == "kk_elsewhere":
                    outcome.errors.append(kk_elsewhere_message(no_kk))
                elif verdict == UPDATE:
                    outcome.diff = {k: diff[k] for k in sorted(diff, key=lambda k: keys.get(k, 99))}
                elif verdict == CREATE and temp_n is not None:
                    number = temporary_nik(prefix_village, self.temporary_base + temp_n - 1)
                    outcome.warnings.append(temporary_warning(number))
                yield outcome
        self.rows_cursor.close()


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _write(
    cur: Cursor[Any],
    village: Area,
    temporary_base: int,
    today: date,
    clock: _Clock,
    *,
    new_rows: int,
) -> None:
    now = timezone.now()
    # A large load into a small table: build the indexes after the rows.
    dropped = drop_secondary_indexes(cur) if worth_rebuilding(cur, new_rows) else []
    _write_rows(cur, village, temporary_base, today, clock, now)
    if dropped:
        with clock.phase("write_checks"):
            check_deferred(cur)
        with clock.phase("write_indexes"):
            recreate_indexes(cur, dropped)


def _write_rows(
    cur: Cursor[Any], village: Area, temporary_base: int, today: date, clock: _Clock, now: Any
) -> None:
    with clock.phase("write_families"):
        # A new family takes the area and address of its first row; an empty
        # address is filled by a later head of family in the same chunk, as
        # engine._classify_new does before the chunk is written.
        cur.execute(
            "INSERT INTO registry_family (created_at, updated_at, no_kk, kk_is_temporary, "
            "area_id, address) "
            "WITH firsts AS (SELECT DISTINCT ON (no_kk) ord, no_kk, area_code, address "
            "FROM imp_out WHERE verdict = 'create' AND family_id IS NULL ORDER BY no_kk, ord), "
            "heads AS (SELECT DISTINCT ON (o.no_kk) o.no_kk, o.address FROM imp_out o "
            "JOIN firsts f ON f.no_kk = o.no_kk WHERE f.address = '' AND o.verdict = 'create' "
            "AND o.family_relation = %(head)s AND o.address <> '' AND o.ord > f.ord "
            "AND o.ord / %(chunk)s = f.ord / %(chunk)s ORDER BY o.no_kk, o.ord) "
            "SELECT %(now)s, %(now)s, f.no_kk, false, f.area_code, "
            "CASE WHEN f.address <> '' THEN f.address ELSE coalesce(h.address, '') END "
            "FROM firsts f LEFT JOIN heads h ON h.no_kk = f.no_kk ORDER BY f.ord",
            {"now": now, "head": codes.FamilyRelation.HEAD, "chunk": CHUNK},
        )
    alive, status_notes, changed_note = event_notes()
    # Absent cells take the model's defaults, as bulk.insert_rows gives them.
    _fields, defaults = _defaults(Resident)
    values = ", ".join(
        f"o.{f}" if defaults.get(f) is None else f"coalesce(o.{f}, %(d_{f})s)" for f in FIELD_NAMES
    )
    fields = ", ".join(FIELD_NAMES)
    notes = " ".join(f"WHEN {code} THEN %(note_{code})s" for code in status_notes)
    params: dict[str, Any] = {f"note_{code}": note for code, note in status_notes.items()}
    prefix = "0" + village.code.replace(".", "")
    params |= {
        "now": now,
        "today": today,
        "alive": codes.BasicStatus.ALIVE,
        "prefix": prefix,
        "base": temporary_base - 1,
        "registered": EventKind.REGISTERED,
        "change": EventKind.CHANGE,
        "changed_note": changed_note,
    }
    params |= {f"d_{f}": _plain(defaults.get(f)) for f in FIELD_NAMES}
    with clock.phase("write_residents"):
        cur.execute(
            "WITH ins AS (INSERT INTO registry_resident (created_at, updated_at, nik, "  # noqa: S608 -- identifiers from code, values bound
            f"nik_is_temporary, {fields}, phone, email, area_id, family_id) "
            "SELECT %(now)s, %(now)s, CASE WHEN o.nik = '' THEN %(prefix)s || "
            "lpad((%(base)s + t.n)::text, 5, '0') ELSE o.nik END, o.nik = '', "
            f"{values}, '', '', "
            "o.area_code, coalesce(o.family_id, fam.id) FROM imp_out o "
            "LEFT JOIN imp_tmp t ON t.ord = o.ord "
            "LEFT JOIN registry_family fam ON o.family_id IS NULL AND fam.no_kk = o.no_kk "
            "WHERE o.verdict = 'create' ORDER BY o.ord RETURNING id, area_id, sex, status) "
            "INSERT INTO registry_lifeevent (resident_id, kind, event_date, report_date, "
            "entry_date, area_id, sex, delta, move_scope, place, changes, note, created_at) "
            "SELECT id, %(registered)s, %(today)s, %(today)s, %(today)s, area_id, sex, "
            "CASE WHEN status = %(alive)s THEN 1 ELSE 0 END, '', '', '{}'::jsonb, "
            f"CASE status {notes} END, %(now)s FROM ins",
            params | {f"note_{codes.BasicStatus.ALIVE.value}": alive},
        )
    with clock.phase("write_updates"):
        sets = ", ".join(f"{f} = coalesce(o.{f}, r.{f})" for f in FIELD_NAMES)
        cur.execute(
            f"UPDATE registry_resident r SET {sets}, updated_at = %(now)s FROM imp_out o "  # noqa: S608 -- identifiers from code, values bound
            "WHERE o.verdict = 'update' AND r.id = o.resident_id",
            params,
        )
        cur.execute(
            "INSERT INTO registry_lifeevent (resident_id, kind, event_date, report_date, "
            "entry_date, area_id, sex, delta, move_scope, place, changes, note, created_at) "
            "SELECT r.id, %(change)s, %(today)s, %(today)s, %(today)s, r.area_id, r.sex, 0, "
            "'', '', o.diff, %(changed_note)s, %(now)s FROM imp_out o "
            "JOIN registry_resident r ON r.id = o.resident_id WHERE o.verdict = 'update' "
            "ORDER BY o.ord",
            params,
        )
