"""Every link a role's menu and home page offer answers 200 for that role.

The demo kabupaten is built (with every module's data) on the test tree, then
each demo user's home page is crawled two links deep: the menu, the home
items and the links on the pages they lead to. A role must never be offered
a link that ends in 403, 404 or a redirect.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client

from balai.accounts.models import User
from balai.core.demo import DemoOptions
from balai.web.demo import build_demo
from conftest import close_response

HREF = re.compile(r'href="([^"#]+)"')
SKIP = ("/static/", "/admin/", "/api/v1/docs", "/akun/keluar/", "/i18n/")
# Area-tree pages list every area below: follow them one level only.
SHALLOW = ("/wilayah/",)


def _links(html: str) -> Iterator[str]:
    for href in HREF.findall(html):
        href = href.replace("&amp;", "&")
        if href.startswith("/") and not href.startswith(SKIP):
            yield href


def _shape(url: str) -> str:
    """Collapse ids and codes so one page per shape is crawled (keeps the test bounded)."""
    return re.sub(r"\d+", "N", url)


def crawl(client: Client, depth: int = 2) -> dict[str, tuple[int, str]]:
    seen: dict[str, tuple[int, str]] = {}
    shapes: set[str] = set()
    frontier = [("/", "")]
    for level in range(depth + 1):
        following = []
        for url, parent in frontier:
            if url in seen or (level > 1 and _shape(url) in shapes):
                continue
            shapes.add(_shape(url))
            response = client.get(url)
            close_response(response)  # downloads hold an open file
            seen[url] = (response.status_code, parent)
            html = response.get("Content-Type", "").startswith("text/html")
            if response.status_code != 200 or not html or level == depth:
                continue
            if level >= 1 and url.startswith(SHALLOW):
                continue
            following += [(link, url) for link in _links(response.content.decode())]
        frontier = following
    return seen


ROLES = (
    "admin",
    "dpmd",
    "dinkes",
    "camat",
    "kecamatan",
    "kades",
    "sekdes",
    "operator",
    "kadus",
    "rw",
    "rt",
    "kader",
    "warga",
)


@pytest.mark.django_db
def test_every_link_offered_to_each_demo_role_answers(tree: None) -> None:
    build_demo(options=DemoOptions(seed=5, residents=150))
    broken: dict[str, dict[str, tuple[int, str]]] = {}
    crawled: dict[str, int] = {}
    for username in ROLES:
        client = Client()
        client.force_login(User.objects.get(username=username))
        seen = crawl(client)
        crawled[username] = len(seen)
        bad = {url: found for url, found in seen.items() if found[0] != 200}
        if bad:
            broken[username] = bad
    assert broken == {}
    assert min(crawled.values()) > 3  # each crawl really followed a menu
