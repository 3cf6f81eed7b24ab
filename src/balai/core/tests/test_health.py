"""``/healthz`` (liveness), ``/readyz`` (readiness) and the worker heartbeat."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connections
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from balai.core import health
from balai.core.models import WorkerHeartbeat


def test_healthz_answers_without_touching_the_database(
    django_assert_num_queries: Any, db: None
) -> None:
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_works_with_no_database_access_at_all() -> None:
    # No db fixture: any query would fail the test.
    assert Client().get("/healthz").status_code == 200


@pytest.mark.django_db
def test_readyz_reports_the_databases_and_the_queue() -> None:
    body = Client().get("/readyz").json()
    assert body["status"] == "ok"
    assert body["checks"]["database_default"]["ok"] is True
    queue = body["checks"]["task_queue"]
    assert queue["ready_tasks"] == 0
    assert queue["oldest_ready_seconds"] is None
    assert queue["worker_seen_seconds_ago"] is None
    assert queue["worker_stale"] is True


@pytest.mark.django_db
def test_readyz_reports_the_worker_heartbeat_age_and_waiting_tasks() -> None:
    now = timezone.now()
    with time_machine.travel(now - timedelta(seconds=20), tick=False):
        health.worker_beat(worker_id="w1", started_at=timezone.now())
        DBTaskResult.objects.create(
            task_path="balai.regions.tasks.regions_load_task",
            args_kwargs={"args": [], "kwargs": {}},
            queue_name="default",
            backend_name="default",
            priority=0,
        )
    with time_machine.travel(now, tick=False):
        queue = Client().get("/readyz").json()["checks"]["task_queue"]
    assert queue["worker_seen_seconds_ago"] == 20
    assert queue["worker_stale"] is False
    assert queue["ready_tasks"] == 1
    assert queue["oldest_ready_seconds"] == 20


@pytest.mark.django_db
def test_a_worker_silent_for_three_beats_is_stale_but_the_site_stays_ready() -> None:
    now = timezone.now()
    with time_machine.travel(now - timedelta(seconds=health.STALE_AFTER_SECONDS + 1)):
        health.worker_beat(worker_id="w1", started_at=timezone.now())
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["task_queue"]["worker_stale"] is True


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(alias: str) -> dict[str, Any]:
        raise connections[alias].Database.OperationalError("connection refused for user x")

    monkeypatch.setattr(health, "_database", broken)
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database_default"] == {"ok": False, "error": "OperationalError"}
    assert "user x" not in response.content.decode()


@pytest.mark.django_db
def test_health_routes_are_not_redirected_to_https(settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/readyz").status_code == 200
    assert Client().get("/akun/masuk/").status_code == 301


@pytest.mark.django_db
def test_worker_beat_updates_one_row_per_worker() -> None:
    started = timezone.now()
    health.worker_beat(worker_id="w1", started_at=started)
    health.worker_beat(worker_id="w1", started_at=started)
    health.worker_beat(worker_id="w2", started_at=started)
    assert WorkerHeartbeat.objects.count() == 2
    health.forget_worker(worker_id="w1")
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["w2"]


@pytest.mark.django_db(transaction=True)
def test_heartbeat_thread_beats_until_stopped() -> None:
    stop = threading.Event()
    thread = health.start_heartbeat("thread-worker", stop)
    for _ in range(100):
        if WorkerHeartbeat.objects.filter(worker_id="thread-worker").exists():
            break
        stop.wait(0.05)
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert WorkerHeartbeat.objects.filter(worker_id="thread-worker").exists()


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_readyz_checks_the_replica_when_one_is_used(settings: Any) -> None:
    settings.BALAI_READ_REPLICA = "replica"
    checks = Client().get("/readyz").json()["checks"]
    assert checks["database_replica"]["ok"] is True
    settings.BALAI_READ_REPLICA = None
    assert "database_replica" not in Client().get("/readyz").json()["checks"]
