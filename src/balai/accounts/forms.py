"""Forms for account pages (cleaning only; services do the work)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.accounts.models import RoleAssignment, User


class RoleSwitchForm(forms.Form):
    role = forms.IntegerField(label=_("Peran"))


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("Nama token"), max_length=80)
    role = forms.ModelChoiceField(
        label=_("Bertindak sebagai"), queryset=RoleAssignment.objects.none()
    )
    days = forms.IntegerField(label=_("Berlaku (hari)"), min_value=1, max_value=730, initial=90)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["role"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = RoleAssignment.objects.filter(user=user, is_active=True).select_related(
            "area"
        )
