"""Forms for account pages (cleaning only; services do the work)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.accounts.models import Language


class RoleSwitchForm(forms.Form):
    role = forms.IntegerField(label=_("Peran"))


class TokenCreateForm(forms.Form):
    """A token for the role the user acts as now (switch roles first for another)."""

    name = forms.CharField(label=_("Nama token"), max_length=80)
    days = forms.IntegerField(label=_("Berlaku (hari)"), min_value=1, max_value=730, initial=90)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Bahasa tampilan"), choices=Language.choices)
