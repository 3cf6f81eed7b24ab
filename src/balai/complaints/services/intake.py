"""Filing a complaint: from the public form, self-service, the counter or the API."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.complaints import clock, selectors
from balai.complaints.attachments import MAX_FILES, CleanFile, clean_upload
from balai.complaints.models import (
    Attachment,
    Category,
    Channel,
    Classification,
    Complaint,
    ComplaintEvent,
    EventKind,
    Status,
    UnitLevel,
)
from balai.complaints.services.notifications import notify_complainant, notify_unit
from balai.complaints.tracking import tracking_hash
from balai.complaints.units import unit_choices
from balai.core import audit
from balai.core.areacodes import village_code
from balai.core.errors import DomainError
from balai.indicators.services import local_days, mark_changed
from balai.regions.models import SUBVILLAGE_LEVELS, Area, Level

# No 0/O, 1/I/L: codes are read aloud and typed on phones.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 31**12 ≈ 2**59


@dataclass(frozen=True)
class Filed:
    complaint: Complaint
    tracking_code: str


def _random(n: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _i in range(n))


def new_tracking_code() -> str:
    """Return a fresh secret tracking code, grouped by four for reading."""
    raw = _random(CODE_LENGTH)
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def new_number(now: datetime) -> str:
    """Return an unused ticket number (random: it tells nothing about volume)."""
    while True:
        number = f"ADU-{now:%y}{_random(6)}"
        if not Complaint.objects.filter(number=number).exists():
            return number


def handler_for(area: Area, category: Category) -> tuple[str, str, str]:
    """Return (handler area code, level, office) for a complaint about *area*."""
    if category.unit_level == UnitLevel.KECAMATAN:
        return clock.kecamatan_code(area.code), UnitLevel.KECAMATAN, ""
    if category.unit_level == UnitLevel.KABUPATEN:
        return clock.kabupaten_code(area.code), UnitLevel.KABUPATEN, category.office
    return clock.village_code(area.code), UnitLevel.DESA, ""


def _required(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(
            _("%(field)s wajib diisi.") % {"field": label},
            field_errors={label: [_("Wajib diisi.")]},
        )
    return value


def complaint_file(
    *,
    actor: Any,
    area: Area,
    category: Category | None,
    title: str,
    description: str,
    channel: str,
    classification: str = Classification.PENGADUAN,
    location: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_email: str = "",
    is_anonymous: bool = False,
    is_confidential: bool = False,
    reporter_user: Any = None,
    resident: Any = None,
    files: Sequence[tuple[IO[bytes], str, int | None]] = (),
    now: datetime | None = None,
    categories: Sequence[Category] | None = None,
    unit_code: str = "",
) -> Filed:
    """File a complaint about *area*; return it and its tracking code (shown once).

    *files* are (stream, name, size) triples; they are checked and cleaned
    before anything is written, so a refused file loses nothing else.
    *categories*: ``selectors.categories_for_area`` of an area in the same
    kabupaten, if the caller loaded it already (the public form did).
    """
    if area.level != Level.DESA_KELURAHAN and area.level not in SUBVILLAGE_LEVELS:
        raise DomainError(_("Pengaduan diajukan untuk satu desa/kelurahan."))
    if not area.is_active:
        raise DomainError(_("Wilayah ini sudah tidak aktif."))
    if categories is None:
        categories = selectors.categories_for_area(area)
    if category is None or category.pk not in {c.pk for c in categories}:
        raise DomainError(
            _("Kategori tidak dikenal untuk wilayah ini."),
            code="unknown_category",
            field_errors={"category": [_("Pilih kategori dari daftar.")]},
        )
    if unit_code and unit_code not in dict(unit_choices(village_code(area.code))):
        raise DomainError(
            _("Unit pelayanan tidak dikenal untuk wilayah ini."),
            field_errors={"unit_code": [_("Pilih unit dari daftar.")]},
        )
    if channel not in Channel.values:
        raise DomainError(_("Kanal tidak dikenal."))
    if len(files) > MAX_FILES:
        raise DomainError(_("Paling banyak %(n)s lampiran.") % {"n": MAX_FILES})
    cleaned: list[CleanFile] = [clean_upload(f, name=name, size=size) for f, name, size in files]
    now = now or timezone.now()
    handler_code, level, office = handler_for(area, category)
    code = new_tracking_code()
    complaint = Complaint(
        number=new_number(now),
        tracking_hash=tracking_hash(code),
        area=area,
        handler_area_id=handler_code,
        handler_level=level,
        handler_office=office,
        category=category,
        classification=classification,
        channel=channel,
        status=Status.DITERIMA,
        title=_required(title, _("Judul")),
        description=_required(description, _("Uraian")),
        location=location.strip(),
        latitude=latitude,
        longitude=longitude,
        is_anonymous=is_anonymous,
        is_confidential=is_confidential and not is_anonymous,
        reporter_name="" if is_anonymous else reporter_name.strip(),
        reporter_phone="" if is_anonymous else reporter_phone.strip(),
        reporter_email="" if is_anonymous else reporter_email.strip(),
        reporter_user=None if is_anonymous else reporter_user,
        resident=None if is_anonymous else resident,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        received_at=now,
        unit_code=unit_code,
    )
    if handler_code == area.code:
        complaint.handler_area = area  # saves loading it again for its calendar
    cal = clock.calendar(complaint)
    complaint.verify_due = cal.add_working_days(now, clock.working_days(category.verify_days))
    clock.set_stage_due(complaint, complaint.verify_due, cal=cal)
    # The foreign keys come from loaded rows, the number was just checked
    # (the unique index still guards it) and the check constraints hold by
    # construction: validating them would cost six queries per complaint.
    complaint.full_clean(
        exclude=["area", "handler_area", "category"],
        validate_unique=False,
        validate_constraints=False,
    )
    with transaction.atomic():
        complaint.save()
        event = ComplaintEvent.objects.create(
            complaint=complaint,
            kind=EventKind.CREATED,
            is_public=True,
            to_status=Status.DITERIMA,
            actor=complaint.created_by,
            to_area_id=handler_code,
            created_at=now,
        )
        for item in cleaned:
            attachment = Attachment(
                complaint=complaint,
                content_type=item.content_type,
                size=len(item.content),
                original_name=item.original_name,
            )
            attachment.file.save(
                f"{complaint.number}.{item.extension}", ContentFile(item.content), save=False
            )
            attachment.save()
        mark_changed(
            "complaints.complaint",
            complaint.area_id,
            local_days(complaint.verify_due, complaint.resolve_due),
        )
        audit.record(
            actor=actor,
            action="complaint.filed",
            obj=complaint,
            data={"channel": channel, "category": category.code, "files": len(cleaned)},
            kind=audit.CREATE,
        )
        event_id = event.pk
        transaction.on_commit(lambda: notify_complainant(event_id))
        transaction.on_commit(
            lambda: notify_unit(
                handler_code,
                _("Pengaduan baru %(number)s") % {"number": complaint.number},
                complaint.title,
                complaint_id=complaint.pk,
            )
        )
    return Filed(complaint, code)
