"""Numbers as Indonesian readers write them: a decimal comma, in pages, charts and PDFs alike."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format


def decimal(value: float | Decimal | int | None, places: int | None = None) -> str:
    """Return *value* in the active language's number format ("7,4" in Indonesian); "" for None.

    *places* fixes the digits after the separator; without it the shortest
    form is used (7.40 → "7,4", 12.0 → "12"). Thousands are not grouped, so
    years and codes stay as they are.
    """
    if value is None:
        return ""
    if places is None:
        text = f"{float(value):g}" if not isinstance(value, int) else str(value)
        places = len(text.partition(".")[2]) if "e" not in text else None
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=False)
