"""The targeting-check counts as plain SQL: joins and hashed sets instead of per-row subqueries.

Same definitions as the annotated querysets of ``checks`` (which give the
by-name lists, and which ``test_checks`` compares with these counts), written
so the database hashes each set once instead of probing an index per
recipient: the families with an official, the (programme, family) pairs with
two recipients, and the (programme, family) pairs receiving a programme that
may not be combined with it are each one grouped pass over the table. The
"family" of a resident without a family card is the resident alone
(``-resident id``). Standard SQL: the same text runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection

from balai.core import areacodes
from balai.poverty.models import Programme, TargetUnit
from balai.registry import codes

OFFICIALS = (5, 6, 7, 85, 86)
MOVED = (
    int(codes.BasicStatus.MOVED),
    int(codes.BasicStatus.GONE),
    int(codes.BasicStatus.MISSING),
)
ALIVE = int(codes.BasicStatus.ALIVE)
DEAD = int(codes.BasicStatus.DEAD)
FAMILY_KEY = "COALESCE(res.family_id, -res.id)"


def _within(column: str, within: Iterable[str] | None) -> tuple[str, list[Any]]:
    if within is None:
        return "1 = 1", []
    parts, params = [], []
    for code in within:
        parts.append(f"({column} = %s OR {column} LIKE %s)")
        params += [code, code + ".%"]
    return ("(" + " OR ".join(parts) + ")") if parts else "1 = 0", params


def narrow(within: Iterable[str] | None) -> bool:
    """Tell whether *within* names only villages (or areas below): read those rows, not tables."""
    return within is not None and all(areacodes.is_at_least_village(c) for c in within)


def _any(column: str, subquery: str) -> str:
    """``column IN (subquery)``; on PostgreSQL as ``= ANY(ARRAY(...))``, which probes indexes.

    Given ``IN (SELECT ...)`` over a small CTE, the planner still hashes the
    whole big table (its row estimates for CTEs are blind); an array
    parameter computed first keeps it on the index.
    """
    if connection.vendor == "postgresql":
        return f"{column} = ANY(ARRAY({subquery}))"
    return f"{column} IN ({subquery})"


@dataclass(frozen=True)
class Rule:
    """A programme with its age rule as birth-date bounds (today's)."""

    programme: Programme
    born_after: dt.date | None
    born_by: dt.date | None


def _ints(values: Iterable[int]) -> str:
    return ", ".join(str(int(v)) for v in values)


def inclusion_counts(
    *, within: Iterable[str] | None, programmes: Iterable[int] | None = None
) -> dict[tuple[str, int], dict[str, int]]:
    """Return {(village, programme id): {"recipients": n, check: n, ...}} in one statement."""
    within = None if within is None else tuple(within)
    where, params = _within("rc.area_id", within)
    if programmes is not None:
        where += f" AND rc.programme_id IN ({_ints(programmes) or 'NULL'})"
    if narrow(within):
        # A village (or below): the family-wide sets only for the families on its lists,
        # reached through the family and recipient indexes instead of whole-table passes
        # (``= ANY(ARRAY(...))`` keeps the planner on the index: it would hash all recipients).
        family_sets = f"""
    families AS (
        SELECT res.id, res.family_id, res.occupation, res.status FROM registry_resident res
        WHERE res.family_id IN (SELECT fkey FROM r WHERE fkey > 0)
        UNION ALL
        SELECT res.id, res.family_id, res.occupation, res.status FROM registry_resident res
        WHERE res.id IN (SELECT -fkey FROM r WHERE fkey < 0) AND res.family_id IS NULL
    ),
    officials AS (
        SELECT DISTINCT {FAMILY_KEY} AS fkey FROM families res
        WHERE res.occupation IN ({_ints(OFFICIALS)}) AND res.status = {ALIVE}
    ),
    given AS (
        SELECT rc.programme_id, {FAMILY_KEY} AS fkey
        FROM poverty_recipient rc JOIN families res ON res.id = rc.resident_id
        WHERE {_any("rc.resident_id", "SELECT id FROM families")}
    ),
    twins AS (
        SELECT g.programme_id, g.fkey FROM given g
        JOIN poverty_programme p ON p.id = g.programme_id AND p.unit <> '{TargetUnit.PERSON}'
        GROUP BY g.programme_id, g.fkey
        HAVING COUNT(*) > 1
    ),
    conflicts AS (
        SELECT DISTINCT nc.from_programme_id AS programme_id, g.fkey FROM given g
        JOIN poverty_programme_not_combined_with nc ON nc.to_programme_id = g.programme_id
    )"""  # noqa: S608 -- only integers and constants are formatted in
    else:
        family_sets = f"""
    officials AS (
        SELECT DISTINCT {FAMILY_KEY} AS fkey FROM registry_resident res
        WHERE res.occupation IN ({_ints(OFFICIALS)}) AND res.status = {ALIVE}
    ),
    twins AS (
        SELECT rc.programme_id, {FAMILY_KEY} AS fkey
        FROM poverty_recipient rc
        JOIN poverty_programme p ON p.id = rc.programme_id AND p.unit <> '{TargetUnit.PERSON}'
        JOIN registry_resident res ON res.id = rc.resident_id
        GROUP BY rc.programme_id, {FAMILY_KEY}
        HAVING COUNT(*) > 1
    ),
    conflicts AS (
        SELECT DISTINCT nc.from_programme_id AS programme_id, {FAMILY_KEY} AS fkey
        FROM poverty_recipient rc
        JOIN poverty_programme_not_combined_with nc ON nc.to_programme_id = rc.programme_id
        JOIN registry_resident res ON res.id = rc.resident_id
    )"""  # noqa: S608 -- only integers and constants are formatted in
    sql = f"""
    WITH r AS (
        SELECT rc.area_id, rc.programme_id, rc.resident_id, res.status, we.desil,
               p.desil_min, p.desil_max, p.exclude_officials,
               CASE WHEN rc.resident_id IS NULL THEN NULL ELSE {FAMILY_KEY} END AS fkey
        FROM poverty_recipient rc
        JOIN poverty_programme p ON p.id = rc.programme_id AND p.is_active
        LEFT JOIN registry_resident res ON res.id = rc.resident_id
        LEFT JOIN poverty_welfareentry we ON we.resident_id = rc.resident_id AND we.current
        WHERE {where}
    ),{family_sets}
    SELECT r.area_id, r.programme_id, COUNT(*),
        SUM(CASE WHEN r.desil_max IS NOT NULL AND r.desil > r.desil_max THEN 1 ELSE 0 END),
        SUM(CASE WHEN r.resident_id IS NOT NULL AND r.desil IS NULL
                  AND (r.desil_max IS NOT NULL OR r.desil_min IS NOT NULL) THEN 1 ELSE 0 END),
        SUM(CASE WHEN r.status = {DEAD} THEN 1 ELSE 0 END),
        SUM(CASE WHEN r.status IN ({_ints(MOVED)}) THEN 1 ELSE 0 END),
        SUM(CASE WHEN r.exclude_officials AND o.fkey IS NOT NULL THEN 1 ELSE 0 END),
        SUM(CASE WHEN t.fkey IS NOT NULL OR c.fkey IS NOT NULL THEN 1 ELSE 0 END),
        SUM(CASE WHEN r.resident_id IS NULL THEN 1 ELSE 0 END)
    FROM r
    LEFT JOIN officials o ON o.fkey = r.fkey
    LEFT JOIN twins t ON t.programme_id = r.programme_id AND t.fkey = r.fkey
    LEFT JOIN conflicts c ON c.programme_id = r.programme_id AND c.fkey = r.fkey
    GROUP BY r.area_id, r.programme_id
    """  # noqa: S608 -- only integers and constants are formatted in; codes are parameters
    names = (
        "desil",
        "tidak_terdaftar",
        "meninggal",
        "pindah",
        "aparat",
        "ganda",
        "nik_tidak_valid",
    )
    out: dict[tuple[str, int], dict[str, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for area, programme, total, *flags in cursor.fetchall():
            cells = {"recipients": int(total)}
            cells.update({name: int(value or 0) for name, value in zip(names, flags, strict=True)})
            out[(str(area), int(programme))] = cells
    return out


def exclusion_counts(
    programme: Programme,
    *,
    within: Iterable[str] | None,
    born_after: dt.date | None,
    born_by: dt.date | None,
) -> dict[str, tuple[int, int]]:
    """Return {village: (eligible units, units receiving nothing)} for *programme* in one statement."""
    within = None if within is None else tuple(within)
    if narrow(within):
        return {
            village: counts
            for (village, _p), counts in exclusion_counts_narrow(
                [Rule(programme, born_after=born_after, born_by=born_by)], within=within
            ).items()
        }
    where, params = _within("we.area_id", within)
    owner, owner_params = _within("we.area_id", [str(programme.area_id)])
    conditions = [where, owner, "we.current", f"res.status = {ALIVE}"]
    params += owner_params
    if programme.desil_min is not None:
        conditions.append(f"we.desil >= {int(programme.desil_min)}")
    if programme.desil_max is not None:
        conditions.append(f"we.desil <= {int(programme.desil_max)}")
    if born_by is not None:
        conditions.append("res.birth_date <= %s")
        params.append(born_by)
    if born_after is not None:
        conditions.append("res.birth_date > %s")
        params.append(born_after)
    if programme.exclude_officials:
        conditions.append(
            f"{FAMILY_KEY} NOT IN (SELECT {FAMILY_KEY} FROM registry_resident res"  # noqa: S608
            f" WHERE res.occupation IN ({_ints(OFFICIALS)}) AND res.status = {ALIVE})"
        )
    if programme.unit == TargetUnit.PERSON:
        unit, given = (
            "we.resident_id",
            (
                "SELECT DISTINCT rc.resident_id AS ukey FROM poverty_recipient rc"
                " WHERE rc.programme_id = %s AND rc.resident_id IS NOT NULL"
            ),
        )
    elif programme.unit == TargetUnit.FAMILY:
        unit, given = (
            FAMILY_KEY,
            (
                f"SELECT DISTINCT {FAMILY_KEY} AS ukey FROM poverty_recipient rc"  # noqa: S608
                " JOIN registry_resident res ON res.id = rc.resident_id WHERE rc.programme_id = %s"
            ),
        )
    else:
        unit, given = (
            "we.household_ref",
            (
                "SELECT DISTINCT w2.household_ref AS ukey FROM poverty_recipient rc"
                " JOIN poverty_welfareentry w2 ON w2.resident_id = rc.resident_id AND w2.current"
                " WHERE rc.programme_id = %s"
            ),
        )
    sql = f"""
    SELECT e.area_id, COUNT(DISTINCT e.ukey), COUNT(DISTINCT CASE WHEN g.ukey IS NULL THEN e.ukey END)
    FROM (
        SELECT we.area_id, {unit} AS ukey
        FROM poverty_welfareentry we JOIN registry_resident res ON res.id = we.resident_id
        WHERE {" AND ".join(conditions)}
    ) e
    LEFT JOIN ({given}) g ON g.ukey = e.ukey
    GROUP BY e.area_id
    """  # noqa: S608 -- only integers and constants are formatted in; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, programme.pk])
        return {
            str(area): (int(eligible), int(missed)) for area, eligible, missed in cursor.fetchall()
        }


def exclusion_counts_narrow(
    rules: list[Rule], *, within: Iterable[str] | None
) -> dict[tuple[str, int], tuple[int, int]]:
    """``exclusion_counts`` of several programmes for villages, in one statement.

    The same definitions, reached from the village's own register entries:
    their residents, the members of their families (an official anywhere in
    the family, or the person without a family card, excludes), their
    household-mates in the register, and the recipients among all of these
    (through ``= ANY(ARRAY(...))``, which keeps the planner on the indexes).
    Each row of the village's register is read once for every programme.
    """
    if not rules:
        return {}
    where, params = _within("we.area_id", within)
    day = "date" if connection.vendor == "postgresql" else "text"
    values: list[str] = []
    value_params: list[Any] = []
    for rule in rules:
        p = rule.programme
        values.append(
            "(CAST(%s AS integer), CAST(%s AS text), CAST(%s AS text), CAST(%s AS integer),"
            f" CAST(%s AS integer), CAST(%s AS {day}), CAST(%s AS {day}), CAST(%s AS boolean))"
        )
        value_params += [
            p.pk,
            str(p.unit),
            str(p.area_id),
            p.desil_min,
            p.desil_max,
            rule.born_after,
            rule.born_by,
            p.exclude_officials,
        ]
    ids = _ints(rule.programme.pk for rule in rules)
    sql = f"""
    WITH e AS MATERIALIZED (
        SELECT we.area_id, we.resident_id, we.household_ref, we.desil
        FROM poverty_welfareentry we WHERE we.current AND {where}
    ),
    res AS MATERIALIZED (
        SELECT res.id, res.family_id, res.birth_date, res.occupation, {FAMILY_KEY} AS fkey
        FROM registry_resident res
        WHERE {_any("res.id", "SELECT resident_id FROM e")} AND res.status = {ALIVE}
    ),
    members AS MATERIALIZED (
        SELECT m.id, m.family_id, m.occupation, m.status FROM registry_resident m
        WHERE {_any("m.family_id", "SELECT family_id FROM res WHERE family_id IS NOT NULL")}
    ),
    officials AS (
        SELECT DISTINCT family_id FROM members
        WHERE occupation IN ({_ints(OFFICIALS)}) AND status = {ALIVE}
    ),
    mates AS MATERIALIZED (
        SELECT w2.resident_id, w2.household_ref FROM poverty_welfareentry w2
        WHERE w2.current AND {_any("w2.household_ref", "SELECT household_ref FROM e")}
    ),
    received AS MATERIALIZED (
        SELECT rc.programme_id, rc.resident_id FROM poverty_recipient rc
        WHERE rc.programme_id IN ({ids}) AND {
        _any(
            "rc.resident_id",
            "SELECT id FROM members UNION SELECT id FROM res UNION SELECT resident_id FROM mates",
        )
    }
    ),
    by_person AS (SELECT DISTINCT programme_id, resident_id AS ukey FROM received),
    by_family AS (
        SELECT DISTINCT r.programme_id, COALESCE(m.family_id, -r.resident_id) AS ukey
        FROM received r LEFT JOIN members m ON m.id = r.resident_id
    ),
    by_household AS (
        SELECT DISTINCT r.programme_id, h.household_ref AS ukey
        FROM received r JOIN mates h ON h.resident_id = r.resident_id
    ),
    rules (pid, unit, owner, desil_min, desil_max, born_after, born_by, no_officials) AS (
        VALUES {", ".join(values)}
    ),
    eligible AS (
        SELECT rules.pid, rules.unit, e.area_id,
               CASE rules.unit WHEN '{TargetUnit.PERSON}' THEN CAST(e.resident_id AS text)
                               WHEN '{TargetUnit.FAMILY}' THEN CAST(res.fkey AS text)
                               ELSE e.household_ref END AS ukey
        FROM e JOIN res ON res.id = e.resident_id
        CROSS JOIN rules
        WHERE (e.area_id = rules.owner OR e.area_id LIKE rules.owner || '.%%')
          AND (rules.desil_min IS NULL OR e.desil >= rules.desil_min)
          AND (rules.desil_max IS NULL OR e.desil <= rules.desil_max)
          AND (rules.born_by IS NULL OR res.birth_date <= rules.born_by)
          AND (rules.born_after IS NULL OR res.birth_date > rules.born_after)
          AND NOT (rules.no_officials AND COALESCE(
                res.occupation IN ({_ints(OFFICIALS)})
                OR res.family_id IN (SELECT family_id FROM officials), false))
    ),
    given AS (
        SELECT programme_id, '{TargetUnit.PERSON}' AS unit, CAST(ukey AS text) AS ukey
        FROM by_person
        UNION ALL
        SELECT programme_id, '{TargetUnit.FAMILY}', CAST(ukey AS text) AS ukey
        FROM by_family
        UNION ALL
        SELECT programme_id, '{TargetUnit.HOUSEHOLD}', ukey FROM by_household
    )
    SELECT el.area_id, el.pid, COUNT(DISTINCT el.ukey),
           COUNT(DISTINCT CASE WHEN g.ukey IS NULL THEN el.ukey END)
    FROM eligible el
    LEFT JOIN given g ON g.programme_id = el.pid AND g.unit = el.unit AND g.ukey = el.ukey
    GROUP BY el.area_id, el.pid
    """  # noqa: S608 -- only integers and constants are formatted in; values are parameters
    with connection.cursor() as cursor, _hash_joins(cursor):
        cursor.execute(sql, [*params, *value_params])
        return {
            (str(area), int(pid)): (int(eligible), int(missed))
            for area, pid, eligible, missed in cursor.fetchall()
        }


@contextmanager
def _hash_joins(cursor: Any) -> Iterator[None]:
    """Join the CTEs by hashing (PostgreSQL), then put the setting back.

    The rows of the ``= ANY(ARRAY(...))`` scans are estimated at a handful,
    so the planner joins the CTEs by nested loops over thousands of rows (3 s
    instead of milliseconds). Every index access here is such a scan, never
    a nested loop, so turning nested loops off for the one statement costs
    nothing else.
    """
    if connection.vendor != "postgresql":
        yield
        return
    cursor.execute("SELECT current_setting('enable_nestloop')")
    before = cursor.fetchone()[0]
    cursor.execute("SELECT set_config('enable_nestloop', 'off', true)")
    try:
        yield
    finally:
        cursor.execute("SELECT set_config('enable_nestloop', %s, true)", [before])
