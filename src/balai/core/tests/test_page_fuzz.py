"""Every page, read with hostile query parameters, answers without a server error.

The pages' counterpart of the schemathesis run: each GET route of the site,
its path filled with real codes and ids of the demo kabupaten, is requested
by users of several roles with query strings of out-of-range periods,
malformed codes, odd Unicode and plain garbage. Anything may be refused
(400/403/404) or fall back to a default; nothing may answer 5xx.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from balai.accounts.models import User
from balai.complaints.models import Complaint
from balai.core.demo import DemoOptions
from balai.core.public_routes import PUBLIC_ROUTES
from balai.letters.models import LetterRequest, ServiceStandard
from balai.posyandu.models import ChildVisit, Posyandu, Pregnancy
from balai.registry.models import Family, Resident
from balai.web.demo import build_demo

# Query strings sent to every page (besides none at all).
HOSTILE = [
    "tahun=0&bulan=0001-01&tanggal=0001-01-01&periode=0001-Q1&triwulan=9999-Q4&limit=-1",
    "tahun=99999999999999999999&bulan=9999-12&tanggal=9999-12-31&periode=9999-12&after=-1",
    "kode=a/b&area=a/b&wilayah=a/b&desa=a/b&status=a/b&jenis=a/b&posyandu=a/b&village=a/b",
    "q=%F0%9F%98%80%E2%80%AE&ibu=%EF%BF%BF&no_kk=%2F..%2F&keluarga=-1&templat=1&dasar=x"
    "&format=x&aksi=x&terlambat=1&eskalasi=1&posyandu=999999999999999999999",
]
SKIP = {"accounts:logout", "set_language"}
# The admin reaches every area page, the operator every village page, the
# resident the self-service pages; anonymous callers only the public routes.
USERS = ("admin", "operator", "warga")


def walk(patterns: list[Any], prefix: str = "", ns: str = "") -> Iterator[tuple[str, str]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            sub_ns = f"{ns}{p.namespace}:" if p.namespace else ns
            yield from walk(p.url_patterns, prefix + str(p.pattern), sub_ns)
        elif isinstance(p, URLPattern):
            yield f"{ns}{p.name}", prefix + str(p.pattern)


PUBLIC = set().union(*PUBLIC_ROUTES.values())
ROUTES = [
    (name, route)
    for name, route in walk(get_resolver().url_patterns)
    if not name.startswith(("admin:", "api:")) and name not in SKIP
]


def _values() -> dict[str, Any]:
    """Real path arguments from the demo data, by route name or argument name."""
    village = LetterRequest.objects.values_list("area_id", flat=True).order_by("area_id").first()
    complaint = Complaint.objects.order_by("pk").first()
    request = LetterRequest.objects.order_by("pk").first()
    child = ChildVisit.objects.order_by("pk").first()
    pregnancy = Pregnancy.objects.order_by("pk").first()
    return {
        "code": village,
        "number": complaint.number if complaint else "P-0",
        "complaints:pk": complaint.pk if complaint else 1,
        "complaints:id": complaint.attachments.values_list("pk", flat=True).first()
        if complaint
        else 1,
        "letters:pk": request.pk if request else 1,
        "letters:doc": 1,
        "letters:standard_edit:pk": ServiceStandard.objects.values_list("pk", flat=True).first(),
        "posyandu:pk": Posyandu.objects.values_list("pk", flat=True).order_by("pk").first(),
        "posyandu:child_pk": child.resident_id if child else 1,
        "posyandu:child:pk": child.resident_id if child else 1,
        "posyandu:child_pdf:pk": child.resident_id if child else 1,
        "posyandu:pregnancy_visit:pk": pregnancy.pk if pregnancy else 1,
        "registry:pk": Resident.objects.values_list("pk", flat=True).order_by("pk").first(),
        "registry:family_detail:pk": Family.objects.values_list("pk", flat=True).first(),
        "registry:family_split:pk": Family.objects.values_list("pk", flat=True).first(),
        "registry:kind": "mati",
        "letters:template_edit:code": "domisili",
        "letters:template_preview:code": "domisili",
        "letters:resident_request:code": "domisili",
    }


def _url(name: str, route: str, values: dict[str, Any]) -> str:
    app = name.split(":", 1)[0]

    def arg(match: re.Match[str]) -> str:
        key = match[1]
        for candidate in (f"{name}:{key}", f"{app}:{key}", key):
            if values.get(candidate) is not None:
                return str(values[candidate])
        return "1"

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", arg, route)


@pytest.mark.django_db
def test_every_page_survives_hostile_query_parameters(tree: None) -> None:
    build_demo(seed=1, options=DemoOptions(seed=1, residents=150))
    values = _values()
    failures: list[str] = []
    anonymous = Client(raise_request_exception=False)
    clients: dict[str, Client] = {}
    for username in USERS:
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        clients[username] = client
    for name, route in ROUTES:
        url = _url(name, route, values)
        callers = {**clients, "anonymous": anonymous} if name in PUBLIC else clients
        for who, client in callers.items():
            for query in ["", *HOSTILE]:
                response = client.get(f"{url}?{query}" if query else url)
                if response.streaming:  # read downloads to the end: the client then closes
                    b"".join(response.streaming_content)  # the file, like a WSGI server would
                if response.status_code >= 500:
                    failures.append(f"{who} GET {url}?{query} -> {response.status_code}")
    assert failures == [], "\n".join(failures)
