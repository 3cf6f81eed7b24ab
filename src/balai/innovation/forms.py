"""Forms of the innovation module (the services check the rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.innovation.models import Innovation


class InnovationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Innovation
        fields = [
            "name",
            "bentuk",
            "jenis",
            "inisiator",
            "urusan",
            "tahapan",
            "started_on",
            "trial_on",
            "applied_on",
            "budget",
            "aims",
            "benefits",
            "partners",
            "replication",
        ]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "trial_on": forms.DateInput(attrs={"type": "date"}),
            "applied_on": forms.DateInput(attrs={"type": "date"}),
            "aims": forms.Textarea(attrs={"rows": 2}),
            "benefits": forms.Textarea(attrs={"rows": 2}),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "replication": forms.Textarea(attrs={"rows": 2}),
        }

    def validate_unique(self) -> None:  # the service validates the whole row
        return None

    def _post_clean(self) -> None:  # no model validation here: the service does it
        return None


class AnswerForm(forms.Form):
    # No choices check here: the service answers a value outside 1-3 with its message.
    parameter = forms.IntegerField(label=_("Parameter"), required=False)
    note = forms.CharField(label=_("Keterangan"), required=False, max_length=2000)
    file = forms.FileField(label=_("Bukti berkas (PDF/JPG/PNG, maks. 5 MB)"), required=False)
    url = forms.CharField(label=_("atau tautan (mis. video)"), required=False, max_length=500)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"), choices=[("terima", _("Terima")), ("tolak", _("Tolak"))]
    )
    note = forms.CharField(label=_("Catatan"), required=False, max_length=2000)


class AssessmentForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun penilaian"), min_value=2018, max_value=2100)
    deadline = forms.DateField(
        label=_("Batas pengajuan"), widget=forms.DateInput(attrs={"type": "date"})
    )
