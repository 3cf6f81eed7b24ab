"""One lock-out mechanism for both logins (staff password, resident NIK + PIN): django-axes.

* Per account and address: ``AXES_FAILURE_LIMIT`` failures of one username
  (a staff username, or a resident's key derived from the NIK) from one
  address lock that pair for ``AXES_COOLOFF_TIME``. Tries during the lock are
  refused without being counted, so the lock ends on time however often
  someone behind the same office NAT keeps trying; the same person elsewhere
  is not locked.
* Per address: ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures of any usernames from
  one address in a fixed window of ``AXES_COOLOFF_TIME`` refuse every login
  from it until the window ends (guessing one PIN across many NIKs). The
  counter lives in the shared cache (``core.cache``), so every process sees it.

The address is ``core.client_ip`` (axes' ``AXES_CLIENT_IP_CALLABLE``).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.http import HttpRequest

from balai.core.cache import count_hit, hits
from balai.core.client_ip import client_ip


def _window() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def _address_key(request: HttpRequest) -> str:
    return f"login:fail:{getattr(request, 'axes_ip_address', None) or client_ip(request)}"


def address_blocked(request: HttpRequest) -> bool:
    """Tell whether the caller's address has used up its failures for this window."""
    return hits(_address_key(request)) >= int(settings.LOGIN_ADDRESS_FAILURE_LIMIT)


class BalaiAxesHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """Axes' database handler plus the per-address limit."""

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        return address_blocked(request) or bool(super().is_locked(request, credentials))

    def user_login_failed(
        self,
        sender: Any,
        credentials: dict[str, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        # A try refused during a lock (axes_locked_out already set) counts nowhere.
        if request is not None and not getattr(request, "axes_locked_out", False):
            count_hit(_address_key(request), _window())
        super().user_login_failed(sender, credentials, request, **kwargs)


def resident_username(nik: str) -> str:
    """Return the axes username for a resident's NIK.

    A keyed hash, so the failure table and logs hold no NIKs (personal data)
    and attempts on the same NIK still meet in one row.
    """
    digest = hmac.new(settings.SECRET_KEY.encode(), nik.encode(), hashlib.sha256).hexdigest()
    return f"warga:{digest[:24]}"


def attempt_allowed(request: HttpRequest, username: str) -> bool:
    """Tell whether *username* may try to sign in from this request's address now.

    For checks outside ``authenticate()`` (the resident's activation code).
    A refused try is flagged as axes' backend does, so ``AxesMiddleware``
    answers with the same lock-out page (429).
    """
    allowed = bool(AxesProxyHandler.is_allowed(request, {"username": username}))
    if not allowed:
        request.axes_locked_out = True  # type: ignore[attr-defined]
    return allowed


def attempt_failed(request: HttpRequest, username: str) -> None:
    """Count a failed try of *username* outside ``authenticate()``."""
    AxesProxyHandler.user_login_failed(
        sender=attempt_failed, credentials={"username": username}, request=request
    )


def attempts_reset(username: str) -> None:
    """Clear *username*'s failures from every address (the office issued a new code)."""
    AxesProxyHandler.reset_attempts(username=username)
