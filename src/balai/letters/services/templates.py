"""Letter templates: validate a body (placeholders, markup, a trial render) and save it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.letters import markup, placeholders
from balai.letters.catalogue import LetterType
from balai.letters.markup import MarkupError
from balai.letters.models import LetterTemplate
from balai.letters.services import compose, pdf
from balai.letters.services.numbering import format_number, validate_format
from balai.regions.models import Area
from balai.registry import codes
from balai.registry.models import Family, Resident


def sample_values(village: Area, letter: LetterType, day: date) -> placeholders.Values:
    """Return made-up values for every placeholder (preview and trial render)."""
    person = Resident(
        nik="7322030000000001",
        name="Nama Contoh",
        sex=codes.Sex.MALE,
        birth_place="Masamba",
        birth_date=date(1990, 5, 17),
        religion=codes.Religion.ISLAM,
        marital_status=codes.MaritalStatus.MARRIED,
        family_relation=codes.FamilyRelation.HEAD,
        area=village,
        family=Family(no_kk="7322030000000002", address="Jl. Contoh No. 1"),
    )
    mine = placeholders.person_values(person, today=day, address="Jl. Contoh No. 1, RT 001")
    values = placeholders.Values()
    values.text.update(mine)
    for token in placeholders.known_tokens(letter):
        values.text.setdefault(token, f"[{token}]")
    values.text.update(
        {
            "nama_desa": village.name,
            "tanggal_surat": placeholders.indonesian_date(day),
            "keperluan": "contoh keperluan",
        }
    )
    values.blocks["data_diri"] = placeholders.identity_block(mine)
    for f in letter.fields:
        if f.kind == "residents":
            values.blocks[f"daftar_{f.name}"] = placeholders.people_block([mine, mine])
    return values


def template_check(
    *, village: Area, letter: LetterType, body: str, draft: bool = True
) -> pdf.LetterDoc:
    """Validate *body* for *letter* and return a sample LetterDoc; raise MarkupError in Indonesian."""
    if not body.strip():
        raise MarkupError(_("Isi templat tidak boleh kosong."))
    unknown = placeholders.unknown_tokens(body, letter)
    if unknown:
        raise MarkupError(
            _("Templat memakai kode isian yang tidak dikenal: %(tokens)s.")
            % {"tokens": ", ".join(f"[{t}]" for t in unknown)},
            field_errors={"body": [_("Kode isian tidak dikenal: %(t)s") % {"t": unknown[0]}]},
        )
    settings = compose.settings_for(village)
    day = timezone.localdate()
    number = format_number(
        settings.number_format,
        sequence=0,
        classification=letter.classification,
        village=village,
        day=day,
    )
    return compose.compose(
        village=village,
        settings=settings,
        letter=letter,
        body=body,
        values=sample_values(village, letter, day),
        number=number,
        day=day,
        verify_url="https://contoh/verifikasi" if draft else "",
        draft=draft,
    )


def template_preview_png(*, village: Area, letter: LetterType, body: str) -> bytes:
    """Return a PNG preview of *body* filled with sample values."""
    return pdf.render_letter_png(template_check(village=village, letter=letter, body=body))


def template_save(
    *,
    actor: Any,
    village: Area,
    letter: LetterType,
    body: str,
    classification: str = "",
    number_format: str = "",
    online: bool = True,
    is_active: bool = True,
) -> LetterTemplate:
    """Save the village's template of *letter* after a successful trial render."""
    body = body.replace("\r\n", "\n").strip()
    doc = template_check(village=village, letter=letter, body=body)
    pdf.render_letter(doc)  # a Typst error stops the save, with its message in Indonesian
    if number_format.strip():
        number_format = validate_format(number_format)
    classification = classification.strip()
    if classification and not all(p.isdigit() for p in classification.split(".")):
        raise MarkupError(_("Kode klasifikasi berupa angka bertitik, mis. 470 atau 400.12.2.1."))
    with transaction.atomic():
        template, _created = LetterTemplate.objects.select_for_update().get_or_create(
            area=village, letter_type=letter.code, defaults={"body": body}
        )
        template.body = body
        template.classification = classification
        template.number_format = number_format.strip()
        template.online = online
        template.is_active = is_active
        template.full_clean()
        template.save()
        audit.record(
            actor=actor, action="letters.template_saved", obj=template, data={"type": letter.code}
        )
    return template


__all__ = ["MarkupError", "markup", "template_check", "template_preview_png", "template_save"]
