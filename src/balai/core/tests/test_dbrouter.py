"""The read-replica router: which alias each read and write goes to.

The test settings give a second alias, ``replica``, mirroring the test
database; BALAI_READ_REPLICA switches the router on for a test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import connections, transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from balai.core.dbrouter import (
    DatabaseRoutingMiddleware,
    ReplicaRouter,
    current,
    reads_from_replica,
)
from balai.regions.models import Area
from balai.registry.models import Resident
from balai.registry.stats.models import PopulationSummary
from conftest import KEC_MASAMBA, login

router = ReplicaRouter()


@pytest.fixture
def replica_on(settings: Any) -> None:
    settings.BALAI_READ_REPLICA = "replica"


def test_reads_go_to_the_primary_outside_a_read_mostly_scope(replica_on: None) -> None:
    assert router.db_for_read(Resident) == "default"


def test_reads_in_a_read_mostly_scope_go_to_the_replica(replica_on: None) -> None:
    with reads_from_replica():
        assert router.db_for_read(Resident) == "replica"
        assert router.db_for_read(Area) == "replica"
    assert router.db_for_read(Resident) == "default"


def test_sessions_lockouts_and_the_task_queue_are_always_read_from_the_primary(
    replica_on: None,
) -> None:
    from axes.models import AccessAttempt

    with reads_from_replica():
        assert router.db_for_read(Session) == "default"
        assert router.db_for_read(AccessAttempt) == "default"
        assert router.db_for_read(DBTaskResult) == "default"


def test_a_write_pins_the_rest_of_the_scope_to_the_primary(replica_on: None) -> None:
    with reads_from_replica() as state:
        assert router.db_for_read(Resident) == "replica"
        assert router.db_for_write(PopulationSummary) == "default"
        assert state.wrote
        assert router.db_for_read(Resident) == "default"
        assert router.db_for_read(Area) == "default"


def test_without_a_replica_every_read_goes_to_the_primary(settings: Any) -> None:
    settings.BALAI_READ_REPLICA = None
    with reads_from_replica():
        assert router.db_for_read(Resident) == "default"


def test_an_unknown_replica_alias_is_ignored(settings: Any) -> None:
    settings.BALAI_READ_REPLICA = "nowhere"
    with reads_from_replica():
        assert router.db_for_read(Resident) == "default"


@pytest.mark.django_db
def test_reads_inside_a_transaction_go_to_the_primary(replica_on: None) -> None:
    with reads_from_replica(), transaction.atomic():
        assert router.db_for_read(Resident) == "default"


def test_only_the_primary_is_migrated() -> None:
    assert router.allow_migrate("default", "registry")
    assert not router.allow_migrate("replica", "registry")


def test_a_write_before_the_view_pins_the_whole_request(replica_on: None) -> None:
    seen: list[str] = []

    @reads_from_replica
    def view(request: HttpRequest) -> HttpResponse:
        seen.append(router.db_for_read(Resident))
        return HttpResponse()

    def app(request: HttpRequest) -> HttpResponse:
        router.db_for_write(Session)  # e.g. a middleware saving the session
        return view(request)

    DatabaseRoutingMiddleware(app)(RequestFactory().get("/"))
    DatabaseRoutingMiddleware(view)(RequestFactory().get("/"))
    assert seen == ["default", "replica"]
    assert current() is None  # the state ends with the request


def test_the_decorator_keeps_the_request_state_after_the_view(replica_on: None) -> None:
    states: list[tuple[bool, bool]] = []

    @reads_from_replica
    def view(request: HttpRequest) -> HttpResponse:
        router.db_for_write(PopulationSummary)
        return HttpResponse()

    def app(request: HttpRequest) -> HttpResponse:
        response = view(request)
        state = current()
        assert state is not None
        states.append((state.replica_ok, state.wrote))
        return response

    DatabaseRoutingMiddleware(app)(RequestFactory().get("/"))
    assert states == [(False, True)]


@contextmanager
def query_log() -> Iterator[list[tuple[str, str]]]:
    """Record (alias, sql) of every query on both aliases, in order."""
    log: list[tuple[str, str]] = []

    def recorder(alias: str) -> Callable[..., Any]:
        def record(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
            log.append((alias, sql))
            return execute(sql, *args)

        return record

    with ExitStack() as stack:
        for alias in ("default", "replica"):
            stack.enter_context(connections[alias].execute_wrapper(recorder(alias)))
        yield log


def _writes(sql: str) -> bool:
    return sql.lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_dashboard_reads_from_the_replica_until_it_writes(
    replica_on: None, make_user: Any
) -> None:
    from balai.accounts.roles import Role

    camat = make_user(Role.CAMAT, KEC_MASAMBA, username="camat_replica")
    client = login(camat)
    url = reverse("registry:stats_area", args=[KEC_MASAMBA])

    with query_log() as first:
        assert client.get(url).status_code == 200
    summary_reads = [a for a, sql in first if "populationsummary" in sql.lower()]
    # The summaries are missing: read on the replica, computed, stored on the primary.
    assert summary_reads[0] == "replica"
    first_write = next(i for i, (a, sql) in enumerate(first) if _writes(sql))
    assert first[first_write][0] == "default"
    assert all(alias == "default" for alias, _sql in first[first_write:])
    # Who is logged in is read on the primary.
    assert {a for a, sql in first if "django_session" in sql} == {"default"}

    with query_log() as second:
        assert client.get(url).status_code == 200
    # Fresh now: the whole page is reads, all summary reads on the replica.
    assert not any(_writes(sql) for _a, sql in second)
    assert {a for a, sql in second if "populationsummary" in sql.lower()} == {"replica"}


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_without_the_replica_setting_the_dashboard_uses_only_the_primary(
    settings: Any, make_user: Any
) -> None:
    from balai.accounts.roles import Role

    settings.BALAI_READ_REPLICA = None
    client = login(make_user(Role.CAMAT, KEC_MASAMBA, username="camat_primary"))
    with query_log() as log:
        response = client.get(reverse("registry:stats_area", args=[KEC_MASAMBA]))
    assert response.status_code == 200
    assert log
    assert {alias for alias, _sql in log} == {"default"}


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_pages_without_the_decorator_read_from_the_primary(
    replica_on: None, make_user: Any
) -> None:
    from balai.accounts.roles import Role

    client = login(make_user(Role.CAMAT, KEC_MASAMBA, username="camat_home"))
    with query_log() as log:
        assert client.get(reverse("core:home")).status_code == 200
    assert log
    assert {alias for alias, _sql in log} == {"default"}


def test_raw_sql_writes_are_recognised_as_writes() -> None:
    from balai.core.dbrouter import is_write

    assert is_write('INSERT INTO "x" VALUES (1)')
    assert is_write("  update registry_populationsummary set version = version + 1")
    assert is_write("COPY imp_raw (a) FROM STDIN")
    assert is_write("WITH s AS (SELECT 1) UPDATE t SET a = 1")
    assert is_write('SELECT * FROM "t" WHERE id = 1 FOR UPDATE')
    assert not is_write('SELECT "registry_resident"."id" FROM "registry_resident"')
    assert not is_write("WITH s AS (SELECT 1) SELECT * FROM s")
