"""Every route is either public (on the list below) or refuses anonymous callers."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from balai.config.api import api
from balai.core import public_routes

PUBLIC_ROUTES = set().union(*public_routes.PUBLIC_ROUTES.values())
PUBLIC_API = set().union(*public_routes.PUBLIC_API.values())
SAMPLE_ARGS = {"code": "73.22.03.2004", "pk": "1", "token_id": "1", "id": "1"}


def walk(
    patterns: list[object], prefix: str = "", ns: str = ""
) -> Iterator[tuple[str, str, object]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            sub_ns = f"{ns}{p.namespace}:" if p.namespace else ns
            yield from walk(p.url_patterns, prefix + str(p.pattern), sub_ns)
        elif isinstance(p, URLPattern):
            yield f"{ns}{p.name}", prefix + str(p.pattern), p.callback


def concrete(route: str) -> str:
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLE_ARGS.get(m.group(1), "1"), route)
    return "/" + path.lstrip("^").rstrip("$").replace("\\Z", "")


ROUTES = [r for r in walk(get_resolver().url_patterns) if not r[0].startswith(("admin:", "api:"))]
API_OPS = [
    (method, "/" + prefix.strip("/") + path, op.view_func)
    for prefix, router in api._routers
    for path, view in router.path_operations.items()
    for op in view.operations
    for method in op.methods
]


def test_every_route_carries_an_access_policy() -> None:
    missing = [name for name, _route, cb in ROUTES if not hasattr(cb, "access_policy")]
    assert missing == []


def test_public_routes_are_exactly_the_listed_ones() -> None:
    public = {name for name, _route, cb in ROUTES if getattr(cb, "access_policy", None) == "public"}
    public |= {n for n, _r, _cb in walk(get_resolver().url_patterns) if n.startswith("api:openapi")}
    assert public == PUBLIC_ROUTES


GUARDED = [r for r in ROUTES if r[0] not in PUBLIC_ROUTES]
GUARDED_API = [op for op in API_OPS if (op[0], op[1]) not in PUBLIC_API]


@pytest.mark.parametrize(("name", "route", "callback"), GUARDED, ids=[r[0] for r in GUARDED])
@pytest.mark.django_db
def test_anonymous_caller_is_sent_to_login(
    name: str, route: str, callback: object, tree: None
) -> None:
    client = Client()
    for method in ("get", "post"):
        response = getattr(client, method)(concrete(route))
        assert response.status_code in (302, 405), (name, method, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/akun/masuk/")


def test_every_api_operation_carries_an_access_policy() -> None:
    assert [p for _m, p, f in API_OPS if not hasattr(f, "access_policy")] == []
    public = {(m, p) for m, p, f in API_OPS if f.access_policy == "public"}  # type: ignore[attr-defined]
    assert public == PUBLIC_API


@pytest.mark.parametrize(
    ("method", "path", "func"), GUARDED_API, ids=[f"{m} {p}" for m, p, _f in GUARDED_API]
)
@pytest.mark.django_db
def test_anonymous_api_caller_gets_401(method: str, path: str, func: object, tree: None) -> None:
    url = "/api/v1" + re.sub(r"\{(\w+)\}", lambda m: SAMPLE_ARGS.get(m.group(1), "1"), path)
    response = Client().generic(method, url, data="{}", content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.django_db
def test_admin_is_closed_to_everyone_but_system_admins(operator: object, make_user: object) -> None:
    from balai.accounts.roles import Role
    from conftest import login

    assert Client().get("/admin/").status_code == 302
    operator.is_staff = True  # type: ignore[attr-defined]
    operator.save()  # type: ignore[attr-defined]
    assert login(operator).get("/admin/").status_code == 302  # type: ignore[arg-type]
    admin = make_user(Role.SYSTEM_ADMIN, None, username="sysadmin")  # type: ignore[operator]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    assert login(admin).get("/admin/").status_code == 200
