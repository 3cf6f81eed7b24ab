"""The database cache backend with an atomic ``incr``, and the counter the throttles share.

Django's ``DatabaseCache.incr`` is the generic get-then-set: two processes
can read the same count and both write count + 1, and the set replaces the
entry's expiry with the default timeout, so a fixed window slides with every
attempt. Here ``incr`` locks the row (``SELECT ... FOR UPDATE`` on
PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` serialises writers) and keeps the
expiry. Redis (``CACHE_URL=redis://``) increments atomically by itself.
"""

from __future__ import annotations

import base64
import pickle
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import IntegrityError, connections, models, router, transaction
from django.utils.timezone import now

_MISSING = object()


class DatabaseCache(DjangoDatabaseCache):
    """Django's database cache; ``incr`` is atomic and keeps the expiry; ``hit`` counts."""

    def _sql(self, connection: Any) -> dict[str, str]:
        qn = connection.ops.quote_name
        table, key, value, expires = (
            qn(self._table),  # type: ignore[attr-defined]
            qn("cache_key"),
            qn("value"),
            qn("expires"),
        )
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        # Only quoted names are formatted in; every value is a parameter.
        return {
            "select": f"SELECT {value}, {expires} FROM {table} WHERE {key} = %s{lock}",  # noqa: S608
            "update": f"UPDATE {table} SET {value} = %s WHERE {key} = %s",  # noqa: S608
            "renew": f"UPDATE {table} SET {value} = %s, {expires} = %s WHERE {key} = %s",  # noqa: S608
            "insert": f"INSERT INTO {table} ({key}, {value}, {expires}) VALUES (%s, %s, %s)",  # noqa: S608
            "purge": f"DELETE FROM {table} WHERE {expires} < %s",  # noqa: S608
        }

    def _live_value(self, connection: Any, row: tuple[Any, Any] | None) -> Any:
        """Return the value of a fetched (value, expires) row, or _MISSING if gone or expired."""
        if row is None:
            return _MISSING
        expression = models.Expression(output_field=models.DateTimeField())
        expires = row[1]
        for converter in connection.ops.get_db_converters(
            expression
        ) + expression.get_db_converters(connection):
            expires = converter(expires, expression, connection)
        if expires < now():
            return _MISSING
        raw = connection.ops.process_clob(row[0])
        return pickle.loads(base64.b64decode(raw.encode()))  # noqa: S301 -- written by us

    def _encode(self, value: Any) -> str:
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        sql = self._sql(connection)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(sql["select"], [key])
            value = self._live_value(connection, cursor.fetchone())
            if value is _MISSING:
                raise ValueError(f"Key '{key}' not found")
            new_value = value + delta
            cursor.execute(sql["update"], [self._encode(new_value), key])
        return int(new_value)

    def hit(self, key: Any, timeout: int, version: int | None = None) -> int:
        """Add one to the counter *key*, starting it at 1 for *timeout* seconds; return it.

        One locked read and one write, where ``add`` + ``incr`` take two
        transactions. Expired counters are purged when a new one starts.
        """
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        sql = self._sql(connection)
        for _attempt in range(3):
            try:
                with transaction.atomic(using=db), connection.cursor() as cursor:
                    cursor.execute(sql["select"], [key])
                    row = cursor.fetchone()
                    value = self._live_value(connection, row)
                    if value is not _MISSING:
                        cursor.execute(sql["update"], [self._encode(value + 1), key])
                        return int(value) + 1
                    started = now().replace(microsecond=0)
                    expires = connection.ops.adapt_datetimefield_value(
                        started + timedelta(seconds=timeout)
                    )
                    if row is None:
                        cursor.execute(
                            sql["purge"], [connection.ops.adapt_datetimefield_value(started)]
                        )
                        cursor.execute(sql["insert"], [key, self._encode(1), expires])
                    else:
                        cursor.execute(sql["renew"], [self._encode(1), expires, key])
                    return 1
            except IntegrityError:
                continue  # another process started this counter first: count on it
        raise RuntimeError(f"Could not count {key!r}")


def count_hit(key: str, window: int) -> int:
    """Count one event under *key* in a fixed window of *window* seconds; return the count.

    On Redis ``add`` starts the window (only one process can create the key)
    and ``incr`` adds atomically; the database cache does both in one locked
    transaction (``DatabaseCache.hit``).
    """
    hit = getattr(cache, "hit", None)
    if hit is not None:  # the database cache: one transaction
        return int(hit(key, window))
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr: this hit opens a new window
        return 1 if cache.add(key, 1, timeout=window) else int(cache.incr(key))


def hits(key: str) -> int:
    """Return the count under *key* in its current window (0 when none)."""
    return int(cache.get(key, 0))
