"""Template context: the acting role and the roles a user can switch to."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from balai.accounts import access


def acting_role(request: HttpRequest) -> dict[str, Any]:
    """Expose ``acting_role`` (lazily: anonymous pages pay nothing)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"acting_role": access.acting_role(user)}
