"""Template filters of the planning pages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def rupiah(value: object) -> str:
    """Format *value* as whole rupiah with dots between thousands (``1.250.000``)."""
    try:
        amount = Decimal(str(value)).quantize(Decimal(1))
    except (InvalidOperation, ValueError):
        return ""
    return f"{amount:,.0f}".replace(",", ".")
