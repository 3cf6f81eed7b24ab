"""Forms of the supply register (cleaning only; rules live in the services)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.facilities.models import PointKind
from balai.posyandu.forms import LocalDecimalField
from balai.posyandu.models import Posyandu
from balai.regions.models import Area


class ServicePointForm(forms.Form):
    village = forms.ModelChoiceField(
        label=_("Desa/kelurahan"), queryset=Area.objects.none(), to_field_name="code"
    )
    kind = forms.ChoiceField(label=_("Jenis"), choices=PointKind.choices)
    name = forms.CharField(
        label=_("Nama"),
        max_length=120,
        required=False,
        help_text=_("Untuk posyandu boleh kosong: nama unit posyandu dipakai."),
    )
    posyandu = forms.ModelChoiceField(
        label=_("Unit posyandu"),
        queryset=Posyandu.objects.none(),
        required=False,
        help_text=_("Hanya untuk jenis posyandu."),
    )
    npsn = forms.CharField(
        label=_("NPSN"),
        max_length=8,
        required=False,
        help_text=_("Nomor Pokok Sekolah Nasional, 8 angka (sekolah dan PKBM)."),
    )
    latitude = LocalDecimalField(
        label=_("Lintang"),
        required=False,
        max_digits=8,
        decimal_places=5,
        min_value=Decimal("-90"),
        max_value=Decimal("90"),
        help_text=_("Contoh -2.56123 (negatif di selatan khatulistiwa)."),
    )
    longitude = LocalDecimalField(
        label=_("Bujur"),
        required=False,
        max_digits=8,
        decimal_places=5,
        min_value=Decimal("-180"),
        max_value=Decimal("180"),
        help_text=_("Contoh 120.32456."),
    )
    capacity = forms.IntegerField(label=_("Kapasitas"), required=False, min_value=0)
    staff_count = forms.IntegerField(label=_("Jumlah tenaga"), required=False, min_value=0)
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def __init__(
        self, *args: Any, villages: Any, posyandu_units: Any, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        village_field = self.fields["village"]
        assert isinstance(village_field, forms.ModelChoiceField)  # noqa: S101 -- for mypy
        village_field.queryset = villages
        posyandu_field = self.fields["posyandu"]
        assert isinstance(posyandu_field, forms.ModelChoiceField)  # noqa: S101 -- for mypy
        posyandu_field.queryset = posyandu_units
        if editing:
            village_field.disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lng = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lng is None) and not self.has_error("latitude"):
            self.add_error(
                "latitude", _("Isi lintang dan bujur sekaligus, atau kosongkan keduanya.")
            )
        if data.get("kind") != PointKind.POSYANDU and not (data.get("name") or "").strip():
            self.add_error("name", _("Nama wajib diisi."))
        return data
