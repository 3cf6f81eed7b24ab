"""Forms of the binwas pages (cleaning only; rules live in the services)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.accounts.roles import Office
from balai.regions.models import Area, Level
from balai.supervision.models import (
    ActivityKind,
    Affiliation,
    AnswerType,
    Question,
    ReportKind,
    Responsible,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Judul kegiatan"), max_length=200)
    topics = forms.CharField(label=_("Topik"), max_length=300, required=False)
    starts_on = forms.DateField(label=_("Tanggal mulai"), widget=DATE)
    ends_on = forms.DateField(label=_("Tanggal selesai"), widget=DATE)
    villages = forms.MultipleChoiceField(
        label=_("Desa yang dikunjungi"), widget=forms.CheckboxSelectMultiple
    )
    lead = forms.BooleanField(label=_("Saya ketua tim"), required=False, initial=True)

    def __init__(self, *args: Any, kecamatan: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = Area.objects.filter(
            code__within=kecamatan.code, level=Level.DESA_KELURAHAN, is_active=True
        ).order_by("name")
        cast(forms.ChoiceField, self.fields["villages"]).choices = [
            (v.code, v.name) for v in villages
        ]


class MemberForm(forms.Form):
    user = forms.ChoiceField(label=_("Pengguna Balai"), required=False)
    name = forms.CharField(
        label=_("Nama tamu"),
        max_length=120,
        required=False,
        help_text=_("Isi bila anggota tim bukan pengguna Balai (misalnya pendamping desa)."),
    )
    affiliation = forms.ChoiceField(label=_("Unsur"), choices=Affiliation.choices)
    lead = forms.BooleanField(label=_("Jadikan ketua tim"), required=False)

    def __init__(self, *args: Any, candidates: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["user"])
        field.choices = [("", "—"), *((str(pk), label) for pk, label in candidates)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("user") and not (data.get("name") or "").strip():
            raise forms.ValidationError(_("Pilih pengguna Balai atau tulis nama tamu."))
        if data.get("lead") and not data.get("user"):
            self.add_error(
                "lead", _("Ketua tim harus pengguna Balai (dia yang menandatangani laporan).")
            )
        return data


class FindingForm(forms.Form):
    description = forms.CharField(
        label=_("Uraian temuan"), widget=forms.Textarea(attrs={"rows": 2})
    )
    recommendation = forms.CharField(
        label=_("Rekomendasi"), widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible = forms.ChoiceField(label=_("Penanggung jawab"), choices=Responsible.choices)
    office = forms.ChoiceField(
        label=_("Perangkat daerah (bila penanggung jawab kabupaten)"),
        choices=[("", "—"), *Office.choices],
        required=False,
    )
    due_days = forms.IntegerField(
        label=_("Batas waktu (hari kerja)"), min_value=1, max_value=120, required=False
    )
    due_on = forms.DateField(label=_("atau tanggal batas"), widget=DATE, required=False)
    indicator = forms.CharField(
        label=_("Kode indikator pemulihan (opsional)"), max_length=60, required=False
    )


class DecisionForm(FindingForm):
    village = forms.ChoiceField(label=_("Desa/kecamatan yang bersangkutan"), required=False)

    def __init__(self, *args: Any, area: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Area.objects.filter(
            code__within=area.code,
            level__in=(Level.KECAMATAN, Level.DESA_KELURAHAN),
            is_active=True,
        ).order_by("code")
        cast(forms.ChoiceField, self.fields["village"]).choices = [
            ("", _("Seluruh wilayah rakor")),
            *[(a.code, a.name) for a in units],
        ]
        self.order_fields(["village"])


class AnswerEvidenceForm(forms.Form):
    note = forms.CharField(
        label=_("Tindak lanjut yang dilakukan"), widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(label=_("Bukti (foto atau PDF, paling besar 5 MB)"), required=False)


class VerifyForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan verifikasi"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Foto (JPEG/PNG/WebP, paling besar 5 MB)"))
    caption = forms.CharField(label=_("Keterangan"), max_length=200, required=False)


def visit_form(questions: list[Question], data: Any = None, initial: Any = None) -> forms.Form:
    """Return a form with one field (and a note) per question, by answer type."""
    form = forms.Form(data, initial=initial)
    form.fields["visited_on"] = forms.DateField(
        label=_("Tanggal kunjungan"), widget=DATE, required=False
    )
    for q in questions:
        name = f"q{q.pk}"
        if q.answer_type == AnswerType.YES_NO:
            form.fields[name] = forms.ChoiceField(
                label=q.text,
                choices=[("", "—"), ("ya", _("Ya")), ("tidak", _("Tidak"))],
                required=False,
            )
        elif q.answer_type == AnswerType.CHOICE:
            form.fields[name] = forms.ChoiceField(
                label=q.text, choices=[("", "—"), *[(c, c) for c in q.choice_list]], required=False
            )
        elif q.answer_type == AnswerType.NUMBER:
            form.fields[name] = forms.CharField(
                label=q.text, required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
            )
        else:
            form.fields[name] = forms.CharField(label=q.text, required=False, max_length=500)
        form.fields[f"n{q.pk}"] = forms.CharField(
            label=_("Catatan"), required=False, max_length=500
        )
    form.fields["latitude"] = forms.DecimalField(
        label=_("Lintang (GPS)"), required=False, max_digits=9, decimal_places=6
    )
    form.fields["longitude"] = forms.DecimalField(
        label=_("Bujur (GPS)"), required=False, max_digits=9, decimal_places=6
    )
    form.fields["summary"] = forms.CharField(
        label=_("Ringkasan kunjungan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    return form


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Judul rakor"), max_length=200)
    held_on = forms.DateField(label=_("Tanggal"), widget=DATE)
    place = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    draft = forms.BooleanField(
        label=_("Susun acara dari data (tindak lanjut lewat batas, indikator belum tercapai)"),
        required=False,
        initial=True,
    )


class AgendaItemForm(forms.Form):
    text = forms.CharField(label=_("Acara"), max_length=300)


class GuestForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=120)
    position = forms.CharField(label=_("Jabatan"), max_length=120, required=False)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Notulen"), widget=forms.Textarea(attrs={"rows": 8}))


class ReceiptForm(forms.Form):
    village = forms.ChoiceField(label=_("Desa"))
    kind = forms.ChoiceField(label=_("Laporan"), choices=ReportKind.choices)
    received_on = forms.DateField(label=_("Tanggal diterima"), widget=DATE)
    note = forms.CharField(label=_("Catatan"), max_length=200, required=False)

    def __init__(self, *args: Any, kecamatan: Area, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["village"]).choices = [
            (v.code, v.name)
            for v in Area.objects.filter(
                code__within=kecamatan.code, level=Level.DESA_KELURAHAN, is_active=True
            ).order_by("name")
        ]


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Pertanyaan"), max_length=300)
    answer_type = forms.ChoiceField(label=_("Jenis jawaban"), choices=AnswerType.choices)
    choices = forms.CharField(label=_("Pilihan (dipisah |)"), max_length=300, required=False)
    evidence = forms.CharField(label=_("Bukti yang diperlukan"), max_length=200, required=False)
    rule = forms.CharField(label=_("Aturan yang diperiksa"), max_length=200, required=False)
    finding_if = forms.CharField(label=_("Temuan bila jawaban"), max_length=60, required=False)


class QuestionEditForm(QuestionForm):
    order = forms.IntegerField(label=_("Urutan"), min_value=0, max_value=999)
    is_active = forms.BooleanField(
        label=_("Aktif (ditanyakan pada kunjungan baru)"), required=False
    )


class InstrumentForm(forms.Form):
    code = forms.SlugField(
        label=_("Kode"),
        max_length=40,
        help_text=_("Huruf kecil, angka dan tanda hubung, misalnya papan-informasi."),
    )
    name = forms.CharField(label=_("Nama instrumen"), max_length=160)


class InstrumentEditForm(forms.Form):
    name = forms.CharField(label=_("Nama instrumen"), max_length=160)
    is_active = forms.BooleanField(
        label=_("Aktif (dipakai pada kunjungan yang dimulai sesudah ini)"), required=False
    )
