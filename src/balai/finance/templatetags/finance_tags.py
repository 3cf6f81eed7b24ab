"""Template filters of the finance pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def rupiah(value: Decimal | int | None) -> str:
    """Return *value* as ``Rp1.250.000`` (— when empty)."""
    if value is None or value == "":
        return "—"
    return "Rp" + f"{Decimal(value):,.0f}".replace(",", ".")


@register.filter
def pct(value: float | None) -> str:
    """Return *value* as ``12,3%`` (— when empty)."""
    if value is None:
        return "—"
    return f"{value:.1f}%".replace(".", ",")
