"""The 43 OpenSID columns, in order, and how each maps onto Balai's fields."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from balai.registry import codes


@dataclass(frozen=True)
class Column:
    name: str
    field: str | None  # Resident field, or None for columns handled specially
    kind: str = "text"  # text | code | date | nik | kk | name | bool_code
    choices: type[models.IntegerChoices] | list[tuple[int, str]] | None = None
    max_length: int = 100


COLUMNS: tuple[Column, ...] = (
    Column("alamat", None, max_length=255),
    Column("dusun", None),
    Column("rw", None),
    Column("rt", None),
    Column("nama", "name", "name"),
    Column("no_kk", None, "kk"),
    Column("nik", "nik", "nik"),
    Column("sex", "sex", "code", codes.Sex),
    Column("tempatlahir", "birth_place"),
    Column("tanggallahir", "birth_date", "date"),
    Column("agama_id", "religion", "code", codes.Religion),
    Column("pendidikan_kk_id", "education_kk", "code", codes.EducationKK),
    Column("pendidikan_sedang_id", "education_current", "code", codes.EducationCurrent),
    Column("pekerjaan_id", "occupation", "code", codes.OCCUPATION_CHOICES),
    Column("status_kawin", "marital_status", "code", codes.MaritalStatus),
    Column("kk_level", "family_relation", "code", codes.FamilyRelation),
    Column("warganegara_id", "citizenship", "code", codes.Citizenship),
    Column("ayah_nik", "father_nik", "parent_nik"),
    Column("nama_ayah", "father_name", "name"),
    Column("ibu_nik", "mother_nik", "parent_nik"),
    Column("nama_ibu", "mother_name", "name"),
    Column("golongan_darah_id", "blood_type", "code", codes.BloodType),
    Column("akta_lahir", "birth_cert_no", max_length=50),
    Column("dokumen_pasport", "passport_no", max_length=50),
    Column("tanggal_akhir_paspor", "passport_expiry", "date"),
    Column("dokumen_kitas", "kitas_no", max_length=50),
    Column("akta_perkawinan", "marriage_cert_no", max_length=50),
    Column("tanggalperkawinan", "marriage_date", "date"),
    Column("akta_perceraian", "divorce_cert_no", max_length=50),
    Column("tanggalperceraian", "divorce_date", "date"),
    Column("cacat_id", "disability", "code", codes.Disability),
    Column("cara_kb_id", "contraception", "code", codes.Contraception),
    Column("hamil", "pregnant", "bool_code", codes.Pregnancy),
    Column("ktp_el", "ektp", "code", codes.EKtp),
    Column("status_rekam", "ektp_record", "code", codes.EKtpRecord),
    Column("alamat_sekarang", "current_address", max_length=255),
    Column("status_dasar", "status", "code", codes.BasicStatus),
    Column("suku", "ethnicity", max_length=50),
    Column("tag_id_card", "id_card_tag", max_length=17),
    Column("id_asuransi", "insurance", "code", codes.Insurance),
    Column("no_asuransi", "insurance_no", max_length=50),
    Column("lat", "lat", max_length=24),
    Column("lng", "lng", max_length=24),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
BY_NAME = {c.name: c for c in COLUMNS}
REQUIRED_HEADERS = ("nik", "no_kk")
# Fields an import may not change on an existing resident: they move only by
# events (OpenSID refuses them too).
PROTECTED_FOR_EXISTING = ("status", "family_relation")
assert len(COLUMNS) == 43  # noqa: S101 -- the format is fixed
