"""Core forms: the form renderer every app uses, and the local-holiday form."""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _

from balai.core.models import HolidayKind

LOCAL_KINDS = [
    (HolidayKind.LOCAL, HolidayKind.LOCAL.label),
    (HolidayKind.CUTI_BERSAMA, _("Cuti bersama daerah")),
]


class LocalHolidayForm(forms.Form):
    day = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    name = forms.CharField(label=_("Nama (mis. Hari Jadi Kabupaten)"), max_length=120)
    kind = forms.ChoiceField(label=_("Jenis"), choices=LOCAL_KINDS)
    area = forms.CharField(
        label=_("Kode wilayah (kosong: seluruh kabupaten)"), max_length=40, required=False
    )
    closed = forms.BooleanField(label=_("Kantor tutup"), required=False, initial=True)
    source = forms.CharField(label=_("Dasar hukum (mis. Perbup/SE)"), max_length=200)


class BalaiFormRenderer(DjangoTemplates):
    """Django's templates, with a checkbox inside its own label (beside its text)."""

    field_template_name = "core/forms/field.html"
