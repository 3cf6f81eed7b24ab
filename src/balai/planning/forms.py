"""Forms of the planning pages: cleaning only; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.accounts.roles import Office
from balai.planning.models import GROUP_ORIGINS, MEETING_ORIGINS, CriterionBasis, FundSource
from balai.planning.selectors import kegiatan_choices

STAFF_ORIGINS = [(o.value, o.label) for o in (*MEETING_ORIGINS, *GROUP_ORIGINS)]
MONTHS = [(m, str(m)) for m in range(1, 13)]


class KegiatanField(forms.ChoiceField):
    """A select of the reference kegiatan (the list is read when the form is built)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=kegiatan_choices, label=_("Kegiatan (bidang/sub-bidang/kegiatan)"), **kwargs
        )


def _money(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_digits=16,
        decimal_places=2,
        error_messages={"invalid": _("Tulis angka rupiah tanpa titik, mis. 90000000.")},
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); cleans to a list."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ProposalForm(forms.Form):
    """A proposal as a resident writes it (staff add who brought it: ``StaffProposalForm``)."""

    title = forms.CharField(label=_("Judul usulan"), max_length=200)
    description = forms.CharField(
        label=_("Uraian masalah dan manfaat"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    kegiatan = KegiatanField()
    location = forms.CharField(label=_("Lokasi (dusun/RT, patokan)"), max_length=200)
    latitude = forms.FloatField(label=_("Lintang (pilih di peta)"), required=False)
    longitude = forms.FloatField(label=_("Bujur (pilih di peta)"), required=False)
    volume = forms.DecimalField(label=_("Volume"), min_value=0, max_digits=12, decimal_places=2)
    unit = forms.CharField(label=_("Satuan (m, unit, orang, paket)"), max_length=30)
    estimated_cost = _money(_("Perkiraan biaya (Rp)"))
    beneficiaries = forms.IntegerField(label=_("Penerima manfaat (jiwa)"), min_value=0)
    village_authority = forms.BooleanField(
        label=_("Kewenangan desa (bisa didanai APBDes)"), required=False, initial=True
    )
    photos = MultipleFileField(label=_("Foto (paling banyak 3, JPEG/PNG)"), required=False)


class StaffProposalForm(ProposalForm):
    origin = forms.ChoiceField(label=_("Diusulkan oleh"), choices=STAFF_ORIGINS)
    origin_area = forms.CharField(
        label=_("Kode dusun/RW/RT (rembug warga)"), max_length=40, required=False
    )
    group_name = forms.CharField(label=_("Nama kelompok / forum"), max_length=120, required=False)

    field_order = ["origin", "origin_area", "group_name"]


class ProposalEditForm(ProposalForm):
    """A resident's own proposal, changed before the musrenbang desa (photos stay as sent)."""

    photos = None  # type: ignore[assignment]


class StaffProposalEditForm(StaffProposalForm):
    """A meeting's or group's proposal, changed by who recorded it (who brought it is fixed)."""

    origin = None  # type: ignore[assignment]
    photos = None  # type: ignore[assignment]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan menarik usulan"),
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Tuliskan alasan usulan ditarik.")},
    )


class ActivityForm(forms.Form):
    kegiatan = KegiatanField()
    programme = forms.TypedChoiceField(
        label=_("Program RPJM Desa"), coerce=int, required=False, empty_value=None
    )
    name = forms.CharField(label=_("Nama kegiatan"), max_length=250)
    location = forms.CharField(label=_("Lokasi"), max_length=200)
    volume = forms.DecimalField(label=_("Volume"), min_value=0, max_digits=12, decimal_places=2)
    unit = forms.CharField(label=_("Satuan"), max_length=30)
    beneficiaries = forms.IntegerField(label=_("Penerima manfaat (jiwa)"), min_value=0, initial=0)
    indicative_cost = _money(_("Perkiraan biaya (Rp)"))
    fund_source = forms.ChoiceField(label=_("Sumber dana"), choices=FundSource.choices)
    implementer = forms.CharField(label=_("Pelaksana"), max_length=120, required=False)
    start_month = forms.TypedChoiceField(
        label=_("Bulan mulai"),
        choices=[("", "—"), *MONTHS],
        coerce=int,
        required=False,
        empty_value=None,
    )
    duration_days = forms.IntegerField(
        label=_("Lama pelaksanaan (hari)"), min_value=1, max_value=366, required=False
    )

    def __init__(self, *args: Any, programmes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", _("— belum tertelusur —")), *programmes]  # type: ignore[attr-defined]


class RpjmdesForm(forms.Form):
    start_year = forms.IntegerField(label=_("Tahun awal"), min_value=2015, max_value=2100)
    term_years = forms.TypedChoiceField(
        label=_("Masa berlaku"), choices=[(6, _("6 tahun")), (8, _("8 tahun"))], coerce=int
    )
    vision = forms.CharField(
        label=_("Visi"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    perdes_number = forms.CharField(label=_("Nomor Perdes"), max_length=60, required=False)


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Tujuan/misi"), max_length=300)


class ProgrammeForm(forms.Form):
    kegiatan = KegiatanField()
    name = forms.CharField(label=_("Nama program"), max_length=250)
    first_year = forms.IntegerField(label=_("Mulai tahun"))
    last_year = forms.IntegerField(label=_("Sampai tahun"))
    indicative_cost = _money(_("Perkiraan biaya (Rp)"))


class ForumOpenForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun rencana"), min_value=2015, max_value=2100)


class ForumDetailsForm(forms.Form):
    held_on = forms.DateField(
        label=_("Tanggal musyawarah"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )
    place = forms.CharField(label=_("Tempat"), max_length=150, required=False)
    chair = forms.CharField(label=_("Pimpinan rapat"), max_length=120, required=False)
    participants = forms.IntegerField(label=_("Jumlah peserta"), min_value=0)
    women_participants = forms.IntegerField(label=_("Peserta perempuan"), min_value=0)
    notes = forms.CharField(
        label=_("Kesepakatan/catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[
            ("accept", _("Terima: masuk RKP Desa")),
            ("forward", _("Teruskan ke kecamatan (di luar kewenangan desa)")),
            ("reject", _("Tidak diprioritaskan")),
        ],
    )
    reason = forms.CharField(label=_("Alasan"), max_length=300, required=False)
    programme = forms.TypedChoiceField(
        label=_("Program RPJM Desa"), coerce=int, required=False, empty_value=None
    )
    fund_source = forms.ChoiceField(
        label=_("Sumber dana"), choices=FundSource.choices, initial=FundSource.DD
    )

    def __init__(self, *args: Any, programmes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", "—"), *programmes]  # type: ignore[attr-defined]


class MergeForm(forms.Form):
    others = forms.CharField(
        label=_("Kode usulan yang digabung (pisahkan dengan koma)"), max_length=500
    )


class AssignOpdForm(forms.Form):
    opd = forms.TypedChoiceField(label=_("Perangkat daerah"), coerce=int)
    programme = forms.CharField(label=_("Program OPD"), max_length=200)

    def __init__(self, *args: Any, opds: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opd"].choices = opds  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Jawaban"),
        choices=[("1", _("Diterima ke Renja/RKPD")), ("0", _("Ditolak"))],
        coerce=lambda v: v == "1",
    )
    programme = forms.CharField(label=_("Program"), max_length=200, required=False)
    activity = forms.CharField(label=_("Kegiatan Renja/RKPD"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("Alasan/penjelasan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class PaguForm(forms.Form):
    area = forms.CharField(label=_("Kode desa atau kecamatan"), max_length=40)
    year = forms.IntegerField(label=_("Tahun"), min_value=2015, max_value=2100)
    amount = _money(_("Pagu indikatif (Rp)"))
    note = forms.CharField(label=_("Dasar penetapan (Perbup/SK)"), max_length=200, required=False)


class OpdPaguForm(forms.Form):
    opd = forms.TypedChoiceField(label=_("Perangkat daerah"), coerce=int)
    year = forms.IntegerField(label=_("Tahun rencana"), min_value=2015, max_value=2100)
    amount = _money(_("Pagu indikatif OPD (Rp)"))
    note = forms.CharField(label=_("Dasar penetapan (KUA-PPAS/SK)"), max_length=200, required=False)

    def __init__(self, *args: Any, opds: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opd"].choices = opds  # type: ignore[attr-defined]


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Nama kriteria"), max_length=120)
    basis = forms.ChoiceField(label=_("Cara menilai"), choices=CriterionBasis.choices)
    weight = forms.IntegerField(label=_("Bobot"), min_value=1, max_value=100)


class OpdForm(forms.Form):
    code = forms.CharField(label=_("Kode"), max_length=20)
    name = forms.CharField(label=_("Nama perangkat daerah"), max_length=150)
    office = forms.ChoiceField(label=_("Kantor pengguna yang menjawab"), choices=Office.choices)


class SetupForm(forms.Form):
    desa_month = forms.TypedChoiceField(
        label=_("Bulan musrenbang desa"), choices=MONTHS, coerce=int
    )
    kecamatan_month = forms.TypedChoiceField(
        label=_("Bulan musrenbang kecamatan"), choices=MONTHS, coerce=int
    )
    kabupaten_month = forms.TypedChoiceField(
        label=_("Bulan musrenbang kabupaten"), choices=MONTHS, coerce=int
    )
    rpjmdes_term_years = forms.TypedChoiceField(
        label=_("Masa RPJM Desa"), choices=[(6, _("6 tahun")), (8, _("8 tahun"))], coerce=int
    )


class ThemeForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2015, max_value=2100)
    name = forms.CharField(label=_("Tema prioritas"), max_length=150)
    kegiatan_prefixes = forms.CharField(
        label=_("Kode kegiatan/sub-bidang (pisahkan koma), mis. 2.2, 2.3.10"), max_length=300
    )

    def clean_kegiatan_prefixes(self) -> list[str]:
        raw: str = self.cleaned_data["kegiatan_prefixes"]
        return [p.strip() for p in raw.split(",") if p.strip()]
