"""Dukcapil code lists, with the numbers OpenSID's import and export use.

Labels are the official ones from OpenSID's "Kode Data" sheet (title-cased
for display); ``ALIASES`` adds the other spellings imports meet in the wild.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.IntegerChoices):
    MALE = 1, _("Laki-laki")
    FEMALE = 2, _("Perempuan")


class Religion(models.IntegerChoices):
    ISLAM = 1, _("Islam")
    KRISTEN = 2, _("Kristen")
    KATOLIK = 3, _("Katholik")
    HINDU = 4, _("Hindu")
    BUDHA = 5, _("Budha")
    KHONGHUCU = 6, _("Khonghucu")
    KEPERCAYAAN = 7, _("Kepercayaan Terhadap Tuhan YME / Lainnya")


class EducationKK(models.IntegerChoices):
    NONE = 1, _("Tidak / Belum Sekolah")
    SD_NOT_DONE = 2, _("Belum Tamat SD/Sederajat")
    SD = 3, _("Tamat SD / Sederajat")
    SLTP = 4, _("SLTP/Sederajat")
    SLTA = 5, _("SLTA / Sederajat")
    D1_D2 = 6, _("Diploma I / II")
    D3 = 7, _("Akademi/ Diploma III/S. Muda")
    S1 = 8, _("Diploma IV/ Strata I")
    S2 = 9, _("Strata II")
    S3 = 10, _("Strata III")


class EducationCurrent(models.IntegerChoices):
    PRE_TK = 1, _("Belum Masuk TK/Kelompok Bermain")
    TK = 2, _("Sedang TK/Kelompok Bermain")
    NEVER = 3, _("Tidak Pernah Sekolah")
    SD = 4, _("Sedang SD/Sederajat")
    SD_DROPPED = 5, _("Tidak Tamat SD/Sederajat")
    SLTP = 6, _("Sedang SLTP/Sederajat")
    SLTA = 7, _("Sedang SLTA/Sederajat")
    D1 = 8, _("Sedang D-1/Sederajat")
    D2 = 9, _("Sedang D-2/Sederajat")
    D3 = 10, _("Sedang D-3/Sederajat")
    S1 = 11, _("Sedang S-1/Sederajat")
    S2 = 12, _("Sedang S-2/Sederajat")
    S3 = 13, _("Sedang S-3/Sederajat")
    SLB_A = 14, _("Sedang SLB A/Sederajat")
    SLB_B = 15, _("Sedang SLB B/Sederajat")
    SLB_C = 16, _("Sedang SLB C/Sederajat")
    ILLITERATE = 17, _("Tidak Dapat Membaca dan Menulis Huruf Latin/Arab")
    NOT_IN_SCHOOL = 18, _("Tidak Sedang Sekolah")


# Pekerjaan: 89 codes in Dukcapil order (code = position).
OCCUPATIONS: tuple[str, ...] = (
    "BELUM/TIDAK BEKERJA",
    "MENGURUS RUMAH TANGGA",
    "PELAJAR/MAHASISWA",
    "PENSIUNAN",
    "PEGAWAI NEGERI SIPIL (PNS)",
    "TENTARA NASIONAL INDONESIA (TNI)",
    "KEPOLISIAN RI (POLRI)",
    "PERDAGANGAN",
    "PETANI/PEKEBUN",
    "PETERNAK",
    "NELAYAN/PERIKANAN",
    "INDUSTRI",
    "KONSTRUKSI",
    "TRANSPORTASI",
    "KARYAWAN SWASTA",
    "KARYAWAN BUMN",
    "KARYAWAN BUMD",
    "KARYAWAN HONORER",
    "BURUH HARIAN LEPAS",
    "BURUH TANI/PERKEBUNAN",
    "BURUH NELAYAN/PERIKANAN",
    "BURUH PETERNAKAN",
    "PEMBANTU RUMAH TANGGA",
    "TUKANG CUKUR",
    "TUKANG LISTRIK",
    "TUKANG BATU",
    "TUKANG KAYU",
    "TUKANG SOL SEPATU",
    "TUKANG LAS/PANDAI BESI",
    "TUKANG JAHIT",
    "TUKANG GIGI",
    "PENATA RIAS",
    "PENATA BUSANA",
    "PENATA RAMBUT",
    "MEKANIK",
    "SENIMAN",
    "TABIB",
    "PARAJI",
    "PERANCANG BUSANA",
    "PENTERJEMAH",
    "IMAM MASJID",
    "PENDETA",
    "PASTOR",
    "WARTAWAN",
    "USTADZ/MUBALIGH",
    "JURU MASAK",
    "PROMOTOR ACARA",
    "ANGGOTA DPR-RI",
    "ANGGOTA DPD",
    "ANGGOTA BPK",
    "PRESIDEN",
    "WAKIL PRESIDEN",
    "ANGGOTA MAHKAMAH KONSTITUSI",
    "ANGGOTA KABINET KEMENTERIAN",
    "DUTA BESAR",
    "GUBERNUR",
    "WAKIL GUBERNUR",
    "BUPATI",
    "WAKIL BUPATI",
    "WALIKOTA",
    "WAKIL WALIKOTA",
    "ANGGOTA DPRD PROVINSI",
    "ANGGOTA DPRD KABUPATEN/KOTA",
    "DOSEN",
    "GURU",
    "PILOT",
    "PENGACARA",
    "NOTARIS",
    "ARSITEK",
    "AKUNTAN",
    "KONSULTAN",
    "DOKTER",
    "BIDAN",
    "PERAWAT",
    "APOTEKER",
    "PSIKIATER/PSIKOLOG",
    "PENYIAR TELEVISI",
    "PENYIAR RADIO",
    "PELAUT",
    "PENELITI",
    "SOPIR",
    "PIALANG",
    "PARANORMAL",
    "PEDAGANG",
    "PERANGKAT DESA",
    "KEPALA DESA",
    "BIARAWATI",
    "WIRASWASTA",
    "LAINNYA",
)
OCCUPATION_CHOICES: list[tuple[int, str]] = [
    (code, label.title()) for code, label in enumerate(OCCUPATIONS, start=1)
]


class MaritalStatus(models.IntegerChoices):
    SINGLE = 1, _("Belum Kawin")
    MARRIED = 2, _("Kawin")
    DIVORCED = 3, _("Cerai Hidup")
    WIDOWED = 4, _("Cerai Mati")


MARRIED_RECORDED = _("Kawin Tercatat")
MARRIED_UNRECORDED = _("Kawin Belum Tercatat")
DIVORCED_RECORDED = _("Cerai Hidup Tercatat")
DIVORCED_UNRECORDED = _("Cerai Hidup Belum Tercatat")


def marital_label(person: Any) -> str:
    """Return *person*'s marital status as Dukcapil prints it.

    OpenSID keeps the four codes and tells a recorded marriage (or divorce)
    from an unrecorded one by its certificate number; so does Balai, which
    keeps import and export on the four codes.
    """
    status = person.marital_status
    if status is None:
        return ""
    if status == MaritalStatus.MARRIED:
        recorded = bool((person.marriage_cert_no or "").strip())
        return str(MARRIED_RECORDED if recorded else MARRIED_UNRECORDED)
    if status == MaritalStatus.DIVORCED:
        recorded = bool((person.divorce_cert_no or "").strip())
        return str(DIVORCED_RECORDED if recorded else DIVORCED_UNRECORDED)
    return str(MaritalStatus(status).label)


class FamilyRelation(models.IntegerChoices):
    """Status hubungan dalam keluarga (SHDK)."""

    HEAD = 1, _("Kepala Keluarga")
    HUSBAND = 2, _("Suami")
    WIFE = 3, _("Istri")
    CHILD = 4, _("Anak")
    CHILD_IN_LAW = 5, _("Menantu")
    GRANDCHILD = 6, _("Cucu")
    PARENT = 7, _("Orangtua")
    PARENT_IN_LAW = 8, _("Mertua")
    OTHER_FAMILY = 9, _("Famili Lain")
    HELPER = 10, _("Pembantu")
    OTHER = 11, _("Lainnya")


class Citizenship(models.IntegerChoices):
    WNI = 1, _("WNI")
    WNA = 2, _("WNA")
    DUAL = 3, _("Dua Kewarganegaraan")


class BloodType(models.IntegerChoices):
    TYPE_A = 1, "A"
    TYPE_B = 2, "B"
    TYPE_AB = 3, "AB"
    TYPE_O = 4, "O"
    A_POS = 5, "A+"
    A_NEG = 6, "A-"
    B_POS = 7, "B+"
    B_NEG = 8, "B-"
    AB_POS = 9, "AB+"
    AB_NEG = 10, "AB-"
    O_POS = 11, "O+"
    O_NEG = 12, "O-"
    UNKNOWN = 13, _("Tidak Tahu")


class Disability(models.IntegerChoices):
    PHYSICAL = 1, _("Cacat Fisik")
    BLIND = 2, _("Cacat Netra/Buta")
    DEAF = 3, _("Cacat Rungu/Wicara")
    MENTAL = 4, _("Cacat Mental/Jiwa")
    PHYSICAL_MENTAL = 5, _("Cacat Fisik dan Mental")
    OTHER = 6, _("Cacat Lainnya")
    NONE = 7, _("Tidak Cacat")


class ChronicIllness(models.IntegerChoices):
    HEART = 1, _("Jantung")
    LIVER = 2, _("Lever")
    LUNG = 3, _("Paru-paru")
    CANCER = 4, _("Kanker")
    STROKE = 5, _("Stroke")
    DIABETES = 6, _("Diabetes Melitus")
    KIDNEY = 7, _("Ginjal")
    MALARIA = 8, _("Malaria")
    LEPROSY = 9, _("Lepra/Kusta")
    HIV = 10, _("HIV/AIDS")
    MENTAL = 11, _("Gila/Stress")
    TB = 12, _("TBC")
    ASTHMA = 13, _("Asthma")
    NONE = 14, _("Tidak Ada/Tidak Sakit")


class Contraception(models.IntegerChoices):
    PILL = 1, _("Pil")
    IUD = 2, _("IUD")
    INJECTION = 3, _("Suntik")
    CONDOM = 4, _("Kondom")
    IMPLANT = 5, _("Susuk KB")
    FEMALE_STERILISATION = 6, _("Sterilisasi Wanita")
    MALE_STERILISATION = 7, _("Sterilisasi Pria")
    OTHER_8 = 8, _("Lainnya (8)")
    OTHER = 99, _("Lainnya")


class Pregnancy(models.IntegerChoices):
    PREGNANT = 1, _("Hamil")
    NOT_PREGNANT = 2, _("Tidak Hamil")


class EKtp(models.IntegerChoices):
    NO = 1, _("Belum")
    YES = 2, _("KTP-EL")


class EKtpRecord(models.IntegerChoices):
    NOT_REQUIRED = 1, _("Belum Wajib")
    NOT_RECORDED = 2, _("Belum Rekam")
    RECORDED = 3, _("Sudah Rekam")
    CARD_PRINTED = 4, _("Card Printed")
    PRINT_READY = 5, _("Print Ready Record")
    CARD_SHIPPED = 6, _("Card Shipped")
    SENT_FOR_PRINTING = 7, _("Sent For Card Printing")
    CARD_ISSUED = 8, _("Card Issued")


class BasicStatus(models.IntegerChoices):
    """Status dasar: whether the person still counts as a resident."""

    ALIVE = 1, _("Hidup")
    DEAD = 2, _("Mati")
    MOVED = 3, _("Pindah")
    MISSING = 4, _("Hilang")
    GONE = 6, _("Pergi")
    INVALID = 9, _("Tidak Valid")


class Insurance(models.IntegerChoices):
    NONE = 1, _("Tidak/Belum Punya")
    BPJS_PBI = 2, _("BPJS Penerima Bantuan Iuran")
    BPJS_NON_PBI = 3, _("BPJS Non Penerima Bantuan Iuran")
    BPJS_DAERAH = 4, _("BPJS Bantuan Daerah")
    OTHER = 99, _("Asuransi Lainnya")


class HouseholdRelation(models.IntegerChoices):
    HEAD = 1, _("Kepala Rumah Tangga")
    MEMBER = 2, _("Anggota")


# Other spellings accepted on import (matched case-insensitively, spaces removed).
ALIASES: dict[type[models.IntegerChoices], dict[str, int]] = {
    Sex: {"L": 1, "LK": 1, "P": 2, "PR": 2},
    MaritalStatus: {
        "BK": 1,
        "K": 2,
        "CH": 3,
        "CM": 4,
        "KAWINTERCATAT": 2,
        "KAWINBELUMTERCATAT": 2,
        "CERAIHIDUPTERCATAT": 3,
        "CERAIHIDUPBELUMTERCATAT": 3,
    },
    EducationKK: {
        "TIDAK/BLMSEKOLAH": 1,
        "TIDAKTAMATSD/SEDERAJAT": 2,
        "AKADEMI/DIPLOMAIII/SARJANAMUDA": 7,
        "STRATA-II": 9,
    },
    BloodType: {"TDKTH": 13},
    EKtp: {"BELUM": 1, "KTP-EL": 2},
    BasicStatus: {"PINDAHDALAMNEGERI": 3, "PINDAHLUARNEGERI": 3},
}
