"""The client address: REMOTE_ADDR, or the entry the declared proxies appended."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from balai.core.client_ip import client_ip

rf = RequestFactory()


def address(forwarded: str | None, remote: str = "10.0.0.1") -> str | None:
    headers = {"x-forwarded-for": forwarded} if forwarded is not None else {}
    return client_ip(rf.get("/", REMOTE_ADDR=remote, headers=headers))


def test_without_a_proxy_the_header_is_the_clients_own_claim() -> None:
    assert address("6.6.6.6") == "10.0.0.1"
    assert address(None) == "10.0.0.1"


@override_settings(BEHIND_PROXY=True, TRUSTED_PROXY_COUNT=1)
@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.7", "203.0.113.7"),  # nginx appended the peer it saw
        ("6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client forged a first entry
        ("1.1.1.1, 6.6.6.6,203.0.113.7", "203.0.113.7"),
        ("203.0.113.7:51234", "203.0.113.7"),  # some proxies add the port
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("", "10.0.0.1"),  # no header: the socket peer
        ("6.6.6.6, nonsense", "10.0.0.1"),  # garbage where the proxy writes
    ],
)
def test_one_proxy_takes_the_rightmost_entry(forwarded: str, expected: str) -> None:
    assert address(forwarded) == expected


@override_settings(BEHIND_PROXY=True, TRUSTED_PROXY_COUNT=2)
@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        # CDN saw the client and appended it; nginx appended the CDN.
        ("203.0.113.7, 198.51.100.2", "203.0.113.7"),
        ("6.6.6.6, 203.0.113.7, 198.51.100.2", "203.0.113.7"),
        ("7.7.7.7, 6.6.6.6, 203.0.113.7, 198.51.100.2", "203.0.113.7"),
        ("203.0.113.7", "203.0.113.7"),  # only nginx in the path
    ],
)
def test_two_proxies_take_the_second_entry_from_the_right(forwarded: str, expected: str) -> None:
    assert address(forwarded) == expected


@pytest.mark.django_db
@override_settings(BEHIND_PROXY=True, TRUSTED_PROXY_COUNT=1)
def test_forged_leftmost_entries_do_not_escape_the_login_lockout(operator: object) -> None:
    from django.conf import settings
    from django.test import Client

    from conftest import PASSWORD

    attacker = Client(REMOTE_ADDR="10.0.0.1")  # the proxy
    for n in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(
            "/akun/masuk/",
            {"username": "op_pincara", "password": "tebak"},
            headers={"x-forwarded-for": f"6.6.6.{n}, 203.0.113.7"},
        )
    locked = attacker.post(
        "/akun/masuk/",
        {"username": "op_pincara", "password": PASSWORD},
        headers={"x-forwarded-for": "9.9.9.9, 203.0.113.7"},
    )
    assert locked.status_code == 429
    elsewhere = Client(REMOTE_ADDR="10.0.0.1").post(
        "/akun/masuk/",
        {"username": "op_pincara", "password": PASSWORD},
        headers={"x-forwarded-for": "203.0.113.99"},
    )
    assert elsewhere.status_code == 302


@pytest.mark.django_db
@override_settings(BEHIND_PROXY=True, TRUSTED_PROXY_COUNT=2, COMPLAINTS_RATE_LIMIT=(2, 600))
def test_forged_leftmost_entries_do_not_escape_the_complaint_rate_limit() -> None:
    from balai.complaints import ratelimit

    def allowed(forwarded: str) -> bool:
        ip = address(forwarded)
        return ratelimit.allow(ip)

    assert allowed("1.1.1.1, 203.0.113.7, 198.51.100.2")
    assert allowed("2.2.2.2, 203.0.113.7, 198.51.100.2")
    assert not allowed("3.3.3.3, 203.0.113.7, 198.51.100.2")
    assert allowed("4.4.4.4, 203.0.113.8, 198.51.100.2")
