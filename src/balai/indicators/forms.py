"""Forms of the indicator pages (cleaning only; writes go through services)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.indicators.registry import Direction, all_indicators


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indikator"))
    kabupaten = forms.CharField(
        label=_("Kode kabupaten/kota"),
        required=False,
        max_length=5,
        help_text=_("Kosongkan untuk target nasional (hanya admin sistem)."),
    )
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    value = forms.DecimalField(
        label=_("Target"), min_value=Decimal(0), max_digits=9, decimal_places=2
    )
    direction = forms.ChoiceField(label=_("Arah"), choices=Direction.choices)
    near_band = forms.DecimalField(
        label=_("Batas 'hampir'"), min_value=Decimal(0), max_digits=7, decimal_places=2, initial=5
    )
    basis = forms.CharField(label=_("Dasar penetapan"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 -- declared above
        field.choices = [(i.code, f"{i.code} — {i.name}") for i in all_indicators()]
