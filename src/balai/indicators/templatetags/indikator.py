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


@register.simple_tag(takes_context=True)
def sort_query(context: Any, key: str) -> str:
    """Return the page's query string ordering by *key* (a second click reverses it)."""
    params = context["request"].GET.copy()
    same = context.get("sort") == key
    params["urut"] = key
    params["arah"] = "naik" if same and context.get("descending") else "turun" if same else "naik"
    return "?" + str(params.urlencode())


@register.simple_tag(takes_context=True)
def aria_sort(context: Any, key: str) -> str:
    """Return ``ascending``/``descending`` for the column the page is ordered by, else none."""
    if context.get("sort") != key:
        return "none"
    return "descending" if context.get("descending") else "ascending"


@register.filter
def svg(markup: str) -> Any:
    """Insert a sparkline produced by ``boards.sparkline_svg`` (numbers only) as markup."""
    from django.utils.safestring import mark_safe

    return mark_safe(markup)  # noqa: S308 -- built from numbers only, never user text


@register.filter
def status_letter(status: str | None) -> str:
    """Return T / H / B for met / near / not met (so colours read in black and white)."""
    from balai.indicators.boards import STATUS_LETTERS

    return STATUS_LETTERS.get(status or "", "")
