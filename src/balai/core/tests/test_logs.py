"""Structured logs: JSON lines with the request id, and no personal data."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import path

from balai.core.logs import JsonFormatter, mask, request_id

NIK = "7322034107900001"


def _record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("balai.test", logging.WARNING, __file__, 1, message, args, None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_a_record_becomes_one_json_line_with_the_request_id() -> None:
    token = request_id.set("abc123def456")
    try:
        line = JsonFormatter().format(_record("imported %d rows", 12, village="73.22.03.2004"))
    finally:
        request_id.reset(token)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "imported 12 rows"
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "balai.test"
    assert entry["request_id"] == "abc123def456"
    assert entry["village"] == "73.22.03.2004"
    assert entry["time"].endswith("+00:00")


def test_nik_and_kk_numbers_are_masked_in_messages_and_fields() -> None:
    entry = json.loads(JsonFormatter().format(_record(f"duplicate NIK {NIK}", path=f"/x/{NIK}/")))
    assert NIK not in json.dumps(entry)
    assert entry["message"] == "duplicate NIK ################"
    # Shorter or longer digit runs (area codes, phone numbers, ids) stay.
    assert mask("73.22.03.2004 id 123456789012345 and 12345678901234567") == (
        "73.22.03.2004 id 123456789012345 and 12345678901234567"
    )


def test_objects_in_extra_fields_are_not_dumped() -> None:
    entry = json.loads(JsonFormatter().format(_record("x", request=object(), data={"nik": NIK})))
    assert "request" not in entry
    assert "data" not in entry


def test_exceptions_are_kept_on_one_line() -> None:
    try:
        raise ValueError(f"bad {NIK}")
    except ValueError:
        record = _record("failed")
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert "ValueError: bad ################" in entry["exception"]


@pytest.mark.django_db
def test_each_request_gets_an_id_and_one_access_line_without_the_query(
    caplog: pytest.LogCaptureFixture, tree: None
) -> None:
    with caplog.at_level(logging.INFO, logger="balai.access"):
        response = Client().get(f"/wilayah/?q={NIK}")
    rid = response["X-Request-ID"]
    assert len(rid) == 32
    [record] = [r for r in caplog.records if r.name == "balai.access"]
    entry = json.loads(JsonFormatter().format(record))
    assert entry["path"] == "/wilayah/"
    assert entry["method"] == "GET"
    assert entry["status"] == 200
    assert isinstance(entry["duration_ms"], float)
    assert NIK not in json.dumps(entry)


@pytest.mark.django_db
def test_a_proxy_request_id_is_kept_and_a_malformed_one_replaced() -> None:
    client = Client()
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="edge-0123456789")
    assert kept["X-Request-ID"] == "edge-0123456789"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert replaced["X-Request-ID"] != "bad id\nwith newline"
    assert len(replaced["X-Request-ID"]) == 32


def test_production_settings_log_json_lines_to_stdout(tmp_path: Path) -> None:
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('balai.x').warning('hello %s', 'there')"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "balai.config.settings",
        "BALAI_VAR_DIR": str(tmp_path),
    }
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    entry = json.loads(out.stdout.strip())
    assert entry["message"] == "hello there"
    assert entry["level"] == "WARNING"
    assert out.stderr == ""


def _boom(request: object) -> None:
    raise RuntimeError(f"crash while reading {NIK}")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.urls("balai.core.tests.test_logs")
def test_a_server_error_shows_the_indonesian_page_and_logs_one_masked_json_error() -> None:
    client = Client(raise_request_exception=False)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/boom/")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Terjadi kesalahan pada server" in body
    assert "RuntimeError" not in body
    assert NIK not in body
    [line] = stream.getvalue().splitlines()
    entry = json.loads(line)
    assert entry["status"] == 500
    assert entry["request_id"] == response["X-Request-ID"]
    assert "RuntimeError: crash while reading ################" in entry["exception"]
    assert NIK not in json.dumps(entry)
