"""Template helpers of the registry pages."""

from __future__ import annotations

from typing import Any

from django import template

from balai.accounts import access
from balai.accounts.roles import Perm

register = template.Library()


@register.filter
def may_view_registry(user: Any) -> bool:
    """Tell whether *user*'s acting role may open the population registry."""
    return access.has_perm(user, Perm.REGISTRY_VIEW)
