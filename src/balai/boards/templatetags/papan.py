"""Template tags of the supervision boards: sort links, sparklines, status letters."""

from __future__ import annotations

from typing import Any

from django import template

from balai.boards.selectors import STATUS_LETTERS

register = template.Library()


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
    """Insert a sparkline produced by ``boards.selectors.sparkline_svg`` (numbers only) as markup."""
    from django.utils.safestring import mark_safe

    return mark_safe(markup)  # noqa: S308 -- built from numbers only, never user text


@register.filter
def status_letter(status: str | None) -> str:
    """Return T / H / B for met / near / not met (so colours read in black and white)."""
    return STATUS_LETTERS.get(status or "", "")
