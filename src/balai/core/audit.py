"""The audit trail: one store (django-auditlog's LogEntry) for three kinds of entry.

* Row changes of registered models (create/update/delete, field-level
  before/after) are written by auditlog itself, so no write path can forget.
* Domain events (``record``): business actions such as "letter.signed" or
  bulk loads that bypass model signals, with structured ``data``.
* Views of personal records (``record_view``): who looked at which resident.

Actor and remote address come from the request (``AuditMiddleware``) or
explicitly from the caller (commands, tasks).
"""

from __future__ import annotations

from typing import Any

from auditlog.context import set_actor
from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from balai.core.client_ip import client_ip

CREATE = LogEntry.Action.CREATE
UPDATE = LogEntry.Action.UPDATE
DELETE = LogEntry.Action.DELETE
ACCESS = LogEntry.Action.ACCESS


def track(model: type[models.Model], **options: Any) -> type[models.Model]:
    """Log every create, update and delete of *model* with before/after values."""
    auditlog.register(model, **options)
    return model


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | type[models.Model],
    data: dict[str, Any] | None = None,
    kind: int = UPDATE,
) -> LogEntry:
    """Write a domain event *action* about *obj* done by *actor*.

    *obj* may be a model class for events about many rows (bulk loads).
    """
    payload = {"event": action, **(data or {})}
    if isinstance(obj, type):
        return LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_pk="*",
            object_repr=str(obj._meta.verbose_name_plural),
            action=kind,
            actor=_real_user(actor),
            additional_data=payload,
        )
    entry: LogEntry = LogEntry.objects.log_create(
        obj,
        force_log=True,
        action=kind,
        changes=None,
        actor=_real_user(actor),
        additional_data=payload,
    )
    return entry


def record_view(*, actor: Any, obj: models.Model, purpose: str = "") -> LogEntry:
    """Log that *actor* viewed the personal record *obj*."""
    return record(
        actor=actor,
        action="viewed",
        obj=obj,
        data={"purpose": purpose} if purpose else None,
        kind=ACCESS,
    )


def entries_for(obj: models.Model) -> models.QuerySet[LogEntry]:
    """Return the audit entries about *obj*, newest first."""
    entries: models.QuerySet[LogEntry] = LogEntry.objects.get_for_object(obj)
    return entries.select_related("actor")


def _real_user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


class AuditMiddleware(AuditlogMiddleware):  # type: ignore[misc]
    """auditlog's middleware, with the address from ``core.client_ip``.

    Upstream takes the leftmost X-Forwarded-For entry from any client, which
    would let anyone write a false origin address into the audit trail.
    """

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        return client_ip(request)


__all__ = ["AuditMiddleware", "record", "record_view", "set_actor", "track"]
