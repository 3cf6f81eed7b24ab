"""The welfare import's commit on PostgreSQL, set-based: COPY, checks in SQL, INSERT … SELECT.

The row-by-row check of ``welfare`` stays for the dry run and for SQLite;
this path does the same work in a handful of statements, for the 300,000-row
extracts of a kabupaten:

1. the extract streams from the stored file into a temporary staging table
   with ``COPY`` (one row in memory at a time; NIK and No. KK reduced to
   digits, and the household taken from the KK when the row has no register
   ID, by the same functions as the Python path);
2. the refusals are one query over the staging table, worded with the same
   translated texts (``welfare.problem_texts``) split around the typed value,
   so a refusal reads word for word as the dry run's; any refusal and
   nothing is written;
3. the matched rows (NIK in the register inside the job's area, the first
   row of a NIK kept) are one join into a second temporary table;
4. one ``UPDATE`` retires the entries the new round replaces (same source in
   the area, and any source for the residents it lists), and one
   ``INSERT … SELECT`` adds the new entries already current.

``staged_check`` returns the whole check (counts, refusals, unmatched rows,
matched entries) from the same statements, so tests compare it with the
Python path.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

from balai.core import areacodes
from balai.poverty import sheets, welfare
from balai.poverty.models import WelfareImport
from balai.poverty.welfare import Row, RowStatus, WelfareCheck

STAGE = "poverty_welfare_stage"
MATCHED = "poverty_welfare_matched"
# The Python path's desil parse (int(float(text)) written back as typed) accepts exactly these.
DESIL_OK = r"^(10|[1-9])([.,]0)?$"


def commit_job(job: WelfareImport, raw: Iterable[Row]) -> int:
    """Commit a welfare extract: set-based on PostgreSQL, row by row elsewhere."""
    if connection.vendor != "postgresql":
        return welfare.commit_job(job, raw)
    with transaction.atomic():
        welfare.refuse_older(job.area_id, job.source, job.snapshot_date)
        count = _stage(raw)
        errors = _problems(job.source, job.snapshot_date)
        if errors or not count:
            raise welfare.refused(len(errors))
        rows = _match(job.area_id)
        if not rows:
            raise welfare.refused(0)
        snapshot = welfare.snapshot_new(
            area_code=job.area_id,
            source=job.source,
            snapshot_date=job.snapshot_date,
            job=job,
            rows=rows,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE poverty_welfareentry e SET current = false WHERE e.current AND ("  # noqa: S608
                " ((e.area_id = %s OR e.area_id LIKE %s) AND e.snapshot_id IN"
                "  (SELECT s.id FROM poverty_welfaresnapshot s WHERE s.source = %s))"
                f" OR e.resident_id IN (SELECT m.resident_id FROM {MATCHED} m))",
                [job.area_id, job.area_id + ".%", job.source],
            )
            cursor.execute(
                "INSERT INTO poverty_welfareentry"  # noqa: S608 -- constant table names
                " (snapshot_id, resident_id, area_id, household_ref, no_kk, desil, current)"
                " SELECT %s, m.resident_id, m.village, m.hh, m.kk, m.desil, true"
                f" FROM {MATCHED} m",
                [snapshot.pk],
            )
        welfare.snapshot_saved(actor=job.uploaded_by, snapshot=snapshot)
        return rows


def staged_check(
    area_code: str, source: str, snapshot_date: Any, raw: Iterable[Row]
) -> WelfareCheck:
    """Return the check of ``welfare.check_rows`` computed by this module's SQL (PostgreSQL only)."""
    with transaction.atomic():
        welfare.refuse_older(area_code, source, snapshot_date)
        result = WelfareCheck(count=_stage(raw))
        result.errors = _problems(source, snapshot_date)
        result.counts[RowStatus.INVALID] = len(result.errors)
        _match(area_code)
        prefix = area_code + "."
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s.line, s.nik, r.area_id FROM {STAGE} s"  # noqa: S608 -- constant names
                " LEFT JOIN registry_resident r ON r.nik = s.nik AND length(s.nik) = 16"
                " WHERE NOT s.refused ORDER BY s.line"
            )
            for line, nik, area in cursor.fetchall():
                if len(nik) != 16:
                    status = RowStatus.BAD_NIK
                elif area is None:
                    status = RowStatus.UNKNOWN_NIK
                elif area == area_code or area.startswith(prefix):
                    continue
                else:
                    status = RowStatus.OUTSIDE
                result.counts[status] += 1
                result.unmatched.append((line, welfare._mask(nik), status))
            cursor.execute(
                f"SELECT resident_id, village, hh, kk, desil FROM {MATCHED} ORDER BY line"  # noqa: S608
            )
            result.matched = [tuple(r) for r in cursor.fetchall()]  # type: ignore[misc]
        if result.matched:
            result.counts[RowStatus.MATCHED] = len(result.matched)
        result.counts = Counter({k: v for k, v in result.counts.items() if v})
        return result


