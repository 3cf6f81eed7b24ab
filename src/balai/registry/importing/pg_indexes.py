"""Build the secondary indexes after a large load instead of maintaining them row by row.

Inserting a million residents in random NIK and name order into a table with its
b-tree and trigram indexes costs far more than the rows themselves: each index
is updated page by page in key order. Building an index afterwards sorts once.
So when an import creates many rows compared with what the table holds
(:func:`worth_rebuilding`), :func:`drop_secondary_indexes` drops every index of
``registry_resident``, ``registry_lifeevent`` and ``registry_family`` except the
primary keys (the unique NIK and No. KK constraints are dropped and added again,
which checks them) and the foreign keys between the register's tables (each
new row would queue a check; adding the key again checks every row in one
join), the writes run, and :func:`recreate_indexes` builds each again from its
own definition, in the same transaction. A failed import rolls the drop back
with everything else.

The cost: from the drop to the commit the register's tables are locked (ACCESS
EXCLUSIVE), so other users' reads of the register wait for the write phase of
a large first load; smaller imports never take that lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg import Cursor

TABLES = ("registry_resident", "registry_lifeevent", "registry_family")
# Below this many new rows index maintenance is cheap enough.
MIN_ROWS = 50_000
MAINTENANCE_WORK_MEM = "256MB"


@dataclass(frozen=True)
class Dropped:
    table: str
    name: str
    definition: str  # CREATE INDEX … or, for a constraint, its definition
    constraint: bool


def worth_rebuilding(cur: Cursor[Any], new_rows: int) -> bool:
    """Tell whether building the indexes afresh beats maintaining them for *new_rows*.

    A b-tree build sorts every row of the table; maintaining it touches one
    leaf page per new row, several times slower per row. With the table at most
    as large as the load (an empty register or a first kabupaten) the build
    wins; into a much larger table maintenance does.
    """
    if new_rows < MIN_ROWS:
        return False
    cur.execute(
        "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = %s::regclass",
        (TABLES[0],),
    )
    existing = int((cur.fetchone() or (0,))[0])
    return existing <= new_rows


def _secondary(cur: Cursor[Any]) -> list[Dropped]:
    cur.execute(
        "SELECT t.relname, x.relname, c.conname IS NOT NULL, "
        "coalesce(pg_get_constraintdef(c.oid), pg_get_indexdef(i.indexrelid)) "
        "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
        "JOIN pg_class x ON x.oid = i.indexrelid "
        "LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid "
        "WHERE t.relname = ANY(%s) AND t.relnamespace = current_schema()::regnamespace "
        "AND NOT i.indisprimary ORDER BY t.relname, x.relname",
        (list(TABLES),),
    )
    found = [
        Dropped(table=table, name=name, definition=definition, constraint=constraint)
        for table, name, constraint, definition in cur.fetchall()
    ]
    # Foreign keys between the register's own tables: checked once by a join
    # when added again instead of row by row. Keys to other tables (areas,
    # users) stay: dropping one would lock the other table for everybody.
    cur.execute(
        "SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class f ON f.oid = c.confrelid "
        "WHERE c.contype = 'f' AND t.relname = ANY(%s) AND f.relname LIKE 'registry\\_%%' "
        "AND t.relnamespace = current_schema()::regnamespace ORDER BY 1, 2",
        (list(TABLES),),
    )
    keys = [
        Dropped(table=table, name=name, definition=definition, constraint=True)
        for table, name, definition in cur.fetchall()
    ]
    return keys + found


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def drop_secondary_indexes(cur: Cursor[Any]) -> list[Dropped]:
    """Drop every index of the register's tables but the primary keys, and the
    foreign keys between them; return what was dropped.

    Run inside the import's transaction, then :func:`recreate_indexes`.
    """
    found = _secondary(cur)
    for index in found:
        if index.constraint:
            cur.execute(f"ALTER TABLE {_quote(index.table)} DROP CONSTRAINT {_quote(index.name)}")
        else:
            cur.execute(f"DROP INDEX {_quote(index.name)}")
    return found


def check_deferred(cur: Cursor[Any]) -> None:
    """Run the new rows' deferred foreign-key checks now.

    They must run before an index can be built on their table (they would run
    at commit anyway); later writes of the transaction are deferred again, as
    Django declares its keys.
    """
    cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cur.execute("SET CONSTRAINTS ALL DEFERRED")


def recreate_indexes(cur: Cursor[Any], indexes: list[Dropped]) -> None:
    """Build *indexes* again from their definitions (constraints are checked anew).

    Indexes first, then the foreign keys (dropped first, listed first).
    Call :func:`check_deferred` first.
    """
    # Room to sort a million keys in memory instead of in temporary files
    # (measured at 1M rows: 512 MB or 1 GB build no faster than 256 MB).
    cur.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
    keys = [i for i in indexes if i.definition.startswith("FOREIGN KEY")]
    for index in [*(i for i in indexes if i not in keys), *keys]:
        if index.constraint:
            cur.execute(
                f"ALTER TABLE {_quote(index.table)} ADD CONSTRAINT {_quote(index.name)} "
                f"{index.definition}"
            )
        else:
            cur.execute(index.definition)
