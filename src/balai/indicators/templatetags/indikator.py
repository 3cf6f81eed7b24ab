"""Template filters for figures: Indonesian decimal comma and dot thousands."""

from __future__ import annotations

from typing import Any

from django import template

from balai.indicators.selectors import format_number

register = template.Library()


@register.filter
def angka(value: Any, decimals: int = 1) -> str:
    """Format a number as ``1.234,5`` (``—`` when None)."""
    if value is None or value == "":
        return "—"
    return format_number(float(value), int(decimals))


@register.filter
def ribuan(value: Any) -> str:
    """Format a count as ``12.345``."""
    if value is None:
        return "—"
    return format_number(int(value), 0)


@register.filter
def may_view_indicators(user: Any) -> bool:
    """Tell whether *user*'s acting role may open the indicator pages (links to them)."""
    from balai.accounts import access
    from balai.accounts.roles import Perm

    return access.has_perm(user, Perm.INDICATORS_VIEW)
