"""Placeholders a template may use: the picker's list and their values for one letter."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.letters import markup
from balai.letters.catalogue import FormField, LetterType
from balai.regions.models import Area
from balai.registry.codes import Sex, marital_label
from balai.registry.models import Resident

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip

PERSON_TOKENS = {
    "nama": gettext_lazy("nama"),
    "nik": gettext_lazy("NIK"),
    "ttl": gettext_lazy("tempat, tanggal lahir"),
    "umur": gettext_lazy("umur (tahun)"),
    "jenis_kelamin": gettext_lazy("jenis kelamin"),
    "pekerjaan": gettext_lazy("pekerjaan"),
    "alamat": gettext_lazy("alamat"),
}

GROUPS: dict[str, dict[str, Any]] = {
    "penduduk": {
        "nama": gettext_lazy("Nama penduduk yang bersangkutan"),
        "nik": gettext_lazy("NIK"),
        "no_kk": gettext_lazy("Nomor KK"),
        "tempat_lahir": gettext_lazy("Tempat lahir"),
        "tanggal_lahir": gettext_lazy("Tanggal lahir"),
        "ttl": gettext_lazy("Tempat, tanggal lahir"),
        "umur": gettext_lazy("Umur (tahun)"),
        "jenis_kelamin": gettext_lazy("Jenis kelamin"),
        "agama": gettext_lazy("Agama"),
        "pekerjaan": gettext_lazy("Pekerjaan"),
        "status_perkawinan": gettext_lazy("Status perkawinan"),
        "janda_duda": gettext_lazy("Janda atau duda (menurut jenis kelamin)"),
        "kewarganegaraan": gettext_lazy("Kewarganegaraan"),
        "hubungan_keluarga": gettext_lazy("Hubungan dalam keluarga"),
        "alamat": gettext_lazy("Alamat (dengan RT/RW/dusun)"),
        "nama_ayah": gettext_lazy("Nama ayah"),
        "nama_ibu": gettext_lazy("Nama ibu"),
        "kepala_keluarga": gettext_lazy("Nama kepala keluarga"),
        "data_diri": gettext_lazy("Blok data diri lengkap (satu baris tersendiri)"),
    },
    "desa": {
        "nama_desa": gettext_lazy("Nama desa"),
        "sebutan_desa": gettext_lazy("Desa/Kelurahan"),
        "kode_desa": gettext_lazy("Kode desa (Kemendagri)"),
        "nama_kecamatan": gettext_lazy("Nama kecamatan"),
        "nama_kabupaten": gettext_lazy("Nama kabupaten/kota"),
        "nama_provinsi": gettext_lazy("Nama provinsi"),
        "alamat_desa": gettext_lazy("Alamat kantor desa"),
    },
    "penanda_tangan": {
        "jabatan_ttd": gettext_lazy("Jabatan penanda tangan"),
        "nama_ttd": gettext_lazy("Nama penanda tangan"),
        "nama_camat": gettext_lazy("Nama camat"),
    },
    "surat": {
        "nomor_surat": gettext_lazy("Nomor surat"),
        "jenis_surat": gettext_lazy("Nama jenis surat"),
        "tanggal_surat": gettext_lazy("Tanggal surat"),
        "berlaku_sampai": gettext_lazy("Tanggal akhir masa berlaku"),
        "keperluan": gettext_lazy("Keperluan"),
        "kode_verifikasi": gettext_lazy("Kode verifikasi"),
    },
}
BASE_TOKENS = frozenset(t for group in GROUPS.values() for t in group)
VERBATIM = frozenset({"nik", "no_kk", "kode_desa", "nomor_surat", "kode_verifikasi"})
BLOCK_TOKENS = frozenset({"data_diri"})


def type_tokens(letter: LetterType) -> dict[str, str]:
    """Return the tokens *letter*'s own form fields add, with their descriptions."""
    found: dict[str, str] = {}
    for f in letter.fields:
        if f.kind == "resident":
            for suffix, label in PERSON_TOKENS.items():
                found[f"{f.name}_{suffix}"] = f"{f.label}: {label}"
        elif f.kind in ("residents", "heirs"):
            found[f"daftar_{f.name}"] = _("%(label)s: daftar bernomor") % {"label": f.label}
            found[f"jumlah_{f.name}"] = _("%(label)s: jumlah orang") % {"label": f.label}
        else:
            found[f"form_{f.name}"] = str(f.label)
    return found


def known_tokens(letter: LetterType) -> frozenset[str]:
    """Return every token (lower case) a template of *letter* may use."""
    return BASE_TOKENS | frozenset(type_tokens(letter))


def unknown_tokens(body: str, letter: LetterType) -> list[str]:
    """Return the tokens in *body* that *letter* does not know, as written, once each."""
    known = known_tokens(letter)
    seen: list[str] = []
    for token in markup.tokens(body):
        if token.lower() not in known and token not in seen:
            seen.append(token)
    return seen


def picker(letter: LetterType) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the placeholder picker's groups: (group label, [(token, description)])."""
    labels = {
        "penduduk": _("Penduduk"),
        "desa": _("Desa"),
        "penanda_tangan": _("Penanda tangan"),
        "surat": _("Surat"),
    }
    groups = [(labels[g], [(t, str(d)) for t, d in items.items()]) for g, items in GROUPS.items()]
    own = type_tokens(letter)
    if own:
        groups.append((_("Isian jenis surat ini"), list(own.items())))
    return groups


