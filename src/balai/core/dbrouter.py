"""Send dashboard reads to a read replica; everything else to the primary.

With ``DATABASE_REPLICA_URL`` set, settings add a ``replica`` alias and name it
in ``BALAI_READ_REPLICA``. Reads go there only inside a read-mostly scope
(``@reads_from_replica`` on dashboard and indicator views, or ``with
reads_from_replica():``) and only until anything in the same request (or
scope) writes: from the first write on, every read goes to the primary, so a
request always reads its own writes. Reads inside ``transaction.atomic()``,
and of sessions, login throttling and the task queue, always go to the primary.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

F = TypeVar("F", bound=Callable[..., Any])

# Rows a request must read fresh whatever the view: who is logged in, the
# lock-out counters and the task queue.
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes", "django_tasks_database"})


@dataclass
class Routing:
    """What the current request (or scope) may read from the replica."""

    replica_ok: bool = False
    wrote: bool = False


_routing: ContextVar[Routing | None] = ContextVar("balai_db_routing", default=None)


def current() -> Routing | None:
    """Return the routing state of the current request or scope, if any."""
    return _routing.get()


def replica_alias() -> str | None:
    """Return the configured replica alias, or None when there is none."""
    alias = getattr(settings, "BALAI_READ_REPLICA", None)
    return alias if alias and alias in settings.DATABASES else None


class ReplicaRouter:
    """Route reads in read-mostly scopes to the replica, all else to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        """Return the alias to read *model* from."""
        alias = replica_alias()
        state = _routing.get()
        if (
            alias is None
            or state is None
            or not state.replica_ok
            or state.wrote
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            # Explicit, so a row read from the replica earlier does not pull
            # its related rows from there after a write.
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        """Return the primary, and pin the rest of the request to it."""
        state = _routing.get()
        if state is not None:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        """Allow relations between rows of either alias: they hold the same data."""
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        """Migrate the primary only; the replica follows it by streaming."""
        return db == DEFAULT_DB_ALIAS


class DatabaseRoutingMiddleware:
    """Give every request its own routing state (first write pins it to the primary)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _routing.set(Routing())
        try:
            if replica_alias() is None:
                return self.get_response(request)
            # Raw SQL writes (bulk statements, COPY) bypass the router: watch the
            # primary's statements so they pin the request too.
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(_pin_on_write):
                return self.get_response(request)
        finally:
            _routing.reset(token)


_WRITE = re.compile(
    r"^\s*(INSERT|UPDATE|DELETE|MERGE|COPY|CREATE|DROP|ALTER|TRUNCATE)\b"
    r"|\bFOR\s+(NO\s+KEY\s+)?UPDATE\b"
    r"|^\s*WITH\b.*\b(INSERT|UPDATE|DELETE)\b",
    re.IGNORECASE | re.DOTALL,
)


def is_write(sql: str) -> bool:
    """Tell whether *sql* writes (or locks rows to write them)."""
    return bool(_WRITE.search(sql))


def _pin_on_write(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
) -> Any:
    state = _routing.get()
    if state is not None and not state.wrote and is_write(sql):
        state.wrote = True
    return execute(sql, params, many, context)


@contextmanager
def _replica_scope() -> Iterator[Routing]:
    state = _routing.get()
    token = None
    if state is None:
        state = Routing()
        token = _routing.set(state)
    before = state.replica_ok
    state.replica_ok = True
    try:
        yield state
    finally:
        state.replica_ok = before
        if token is not None:
            _routing.reset(token)


class _ReadsFromReplica:
    """Both a view decorator and a context manager; see :func:`reads_from_replica`."""

    def __call__(self, view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            request = args[0] if args else None
            user = getattr(request, "user", None)
            if user is not None:
                # Resolve the session and user on the primary first: a login a
                # moment ago may not have reached the replica yet.
                _ = user.is_authenticated
            with _replica_scope():
                return view(*args, **kwargs)

        return cast(F, wrapped)

    def __enter__(self) -> Routing:
        self._scope = _replica_scope()
        return self._scope.__enter__()

    def __exit__(self, *exc: object) -> None:
        self._scope.__exit__(*exc)  # type: ignore[arg-type]


def reads_from_replica(view: F | None = None) -> Any:
    """Let *view* (or a ``with`` block) read from the replica until it writes.

    Use on dashboard and indicator views, inside the access marker::

        @access.requires(Perm.SERVICES_MONITOR)
        @reads_from_replica
        def spm_desa(request): ...

    or around a block: ``with reads_from_replica(): ...``. Without a replica
    configured it changes nothing.
    """
    marker = _ReadsFromReplica()
    return marker if view is None else marker(view)
