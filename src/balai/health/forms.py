from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.health.models import EstimatedGroup


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas register layanan (.xlsx atau .csv)"))


class ParameterForm(forms.Form):
    kabupaten = forms.CharField(widget=forms.HiddenInput, max_length=40)
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    group = forms.ChoiceField(label=_("Kelompok sasaran"), choices=EstimatedGroup.choices)
    rate_percent = forms.DecimalField(
        label=_("Prevalensi (%)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=7,
        decimal_places=4,
    )
    age_min = forms.IntegerField(label=_("Umur paling rendah"), min_value=0, max_value=120)
    age_max = forms.IntegerField(
        label=_("Umur paling tinggi (kosong: tanpa batas)"),
        min_value=0,
        max_value=120,
        required=False,
    )
    source = forms.CharField(label=_("Sumber angka"), max_length=255)
    confirmed = forms.BooleanField(
        label=_("Sumber sudah diperiksa (dokumen resmi)"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and high < low:
            self.add_error("age_max", _("Umur paling tinggi lebih kecil dari umur paling rendah."))
        return data
