"""Forms of the registry pages: cleaning and Indonesian field errors only.

Business rules live in the services; ``apply_domain_error`` copies a
DomainError's field errors onto a form so every message shows by its field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.errors import DomainError
from balai.regions.models import Area
from balai.registry import codes
from balai.registry.births import CHILDBEARING_AGES, childbearing_q
from balai.registry.errors import DuplicateNikError
from balai.registry.identifiers import normalise_number, validate_kk
from balai.registry.models import MoveScope, Resident
from balai.registry.names import person_name
from balai.registry.selectors import AGE_BANDS
from balai.registry.validation import identity_checkers, village_of

STATUS_ANY = "semua"

RESIDENT_FIELDS = [
    "nik",
    "name",
    "sex",
    "birth_place",
    "birth_date",
    "religion",
    "family_relation",
    "marital_status",
    "education_kk",
    "education_current",
    "occupation",
    "citizenship",
    "blood_type",
    "father_nik",
    "father_name",
    "mother_nik",
    "mother_name",
    "birth_cert_no",
    "pregnant",
    "disability",
    "chronic_illness",
    "contraception",
    "insurance",
    "insurance_no",
    "ektp",
    "ektp_record",
    "current_address",
    "phone",
    "email",
]

# Field groups on the form and the detail page.
GROUPS: list[tuple[Any, list[str]]] = [
    (_l("Identitas"), ["nik", "name", "sex", "birth_place", "birth_date", "religion"]),
    (
        _l("Keluarga"),
        [
            "family_relation",
            "marital_status",
            "father_nik",
            "father_name",
            "mother_nik",
            "mother_name",
            "birth_cert_no",
        ],
    ),
    (
        _l("Pendidikan dan pekerjaan"),
        ["education_kk", "education_current", "occupation", "citizenship"],
    ),
    (
        _l("Kesehatan"),
        [
            "blood_type",
            "pregnant",
            "disability",
            "chronic_illness",
            "contraception",
            "insurance",
            "insurance_no",
        ],
    ),
    (_l("Dokumen dan kontak"), ["ektp", "ektp_record", "current_address", "phone", "email"]),
]


def _today() -> date:
    return timezone.localdate()


def apply_domain_error(form: forms.BaseForm, exc: DomainError, *, user: Any = None) -> None:
    """Show *exc* on *form*: by field when it names fields, else as a form error."""
    placed = False
    for field, messages in exc.field_errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)
            placed = True
    if not placed or (isinstance(exc, DuplicateNikError) and user is not None):
        message = exc.message
        if isinstance(exc, DuplicateNikError) and user is not None:
            message = clash_message(user, form.cleaned_data.get("nik", ""))
        form.add_error(None, message)


def clash_message(user: Any, nik: str) -> str:
    """Say who holds *nik*: the village only if *user* may see people there."""
    holder = Resident.objects.filter(nik=nik).select_related("area").first()
    if holder is not None and access.has_perm(user, Perm.REGISTRY_VIEW, holder.area):
        return _("NIK %(nik)s sudah terdaftar atas nama penduduk di %(village)s.") % {
            "nik": nik,
            "village": village_of(holder.area),
        }
    return _("NIK %(nik)s sudah terdaftar di desa lain.") % {"nik": nik}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def past_date(value: date | None, label: str) -> None:
    if value is not None and value > _today():
        raise forms.ValidationError(_("%(label)s tidak boleh di masa depan.") % {"label": label})


# What a newborn has: the rest (education, occupation, marriage…) starts at
# the model's defaults and is edited later.
NEWBORN_FIELDS = ["nik", "name", "sex", "birth_place", "birth_date", "religion", "citizenship"]


class ResidentForm(forms.ModelForm):  # type: ignore[type-arg]
    """The data of one resident (identity checked against the register)."""

    # Wider than 16: spaces and hidden characters are removed before validation.
    nik = forms.CharField(label=_l("NIK"), max_length=40, required=False)
    father_nik = forms.CharField(label=_l("NIK ayah"), max_length=40, required=False)
    mother_nik = forms.CharField(label=_l("NIK ibu"), max_length=40, required=False)

    class Meta:
        model = Resident
        fields = RESIDENT_FIELDS
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nik"].required = False
        self.fields["nik"].help_text = _("Kosongkan bila belum punya NIK: diberi NIK sementara.")
        self.fields["birth_date"].required = True
        self.fields["nik"].widget.attrs.update(inputmode="numeric", autocomplete="off")

    def clean_nik(self) -> str:
        return normalise_number(self.cleaned_data.get("nik") or "")

    def clean_father_nik(self) -> str:
        return self._parent_nik("father_nik")

    def clean_mother_nik(self) -> str:
        return self._parent_nik("mother_nik")

    def _parent_nik(self, name: str) -> str:
        value = normalise_number(self.cleaned_data.get(name) or "")
        if value and (len(value) != 16 or not value.isdigit()):
            raise forms.ValidationError(_("NIK harus 16 digit angka."))
        return value

    def clean_name(self) -> str:
        return person_name(self.cleaned_data.get("name"))

    def clean_birth_date(self) -> date | None:
        value: date | None = self.cleaned_data.get("birth_date")
        past_date(value, _("Tanggal lahir"))
        return value

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("pregnant") and data.get("sex") != codes.Sex.FEMALE:
            self.add_error("pregnant", _("Hanya perempuan yang dapat berstatus hamil."))
        return data

    def validate_unique(self) -> None:
        # The NIK clash is checked by the service, with the holder's village.
        return

    def _post_clean(self) -> None:
        # Run model validation without the NIK (checked by the service) and
        # without the pregnancy constraint (checked in clean() in Indonesian).
        exclude = self._get_validation_exclusions()  # type: ignore[attr-defined]
        exclude.add("nik")
        try:
            self.instance = forms.models.construct_instance(
                self, self.instance, self._meta.fields, self._meta.exclude
            )
            self.instance.full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=False
            )
        except forms.ValidationError as e:
            self._update_errors(e)  # type: ignore[attr-defined]

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(title), [self[name] for name in names]) for title, names in GROUPS]

    def resident_data(self, *, keep_nik_if_blank: bool = False) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self._meta.fields or ()}
        if keep_nik_if_blank and not data["nik"]:
            del data["nik"]
        return data


class NewbornForm(ResidentForm):
    """A newborn's own data: what a birth report gives (parents come from the family)."""

    class Meta(ResidentForm.Meta):
        fields = NEWBORN_FIELDS

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(_("Data bayi")), [self[name] for name in NEWBORN_FIELDS])]


