"""The personal iCal feed: a secret URL per user, stored hashed, scoped, revocable."""

from __future__ import annotations

import re
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balai.accounts.models import RoleAssignment, User
from balai.regions.models import Area
from balai.supervision import services
from balai.supervision.feedkeys import key_hash
from balai.supervision.models import Activity, CalendarFeed
from conftest import DESA_PATTIMANG, KEC_MALANGKE, KEC_MASAMBA, login, with_csrf

pytestmark = pytest.mark.django_db


def _issue(client: Client, area: str = KEC_MASAMBA) -> str:
    response = client.post(
        f"{reverse('supervision:feed_manage')}?wilayah={area}", {"action": "buat"}
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    match = re.search(
        r'data-testid="feed-url"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*data-testid="feed-url"',
        response.content.decode(),
    )
    assert match is not None
    url = match.group(1) or match.group(2)
    return url.split("testserver", 1)[1]


def _summaries(body: bytes) -> list[str]:
    unfolded: list[str] = []
    for line in body.decode().split("\r\n"):
        if line.startswith(" "):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    return sorted(line for line in unfolded if line.startswith("SUMMARY:"))


def _no_writes(client: Client, url: str) -> int:
    before = (LogEntry.objects.count(), list(CalendarFeed.objects.values_list("updated_at")))
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    writes = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert (
        LogEntry.objects.count(),
        list(CalendarFeed.objects.values_list("updated_at")),
    ) == before
    return status


def test_feed_url_is_shown_once_stored_hashed_and_serves_without_login(
    activity: Activity, camat: User, other_kecamatan: User
) -> None:
    services.activity_create(
        actor=other_kecamatan,
        kecamatan=Area.objects.get(code=KEC_MALANGKE),
        kind="pembinaan",
        title="Pembinaan Malangke",
        starts_on=date(2026, 11, 2),
        ends_on=date(2026, 11, 2),
        villages=Area.objects.filter(code=DESA_PATTIMANG),
    )
    path = _issue(login(camat))
    key = path.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=camat)
    assert feed.key_hash == key_hash(key) and key not in feed.key_hash
    assert feed.area_id == KEC_MASAMBA
    # The agenda page tells the feed is active but never shows the secret again.
    agenda = login(camat).get(reverse("supervision:agenda")).content.decode()
    assert 'data-testid="feed-state"' in agenda and key not in agenda

    response = Client().get(path)  # a calendar app: no session
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert _summaries(response.content) == ["SUMMARY:Pengawasan: Pengawasan SPM Desa"]


def test_wrong_revoked_or_replaced_secret_is_404_and_writes_nothing(camat: User) -> None:
    client = login(camat)
    first = _issue(client)
    anonymous = Client()
    assert _no_writes(anonymous, first) == 200
    assert _no_writes(anonymous, first[:-8] + "AAAA.ics") == 404
    assert _no_writes(anonymous, reverse("supervision:feed", args=["x"])) == 404
    second = _issue(client)  # regenerating kills the old secret
    assert _no_writes(anonymous, first) == 404
    assert _no_writes(anonymous, second) == 200
    revoked = client.post(
        f"{reverse('supervision:feed_manage')}?wilayah={KEC_MASAMBA}", {"action": "cabut"}
    )
    assert revoked.status_code == 302
    assert CalendarFeed.objects.get(user=camat).revoked_at is not None
    assert _no_writes(anonymous, second) == 404
    assert (
        "Tautan Anda sudah dicabut." in client.get(reverse("supervision:agenda")).content.decode()
    )


def test_feed_stops_when_the_role_is_deactivated(camat: User) -> None:
    path = _issue(login(camat))
    RoleAssignment.objects.filter(user=camat).update(is_active=False)
    assert _no_writes(Client(), path) == 404


def test_feed_only_for_areas_the_user_may_see(camat: User, other_kecamatan: User) -> None:
    denied = login(other_kecamatan).post(
        f"{reverse('supervision:feed_manage')}?wilayah={KEC_MASAMBA}", {"action": "buat"}
    )
    assert denied.status_code == 403 and not CalendarFeed.objects.exists()
    assert login(other_kecamatan).get(reverse("supervision:feed_manage")).status_code == 405


def test_feed_issue_needs_csrf(camat: User, csrf_client: Client) -> None:
    csrf_client.force_login(camat)
    url = f"{reverse('supervision:feed_manage')}?wilayah={KEC_MASAMBA}"
    assert csrf_client.post(url, {"action": "buat"}).status_code == 403
    assert not CalendarFeed.objects.exists()
    ok = csrf_client.post(url, {"action": "buat"}, headers=with_csrf(csrf_client))
    assert ok.status_code == 200 and CalendarFeed.objects.filter(user=camat).exists()


def test_the_feed_secret_never_reaches_the_logs(
    camat: User, caplog: pytest.LogCaptureFixture
) -> None:
    from balai.core.logs import JsonFormatter

    path = _issue(login(camat))
    key = path.rsplit("/", 1)[1].removesuffix(".ics")
    with caplog.at_level("INFO"):
        assert Client().get(path).status_code == 200
        assert Client().get(path[:-8] + "AAAA.ics").status_code == 404
    lines = [JsonFormatter().format(r) for r in caplog.records]
    assert any("/binwas/kalender/bw_***.ics" in line for line in lines)
    assert not any(key[3:] in line or key[3:-4] in line for line in lines)


def test_feed_queries_do_not_grow_with_the_agenda(activity: Activity, camat: User) -> None:
    path = _issue(login(camat))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert Client().get(path).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for day in (2, 3, 4):
        services.activity_create(
            actor=camat,
            kecamatan=Area.objects.get(code=KEC_MASAMBA),
            kind="pembinaan",
            title=f"Pembinaan {day}",
            starts_on=date(2026, 11, day),
            ends_on=date(2026, 11, day),
            villages=Area.objects.filter(code__within=KEC_MASAMBA, level="desa_kelurahan"),
        )
    assert count() == before