def _stage(raw: Iterable[Row]) -> int:
    """COPY the rows into a fresh temporary staging table; return how many."""
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{STAGE}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGE} (line integer, nik text, kk text, hh text,"
            " desil text, src text, day text, refused boolean NOT NULL DEFAULT false)"
            " ON COMMIT DROP"
        )
    raw_connection = connection.connection  # psycopg 3, inside Django's transaction
    with (
        raw_connection.cursor() as cursor,
        cursor.copy(f"COPY {STAGE} (line, nik, kk, hh, desil, src, day) FROM STDIN") as copy,
    ):
        for line, nik, kk, hh, desil, src, day in raw:
            count += 1
            copy.write_row(
                (
                    line,
                    sheets.digits(nik),
                    sheets.digits(kk)[:16],
                    _text(welfare.household_key(hh, kk)),
                    _text(desil),
                    _text(src),
                    _text(day),
                )
            )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {STAGE}")
    return count


def _text(value: str) -> str:
    # PostgreSQL text cannot hold NUL; no check reads one.
    return value.replace("\x00", "") if "\x00" in value else value


def _split(text: str, key: str) -> tuple[str, str]:
    before, _sep, after = text.partition(f"%({key})s")
    return before, after


def _problems(source: str, snapshot_date: Any) -> list[tuple[int, str]]:
    """Mark and return the refused rows (line, message), worded as ``welfare.check_rows`` does."""
    texts = welfare.problem_texts(source, snapshot_date)
    desil = _split(texts["desil"], "v")
    clash = _split(texts["clash"], "n")
    src = _split(texts["source"], "v")
    day = _split(texts["date"], "v")
    mask = (
        "CASE WHEN length(s.nik) > 10 THEN left(s.nik, 6) || repeat('*', length(s.nik) - 10)"
        " || right(s.nik, 4) ELSE repeat('*', length(s.nik)) END"
    )
    conditions = {
        "desil": f"s.desil !~ '{DESIL_OK}'",
        "hh": "s.hh = ''",
        "clash": "c.nik IS NOT NULL",
        "source": "s.src <> '' AND lower(s.src) <> %(source)s",
        "date": "s.day <> '' AND left(s.day, 10) <> %(day)s",
    }
    sql = f"""
    WITH clashes AS (
        SELECT nik FROM {STAGE} WHERE nik <> '' AND hh <> ''
        GROUP BY nik HAVING count(DISTINCT hh) > 1
    ),
    refused AS (
        SELECT s.line, concat_ws(' ',
            CASE WHEN {conditions["desil"]} THEN %(d0)s || left(s.desil, 10) || %(d1)s END,
            CASE WHEN {conditions["hh"]} THEN %(hh)s END,
            CASE WHEN {conditions["clash"]} THEN %(c0)s || {mask} || %(c1)s END,
            CASE WHEN {conditions["source"]} THEN %(s0)s || left(s.src, 12) || %(s1)s END,
            CASE WHEN {conditions["date"]} THEN %(t0)s || left(s.day, 12) || %(t1)s END
        ) AS message
        FROM {STAGE} s LEFT JOIN clashes c ON c.nik = s.nik
        WHERE {" OR ".join(f"({c})" for c in conditions.values())}
    ),
    marked AS (
        UPDATE {STAGE} s SET refused = true FROM refused r WHERE s.line = r.line
    )
    SELECT line, message FROM refused ORDER BY line
    """  # noqa: S608 -- only constants are formatted in; texts and values are parameters
    params = {
        "source": source,
        "day": snapshot_date.isoformat(),
        "d0": desil[0],
        "d1": desil[1],
        "hh": texts["hh"],
        "c0": clash[0],
        "c1": clash[1],
        "s0": src[0],
        "s1": src[1],
        "t0": day[0],
        "t1": day[1],
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(line), str(message)) for line, message in cursor.fetchall()]


def _match(area_code: str) -> int:
    """Put the matched rows (first row of each NIK) in a temporary table; return how many."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{MATCHED}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {MATCHED} ON COMMIT DROP AS"  # noqa: S608 -- constant names
            " SELECT DISTINCT ON (s.nik) s.line, r.id AS resident_id,"
            " left(r.area_id, %s) AS village, left(s.hh, 40) AS hh, s.kk,"
            " split_part(replace(s.desil, ',', '.'), '.', 1)::smallint AS desil"
            f" FROM {STAGE} s JOIN registry_resident r ON r.nik = s.nik"
            " WHERE NOT s.refused AND length(s.nik) = 16 AND (r.area_id = %s OR r.area_id LIKE %s)"
            " ORDER BY s.nik, s.line",
            [areacodes.VILLAGE_CODE_LENGTH, area_code, area_code + ".%"],
        )
        return int(cursor.rowcount)
