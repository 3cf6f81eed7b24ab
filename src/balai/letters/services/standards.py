"""Service standards (SPM Desa): the kabupaten catalogue, village adoption, poster, maklumat."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.areacodes import kabupaten_code
from balai.core.errors import DomainError
from balai.indicators.services import mark_changed
from balai.letters import catalogue
from balai.letters.markup import text
from balai.letters.models import ServiceStandard, TimeUnit, VillageLetterSettings
from balai.letters.services import compose, pdf
from balai.letters.services.numbering import validate_format
from balai.letters.services.uploads import logo_clean
from balai.regions.models import Area, Level

LEGAL_BASIS = (
    "Permendagri No. 2 Tahun 2017 tentang Standar Pelayanan Minimal Desa; "
    "Perpres No. 96 Tahun 2018 dan Permendagri No. 108 Tahun 2019 (persyaratan tanpa "
    "surat pengantar RT/RW dan tanpa fotokopi dokumen yang datanya ada di desa); "
    "Peraturan Bupati tentang SPM Desa"
)
DEFAULT_PROCEDURE = (
    "Pemohon menyerahkan persyaratan di loket atau mengajukan secara daring",
    "Petugas memeriksa persyaratan dan data penduduk",
    "Kepala desa menandatangani surat",
    "Surat diserahkan atau diunduh pemohon",
)
STANDARD_FIELDS = (
    "name", "letter_type", "legal_basis", "requirements", "procedure", "responsible_official",
    "officer", "time_value", "time_unit", "cost", "cost_note", "opening_hours", "decision_ref",
    "is_published",
)  # fmt: skip


def catalogue_seed(*, actor: Any, kabupaten: Area) -> int:
    """Give *kabupaten* a default catalogue (one standard per shipped letter); return new rows."""
    if kabupaten.level != Level.KABUPATEN_KOTA:
        raise DomainError(_("Katalog standar pelayanan dibuat oleh kabupaten/kota."))
    existing = set(ServiceStandard.objects.filter(area=kabupaten).values_list("code", flat=True))
    rows = [
        ServiceStandard(
            area=kabupaten,
            code=letter.code.replace("_", "-"),
            name=str(letter.name),
            letter_type=letter.code,
            legal_basis=LEGAL_BASIS,
            requirements=list(letter.requirements),
            procedure=list(DEFAULT_PROCEDURE),
            responsible_official=_("Kepala Desa"),
            officer=_("Kasi Pelayanan"),
            time_value=letter.service_days,
            time_unit=TimeUnit.DAYS,
            cost=0,
            cost_note=_("Gratis"),
            opening_hours=_("Senin-Jumat 08.00-16.00"),
        )
        for letter in catalogue.TYPES
        if letter.code.replace("_", "-") not in existing
    ]
    with transaction.atomic():
        ServiceStandard.objects.bulk_create(rows)
        mark_changed("letters.standard", kabupaten.code)
        if rows:
            audit.record(
                actor=actor,
                action="services.catalogue_seeded",
                obj=kabupaten,
                data={"count": len(rows)},
            )
    return len(rows)


def standard_adopt(*, actor: Any, village: Area, source: ServiceStandard) -> ServiceStandard:
    """Copy the kabupaten standard *source* to *village* (once; later edits stay the village's)."""
    if village.level != Level.DESA_KELURAHAN or not source.area.contains(village.code):
        raise DomainError(_("Standar ini bukan dari katalog kabupaten desa Anda."))
    with transaction.atomic():
        found = ServiceStandard.objects.filter(area=village, code=source.code).first()
        if found is not None:
            return found
        copy = ServiceStandard(
            area=village, source=source, code=source.code,
            **{f: getattr(source, f) for f in STANDARD_FIELDS},
        )  # fmt: skip
        copy.full_clean()
        copy.save()
        mark_changed("letters.standard", village.code)
        audit.record(actor=actor, action="services.adopted", obj=copy, data={"source": source.pk})
    return copy


def catalogue_adopt_all(*, actor: Any, village: Area) -> int:
    """Adopt every catalogue standard of *village*'s kabupaten it has not adopted; return count."""
    sources = ServiceStandard.objects.filter(area_id=kabupaten_code(village.code)).select_related(
        "area"
    )
    have = set(ServiceStandard.objects.filter(area=village).values_list("code", flat=True))
    count = 0
    for source in sources:
        if source.code not in have:
            standard_adopt(actor=actor, village=village, source=source)
            count += 1
    return count


def standard_update(
    *, actor: Any, standard: ServiceStandard, data: dict[str, Any]
) -> ServiceStandard:
    """Change a standard (a village's adjustment by decision of the kepala desa)."""
    with transaction.atomic():
        standard = ServiceStandard.objects.select_for_update().get(pk=standard.pk)
        before = {f: getattr(standard, f) for f in STANDARD_FIELDS}
        for name, value in data.items():
            if name in STANDARD_FIELDS:
                setattr(standard, name, value)
        if standard.area.level == Level.DESA_KELURAHAN and not standard.decision_ref.strip():
            raise DomainError(
                _("Perubahan standar pelayanan desa ditetapkan dengan keputusan kepala desa; "
                  "isi nomor keputusannya.")
            )  # fmt: skip
        standard.full_clean()
        standard.save()
        mark_changed("letters.standard", standard.area_id)
        changed = {f: str(before[f]) for f in STANDARD_FIELDS if before[f] != getattr(standard, f)}
        audit.record(actor=actor, action="services.updated", obj=standard, data={"before": changed})
    return standard


def settings_save(
    *, actor: Any, village: Area, data: dict[str, Any], logo: Any = None
) -> VillageLetterSettings:
    """Save the village's letter settings (number format validated, logo re-encoded)."""
    data = dict(data)
    data["number_format"] = validate_format(data.get("number_format", ""))
    logo_png = logo_clean(logo) if logo is not None else None
    with transaction.atomic():
        settings, _created = VillageLetterSettings.objects.select_for_update().get_or_create(
            area=village
        )
        for name, value in data.items():
            if hasattr(settings, name) and name not in ("id", "area", "logo"):
                setattr(settings, name, value)
        if logo_png is not None:
            settings.logo = logo_png
        settings.full_clean()
        settings.save()
        audit.record(
            actor=actor,
            action="letters.settings_saved",
            obj=settings,
            data={"number_format": settings.number_format, "logo": logo_png is not None},
        )
    return settings


def published_standards(village: Area) -> list[ServiceStandard]:
    """Return the village's published standards, by name."""
    return list(ServiceStandard.objects.filter(area=village, is_published=True).order_by("name"))


def _cost(s: ServiceStandard) -> str:
    return s.cost_note or (_("Gratis") if not s.cost else f"Rp{s.cost:,}".replace(",", "."))


def poster_pdf(village: Area) -> bytes:
    """Return the A3 poster of the village's published service standards."""
    settings = compose.settings_for(village)
    head = compose.letterhead(village, settings)
    rows = []
    for s in published_standards(village):
        reqs = ", ".join(f"[{text(r)}]" for r in s.requirements) or "[-]"
        steps = ", ".join(f"[{text(p)}]" for p in s.procedure) or "[-]"
        rows.append(
            f"[#strong[{text(s.name)}] #linebreak() #text(size: 8pt)[{text(s.legal_basis)}]], "
            f"[#list({reqs})], [#enum({steps})], "
            f"[{text(s.time_label)}], [{text(_cost(s))}], "
            f"[{text(s.responsible_official)} #linebreak() {text(_('Petugas: ') + s.officer)}]"
        )
    header = ", ".join(
        f"[#strong[{text(h)}]]"
        for h in (
            _("Layanan"), _("Persyaratan"), _("Prosedur"), _("Waktu"), _("Biaya"),
            _("Penanggung jawab"),
        )
    )  # fmt: skip
    table = (
        "#table(columns: (3.6cm, 1fr, 1fr, 2.2cm, 1.8cm, 3cm), inset: 5pt, "
        f"table.header({header}), {', '.join(rows) or '[-], [-], [-], [-], [-], [-]'})"
    )
    src = (
        pdf.page_setup("a3", margin="1.5cm")
        + "#set text(size: 10pt)\n"
        + pdf.letterhead(head)
        + f'#align(center)[#text(size: 20pt, weight: "bold")[{text(_("STANDAR PELAYANAN"))}]'
        + f" #linebreak() {text(_('Jam pelayanan: ') + settings.opening_hours)}]\n"
        + table
        + "\n"
    )
    return pdf.compile_typst(src)


def maklumat_pdf(village: Area) -> bytes:
    """Return the service announcement (maklumat pelayanan) signed by the kepala desa."""
    settings = compose.settings_for(village)
    statement = settings.maklumat or _(
        "Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan "
        "yang telah ditetapkan dan apabila tidak menepati janji ini, kami siap menerima sanksi "
        "sesuai peraturan perundang-undangan yang berlaku."
    )
    from balai.letters.placeholders import indonesian_date

    signed = indonesian_date(settings.maklumat_signed_on) if settings.maklumat_signed_on else ""
    src = (
        pdf.page_setup("a3", margin="3cm")
        + "#set text(size: 18pt)\n"
        + pdf.letterhead(compose.letterhead(village, settings))
        + f'#v(2cm)#align(center)[#text(size: 32pt, weight: "bold")[{text(_("MAKLUMAT PELAYANAN"))}]]\n'
        + f"#v(1.5cm)#align(center)[{text(statement)}]\n#v(3cm)\n"
        + f"#align(right)[#align(center)[{text(village.name + (', ' + signed if signed else ''))}"
        + f" #linebreak() {text(settings.head_title + ' ' + village.name)} #v(2.5cm) "
        + f"#strong[#underline[{text((settings.head_name or '..........').upper())}]]]]\n"
    )
    return pdf.compile_typst(src)
