"""Forms of the posyandu pages (cleaning only; rules live in the services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.posyandu.models import Measure, Risk, Vaccine
from balai.posyandu.services import ChildVisitData, NewbornData, PregnancyVisitData
from balai.registry import codes

YES_NO_UNKNOWN = [("", _("Tidak diketahui")), ("1", _("Ya")), ("0", _("Tidak"))]


def _tristate(value: str | None) -> bool | None:
    return None if value in (None, "") else value == "1"


class DecimalInput(forms.TextInput):
    """A text box that opens the phone's decimal keypad and accepts 9,5 or 9.5."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class LocalDecimalField(forms.DecimalField):
    widget = DecimalInput

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class ChildVisitForm(forms.Form):
    visit_date = forms.DateField(
        label=_("Tanggal kunjungan"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    weight_kg = LocalDecimalField(
        label=_("Berat badan (kg)"), required=False, max_digits=5, decimal_places=2
    )
    lenhei_cm = LocalDecimalField(
        label=_("Panjang/tinggi badan (cm)"), required=False, max_digits=5, decimal_places=1
    )
    measure = forms.ChoiceField(
        label=_("Cara ukur"), required=False, choices=[("", _("—")), *Measure.choices]
    )
    oedema = forms.BooleanField(label=_("Edema bilateral"), required=False)
    muac_cm = LocalDecimalField(
        label=_("LiLA (cm)"), required=False, max_digits=4, decimal_places=1
    )
    head_cm = LocalDecimalField(
        label=_("Lingkar kepala (cm)"), required=False, max_digits=4, decimal_places=1
    )
    immunisations = forms.MultipleChoiceField(
        label=_("Imunisasi diberikan"),
        required=False,
        choices=Vaccine.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    vitamin_a = forms.BooleanField(label=_("Vitamin A (Februari/Agustus)"), required=False)
    exclusive_breastfeeding = forms.ChoiceField(
        label=_("ASI eksklusif (0-5 bulan)"), required=False, choices=YES_NO_UNKNOWN
    )
    counselling = forms.BooleanField(label=_("Konseling gizi"), required=False)
    pmt = forms.BooleanField(label=_("Menerima PMT"), required=False)
    home_visit = forms.BooleanField(label=_("Kunjungan rumah"), required=False)
    parenting_class = forms.BooleanField(label=_("Kelas pengasuhan"), required=False)
    clean_water = forms.ChoiceField(
        label=_("Air minum layak"), required=False, choices=YES_NO_UNKNOWN
    )
    latrine = forms.ChoiceField(label=_("Jamban layak"), required=False, choices=YES_NO_UNKNOWN)
    note = forms.CharField(label=_("Catatan"), required=False, max_length=255)
    confirm = forms.BooleanField(label=_("Ukuran sudah diperiksa ulang dan benar"), required=False)

    def data_object(self) -> ChildVisitData:
        d = self.cleaned_data
        return ChildVisitData(
            visit_date=d["visit_date"],
            weight_kg=d["weight_kg"],
            lenhei_cm=d["lenhei_cm"],
            measure=d["measure"] or "",
            oedema=d["oedema"],
            muac_cm=d["muac_cm"],
            head_cm=d["head_cm"],
            immunisations=list(d["immunisations"]),
            vitamin_a=d["vitamin_a"],
            exclusive_breastfeeding=_tristate(d["exclusive_breastfeeding"]),
            counselling=d["counselling"],
            pmt=d["pmt"],
            home_visit=d["home_visit"],
            parenting_class=d["parenting_class"],
            clean_water=_tristate(d["clean_water"]),
            latrine=_tristate(d["latrine"]),
            note=d["note"],
        )


class NewbornForm(forms.Form):
    name = forms.CharField(label=_("Nama bayi"), max_length=100)
    sex = forms.TypedChoiceField(label=_("Jenis kelamin"), choices=codes.Sex.choices, coerce=int)
    birth_date = forms.DateField(
        label=_("Tanggal lahir"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    birth_place = forms.CharField(label=_("Tempat lahir"), required=False, max_length=100)
    mother = forms.IntegerField(
        label=_("Ibu (terdaftar di desa)"), required=False, widget=forms.Select
    )
    mother_name = forms.CharField(
        label=_("Nama ibu (jika tidak terdaftar)"), required=False, max_length=100
    )
    confirm_new_birth = forms.BooleanField(
        label=_(
            "Saya sudah memeriksa: ini kelahiran lain (misalnya kembar), bukan yang sudah tercatat"
        ),
        required=False,
        widget=forms.HiddenInput,  # shown once the register finds a similar birth
    )

    def ask_to_confirm(self) -> None:
        """Show the confirmation box (after the register found a similar birth)."""
        self.fields["confirm_new_birth"].widget = forms.CheckboxInput()

    def data_object(self, mother: Any) -> NewbornData:
        d = self.cleaned_data
        return NewbornData(
            name=d["name"],
            sex=d["sex"],
            birth_date=d["birth_date"],
            mother=mother,
            mother_name=d["mother_name"],
            birth_place=d["birth_place"],
            confirm_new_birth=d["confirm_new_birth"],
        )


class PosyanduCreateForm(forms.Form):
    area = forms.CharField(label=_("Kode wilayah (desa, dusun atau RW)"), max_length=40)
    name = forms.CharField(label=_("Nama posyandu"), max_length=100)
    address = forms.CharField(label=_("Alamat"), required=False, max_length=255)


class CadreLinkForm(forms.Form):
    username = forms.CharField(label=_("Nama pengguna kader"), max_length=150)


class PregnancyOpenForm(forms.Form):
    mother = forms.IntegerField(label=_("Ibu"), widget=forms.Select)
    first_day = forms.DateField(
        label=_("HPHT"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    risk = forms.ChoiceField(label=_("Status risiko"), choices=Risk.choices)


class PregnancyVisitForm(forms.Form):
    visit_date = forms.DateField(
        label=_("Tanggal kunjungan"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    anc = forms.BooleanField(label=_("Pemeriksaan kehamilan (ANC)"), required=False)
    anc_by_doctor = forms.BooleanField(label=_("ANC dilakukan oleh dokter"), required=False)
    fe_tablets = forms.IntegerField(label=_("Tablet Fe diberikan"), required=False, min_value=0)
    muac_cm = LocalDecimalField(
        label=_("LiLA (cm)"), required=False, max_digits=4, decimal_places=1
    )
    risk = forms.ChoiceField(label=_("Status risiko"), choices=Risk.choices)
    counselling = forms.BooleanField(label=_("Konseling gizi / kelas ibu hamil"), required=False)
    home_visit = forms.BooleanField(label=_("Kunjungan rumah bidan"), required=False)
    postnatal_check = forms.BooleanField(label=_("Pemeriksaan nifas"), required=False)
    delivered_on = forms.DateField(
        label=_("Tanggal persalinan (jika sudah)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    clean_water = forms.ChoiceField(
        label=_("Air minum layak"), required=False, choices=YES_NO_UNKNOWN
    )
    latrine = forms.ChoiceField(label=_("Jamban layak"), required=False, choices=YES_NO_UNKNOWN)

    def data_object(self) -> PregnancyVisitData:
        d = self.cleaned_data
        return PregnancyVisitData(
            visit_date=d["visit_date"],
            anc=d["anc"],
            anc_by_doctor=d["anc_by_doctor"],
            fe_tablets=d["fe_tablets"] or 0,
            muac_cm=d["muac_cm"],
            risk=d["risk"],
            counselling=d["counselling"],
            home_visit=d["home_visit"],
            postnatal_check=d["postnatal_check"],
            delivered_on=d["delivered_on"],
            clean_water=_tristate(d["clean_water"]),
            latrine=_tristate(d["latrine"]),
        )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas pengukuran (.xlsx atau .csv)"))
