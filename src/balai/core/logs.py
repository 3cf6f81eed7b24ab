"""Structured logs: one JSON object per line on stdout, with the request id.

No personal data: request paths are logged without their query string, and
any run of 16 digits (a NIK or a No. KK) in a message or path is masked, as is
a secret carried in a path (a personal calendar feed's ``bw_…`` key).
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

request_id: ContextVar[str] = ContextVar("balai_request_id", default="")

_SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")
# Secrets that stand for a login in a URL (the binwas calendar feed's key).
_PATH_SECRET = re.compile(r"(?<![A-Za-z0-9_-])bw_[A-Za-z0-9_-]{16,}")
_GOOD_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

# LogRecord attributes that are not "extra" fields.
_STANDARD = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()
    | {"message", "asctime", "request", "server_time", "status_code", "taskName"}
)


def mask(text: str) -> str:
    """Return *text* with every 16-digit number (NIK, No. KK) and URL secret masked."""
    return _PATH_SECRET.sub("bw_***", _SIXTEEN_DIGITS.sub("################", text))


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON line: time, level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": mask(record.getMessage()),
        }
        rid = request_id.get()
        if rid:
            entry["request_id"] = rid
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        for key, value in record.__dict__.items():
            if key in _STANDARD or key.startswith("_"):
                continue
            if isinstance(value, str):
                entry[key] = mask(value)
            elif value is None or isinstance(value, int | float | bool):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = mask(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """Human-readable lines for development, with the request id and masking."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = mask(super().format(record))
        rid = request_id.get()
        return f"{line} [{rid}]" if rid else line


access_log = logging.getLogger("balai.access")


class RequestLogMiddleware:
    """Give each request an id (``X-Request-ID``) and write one access line for it.

    An incoming ``X-Request-ID`` from the proxy is kept when it looks like an id;
    otherwise a new one is made. The id is returned in the response header.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _GOOD_INCOMING_ID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            access_log.info(
                "%s %s %s",
                request.method,
                mask(request.path),
                response.status_code,
                extra={
                    "method": request.method,
                    "path": mask(request.path),
                    "status_code": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(token)
