"""Forms of the one-stop pages: cleaning only; the rules are in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.complaints.models import SKM_ELEMENTS
from balai.letters.catalogue import TYPE_CHOICES
from balai.letters.models import TimeUnit
from balai.onestop.models import Counter, Provider, Service

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Cari layanan"), max_length=100, required=False)


class BookingForm(forms.Form):
    counter = forms.ModelChoiceField(label=_("Loket"), queryset=Counter.objects.none())
    service = forms.ModelChoiceField(label=_("Layanan"), queryset=Service.objects.none())
    day = forms.DateField(label=_("Tanggal"), widget=DATE)
    slot = forms.TimeField(label=_("Jam"), widget=TIME)
    name = forms.CharField(label=_("Nama"), max_length=100)
    phone = forms.RegexField(
        label=_("Nomor HP/WhatsApp"),
        regex=r"^\+?[0-9 \-]{8,20}$",
        max_length=20,
        required=False,
        error_messages={"invalid": _("Nomor HP hanya angka, 8-20 digit.")},
    )

    def __init__(self, *args: Any, counters: list[Counter], services: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["counter"].queryset = Counter.objects.filter(  # type: ignore[attr-defined]
            pk__in=[c.pk for c in counters]
        )
        self.fields["service"].queryset = services  # type: ignore[attr-defined]


class KioskForm(forms.Form):
    counter = forms.ModelChoiceField(label=_("Loket"), queryset=Counter.objects.none())
    service = forms.ModelChoiceField(label=_("Layanan"), queryset=Service.objects.none())

    def __init__(self, *args: Any, counters: list[Counter], services: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["counter"].queryset = Counter.objects.filter(  # type: ignore[attr-defined]
            pk__in=[c.pk for c in counters]
        )
        self.fields["service"].queryset = services  # type: ignore[attr-defined]


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Kode janji"), max_length=12)


class QuotaForm(forms.Form):
    counter = forms.ModelChoiceField(label=_("Loket"), queryset=Counter.objects.none())
    day = forms.DateField(label=_("Tanggal"), widget=DATE)
    quota = forms.IntegerField(label=_("Kuota janji"), min_value=0, max_value=2000)

    def __init__(self, *args: Any, counters: list[Counter], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["counter"].queryset = Counter.objects.filter(  # type: ignore[attr-defined]
            pk__in=[c.pk for c in counters]
        )


class ServiceForm(forms.Form):
    """A catalogue service and its standard; completeness is checked by ``service_save``."""

    provider = forms.ModelChoiceField(label=_("Penyelenggara"), queryset=Provider.objects.none())
    code = forms.SlugField(label=_("Kode"), max_length=40)
    name = forms.CharField(label=_("Nama layanan"), max_length=150)
    description = forms.CharField(
        label=_("Uraian"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    requirements = forms.CharField(
        label=_("Persyaratan (satu per baris)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    procedure = forms.CharField(
        label=_("Sistem, mekanisme dan prosedur (satu langkah per baris)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    time_value = forms.IntegerField(label=_("Jangka waktu penyelesaian"), min_value=0)
    time_unit = forms.ChoiceField(label=_("Satuan waktu"), choices=TimeUnit.choices)
    cost = forms.IntegerField(label=_("Biaya/tarif (Rp)"), min_value=0)
    cost_note = forms.CharField(label=_("Keterangan biaya"), max_length=200, required=False)
    product = forms.CharField(label=_("Produk pelayanan"), max_length=200, required=False)
    complaint_channel = forms.CharField(
        label=_("Penanganan pengaduan, saran dan masukan"), max_length=300, required=False
    )
    legal_basis = forms.CharField(
        label=_("Dasar hukum"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    wait_minutes = forms.IntegerField(label=_("Standar waktu tunggu (menit)"), min_value=1)
    serve_minutes = forms.IntegerField(label=_("Standar waktu di loket (menit)"), min_value=1)
    letter_types = forms.MultipleChoiceField(
        label=_("Surat desa yang diperlukan"),
        choices=TYPE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_published = forms.BooleanField(label=_("Diterbitkan"), required=False, initial=True)

    def __init__(self, *args: Any, providers: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]


class SurveyForm(forms.Form):
    """The nine SKM elements, 1-4 each."""

    suggestion = forms.CharField(
        label=_("Saran"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        scores = [
            (4, _("Sangat baik")),
            (3, _("Baik")),
            (2, _("Kurang baik")),
            (1, _("Tidak baik")),
        ]
        for name, label in SKM_ELEMENTS:
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=scores, coerce=int, widget=forms.RadioSelect
            )
        self.order_fields([name for name, _label in SKM_ELEMENTS])
