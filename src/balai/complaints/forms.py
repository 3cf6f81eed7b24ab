"""Forms clean input only; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.accounts.roles import Office
from balai.complaints.attachments import MAX_FILES
from balai.complaints.models import (
    LEGAL_MAX_DAYS,
    SKM_ELEMENTS,
    Category,
    Classification,
    UnitLevel,
)
from balai.regions.models import Area

TEXT_MAX = 5000
SKM_CHOICES = [
    (1, _("1 — Tidak baik")),
    (2, _("2 — Kurang baik")),
    (3, _("3 — Baik")),
    (4, _("4 — Sangat baik")),
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Paling banyak %(n)s lampiran.") % {"n": MAX_FILES})
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class CategoryChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Choose from categories already loaded by the view: validating costs no query."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.loaded: dict[str, Category] = {}

    def to_python(self, value: Any) -> Category | None:
        if value in self.empty_values:
            return None
        category = self.loaded.get(str(value))
        if category is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return category

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)


class ComplaintForm(forms.Form):
    """The public form (also used by self-service and, with a location, at the counter)."""

    category = CategoryChoiceField(
        label=_("Kategori"),
        queryset=Category.objects.none(),
        error_messages={"invalid_choice": _("Kategori tidak dikenal. Pilih dari daftar.")},
    )
    classification = forms.ChoiceField(
        label=_("Jenis laporan"), choices=Classification.choices, initial=Classification.PENGADUAN
    )
    location_area = forms.ModelChoiceField(
        label=_("Dusun/RW/RT (jika tahu)"), queryset=Area.objects.none(), required=False
    )
    unit_code = forms.ChoiceField(
        label=_("Unit pelayanan yang diadukan (jika ada)"), choices=(), required=False
    )
    title = forms.CharField(label=_("Judul"), max_length=150)
    description = forms.CharField(
        label=_("Uraian"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    location = forms.CharField(label=_("Lokasi kejadian"), max_length=200, required=False)
    is_anonymous = forms.BooleanField(
        label=_("Kirim tanpa nama (anonim) — Anda tidak akan menerima kabar"), required=False
    )
    is_confidential = forms.BooleanField(
        label=_("Rahasiakan identitas saya (hanya petugas yang melihat)"), required=False
    )
    reporter_name = forms.CharField(label=_("Nama"), max_length=100, required=False)
    reporter_phone = forms.RegexField(
        label=_("Nomor HP/WhatsApp"),
        regex=r"^\+?[0-9 \-]{8,20}$",
        max_length=20,
        required=False,
        error_messages={"invalid": _("Nomor HP hanya angka, 8-20 digit.")},
    )
    reporter_email = forms.EmailField(label=_("Email"), required=False)
    lampiran = MultipleFileField(label=_("Foto atau PDF (maks. 3 berkas, 5 MB)"), required=False)
    # Honeypot: hidden from people, filled in by bots.
    website = forms.CharField(required=False, label=_("Jangan diisi"))

    def __init__(
        self,
        *args: Any,
        categories: list[Category],
        subareas: Any = None,
        units: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        unit = self.fields["unit_code"]
        assert isinstance(unit, forms.ChoiceField)  # noqa: S101 -- declared above
        if units:
            unit.choices = [("", "---------"), *units]
        else:
            del self.fields["unit_code"]
        field = self.fields["category"]
        assert isinstance(field, CategoryChoiceField)  # noqa: S101 -- declared above
        # The widget lists them from the queryset when rendered; validation
        # looks them up in the loaded list.
        field.queryset = Category.objects.filter(pk__in=[c.pk for c in categories]).order_by(
            "order", "name"
        )
        field.loaded = {str(c.pk): c for c in categories}
        location = self.fields["location_area"]
        assert isinstance(location, forms.ModelChoiceField)  # noqa: S101
        if subareas is None:
            del self.fields["location_area"]
        else:
            location.queryset = subareas

    def clean_title(self) -> str:
        return _not_blank(self.cleaned_data["title"])

    def clean_description(self) -> str:
        return _not_blank(self.cleaned_data["description"])


def _not_blank(value: str) -> str:
    value = value.strip()
    if not value:
        raise forms.ValidationError(_("Tidak boleh kosong."))
    return value


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Nomor tiket"), max_length=20)
    code = forms.CharField(label=_("Kode pelacakan"), max_length=30)


class TextForm(forms.Form):
    text = forms.CharField(
        label=_("Pesan"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_text(self) -> str:
        return _not_blank(self.cleaned_data["text"])


class ReopenForm(forms.Form):
    """Reopening is its own decision: a reason and an explicit tick, never a stray message."""

    text = forms.CharField(
        label=_("Alasan membuka kembali"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("Ya, buka kembali pengaduan ini karena masalahnya belum selesai"), required=True
    )

    def clean_text(self) -> str:
        return _not_blank(self.cleaned_data["text"])


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Penilaian"),
        coerce=int,
        choices=[
            ("", _("— pilih 1 (buruk) sampai 5 (sangat baik) —")),
            *((i, str(i)) for i in range(1, 6)),
        ],
    )
    comment = forms.CharField(label=_("Komentar"), max_length=500, required=False)


class SurveyForm(forms.Form):
    suggestion = forms.CharField(
        label=_("Saran"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in SKM_ELEMENTS:
            self.fields[name] = forms.TypedChoiceField(
                label=label, coerce=int, choices=SKM_CHOICES, widget=forms.RadioSelect
            )
        self.order_fields([*(n for n, _l in SKM_ELEMENTS), "suggestion"])


ACTIONS = (
    ("verify", _("Verifikasi")),
    ("hold", _("Tunda")),
    ("reject", _("Tolak")),
    ("forward", _("Teruskan (bukan wewenang)")),
    ("assign", _("Disposisikan")),
    ("respond", _("Tindak lanjut (publik)")),
    ("resolve", _("Selesaikan (jawaban publik)")),
    ("note", _("Catatan internal")),
    ("instruct", _("Arahan ke unit penangan")),
)


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=ACTIONS)
    text = forms.CharField(
        label=_("Isi / alasan"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    assignee = forms.IntegerField(required=False)
    target = forms.CharField(max_length=40, required=False)
    office = forms.ChoiceField(choices=[("", "—"), *Office.choices], required=False)
    classification = forms.ChoiceField(choices=Classification.choices, required=False)


CATEGORY_INITIAL = {
    "verify_days": 3,
    "response_days": 5,
    "resolve_days": 14,
    "reopen_days": 10,
    "is_active": True,
}


class CategoryForm(forms.Form):
    code = forms.SlugField(label=_("Kode"), max_length=40)
    name = forms.CharField(label=_("Nama"), max_length=100)
    unit_level = forms.ChoiceField(label=_("Unit penanggung jawab"), choices=UnitLevel.choices)
    office = forms.ChoiceField(
        label=_("Kantor (untuk kabupaten)"), choices=[("", "—"), *Office.choices], required=False
    )
    verify_days = forms.IntegerField(
        label=_("Verifikasi (hari kerja)"), min_value=1, max_value=LEGAL_MAX_DAYS
    )
    response_days = forms.IntegerField(
        label=_("Tindak lanjut pertama (hari kerja)"), min_value=1, max_value=LEGAL_MAX_DAYS
    )
    resolve_days = forms.IntegerField(
        label=_("Penyelesaian (hari kerja)"), min_value=1, max_value=LEGAL_MAX_DAYS
    )
    reopen_days = forms.IntegerField(
        label=_("Batas membuka kembali (hari)"), min_value=0, max_value=LEGAL_MAX_DAYS
    )
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)
