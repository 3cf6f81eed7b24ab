"""Background tasks by name, so a service can queue its task without importing it.

A task module runs a service (``tasks.py`` imports ``services``); the service
queues that task. Importing each other would be a cycle, so each app's
``tasks.py`` registers its tasks here under a name when the app is ready, and
services queue them by that name. ``core`` knows no app: it only keeps names.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar


class Enqueueable(Protocol):
    def enqueue(self, *args: Any, **kwargs: Any) -> Any: ...


T = TypeVar("T", bound=Enqueueable)
_tasks: dict[str, Enqueueable] = {}


def register(name: str, task: T) -> T:
    """Make *task* available as *name* (idempotent for the same task)."""
    known = _tasks.get(name)
    if known is not None and known is not task:
        raise ValueError(f"background task {name!r} is registered twice")
    _tasks[name] = task
    return task


def enqueue(name: str, *args: Any, **kwargs: Any) -> Any:
    """Queue the task registered as *name*; return its result handle."""
    try:
        task = _tasks[name]
    except KeyError:
        raise LookupError(
            f"no background task {name!r}: its app must import its tasks module in ready()"
        ) from None
    return task.enqueue(*args, **kwargs)
