"""Insert many rows fast: COPY on PostgreSQL, bulk_create elsewhere.

Rows are dicts of field attnames. Missing fields get their model default, so
callers pass only what they know. Both paths run inside the caller's
transaction and return the new primary keys in order.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone


def _defaults(model: type[models.Model]) -> tuple[list[models.Field[Any, Any]], dict[str, Any]]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        elif f.null:
            defaults[f.attname] = None
        elif isinstance(f, (models.CharField, models.TextField)):
            defaults[f.attname] = ""
    return fields, defaults


def insert_rows(
    model: type[models.Model], rows: Sequence[dict[str, Any]], *, returning: bool = True
) -> list[int]:
    """Insert *rows* into *model*'s table; return their primary keys (empty if not *returning*)."""
    if not rows:
        return []
    fields, defaults = _defaults(model)
    if connection.vendor == "postgresql":
        return _copy(model, fields, defaults, rows, returning=returning)
    objs = [model(**{**defaults, **row}) for row in rows]
    model.objects.bulk_create(objs, batch_size=2000)  # type: ignore[attr-defined]
    return [int(o.pk) for o in objs] if returning else []


def _copy(
    model: type[models.Model],
    fields: list[models.Field[Any, Any]],
    defaults: dict[str, Any],
    rows: Sequence[dict[str, Any]],
    *,
    returning: bool,
) -> list[int]:
    table = model._meta.db_table
    pk = model._meta.pk
    assert pk is not None  # noqa: S101
    columns = [f.attname for f in fields]
    json_columns = {f.attname for f in fields if isinstance(f, models.JSONField)}
    raw = connection.connection  # psycopg 3 connection, inside Django's transaction
    ids: list[int] = []
    with raw.cursor() as cursor:
        if returning:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, str(pk.column), len(rows)],
            )
            ids = [r[0] for r in cursor.fetchall()]
            columns_sql = ", ".join([str(pk.column), *columns])
        else:
            columns_sql = ", ".join(columns)
        with cursor.copy(f'COPY "{table}" ({columns_sql}) FROM STDIN') as copy:
            for index, row in enumerate(rows):
                merged = {**defaults, **row}
                values = [
                    json.dumps(merged[c]) if c in json_columns else merged[c] for c in columns
                ]
                copy.write_row([ids[index], *values] if returning else values)
    return ids
