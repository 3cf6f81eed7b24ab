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
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

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
    """auditlog's middleware, trusting X-Forwarded-For only behind a known proxy.

    Upstream reads the header from any client, which would let anyone write
    a false origin address into the audit trail.
    """

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        return client_ip(request)


def client_ip(request: HttpRequest) -> str | None:
    """Return the caller's address, trusting X-Forwarded-For only behind a known proxy."""
    if settings.SECURE_PROXY_SSL_HEADER and request.headers.get("X-Forwarded-For"):
        return request.headers["X-Forwarded-For"].split(",")[0].strip()
    addr: str | None = request.META.get("REMOTE_ADDR")
    return addr


__all__ = ["AuditMiddleware", "record", "record_view", "set_actor", "track"]
