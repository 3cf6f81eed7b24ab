from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from balai.core.formatting import decimal


def test_decimal_comma_in_indonesian_and_point_in_english() -> None:
    with translation.override("id"):
        assert decimal(7.4) == "7,4"
        assert decimal(Decimal("60.60")) == "60,6"
        assert decimal(-1.234, 2) == "-1,23"
        assert decimal(12.0) == "12"
        assert decimal(2019) == "2019"  # no thousands dot in years
        assert decimal(12345.5) == "12345,5"
        assert decimal(None) == ""
    with translation.override("en"):
        assert decimal(7.4) == "7.4"
        assert decimal(-1.234, 2) == "-1.23"