class EntryKind:
    REGISTERED = "pendataan"
    BIRTH = "lahir"
    MOVE_IN = "datang"
    CHOICES = [
        (REGISTERED, _l("Pendataan")),
        (BIRTH, _l("Kelahiran")),
        (MOVE_IN, _l("Pindah datang")),
    ]


class EventDatesForm(forms.Form):
    """Event date and report date (the entry date is today)."""

    event_date = forms.DateField(label=_l("Tanggal peristiwa"), widget=DateInput())
    report_date = forms.DateField(
        label=_l("Tanggal lapor"),
        widget=DateInput(),
        required=False,
        help_text=_l("Kosongkan bila dilaporkan hari ini."),
    )

    def clean_event_date(self) -> date:
        value: date = self.cleaned_data["event_date"]
        past_date(value, _("Tanggal peristiwa"))
        return value

    def clean_report_date(self) -> date | None:
        value: date | None = self.cleaned_data.get("report_date")
        past_date(value, _("Tanggal lapor"))
        return value

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        event, report = data.get("event_date"), data.get("report_date")
        if event and report and report < event:
            self.add_error("report_date", _("Tanggal lapor tidak boleh sebelum tanggal peristiwa."))
        return data


def area_choices(areas: list[Area]) -> list[tuple[str, str]]:
    return [(a.code, f"{a.name} ({a.code})") for a in areas]


