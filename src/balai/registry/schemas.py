"""API shapes for residents, families and life events.

Coded fields (religion, occupation…) take the Dukcapil numbers of
``registry.codes``; unknown numbers are refused with the field named.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, field_validator

from balai.registry import codes

CODED_FIELDS: dict[str, set[int]] = {
    "sex": set(codes.Sex.values),
    "religion": set(codes.Religion.values),
    "education_kk": set(codes.EducationKK.values),
    "education_current": set(codes.EducationCurrent.values),
    "occupation": {c for c, _label in codes.OCCUPATION_CHOICES},
    "marital_status": set(codes.MaritalStatus.values),
    "family_relation": set(codes.FamilyRelation.values),
    "citizenship": set(codes.Citizenship.values),
    "blood_type": set(codes.BloodType.values),
    "disability": set(codes.Disability.values),
    "chronic_illness": set(codes.ChronicIllness.values),
    "contraception": set(codes.Contraception.values),
    "insurance": set(codes.Insurance.values),
    "ektp": set(codes.EKtp.values),
    "ektp_record": set(codes.EKtpRecord.values),
}


def _check_code(name: str, value: Any) -> Any:
    if value is not None and value not in CODED_FIELDS[name]:
        raise ValueError(f"kode {value} tidak dikenal untuk {name}")
    return value


class ResidentData(Schema):
    """The editable data of a resident (all optional: used for updates)."""

    nik: str | None = Field(None, max_length=40)
    name: str | None = Field(None, min_length=1, max_length=100)
    sex: int | None = None
    birth_place: str | None = Field(None, max_length=100)
    birth_date: date | None = None
    religion: int | None = None
    family_relation: int | None = None
    marital_status: int | None = None
    education_kk: int | None = None
    education_current: int | None = None
    occupation: int | None = None
    citizenship: int | None = None
    blood_type: int | None = None
    father_nik: str | None = Field(None, max_length=40)
    father_name: str | None = Field(None, max_length=100)
    mother_nik: str | None = Field(None, max_length=40)
    mother_name: str | None = Field(None, max_length=100)
    birth_cert_no: str | None = Field(None, max_length=50)
    pregnant: bool | None = None
    disability: int | None = None
    chronic_illness: int | None = None
    contraception: int | None = None
    insurance: int | None = None
    insurance_no: str | None = Field(None, max_length=50)
    ektp: int | None = None
    ektp_record: int | None = None
    current_address: str | None = Field(None, max_length=255)
    phone: str | None = Field(None, max_length=20)
    email: str | None = Field(None, max_length=254)

    @field_validator(*CODED_FIELDS, mode="after")
    @classmethod
    def _known_code(cls, value: Any, info: Any) -> Any:
        return _check_code(info.field_name, value)


class ResidentIn(ResidentData):
    """A new resident and how they enter the register."""

    name: str = Field(min_length=1, max_length=100)  # type: ignore[assignment]
    sex: int  # type: ignore[assignment]
    birth_date: date  # type: ignore[assignment]
    kind: Literal["registered", "birth", "move_in"] = "registered"
    area: str = Field(description="Kode desa/dusun/RT tempat tinggal", max_length=40)
    no_kk: str = Field("", max_length=40, description="Keluarga yang ada atau No. KK baru")
    family_address: str = Field("", max_length=255)
    event_date: date | None = None
    report_date: date | None = None
    move_scope: str = Field("", max_length=16)
    place: str = Field("", max_length=255)


class EventIn(Schema):
    """A life event for an existing resident."""

    kind: Literal["death", "move_out", "missing", "return", "address", "family_join"]
    event_date: date
    report_date: date | None = None
    place: str = Field("", max_length=255, description="Tempat meninggal / alamat tujuan")
    note: str = Field("", max_length=2000)
    scope: str = Field("", max_length=16, description="Jenis pindah (pindah keluar)")
    area: str = Field("", max_length=40, description="Wilayah tujuan (pindah alamat, kembali)")
    no_kk: str = Field("", max_length=40, description="KK tujuan (gabung KK)")
    relation: int | None = Field(None, description="Hubungan dalam KK tujuan")


class AreaRef(Schema):
    code: str
    name: str


class ResidentOut(Schema):
    id: int
    nik: str
    nik_is_temporary: bool
    name: str
    sex: int
    birth_date: date | None
    status: int
    status_label: str
    area: AreaRef
    family_id: int | None
    no_kk: str | None
    family_relation: int | None


class EventOut(Schema):
    id: int
    kind: str
    kind_label: str
    event_date: date
    report_date: date
    entry_date: date
    late: bool
    area: str
    move_scope: str
    place: str
    note: str
    changes: dict[str, Any]


class ResidentDetailOut(ResidentOut):
    birth_place: str
    religion: int | None
    marital_status: int | None
    education_kk: int | None
    occupation: int | None
    citizenship: int
    father_name: str
    mother_name: str
    pregnant: bool
    current_address: str
    events: list[EventOut]


class ResidentPage(Schema):
    items: list[ResidentOut]
    next: int | None = Field(None, description="Kirim sebagai `after` untuk halaman berikutnya")


class FamilyOut(Schema):
    id: int
    no_kk: str
    area: AreaRef
    address: str
    head_name: str | None = None
    member_count: int | None = None


class FamilyPage(Schema):
    items: list[FamilyOut]
    next: str | None = None


class FamilyDetailOut(FamilyOut):
    members: list[ResidentOut]
