"""Forms of the innovation module (the services check the rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.innovation.models import Aspect, Innovation, RuleSet
from balai.innovation.services import RULESET_FIELDS


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


BAND_ROWS = 6


class DecimalInput(forms.DecimalField):
    """A decimal typed with a point or, as Indonesians write it, a comma (60,01)."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.count(",") == 1 and "." not in value:
            value = value.replace(",", ".")
        return super().to_python(value)


class RuleSetCopyForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Salin dari metode"), queryset=RuleSet.objects.all(), empty_label=None
    )
    year = forms.IntegerField(label=_("Tahun penilaian baru"), min_value=2018, max_value=2100)


class RuleSetForm(forms.Form):
    """The numbers of a method; the service checks bands, maxima and the rest."""

    name = forms.CharField(label=_("Nama"), max_length=200)
    source = forms.CharField(label=_("Dasar (surat/pedoman)"), max_length=300, required=False)
    divisor_min = forms.IntegerField(label=_("Pembagi paling kecil x pada MAX(x, n)"))
    count_weight = DecimalInput(
        label=_("Skor per inovasi (jumlah inovasi)"), max_digits=6, decimal_places=3
    )
    count_cap = forms.IntegerField(label=_("Batas inovasi yang dihitung"))
    count_max = DecimalInput(
        label=_("Skor jumlah inovasi maksimum"), max_digits=7, decimal_places=2
    )
    min_basic_urusan = forms.IntegerField(
        label=_("Urusan wajib pelayanan dasar minimal (0 = tanpa syarat)"), min_value=0
    )
    spd_max = DecimalInput(label=_("Skor SPD maksimum"), max_digits=7, decimal_places=2)
    sid_max = DecimalInput(label=_("Skor SID per inovasi maksimum"), max_digits=7, decimal_places=2)
    total_max = DecimalInput(label=_("Skor total maksimum"), max_digits=7, decimal_places=2)
    below_bands = forms.CharField(label=_("Predikat di bawah semua batas"), max_length=60)
    mandatory = forms.MultipleChoiceField(
        label=_("Indikator SID wajib"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, rule_set: RuleSet, **kwargs: Any) -> None:
        if not args and "initial" not in kwargs:
            kwargs["initial"] = self.initial_of(rule_set)
        super().__init__(*args, **kwargs)
        mandatory = self.fields["mandatory"]
        assert isinstance(mandatory, forms.MultipleChoiceField)  # noqa: S101 -- declared above
        mandatory.choices = [
            (ind.label, str(ind)) for ind in rule_set.indicators.filter(aspect=Aspect.SID)
        ]
        for n in range(1, BAND_ROWS + 1):
            self.fields[f"band_min_{n}"] = DecimalInput(
                label=_("Batas bawah IID predikat %(n)s") % {"n": n},
                max_digits=5,
                decimal_places=2,
                required=False,
            )
            self.fields[f"band_label_{n}"] = forms.CharField(
                label=_("Predikat %(n)s") % {"n": n}, max_length=60, required=False
            )

    @staticmethod
    def initial_of(rule_set: RuleSet) -> dict[str, Any]:
        # The rule set's fields as the service edits them; the bands get a row each below.
        initial: dict[str, Any] = {
            name: getattr(rule_set, name) for name in RULESET_FIELDS if name != "bands"
        }
        initial["mandatory"] = [
            i.label for i in rule_set.indicators.filter(aspect=Aspect.SID, mandatory=True)
        ]
        for n, (lowest, label) in enumerate(rule_set.bands or [], 1):
            initial[f"band_min_{n}"] = lowest
            initial[f"band_label_{n}"] = label
        return initial

    def band_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"band_min_{n}"], self[f"band_label_{n}"]) for n in range(1, BAND_ROWS + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        bands: list[list[Any]] = []
        for n in range(1, BAND_ROWS + 1):
            lowest, label = data.get(f"band_min_{n}"), (data.get(f"band_label_{n}") or "").strip()
            if f"band_min_{n}" in self.errors:
                continue
            if lowest is None and not label:
                continue
            if lowest is None:
                self.add_error(f"band_min_{n}", _("Isi batas bawah predikat ini."))
            elif not label:
                self.add_error(f"band_label_{n}", _("Isi nama predikat untuk batas ini."))
            else:
                bands.append([f"{lowest:.2f}", label])
        data["bands"] = bands
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "name",
                "source",
                "divisor_min",
                "count_weight",
                "count_cap",
                "count_max",
                "min_basic_urusan",
                "spd_max",
                "sid_max",
                "total_max",
                "below_bands",
                "bands",
            )
        }