class ResidentEntryForm(EventDatesForm):
    """How a new resident enters: where, which family, and the event's dates."""

    area = forms.ChoiceField(label=_l("Wilayah (desa/dusun/RT)"))
    no_kk = forms.CharField(
        label=_l("No. KK"),
        required=False,
        max_length=40,
        help_text=_l("Keluarga yang sudah ada atau No. KK baru."),
    )
    family_address = forms.CharField(label=_l("Alamat KK baru"), required=False, max_length=255)
    move_scope = forms.ChoiceField(
        label=_l("Pindah dari"),
        required=False,
        choices=[("", "—"), *[c for c in MoveScope.choices if c[0] != MoveScope.VILLAGE]],
    )
    place = forms.CharField(label=_l("Alamat asal"), required=False, max_length=255)

    def __init__(self, *args: Any, areas: list[Area], kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.areas = {a.code: a for a in areas}
        self.fields["area"].choices = area_choices(areas)  # type: ignore[attr-defined]
        self.fields["event_date"].required = False
        if kind == EntryKind.MOVE_IN:
            self.fields["move_scope"].required = True
            self.fields["event_date"].required = True
            self.fields["event_date"].label = _("Tanggal pindah")
        else:
            del self.fields["move_scope"]
            del self.fields["place"]

    def clean_area(self) -> Area:
        area = self.areas.get(self.cleaned_data["area"])
        if area is None:
            raise forms.ValidationError(_("Pilih wilayah dari daftar."))
        return area

    def clean_no_kk(self) -> str:
        raw = self.cleaned_data.get("no_kk") or ""
        if not raw.strip():
            return ""
        exists, retired = identity_checkers()
        check = validate_kk(raw, kecamatan_exists=exists, retired_kecamatan=retired, today=_today())
        if not check.is_valid:
            raise forms.ValidationError(list(check.errors))
        return check.value

    def clean_event_date(self) -> date:
        value: date = self.cleaned_data.get("event_date") or _today()
        past_date(value, _("Tanggal peristiwa"))
        return value


class BirthForm(EventDatesForm):
    """A birth: the child's family and mother come from the register."""

    mother = forms.ModelChoiceField(label=_l("Ibu"), queryset=Resident.objects.none())
    father = forms.ModelChoiceField(
        label=_l("Ayah"), queryset=Resident.objects.none(), required=False
    )
    place = forms.CharField(label=_l("Tempat persalinan"), required=False, max_length=255)
    confirm_new_birth = forms.BooleanField(
        label=_l(
            "Saya sudah memeriksa: ini kelahiran lain (misalnya kembar), bukan yang sudah tercatat"
        ),
        required=False,
        widget=forms.HiddenInput,  # shown by ``ask_to_confirm`` once a similar birth is found
    )

    def __init__(self, *args: Any, members: QuerySet[Resident], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        alive = members.filter(status=codes.BasicStatus.ALIVE)
        mothers = alive.filter(childbearing_q(timezone.localdate()))
        self.fields["mother"].queryset = mothers  # type: ignore[attr-defined]
        self.fields["mother"].help_text = _("Perempuan %(lo)s-%(hi)s tahun dalam KK ini.") % {
            "lo": CHILDBEARING_AGES[0],
            "hi": CHILDBEARING_AGES[1],
        }
        self.fields["father"].queryset = alive.filter(sex=codes.Sex.MALE)  # type: ignore[attr-defined]
        self.fields["event_date"].required = False
        self.fields["event_date"].help_text = _("Kosongkan: sama dengan tanggal lahir.")

    def ask_to_confirm(self) -> None:
        """Show the confirmation box (after the register found a similar birth)."""
        self.fields["confirm_new_birth"].widget = forms.CheckboxInput()

    def clean_event_date(self) -> date:
        value = self.cleaned_data.get("event_date")  # None: the birth date
        past_date(value, _("Tanggal peristiwa"))
        return value  # type: ignore[return-value]


class DeathForm(EventDatesForm):
    place = forms.CharField(label=_l("Tempat meninggal"), required=False, max_length=255)
    note = forms.CharField(
        label=_l("Keterangan (sebab, saksi)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MoveOutForm(EventDatesForm):
    scope = forms.ChoiceField(
        label=_l("Jenis pindah"),
        choices=[c for c in MoveScope.choices if c[0] != MoveScope.VILLAGE],
    )
    destination = forms.CharField(label=_l("Alamat tujuan"), max_length=255)
    note = forms.CharField(
        label=_l("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MissingForm(EventDatesForm):
    note = forms.CharField(
        label=_l("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(EventDatesForm):
    area = forms.ChoiceField(label=_l("Kembali ke wilayah"), required=False)
    note = forms.CharField(
        label=_l("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, areas: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = {a.code: a for a in areas}
        self.fields["area"].choices = [("", _("(wilayah semula)")), *area_choices(areas)]  # type: ignore[attr-defined]

    def clean_area(self) -> Area | None:
        code = self.cleaned_data.get("area")
        if not code:
            return None
        if code not in self.areas:
            raise forms.ValidationError(_("Pilih wilayah dari daftar."))
        return self.areas[code]


class MoveWithinForm(EventDatesForm):
    area = forms.ChoiceField(label=_l("Pindah ke"))

    def __init__(self, *args: Any, areas: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = {a.code: a for a in areas}
        self.fields["area"].choices = area_choices(areas)  # type: ignore[attr-defined]

    def clean_area(self) -> Area:
        code = self.cleaned_data.get("area") or ""
        if code not in self.areas:
            raise forms.ValidationError(_("Pilih wilayah dari daftar."))
        return self.areas[code]


class FamilyJoinForm(EventDatesForm):
    no_kk = forms.CharField(label=_l("No. KK tujuan"), max_length=40)
    relation = forms.TypedChoiceField(
        label=_l("Hubungan dalam keluarga"),
        choices=codes.FamilyRelation.choices,
        coerce=int,
    )

    def clean_no_kk(self) -> str:
        return normalise_number(self.cleaned_data.get("no_kk") or "")


class FamilySplitForm(EventDatesForm):
    members = forms.ModelMultipleChoiceField(
        label=_l("Anggota yang pindah ke KK baru"),
        queryset=Resident.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    head = forms.ModelChoiceField(
        label=_l("Kepala keluarga baru"), queryset=Resident.objects.none()
    )
    no_kk = forms.CharField(label=_l("No. KK baru"), max_length=40)
    address = forms.CharField(label=_l("Alamat KK baru"), required=False, max_length=255)

    def __init__(self, *args: Any, members: QuerySet[Resident], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        alive = members.filter(status=codes.BasicStatus.ALIVE)
        self.fields["members"].queryset = alive  # type: ignore[attr-defined]
        self.fields["head"].queryset = alive  # type: ignore[attr-defined]

    def clean_no_kk(self) -> str:
        exists, retired = identity_checkers()
        check = validate_kk(
            self.cleaned_data.get("no_kk") or "",
            kecamatan_exists=exists,
            retired_kecamatan=retired,
            today=_today(),
        )
        if not check.is_valid:
            raise forms.ValidationError(list(check.errors))
        return check.value


EVENT_FORMS: dict[str, tuple[type[EventDatesForm], Any]] = {
    "kematian": (DeathForm, _l("Catat kematian")),
    "pindah-keluar": (MoveOutForm, _l("Catat pindah keluar")),
    "hilang": (MissingForm, _l("Catat hilang")),
    "kembali": (ReturnForm, _l("Catat kembali")),
    "pindah-alamat": (MoveWithinForm, _l("Pindah alamat dalam desa")),
    "gabung-kk": (FamilyJoinForm, _l("Gabung ke KK lain")),
}


class ResidentFilterForm(forms.Form):
    """Search and filters of the resident list (every field optional)."""

    q = forms.CharField(label=_l("Cari nama, NIK atau No. KK"), required=False, max_length=100)
    area = forms.ChoiceField(label=_l("Wilayah"), required=False)
    sex = forms.TypedChoiceField(
        label=_l("Jenis kelamin"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _l("Semua")), *codes.Sex.choices],
    )
    status = forms.ChoiceField(
        label=_l("Status"),
        required=False,
        choices=[(str(v), label) for v, label in codes.BasicStatus.choices]
        + [(STATUS_ANY, _l("Semua status"))],
    )
    age_band = forms.ChoiceField(
        label=_l("Umur"),
        required=False,
        choices=[("", _l("Semua umur")), *[(b[0], b[0]) for b in AGE_BANDS]],
    )
    pregnant = forms.BooleanField(label=_l("Hanya yang hamil"), required=False)
    after = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Semua wilayah")), *areas]  # type: ignore[attr-defined]

    def clean_status(self) -> int | None:
        value = self.cleaned_data.get("status") or str(codes.BasicStatus.ALIVE)
        return None if value == STATUS_ANY else int(value)


class FamilyFilterForm(forms.Form):
    q = forms.CharField(label=_l("Cari No. KK atau nama kepala"), required=False, max_length=100)
    area = forms.ChoiceField(label=_l("Wilayah"), required=False)
    after = forms.CharField(required=False, widget=forms.HiddenInput, max_length=16)

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Semua wilayah")), *areas]  # type: ignore[attr-defined]


class DuplicateActionForm(forms.Form):
    kept = forms.IntegerField(min_value=1)
    removed = forms.IntegerField(min_value=1)
    note = forms.CharField(required=False, max_length=500)
