"""Forms for sub-village areas (cleaning only)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.regions.models import Level

SUBAREA_CHOICES = [(Level.DUSUN, _("Dusun")), (Level.RW, _("RW")), (Level.RT, _("RT"))]


class SubareaCreateForm(forms.Form):
    level = forms.ChoiceField(label=_("Jenis"), choices=SUBAREA_CHOICES)
    number = forms.IntegerField(
        label=_("Nomor"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("Kosongkan untuk nomor berikutnya."),
    )
    name = forms.CharField(label=_("Nama"), max_length=120, required=False)


class SubareaRenameForm(forms.Form):
    name = forms.CharField(label=_("Nama baru"), max_length=120)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Cari wilayah"), max_length=100, required=False)
