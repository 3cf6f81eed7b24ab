"""The ``within`` lookup: an area code and every code below it in the tree.

Area codes are paths (``73.22.01.2001.01.003``), so the subtree of an area is
its code plus every code that starts with ``code + "."``. Both forms use a
plain b-tree index: PostgreSQL turns the LIKE prefix into a range on the
``varchar_pattern_ops`` index Django creates for every indexed varchar
column; SQLite compares bytes (BINARY collation), so a half-open range on
``"."`` .. ``"/"`` (the next ASCII character) selects exactly the subtree.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.lookups import Lookup
from django.db.models.sql.compiler import SQLCompiler

_SQL = tuple[str, list[Any]]


class Within(Lookup[str]):
    """``field__within=code``: the code itself or any descendant of it."""

    lookup_name = "within"
    prepare_rhs = False

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> _SQL:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        code = str(self.rhs)
        sql = f"({lhs} = %s OR ({lhs} > %s AND {lhs} < %s))"
        return sql, [*lhs_params, code, *lhs_params, code + ".", *lhs_params, code + "/"]

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> _SQL:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        code = str(self.rhs)
        pattern = connection.ops.prep_for_like_query(code) + ".%"
        return f"({lhs} = %s OR {lhs} LIKE %s)", [*lhs_params, code, *lhs_params, pattern]


def register() -> None:
    """Make ``within`` available on every CharField and ForeignKey to one."""
    models.CharField.register_lookup(Within)
    models.ForeignKey.register_lookup(Within)
