"""The caller's network address: the one place that reads REMOTE_ADDR and X-Forwarded-For.

Without a proxy (``BEHIND_PROXY=False``) the address is the socket peer,
``REMOTE_ADDR``; any X-Forwarded-For header is the client's own claim and
is ignored.

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, each proxy appends the
address it saw to X-Forwarded-For and the last one is the socket peer. The
client may send a header of its own, so only the entries the proxies added
can be trusted: the client's address is the N-th entry from the right
(``client, proxy1, ..., proxyN-1`` → the rightmost untrusted hop). The
leftmost entry is whatever the client wrote and is never used when the
header is long enough.

Used by the audit trail, django-axes (``AXES_CLIENT_IP_CALLABLE``), the
resident login throttle and the rate limits.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _clean(value: str) -> str | None:
    """Return *value* as a normalised IP address, or None if it is not one.

    Accepts the ``1.2.3.4:5678`` and ``[::1]:5678`` forms some proxies write.
    """
    value = value.strip()
    candidates = [value]
    if value.startswith("[") and "]" in value:
        candidates.append(value[1 : value.index("]")])
    elif value.count(":") == 1:
        candidates.append(value.split(":", 1)[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def forwarded_client(header: str, proxies: int) -> str | None:
    """Return the client address a chain of *proxies* proxies recorded in *header*.

    None when the header holds no usable address at that position.
    """
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    if not hops or proxies < 1:
        return None
    # Fewer hops than proxies: the request skipped an outer proxy, and every
    # entry there was still written by one of ours; take the farthest.
    hop = hops[-proxies] if len(hops) >= proxies else hops[0]
    return _clean(hop)


def client_ip(request: HttpRequest) -> str | None:
    """Return the address of the caller as the declared proxies saw it."""
    remote: str | None = request.META.get("REMOTE_ADDR") or None
    if not getattr(settings, "BEHIND_PROXY", False):
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = forwarded_client(header, int(getattr(settings, "TRUSTED_PROXY_COUNT", 1)))
    return forwarded or remote
