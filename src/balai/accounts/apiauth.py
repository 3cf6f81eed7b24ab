"""How the API knows its caller: bearer tokens, the session (CSRF-checked), anonymous.

Apps' routers use ``OPTIONAL_AUTH`` for public endpoints; ``config/api.py``
makes ``AUTH`` the default of the one ``NinjaAPI``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from balai.accounts import access
from balai.accounts.selectors import token_authenticate
from balai.accounts.services import token_touch
from balai.core.errors import DomainError


class CsrfFailedError(DomainError):
    code = "csrf_failed"
    status = 403


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>``: act as the token's user and role.

    A bearer key that is not (or no longer) valid is refused with 401 at
    once, on public endpoints too: the caller meant to be someone, and
    falling through to the session or to anonymous would hide the mistake.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_authenticate(token)
        if found is None:
            raise AuthenticationError
        request.user = found.user
        access.act_as(found.user, found.role)
        token_touch(token=found)
        return found


class SessionAuth(APIKeyCookie):
    """The browser session; its writes need the CSRF token.

    Only a request that carries a logged-in session has authority a forged
    cross-site request could borrow, so only then is CSRF checked. Anonymous
    callers (mobile apps, Open311 clients, scripts) and bearer tokens hold no
    ambient credential and pass without it; Ninja's views are exempt from
    Django's CSRF middleware and rely on this check.
    """

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise CsrfFailedError(
                _("Pemeriksaan CSRF gagal: kirim token CSRF bersama sesi, atau pakai token API.")
            )
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


def anonymous(request: HttpRequest) -> bool:
    """Let public endpoints through after the real methods had their chance."""
    return True


AUTH = [TokenAuth(), SessionAuth()]
OPTIONAL_AUTH = [*AUTH, anonymous]