def indonesian_date(day: date | None) -> str:
    """Return *day* as "17 Agustus 1945" ("" for None)."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass
class Values:
    """The values of one letter's placeholders: text, and raw Typst for block tokens."""

    text: dict[str, str] = field(default_factory=dict)
    blocks: dict[str, str] = field(default_factory=dict)

    def resolve(self, token: str) -> str:
        key = token.lower()
        if key in self.blocks:
            return self.blocks[key]
        value = self.text.get(key, "")
        if key not in VERBATIM and not key.endswith("_nik"):
            value = markup.apply_case(token, value)
        return markup.text(value)


def address_of(resident: Resident, names: dict[str, str], village: Area) -> str:
    """Return the resident's address with its RT/RW/dusun names."""
    parts = [resident.current_address or (resident.family.address if resident.family else "")]
    code = resident.area_id
    local = []
    while code != village.code and code.startswith(village.code + "."):
        local.append(names.get(code, ""))
        code = code.rsplit(".", 1)[0]
    parts.extend(reversed([n for n in local if n]))
    return ", ".join(p for p in parts if p)


def person_values(resident: Resident, *, today: date, address: str) -> dict[str, str]:
    """Return the person tokens of *resident* (without prefix)."""
    age = resident.age_on(today)
    birth = indonesian_date(resident.birth_date)
    return {
        "nama": resident.name,
        "nik": resident.nik,
        "tempat_lahir": resident.birth_place,
        "tanggal_lahir": birth,
        "ttl": ", ".join(p for p in (resident.birth_place, birth) if p),
        "umur": "" if age is None else str(age),
        "jenis_kelamin": str(resident.get_sex_display()),
        "agama": str(resident.get_religion_display() or ""),
        "pekerjaan": str(resident.get_occupation_display() or ""),
        "status_perkawinan": marital_label(resident),
        "janda_duda": _("janda") if resident.sex == Sex.FEMALE else _("duda"),
        "kewarganegaraan": str(resident.get_citizenship_display()),
        "hubungan_keluarga": str(resident.get_family_relation_display() or ""),
        "alamat": address,
        "nama_ayah": resident.father_name,
        "nama_ibu": resident.mother_name,
        "no_kk": resident.family.no_kk if resident.family else "",
    }


def outsider_values(outsider: dict[str, str]) -> dict[str, str]:
    """Return the person tokens of someone outside the register (what was typed in)."""
    values = dict.fromkeys(
        (
            "tempat_lahir",
            "tanggal_lahir",
            "ttl",
            "umur",
            "jenis_kelamin",
            "agama",
            "pekerjaan",
            "status_perkawinan",
            "janda_duda",
            "kewarganegaraan",
            "hubungan_keluarga",
            "nama_ayah",
            "nama_ibu",
            "no_kk",
        ),
        "",
    )
    values.update(
        nama=outsider.get("nama", ""),
        nik=outsider.get("nik", ""),
        alamat=outsider.get("alamat", ""),
    )
    return values


def outsider_block(values: dict[str, str], *, origin: str) -> str:
    """Return the Typst grid identifying a non-permanent resident (not in the register)."""
    rows = [
        (_("Nama"), values["nama"].upper()),
        (_("NIK"), values["nik"]),
        (_("Alamat asal"), origin or "-"),
        (_("Alamat di desa ini"), values["alamat"]),
        (_("Status"), _("Penduduk nonpermanen (tidak tercatat dalam data penduduk desa)")),
    ]
    cells = [f"[{markup.text(label)}], [:], [{markup.text(value)}]" for label, value in rows]
    return markup.rows(cells)


def identity_block(values: dict[str, str]) -> str:
    """Return the Typst grid of the standard identity rows."""
    rows = [
        (_("Nama"), values["nama"].upper()),
        (_("NIK"), values["nik"]),
        (_("Tempat, tanggal lahir"), values["ttl"]),
        (_("Jenis kelamin"), values["jenis_kelamin"]),
        (_("Agama"), values["agama"]),
        (_("Status perkawinan"), values["status_perkawinan"]),
        (_("Pekerjaan"), values["pekerjaan"]),
        (_("Kewarganegaraan"), values["kewarganegaraan"]),
        (_("Alamat"), values["alamat"]),
    ]
    cells = [f"[{markup.text(label)}], [:], [{markup.text(value)}]" for label, value in rows]
    return markup.rows(cells)


def people_block(people: list[dict[str, str]]) -> str:
    """Return a numbered Typst list of people (name, NIK, birth)."""
    items = [
        "[" + markup.text(f"{p['nama'].upper()}, NIK {p['nik']}, {p['ttl']}") + "]" for p in people
    ]
    return f"#enum({', '.join(items)})" if items else markup.text("-")


def heirs_block(heirs: list[dict[str, str]]) -> str:
    """Return a numbered Typst list of heirs (name, NIK, relationship to the deceased)."""
    items = [
        "["
        + markup.text(
            _("%(nama)s, NIK %(nik)s, %(hubungan)s almarhum/almarhumah")
            % {"nama": h["nama"].upper(), "nik": h["nik"], "hubungan": h["hubungan"]}
        )
        + "]"
        for h in heirs
    ]
    return f"#enum({', '.join(items)})" if items else markup.text("-")


def field_text(f: FormField, value: Any) -> str:
    """Return a scalar form value as letter text."""
    if value in (None, ""):
        return "-"
    if f.kind == "date":
        return indonesian_date(date.fromisoformat(str(value)))
    if f.kind == "number":
        return f"{int(value):,}".replace(",", ".")
    return str(value)
