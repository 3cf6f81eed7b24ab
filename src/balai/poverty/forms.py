"""Forms of the poverty module (cleaning only; rules are in services/policies)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.poverty.models import (
    CaseVisit,
    Intervention,
    Programme,
    ProposalKind,
    Source,
    VerificationRound,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WelfareUploadForm(forms.Form):
    source = forms.ChoiceField(label=_("Sumber data"), choices=Source.choices)
    snapshot_date = forms.DateField(label=_("Tanggal data"), widget=DATE)
    file = forms.FileField(label=_("Berkas data kesejahteraan (.xlsx atau .csv)"))


class RecipientUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas penerima (.xlsx format OpenSID, atau .csv/.xlsx templat)")
    )


class ProgrammeForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Programme
        fields = (
            "code",
            "name",
            "unit",
            "fund_source",
            "start",
            "end",
            "desil_min",
            "desil_max",
            "age_min",
            "age_max",
            "exclude_officials",
            "not_combined_with",
            "is_active",
        )
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args: Any, choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["not_combined_with"]
        field.queryset = choices if choices is not None else Programme.objects.none()  # type: ignore[attr-defined]
        field.required = False

    def _post_clean(self) -> None:
        # Model validation runs in the service (which reports contradictions).
        pass


class RecipientAddForm(forms.Form):
    nik = forms.CharField(label=_("NIK penerima"), max_length=16, min_length=16)
    member_no = forms.CharField(label=_("No. peserta"), max_length=40, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=500)


class RoundForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = VerificationRound
        fields = ("title", "meeting_date", "place", "chair", "attendees", "notes")
        widgets = {"meeting_date": DATE}


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis usulan"), choices=ProposalKind.choices)
    nik = forms.CharField(label=_("NIK penduduk"), max_length=16, min_length=16)
    programme = forms.ModelChoiceField(
        label=_("Program (kosong: data kesejahteraan/DTSEN)"),
        queryset=Programme.objects.none(),
        required=False,
    )
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.CharField(
        label=_("Bukti (mis. hasil kunjungan rumah, foto, keterangan RT)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence_file = forms.FileField(
        label=_("Berkas bukti: foto atau PDF, paling besar 5 MB (boleh kosong)"),
        required=False,
    )

    def __init__(self, *args: Any, programmes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if programmes is not None:
            self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]


class DecisionUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas hasil verifikasi Dinsos (.csv/.xlsx: nik, program, status, alasan)")
    )


class VisitForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CaseVisit
        fields = (
            "visit_date",
            "food",
            "water",
            "sanitation",
            "health",
            "shelter",
            "education",
            "information",
            "monthly_income",
            "members",
            "notes",
        )
        widgets = {"visit_date": DATE, "notes": forms.Textarea(attrs={"rows": 2})}


class InterventionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Intervention
        fields = ("description", "programme", "kegiatan_code", "amount", "start_date", "end_date")
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args: Any, programmes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if programmes is not None:
            self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Alasan penutupan"), max_length=500)


class SettingForm(forms.Form):
    extreme_desil_max = forms.IntegerField(
        label=_("Desil kemiskinan ekstrem sampai"), min_value=1, max_value=10
    )
    income_line = forms.IntegerField(label=_("Garis pendapatan (Rp/orang/hari)"), min_value=1)
