"""Put a letter together: template body + registry data + form values → LetterDoc."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _

from balai.core.areacodes import kabupaten_code, kecamatan_code, province_code
from balai.letters import markup, placeholders
from balai.letters.catalogue import LetterType
from balai.letters.models import OUTSIDER, LetterTemplate, VillageLetterSettings
from balai.letters.services.pdf import LetterDoc, Letterhead
from balai.regions.models import Area
from balai.registry.models import Resident


def settings_for(village: Area) -> VillageLetterSettings:
    """Return the village's letter settings (unsaved defaults if it has none yet)."""
    found = VillageLetterSettings.objects.filter(area=village).first()
    return found or VillageLetterSettings(area=village)


def template_for(village: Area, letter: LetterType) -> LetterTemplate:
    """Return the village's template of *letter* (unsaved shipped default if none)."""
    found = LetterTemplate.objects.filter(area=village, letter_type=letter.code).first()
    return found or LetterTemplate(
        area=village,
        letter_type=letter.code,
        body=letter.body,
        classification="",
        is_active=letter.default_active,
    )


def classification_of(template: LetterTemplate, letter: LetterType) -> str:
    return template.classification or letter.classification


def _area_names(village: Area, residents: list[Resident]) -> dict[str, str]:
    codes = set()
    for r in residents:
        code = r.area_id
        while code != village.code and code.startswith(village.code + "."):
            codes.add(code)
            code = code.rsplit(".", 1)[0]
    ancestors = village.ancestor_codes
    rows = Area.objects.filter(code__in=[*codes, *ancestors]).values_list("code", "name", "kind")
    names = {}
    for code, name, kind in rows:
        names[code] = name if code in ancestors else str(Area(name=name, kind=kind))
    return names


def letterhead(village: Area, settings: VillageLetterSettings) -> Letterhead:
    names = {a.code: a for a in Area.objects.filter(code__in=village.ancestor_codes)}
    kab = names.get(kabupaten_code(village.code))
    kec = names.get(kecamatan_code(village.code))
    logo = bytes(settings.logo) if settings.logo else None
    return Letterhead(
        kabupaten=_("Pemerintah %(kab)s") % {"kab": kab} if kab else "",
        kecamatan=_("Kecamatan %(kec)s") % {"kec": kec.name} if kec else "",
        village=str(village),
        address=", ".join(p for p in (settings.address, settings.contact) if p),
        logo_png=logo,
    )


def values_for(
    *,
    village: Area,
    settings: VillageLetterSettings,
    letter: LetterType,
    subject: Resident | None,
    people: dict[str, Any],
    data: dict[str, Any],
    purpose: str,
    number: str,
    day: date,
    verify_code: str = "",
) -> placeholders.Values:
    """Return the placeholder values of one letter.

    *people* maps each person field to a Resident (or a list for "residents").
    Without *subject*, the letter is about the person outside the register in
    ``data[OUTSIDER]``.
    """
    all_people: list[Resident] = [subject] if subject is not None else []
    for value in people.values():
        all_people.extend(value if isinstance(value, list) else [value])
    names = _area_names(village, all_people)
    kab = names.get(kabupaten_code(village.code), "")
    kec = names.get(kecamatan_code(village.code), "")
    prov = names.get(province_code(village.code), "")

    def person(r: Resident) -> dict[str, str]:
        return placeholders.person_values(
            r, today=day, address=placeholders.address_of(r, names, village)
        )

    if subject is not None:
        me = person(subject)
        head = subject.family.members.filter(family_relation=1).first() if subject.family else None
    else:
        me = placeholders.outsider_values(data.get(OUTSIDER) or {})
        head = None
    vals = placeholders.Values()
    vals.text.update(me)
    validity = (
        placeholders.indonesian_date(day + timedelta(days=letter.validity_days))
        if letter.validity_days
        else "-"
    )
    vals.text.update(
        {
            "kepala_keluarga": head.name if head else "",
            "nama_desa": village.name,
            "sebutan_desa": str(village.get_kind_display()),
            "kode_desa": village.code,
            "nama_kecamatan": kec.removeprefix("Kecamatan "),
            "nama_kabupaten": kab,
            "nama_provinsi": prov,
            "alamat_desa": settings.address,
            "jabatan_ttd": settings.head_title,
            "nama_ttd": settings.head_name,
            "nama_camat": settings.camat_name,
            "nomor_surat": number,
            "jenis_surat": str(letter.name),
            "tanggal_surat": placeholders.indonesian_date(day),
            "berlaku_sampai": validity,
            "keperluan": purpose,
            "kode_verifikasi": verify_code,
        }
    )
    vals.blocks["data_diri"] = (
        placeholders.identity_block(me)
        if subject is not None
        else placeholders.outsider_block(me, origin=str(data.get("alamat_asal") or ""))
    )
    for f in letter.fields:
        if f.kind == "resident":
            other = person(people[f.name]) if f.name in people else {}
            for key in placeholders.PERSON_TOKENS:
                vals.text[f"{f.name}_{key}"] = other.get(key, "-")
        elif f.kind == "residents":
            listed = people.get(f.name, [])
            vals.blocks[f"daftar_{f.name}"] = placeholders.people_block([person(r) for r in listed])
            vals.text[f"jumlah_{f.name}"] = str(len(listed))
        elif f.kind == "heirs":
            heirs = [h for h in data.get(f.name) or [] if isinstance(h, dict)]
            vals.blocks[f"daftar_{f.name}"] = placeholders.heirs_block(heirs)
            vals.text[f"jumlah_{f.name}"] = str(len(heirs))
        else:
            vals.text[f"form_{f.name}"] = placeholders.field_text(f, data.get(f.name))
    return vals


def compose(
    *,
    village: Area,
    settings: VillageLetterSettings,
    letter: LetterType,
    body: str,
    values: placeholders.Values,
    number: str,
    day: date,
    verify_url: str = "",
    verify_code: str = "",
    draft: bool = False,
) -> LetterDoc:
    """Return the LetterDoc for *body* filled with *values*."""
    typst_body = markup.to_typst(markup.parse(body), values.resolve)
    countersign = ""
    if letter.countersign:
        kec = kecamatan_code(village.code)
        kec_area = Area.objects.filter(code=kec).first()
        countersign = _("Camat %(kec)s") % {"kec": kec_area.name if kec_area else ""}
    return LetterDoc(
        head=letterhead(village, settings),
        paper=settings.paper,
        title=letter.title,
        number=number,
        body=typst_body,
        place_date=f"{village.name}, {placeholders.indonesian_date(day)}",
        signer_title=f"{settings.head_title} {village.name}",
        signer_name=settings.head_name or "..........",
        verify_url=verify_url,
        verify_code=verify_code,
        countersign_title=countersign,
        draft=draft,
    )


def doc_to_json(doc: LetterDoc) -> dict[str, Any]:
    data = asdict(doc)
    data["head"].pop("logo_png", None)
    return data


def doc_from_json(data: dict[str, Any], settings: VillageLetterSettings) -> LetterDoc:
    head = Letterhead(**data["head"], logo_png=bytes(settings.logo) if settings.logo else None)
    return LetterDoc(**{**data, "head": head})
