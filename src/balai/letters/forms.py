"""Forms used only for cleaning input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.letters.catalogue import LetterType
from balai.letters.models import (
    Paper,
    RejectReason,
    SequenceScope,
    ServiceStandard,
    TimeUnit,
)

NIK_HELP = _(
    "Cari nama di atas, atau ketik NIK (16 angka); data lainnya diambil dari data penduduk."
)


def fields_form(letter: LetterType, data: Any = None, *, with_subject: bool = True) -> forms.Form:
    """Return a form for *letter*'s own inputs (NIK of the subject, purpose, per-type fields)."""
    form = forms.Form(data)
    if with_subject:
        # The subject is picked by name (``subjek``: a resident id from the search,
        # posted by the picked card, read by the view) or typed as a NIK.
        form.fields["nik"] = forms.CharField(
            label=_("NIK penduduk yang bersangkutan"),
            max_length=32,
            help_text=NIK_HELP,
            required=False,
        )
        if letter.serves_outsiders:
            form.fields["bukan_penduduk"] = forms.BooleanField(
                label=_("Tidak terdaftar di desa ini (penduduk nonpermanen)"), required=False
            )
            form.fields["nama_bukan_penduduk"] = forms.CharField(
                label=_("Nama (penduduk nonpermanen)"), max_length=100, required=False
            )
            form.fields["alamat_bukan_penduduk"] = forms.CharField(
                label=_("Alamat tinggal di desa ini (penduduk nonpermanen)"),
                max_length=255,
                required=False,
            )
    if letter.asks_purpose:
        form.fields["purpose"] = forms.CharField(label=_("Keperluan"), max_length=255)
    for f in letter.fields:
        field: forms.Field
        if f.kind == "date":
            field = forms.DateField(
                label=str(f.label), widget=forms.DateInput(attrs={"type": "date"}), required=False
            )
        elif f.kind == "number":
            field = forms.IntegerField(label=str(f.label), min_value=0, required=False)
        elif f.kind == "choice":
            field = forms.ChoiceField(
                label=str(f.label),
                choices=[("", "—"), *[(c, c) for c in f.choices]],
                required=False,
            )
        elif f.kind == "textarea":
            field = forms.CharField(
                label=str(f.label), widget=forms.Textarea(attrs={"rows": 3}), required=False
            )
        elif f.kind == "resident":
            field = forms.CharField(
                label=_("%(label)s (NIK)") % {"label": f.label}, max_length=32, required=False
            )
        elif f.kind == "heirs":
            field = forms.CharField(
                label=_("%(label)s (satu per baris: NIK; nama; hubungan dengan almarhum)")
                % {"label": f.label},
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
            )
        elif f.kind == "residents":
            field = forms.CharField(
                label=_("%(label)s (NIK, satu per baris)") % {"label": f.label},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
        else:
            field = forms.CharField(label=str(f.label), max_length=500, required=False)
        field.widget.attrs["data-required"] = "1" if f.required else "0"
        form.fields[f.name] = field
    return form


class MoveForm(forms.Form):
    to = forms.CharField(max_length=20)
    note = forms.CharField(label=_("Catatan"), max_length=255, required=False)
    reason = forms.ChoiceField(
        label=_("Alasan penolakan"), choices=[("", "—"), *RejectReason.choices], required=False
    )


class UploadForm(forms.Form):
    name = forms.CharField(label=_("Nama dokumen"), max_length=120)
    file = forms.FileField(label=_("Berkas (PDF/JPG/PNG, maks. 5 MB)"))


class TemplateForm(forms.Form):
    body = forms.CharField(label=_("Isi surat"), widget=forms.Textarea(attrs={"rows": 18}))
    classification = forms.CharField(label=_("Kode klasifikasi"), max_length=20, required=False)
    number_format = forms.CharField(
        label=_("Format nomor khusus (kosong: format desa)"), max_length=120, required=False
    )
    online = forms.BooleanField(label=_("Dapat dimohon warga secara daring"), required=False)
    is_active = forms.BooleanField(label=_("Aktif"), required=False)


class SettingsForm(forms.Form):
    address = forms.CharField(label=_("Alamat kantor"), max_length=255, required=False)
    contact = forms.CharField(label=_("Telepon/email"), max_length=120, required=False)
    head_name = forms.CharField(label=_("Nama kepala desa"), max_length=100)
    head_title = forms.CharField(label=_("Sebutan jabatan"), max_length=60)
    secretary_name = forms.CharField(
        label=_("Nama sekretaris desa"), max_length=100, required=False
    )
    camat_name = forms.CharField(label=_("Nama camat"), max_length=100, required=False)
    paper = forms.ChoiceField(label=_("Ukuran kertas"), choices=Paper.choices)
    number_format = forms.CharField(label=_("Format nomor"), max_length=120)
    sequence_scope = forms.ChoiceField(label=_("Urutan nomor"), choices=SequenceScope.choices)
    requires_approval = forms.BooleanField(label=_("Perlu persetujuan sekdes"), required=False)
    opening_hours = forms.CharField(label=_("Jam pelayanan"), max_length=200)
    maklumat = forms.CharField(
        label=_("Maklumat pelayanan"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    maklumat_signed_on = forms.DateField(
        label=_("Tanggal maklumat ditandatangani"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    logo = forms.FileField(label=_("Logo kabupaten (PNG/JPG)"), required=False)


class StandardForm(forms.ModelForm):  # type: ignore[type-arg]
    requirements_text = forms.CharField(
        label=_("Persyaratan (satu per baris)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    procedure_text = forms.CharField(
        label=_("Prosedur (satu langkah per baris)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    class Meta:
        model = ServiceStandard
        fields = [
            "name",
            "legal_basis",
            "responsible_official",
            "officer",
            "time_value",
            "time_unit",
            "cost",
            "cost_note",
            "opening_hours",
            "decision_ref",
            "is_published",
        ]
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        time_unit = self.fields["time_unit"]
        assert isinstance(time_unit, forms.ChoiceField)  # noqa: S101 -- a model choice field
        time_unit.choices = TimeUnit.choices
        if self.instance.pk:
            self.fields["requirements_text"].initial = "\n".join(self.instance.requirements)
            self.fields["procedure_text"].initial = "\n".join(self.instance.procedure)

    def lines(self, name: str) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data.get(name, "").splitlines() if line.strip()
        ]


class ActivationForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), max_length=32)


class ResidentLoginForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), max_length=32)
    pin = forms.CharField(label=_("PIN"), max_length=12, widget=forms.PasswordInput)


class ResidentActivateForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), max_length=32)
    code = forms.CharField(label=_("Kode aktivasi dari kantor desa"), max_length=20)
    pin = forms.CharField(
        label=_("PIN baru (6 angka)"),
        max_length=12,
        widget=forms.PasswordInput,
        help_text=_(
            "Jangan memakai tanggal lahir, bagian dari NIK, atau angka berulang/berurutan."
        ),
    )
    pin2 = forms.CharField(label=_("Ulangi PIN"), max_length=12, widget=forms.PasswordInput)
