"""The resident's NIK + PIN as a Django authentication backend.

Going through ``django.contrib.auth.authenticate`` puts resident logins
under the same django-axes lock-out as staff logins (``accounts.lockout``):
``AxesStandaloneBackend`` runs first and refuses locked pairs, and every
failure is counted by the ``user_login_failed`` signal. Call it as
``authenticate(request, username=resident_username(nik), nik=nik, pin=pin)``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from balai.core.client_ip import client_ip


class ResidentPinBackend(ModelBackend):
    """Authenticate a resident by NIK + PIN; sessions load the user like ModelBackend."""

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        *,
        nik: str | None = None,
        pin: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if nik is None or pin is None:
            return None
        from balai.letters.services import residents_auth

        try:
            user = residents_auth.resident_login(
                nik=nik, pin=pin, ip=client_ip(request) if request is not None else None
            )
        except residents_auth.LoginError:
            return None
        return user if self.user_can_authenticate(user) else None
