"""Forms of the finance pages: cleaning only (services apply the rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.finance.chart import FundSource
from balai.finance.models import (
    BumDesa,
    Evaluator,
    Focus,
    ReportPeriod,
    Stage,
)
from balai.planning.models import RkpdesActivity


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        # The browser's date input reads ISO dates only, whatever the locale.
        super().__init__(attrs, format="%Y-%m-%d")


class NewApbdesForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2015, max_value=2100)


class LineForm(forms.Form):
    account_code = forms.CharField(label=_("Kode rekening"), max_length=20)
    kegiatan_code = forms.CharField(
        label=_("Kode kegiatan (belanja)"), max_length=20, required=False
    )
    fund_source = forms.ChoiceField(
        label=_("Sumber dana"),
        choices=[("", _("(menurut rekening)")), *FundSource.choices],
        required=False,
    )
    description = forms.CharField(label=_("Uraian"), max_length=250)
    # Text, so that "1.250.000" is read and "12a" is refused with the service's message.
    amount = forms.CharField(label=_("Anggaran (Rp)"), max_length=30)
    focus = forms.ChoiceField(label=_("Prioritas Dana Desa"), choices=Focus.choices, required=False)
    stunting = forms.BooleanField(label=_("Konvergensi stunting"), required=False)


class ActivityField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.kegiatan_id} {obj.name} ({obj.location})"


class LineEditForm(LineForm):
    """One line of a draft; with *candidates*, the RKP Desa activity it carries out."""

    rkpdes_activity = ActivityField(
        label=_("Kegiatan RKP Desa"),
        queryset=RkpdesActivity.objects.none(),
        required=False,
        empty_label=_("(tidak dikaitkan)"),
    )

    def __init__(self, *args: Any, candidates: list[RkpdesActivity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rkpdes_activity"]
        if not candidates:
            del self.fields["rkpdes_activity"]
            return
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 -- narrows the type
        field.queryset = RkpdesActivity.objects.filter(pk__in=[a.pk for a in candidates])


class AgreeForm(forms.Form):
    agreed_on = forms.DateField(label=_("Tanggal kesepakatan dengan BPD"), widget=DateInput)
    agreement_number = forms.CharField(label=_("Nomor berita acara"), max_length=80)


class SubmitForm(forms.Form):
    submitted_on = forms.DateField(label=_("Tanggal diterima camat"), widget=DateInput)
    evaluator = forms.ChoiceField(label=_("Pengevaluasi"), choices=Evaluator.choices)


class EvaluateForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Hasil evaluasi"),
        choices=[("ok", _("Sesuai: dapat ditetapkan")), ("revise", _("Perlu penyempurnaan"))],
    )
    evaluated_on = forms.DateField(label=_("Tanggal keputusan"), widget=DateInput)
    number = forms.CharField(label=_("Nomor keputusan"), max_length=80)
    note = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: object, checklist: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for key, label in checklist:
            self.fields[f"check_{key}"] = forms.BooleanField(label=label, required=False)

    def checklist(self) -> dict[str, bool]:
        return {
            name.removeprefix("check_"): bool(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("check_")
        }


class ReviseForm(forms.Form):
    revised_on = forms.DateField(label=_("Tanggal penyempurnaan"), widget=DateInput)


class EnactForm(forms.Form):
    enacted_on = forms.DateField(label=_("Tanggal penetapan"), widget=DateInput)
    perdes_number = forms.CharField(label=_("Nomor Perdes"), max_length=80)


class RealisationForm(forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput)
    month = forms.IntegerField(label=_("Bulan"), min_value=1, max_value=12)
    amount = forms.CharField(label=_("Realisasi (Rp)"), max_length=30)


class TransferForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Sumber dana"),
        choices=[(c, label) for c, label in FundSource.choices if c in ("DDS", "ADD", "PBH")],
    )
    stage = forms.TypedChoiceField(label=_("Tahap"), choices=Stage.choices, coerce=int)
    amount = forms.CharField(label=_("Jumlah (Rp)"), max_length=30)
    transferred_on = forms.DateField(label=_("Tanggal masuk RKD"), widget=DateInput)


class UploadForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2015, max_value=2100)
    file = forms.FileField(label=_("ZIP ekspor Siskeudes"))


class BumDesaForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = BumDesa
        fields = (
            "name",
            "registration_number",
            "registered_on",
            "perdes_number",
            "business_units",
            "director",
            "advisor",
            "supervisor",
            "classification",
        )
        widgets = {
            "registered_on": DateInput,
            "business_units": forms.Textarea(attrs={"rows": 3}),
        }


class BumDesaReportForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2015, max_value=2100)
    period = forms.ChoiceField(label=_("Periode"), choices=ReportPeriod.choices)
    revenue = forms.CharField(label=_("Pendapatan (Rp)"), max_length=30)
    profit = forms.CharField(label=_("Laba bersih (Rp; rugi diawali -)"), max_length=30)
    assets = forms.CharField(label=_("Aset (Rp)"), max_length=30)
    contribution = forms.CharField(label=_("Kontribusi ke PADes (Rp)"), max_length=30)
