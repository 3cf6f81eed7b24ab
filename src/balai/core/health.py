"""Liveness and readiness checks, and the task worker's heartbeat."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from balai.core.dbrouter import replica_alias
from balai.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 30
# A worker not seen for this long is reported as stale (three missed beats).
STALE_AFTER_SECONDS = 3 * HEARTBEAT_SECONDS


@dataclass
class Readiness:
    """The result of the readiness checks: ``ok`` and the figures behind it."""

    ok: bool = True
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)

    def fail(self, name: str, error: Exception) -> None:
        self.ok = False
        # The class name only: driver messages can carry host names and users.
        self.checks[name] = {"ok": False, "error": type(error).__name__}


def _database(alias: str) -> dict[str, Any]:
    started = time.perf_counter()
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    result: dict[str, Any] = {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}
    if alias != DEFAULT_DB_ALIAS and connections[alias].vendor == "postgresql":
        with connections[alias].cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), "
                "EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())"
            )
            in_recovery, lag = cursor.fetchone()
        result["in_recovery"] = bool(in_recovery)
        result["replay_lag_seconds"] = None if lag is None else round(float(lag), 1)
    return result


def _queue(now: datetime) -> dict[str, Any]:
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    newest_beat = (
        WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    )
    age = None if newest_beat is None else round((now - newest_beat).total_seconds())
    return {
        "ok": True,
        "ready_tasks": ready.count(),
        "oldest_ready_seconds": None if oldest is None else round((now - oldest).total_seconds()),
        "worker_seen_seconds_ago": age,
        "worker_stale": age is None or age > STALE_AFTER_SECONDS,
    }


def readiness() -> Readiness:
    """Check the primary, the replica if used, and the task queue; report the worker.

    A stale worker is reported but does not make the web process unready:
    pages still work, only background jobs wait.
    """
    result = Readiness()
    replica = replica_alias()
    for alias in [DEFAULT_DB_ALIAS, *([replica] if replica else [])]:
        try:
            result.checks[f"database_{alias}"] = _database(alias)
        except Exception as exc:
            result.fail(f"database_{alias}", exc)
    try:
        result.checks["task_queue"] = _queue(timezone.now())
    except Exception as exc:
        result.fail("task_queue", exc)
    return result


def worker_beat(*, worker_id: str, started_at: datetime) -> None:
    """Record that worker *worker_id* of this host and process is alive now."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


def forget_worker(*, worker_id: str) -> None:
    """Remove the heartbeat of a worker that stopped cleanly."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def start_heartbeat(worker_id: str, stop: threading.Event) -> threading.Thread:
    """Beat every ``HEARTBEAT_SECONDS`` in a daemon thread until *stop* is set."""
    started_at = timezone.now()

    def run() -> None:
        while True:
            try:
                close_old_connections()
                worker_beat(worker_id=worker_id, started_at=started_at)
            except Exception:
                logger.exception("worker heartbeat failed")
            if stop.wait(HEARTBEAT_SECONDS):
                break
        connections.close_all()

    thread = threading.Thread(target=run, name="balai-heartbeat", daemon=True)
    thread.start()
    return thread
