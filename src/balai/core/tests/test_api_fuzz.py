"""Schemathesis over the published OpenAPI: no 5xx and every response conforms.

Every API operation gets a bounded, derandomized set of generated cases
(valid and invalid input) from the schema the app publishes. The cases go
through the whole Django stack in-process (WSGI) with bearer tokens of demo
users, and path/query parameters that name objects are drawn half the time
from the demo kabupaten's real codes and ids, so the fuzzing reaches past the
404s. Checks: no 5xx, documented status code, documented content type, and the
body matches the documented schema. Runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from balai.accounts.models import RoleAssignment, User
from balai.accounts.services import token_create
from balai.complaints.models import Complaint
from balai.config.api import api
from balai.core.demo import DemoOptions
from balai.letters.models import IssuedDocument, LetterRequest, ServiceStandard
from balai.posyandu.models import ChildVisit, Posyandu
from balai.regions.models import Area
from balai.registry.models import Family, Resident
from balai.web.demo import build_demo

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
SCHEMA.app = WSGIHandler()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
EXAMPLES = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
KABUPATEN = "73.22"


def _real_values() -> dict[str, list[Any]]:
    """Return real identifiers of the demo data, keyed by "<path>:<parameter>"."""
    areas = [
        KABUPATEN,
        *Area.objects.filter(code__within=KABUPATEN).values_list("code", flat=True)[:3],
    ]
    villages = list(
        LetterRequest.objects.values_list("area_id", flat=True).distinct().order_by("area_id")[:2]
    )
    areas += villages
    complaints = list(Complaint.objects.values_list("pk", flat=True)[:3])
    requests = list(LetterRequest.objects.values_list("pk", flat=True)[:3])
    children = list(ChildVisit.objects.values_list("resident_id", flat=True).distinct()[:3])
    prefix = "/api/v1"
    values: dict[str, list[Any]] = {
        f"{prefix}/complaints/{{pk}}:pk": complaints,
        f"{prefix}/complaints/{{pk}}/actions:pk": complaints,
        f"{prefix}/complaints/open311/requests/{{service_request_id}}.json:service_request_id": list(
            Complaint.objects.values_list("number", flat=True)[:3]
        ),
        f"{prefix}/letters/requests/{{id}}:id": requests,
        f"{prefix}/letters/requests/{{id}}/pdf:id": requests,
        f"{prefix}/letters/requests/{{id}}/status:id": requests,
        f"{prefix}/letters/me/requests/{{id}}/pdf:id": requests,
        f"{prefix}/letters/standards/{{code}}:code": list(
            ServiceStandard.objects.values_list("code", flat=True)[:3]
        ),
        f"{prefix}/letters/verify/{{code}}:code": list(
            IssuedDocument.objects.values_list("verification_code", flat=True)[:3]
        ),
        f"{prefix}/posyandu/children/{{pk}}/visits:pk": children,
        f"{prefix}/posyandu/units/{{id}}/children/{{pk}}/visits:id": list(
            Posyandu.objects.values_list("pk", flat=True)[:3]
        ),
        f"{prefix}/posyandu/units/{{id}}/children/{{pk}}/visits:pk": children,
        f"{prefix}/registry/people/families/{{pk}}:pk": list(
            Family.objects.values_list("pk", flat=True)[:3]
        ),
    }
    residents = list(Resident.objects.values_list("pk", flat=True)[:3])
    for path in ("", "/events"):
        values[f"{prefix}/registry/people/residents/{{pk}}{path}:pk"] = residents
    for operation in OPERATIONS:
        for parameter in operation.iter_parameters():
            key = f"{operation.path}:{parameter.name}"
            if parameter.name in ("code", "area", "within") and key not in values:
                values[key] = areas
    return {key: found for key, found in values.items() if found}


def _strategy(operation: Any, real: dict[str, list[Any]]) -> st.SearchStrategy[Any]:
    """Generated cases, half of them with real identifiers in path and query."""
    path: dict[str, st.SearchStrategy[Any]] = {}
    query: dict[str, st.SearchStrategy[Any]] = {}
    for parameter in operation.iter_parameters():
        found = real.get(f"{operation.path}:{parameter.name}")
        if found and parameter.location == "path":
            path[parameter.name] = st.sampled_from(found)
        elif found and parameter.location == "query":
            query[parameter.name] = st.sampled_from(found)
    generated = [
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    ]
    if not path and not query:
        return st.one_of(generated)

    def with_real(chosen: tuple[dict[str, Any], dict[str, Any]]) -> st.SearchStrategy[Any]:
        return operation.as_strategy(
            generation_mode=GenerationMode.POSITIVE,
            path_parameters=chosen[0] or None,
            query=chosen[1] or None,
        )

    real_cases = st.tuples(st.fixed_dictionaries(path), st.fixed_dictionaries(query)).flatmap(
        with_real
    )
    return st.one_of(real_cases, *generated)


@contextmanager
def _keep_test_connection() -> Iterator[None]:
    """Do what Django's test client does: requests must not close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _bearer(username: str) -> dict[str, str]:
    user = User.objects.get(username=username)
    role = RoleAssignment.objects.filter(user=user).order_by("pk").first()
    assert role is not None
    _token, key = token_create(user=user, role=role, name="fuzz")
    return {"Authorization": f"Bearer {key}"}


def _session(username: str) -> dict[str, str]:
    """A logged-in session cookie: residents may not hold API tokens, the app uses the session."""
    from django.conf import settings as django_settings
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username=username))
    name = django_settings.SESSION_COOKIE_NAME
    return {"Cookie": f"{name}={client.cookies[name].value}"}


def _fuzz(operation: Any, strategy: st.SearchStrategy[Any], headers: dict[str, str]) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def _describe(exc: BaseException) -> str:
    parts = [str(exc), *getattr(exc, "__notes__", [])]
    for inner in getattr(exc, "exceptions", ()):
        parts += [str(inner), *getattr(inner, "__notes__", [])]
    return "\n".join(parts)


@pytest.mark.django_db
def test_every_api_operation_survives_fuzzed_input(tree: None) -> None:
    build_demo(seed=1, options=DemoOptions(seed=1, residents=150))
    real = _real_values()
    # Each operation as the admin; village and resident operations also as
    # the village head and the demo resident (their own scope and data).
    callers: dict[str, Callable[[Any], bool]] = {
        "admin": lambda op: True,
        "kades": lambda op: op.method.upper() != "GET" or "/letters/" in op.path,
        "warga": lambda op: "/me" in op.path,
    }
    failures: list[str] = []
    with _keep_test_connection():
        _run_all(callers, real, failures)
    assert not failures, "\n\n".join(failures)


def _run_all(
    callers: dict[str, Callable[[Any], bool]], real: dict[str, list[Any]], failures: list[str]
) -> None:
    for username, wanted in callers.items():
        headers = _session(username) if username == "warga" else _bearer(username)
        for operation in OPERATIONS:
            if not wanted(operation):
                continue
            try:
                _fuzz(operation, _strategy(operation, real), headers)
            except (Exception, FailureGroup) as exc:  # every operation's failure, then report
                failures.append(f"{username} {operation.label}:\n{_describe(exc)}")
