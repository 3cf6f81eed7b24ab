"""The read replica for real: a PostgreSQL streaming replica (CI starts one on :5433).

Skipped unless DATABASE_REPLICA_URL names a replica. Replay is paused for a
moment to make the two servers differ, which shows where each read went.
"""

from __future__ import annotations

import os
import time
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from balai.accounts.roles import Role
from balai.core.tests.test_dbrouter import _writes, query_log
from balai.registry.stats.models import PopulationSummary
from balai.registry.stats.summary import invalidate
from conftest import DESA_PINCARA, KEC_MASAMBA, login

pytestmark = [pytest.mark.replica, pytest.mark.postgres]


def _scalar(alias: str, sql: str, *params: Any) -> Any:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def wait_for_replay(timeout: float = 30) -> None:
    """Wait until the replica has replayed everything the primary has written so far."""
    target = _scalar("default", "SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + timeout
    while not _scalar("replica", "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", target):
        if time.monotonic() > deadline:
            pytest.fail("the replica did not catch up")
        time.sleep(0.05)


def _get(client: Client, url: str) -> list[tuple[str, str]]:
    with query_log() as log:
        assert client.get(url).status_code == 200
    return log


def _summary_aliases(log: list[tuple[str, str]]) -> list[str]:
    return [alias for alias, sql in log if "populationsummary" in sql.lower()]


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_dashboard_reads_hit_the_replica_and_reads_after_a_write_hit_the_primary(
    make_user: Any,
) -> None:
    if not os.environ.get("DATABASE_REPLICA_URL"):
        pytest.skip("set DATABASE_REPLICA_URL to a streaming replica")
    assert _scalar("replica", "SELECT pg_is_in_recovery()") is True
    assert _scalar("default", "SELECT pg_is_in_recovery()") is False
    client = login(make_user(Role.CAMAT, KEC_MASAMBA, username="camat_replica_pg"))
    url = reverse("registry:stats_area", args=[KEC_MASAMBA])
    wait_for_replay()
    _get(client, url)  # computes and stores the summaries on the primary
    wait_for_replay()
    version = PopulationSummary.objects.get(area_id=DESA_PINCARA).version

    _scalar("replica", "SELECT pg_wal_replay_pause()::text")
    try:
        invalidate([DESA_PINCARA])  # a registry write on the primary
        assert PopulationSummary.objects.get(area_id=DESA_PINCARA).version == version + 1
        assert (
            PopulationSummary.objects.using("replica").get(area_id=DESA_PINCARA).version == version
        )
        paused = _get(client, url)
    finally:
        _scalar("replica", "SELECT pg_wal_replay_resume()::text")
    # The replica had not seen the change, so the page used the cached sums:
    # every summary read went there and nothing was written.
    assert set(_summary_aliases(paused)) == {"replica"}
    assert not any(_writes(sql) for _alias, sql in paused)

    wait_for_replay()
    caught_up = _get(client, url)
    # Now the replica shows Pincara stale: recomputed, stored on the primary,
    # and from that write on the request reads only from the primary.
    assert _summary_aliases(caught_up)[0] == "replica"
    first_write = next(i for i, (_a, sql) in enumerate(caught_up) if _writes(sql))
    assert caught_up[first_write][0] == "default"
    assert any("populationsummary" in sql.lower() for _a, sql in caught_up[first_write + 1 :])
    assert {alias for alias, _sql in caught_up[first_write:]} == {"default"}
    assert PopulationSummary.objects.get(area_id=DESA_PINCARA).computed_version == version + 1
