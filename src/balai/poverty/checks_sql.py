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
from collections.abc import Iterable
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


def _narrow(within: Iterable[str] | None) -> bool:
    """Tell whether *within* names only villages (or areas below): read those rows, not tables."""
    return within is not None and all(areacodes.is_at_least_village(c) for c in within)


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
    if _narrow(within):
        # A village (or below): the family-wide sets only for the families on its lists,
        # reached through the family and recipient indexes instead of whole-table passes.
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
        FROM families res JOIN poverty_recipient rc ON rc.resident_id = res.id
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
    if _narrow(within):
        return _exclusion_narrow(programme, within, born_after=born_after, born_by=born_by)
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


def _exclusion_narrow(
    programme: Programme,
    within: Iterable[str] | None,
    *,
    born_after: dt.date | None,
    born_by: dt.date | None,
) -> dict[str, tuple[int, int]]:
    """``exclusion_counts`` for villages: each eligible unit probes the indexes, no table pass.

    The same definitions: an official anywhere in the family (or the person,
    without a family card) excludes; the unit receives when a recipient of the
    programme is the person, a member of the family, or lives in the household.
    """
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
            f"res.occupation NOT IN ({_ints(OFFICIALS)}) AND NOT EXISTS (SELECT 1"  # noqa: S608
            " FROM registry_resident o WHERE o.family_id = res.family_id"
            f" AND o.occupation IN ({_ints(OFFICIALS)}) AND o.status = {ALIVE})"
        )
    receives = "SELECT 1 FROM poverty_recipient rc WHERE rc.programme_id = %(p)s AND "
    if programme.unit == TargetUnit.PERSON:
        unit = "we.resident_id"
        received = f"EXISTS ({receives} rc.resident_id = we.resident_id)"
    elif programme.unit == TargetUnit.FAMILY:
        unit = FAMILY_KEY
        received = (
            "CASE WHEN res.family_id IS NULL"  # noqa: S608 -- constants only
            f" THEN EXISTS ({receives} rc.resident_id = res.id)"
            " ELSE EXISTS (SELECT 1 FROM registry_resident m JOIN poverty_recipient rc"
            " ON rc.resident_id = m.id WHERE m.family_id = res.family_id"
            " AND rc.programme_id = %(p)s) END"
        )
    else:
        unit = "we.household_ref"
        received = (
            "EXISTS (SELECT 1 FROM poverty_welfareentry w2 JOIN poverty_recipient rc"
            " ON rc.resident_id = w2.resident_id WHERE w2.current"
            " AND w2.household_ref = we.household_ref AND rc.programme_id = %(p)s)"
        )
    sql = f"""
    SELECT e.area_id, COUNT(DISTINCT e.ukey), COUNT(DISTINCT CASE WHEN NOT e.received THEN e.ukey END)
    FROM (
        SELECT we.area_id, {unit} AS ukey, {received} AS received
        FROM poverty_welfareentry we JOIN registry_resident res ON res.id = we.resident_id
        WHERE {" AND ".join(conditions)}
    ) e
    GROUP BY e.area_id
    """  # noqa: S608 -- only integers and constants are formatted in; values are parameters
    # Positional parameters for the conditions, the programme by name: psycopg takes one style.
    named = {f"a{i}": value for i, value in enumerate(params)}
    text = sql
    for i in range(len(params)):
        text = text.replace("%s", f"%(a{i})s", 1)
    with connection.cursor() as cursor:
        cursor.execute(text, {**named, "p": programme.pk})
        return {
            str(area): (int(eligible), int(missed)) for area, eligible, missed in cursor.fetchall()
        }
