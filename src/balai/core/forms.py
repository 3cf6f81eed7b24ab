"""Core forms: the form renderer every app uses, and the local-holiday form."""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _

from balai.core.errors import DomainError
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


def apply_domain_error(form: forms.BaseForm, exc: DomainError) -> None:
    """Show a service's *exc* on *form*: under each field it names, else as a form error.

    Errors for names that are not fields of *form* become form-wide errors.
    """
    for field, errors in exc.field_errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
    if not exc.field_errors:
        form.add_error(None, exc.message)
