"""Template context: the acting role and the menu it sees."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from balai.accounts import access
from balai.core import menu as core_menu


def acting_role(request: HttpRequest) -> dict[str, Any]:
    """Expose ``acting_role`` (lazily: anonymous pages pay nothing)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"acting_role": access.acting_role(user)}


def menu(request: HttpRequest) -> dict[str, Any]:
    """Expose ``menu``: the sections every app offers the acting role (lazily)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def sections() -> list[core_menu.MenuSection]:
        return core_menu.sections_for(user, access.acting_role(user))

    return {"menu": SimpleLazyObject(sections)}
