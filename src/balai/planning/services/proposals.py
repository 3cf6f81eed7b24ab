"""Writes of musrenbang proposals: intake, photos, supports, duplicates and stage changes."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.areacodes import village_code
from balai.core.errors import ConflictError, DomainError
from balai.indicators.services import mark_changed
from balai.planning.models import (
    ALLOWED_TRANSITIONS,
    GROUP_ORIGINS,
    MEETING_ORIGINS,
    Forum,
    ForumLevel,
    Kegiatan,
    Origin,
    Proposal,
    ProposalEvent,
    ProposalPhoto,
    ProposalSupport,
    Stage,
)
from balai.planning.services._common import clean, require_village
from balai.regions import geo
from balai.regions.models import Area, AreaBoundary
from balai.registry.models import Resident

log = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024


def new_code() -> str:
    """Return a fresh public proposal code, e.g. ``U-7K3M9QXA`` (unguessable, no look-alikes)."""
    return "U-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def _check_origin(
    *,
    village: Area,
    origin: str,
    origin_area: Area | None,
    group_name: str,
    proposer: Resident | None,
) -> None:
    if origin_area is not None and not (
        origin_area.is_subvillage and village.contains(origin_area.code)
    ):
        message = _("%(a)s bukan dusun/RW/RT di %(v)s.") % {"a": origin_area, "v": village}
        raise DomainError(message, field_errors={"origin_area": [message]})
    if origin in MEETING_ORIGINS and origin_area is None:
        raise DomainError(
            _("Pilih dusun/RW/RT yang bermusyawarah."),
            field_errors={"origin_area": [_("Wajib untuk usulan rembug warga.")]},
        )
    if origin in GROUP_ORIGINS and not group_name.strip():
        raise DomainError(
            _("Tuliskan nama kelompok pengusul."),
            field_errors={"group_name": [_("Wajib untuk usulan kelompok.")]},
        )
    if origin == Origin.RESIDENT and proposer is None:
        raise DomainError(_("Usulan perorangan harus atas nama warga yang masuk dengan NIK."))
    if proposer is not None and village_code(proposer.area_id) != village.code:
        raise DomainError(
            _("Warga pengusul tidak terdaftar di %(v)s: usulan diajukan di desa tempat tinggal.")
            % {"v": village}
        )


def _check_point(*, village: Area, latitude: float | None, longitude: float | None) -> None:
    if latitude is None and longitude is None:
        return
    if latitude is None or longitude is None:
        raise DomainError(
            _("Pilih titik di peta, atau kosongkan lintang dan bujur."),
            field_errors={"latitude": [_("Lintang dan bujur harus diisi bersama.")]},
        )
    boundary = AreaBoundary.objects.filter(area_id=village.code).first()
    inside = (
        geo.contains(boundary.geometry, longitude, latitude)
        if boundary is not None
        else geo.in_indonesia(longitude, latitude)
    )
    if not inside:
        message = _("Titik %(lat)s, %(lng)s berada di luar %(v)s.") % {
            "lat": latitude,
            "lng": longitude,
            "v": village,
        }
        raise DomainError(message, field_errors={"latitude": [message]})


def _check_photos(photos: Sequence[UploadedFile[bytes]]) -> None:
    from PIL import Image, UnidentifiedImageError

    if len(photos) > MAX_PHOTOS:
        raise DomainError(
            _("Paling banyak %(n)s foto.") % {"n": MAX_PHOTOS},
            field_errors={"photos": [_("Terlalu banyak foto.")]},
        )
    for photo in photos:
        if (photo.size or 0) > MAX_PHOTO_BYTES:
            raise DomainError(
                _("Foto %(f)s lebih dari 5 MB.") % {"f": photo.name},
                field_errors={"photos": [_("Foto terlalu besar.")]},
            )
        try:
            with Image.open(photo) as image:
                image.verify()
                kind = image.format
        except (UnidentifiedImageError, OSError) as exc:
            raise DomainError(
                _("%(f)s bukan foto JPEG/PNG.") % {"f": photo.name},
                field_errors={"photos": [_("Bukan berkas foto.")]},
            ) from exc
        if kind not in {"JPEG", "PNG", "WEBP"}:
            raise DomainError(
                _("%(f)s bukan foto JPEG/PNG.") % {"f": photo.name},
                field_errors={"photos": [_("Bukan berkas foto.")]},
            )
        photo.seek(0)


def desa_forum_is_closed(*, village: Area | str, year: int) -> bool:
    """Tell whether *village*'s musrenbang for *year* is already closed."""
    code = village if isinstance(village, str) else village.code
    return Forum.objects.filter(
        level=ForumLevel.DESA, area_id=code, year=year, status="closed"
    ).exists()


def proposal_submit(
    *,
    actor: Any,
    village: Area,
    year: int,
    origin: str,
    title: str,
    kegiatan: Kegiatan,
    location: str,
    volume: Decimal,
    unit: str,
    estimated_cost: Decimal,
    beneficiaries: int = 0,
    description: str = "",
    origin_area: Area | None = None,
    group_name: str = "",
    proposer: Resident | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    village_authority: bool = True,
    indicator: str = "",
    photos: Sequence[UploadedFile[bytes]] = (),
) -> Proposal:
    """Record a proposal for *village*'s musrenbang of plan *year* and give it its public code.

    Refused when the village's musrenbang for the year is closed, when the
    RT/RW/dusun or the resident is not of *village*, or when the map point
    lies outside it.
    """
    require_village(village)
    _check_origin(
        village=village,
        origin=origin,
        origin_area=origin_area,
        group_name=group_name,
        proposer=proposer,
    )
    _check_point(village=village, latitude=latitude, longitude=longitude)
    _check_photos(photos)
    if desa_forum_is_closed(village=village, year=year):
        raise ConflictError(
            _(
                "Musrenbang desa %(v)s tahun %(y)s sudah ditutup; usulan baru masuk tahun berikutnya."
            )
            % {"v": village, "y": year}
        )
    proposal = Proposal(
        code=new_code(),
        village=village,
        year=year,
        origin=origin,
        origin_area=origin_area,
        group_name=group_name.strip(),
        proposer=proposer,
        entered_by=actor if origin != Origin.RESIDENT and getattr(actor, "pk", None) else None,
        title=title.strip(),
        description=description.strip(),
        kegiatan=kegiatan,
        location=location.strip(),
        latitude=latitude,
        longitude=longitude,
        volume=volume,
        unit=unit.strip(),
        estimated_cost=estimated_cost,
        beneficiaries=beneficiaries,
        village_authority=village_authority,
        indicator=indicator,
    )
    clean(proposal, exclude=["code"])
    with transaction.atomic():
        proposal.save()
        for photo in photos:
            ProposalPhoto.objects.create(proposal=proposal, image=photo)
        ProposalEvent.objects.create(proposal=proposal, stage=Stage.SUBMITTED)
        mark_changed("planning.proposal", village.code, {date(year, 1, 1)})
        audit.record(
            actor=actor,
            action="planning.proposal_submitted",
            obj=proposal,
            data={"origin": origin, "kegiatan": kegiatan.code, "cost": str(estimated_cost)},
        )
    return proposal


# Fields the proposer may change before the musrenbang desa decides.
EDITABLE_FIELDS = (
    "title",
    "description",
    "kegiatan",
    "location",
    "latitude",
    "longitude",
    "volume",
    "unit",
    "estimated_cost",
    "beneficiaries",
    "village_authority",
    "origin_area",
    "group_name",
)


def _require_undecided(proposal: Proposal) -> None:
    if not proposal.is_undecided:
        raise ConflictError(
            _(
                'Usulan %(c)s sudah diputuskan di musrenbang desa ("%(s)s"); '
                "usulan tidak dapat diubah atau ditarik lagi."
            )
            % {"c": proposal.code, "s": proposal.get_stage_display()}
        )


def proposal_update(*, actor: Any, proposal: Proposal, **changes: Any) -> Proposal:
    """Change the fields named in *changes* (``EDITABLE_FIELDS``) of an undecided *proposal*.

    The same checks as at submission apply (RT/RW/dusun and map point inside
    the village). A public event says the proposer updated it; the audit
    entry keeps what changed.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Isian tidak dikenal: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        locked = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("village", "proposer")
            .get(pk=proposal.pk)
        )
        _require_undecided(locked)
        before = {name: getattr(locked, name) for name in changes}
        for name, value in changes.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        _check_origin(
            village=locked.village,
            origin=locked.origin,
            origin_area=locked.origin_area,
            group_name=locked.group_name,
            proposer=locked.proposer,
        )
        _check_point(village=locked.village, latitude=locked.latitude, longitude=locked.longitude)
        clean(locked, exclude=["code"])
        changed = {
            name: [_plain(before[name]), _plain(getattr(locked, name))]
            for name in changes
            if before[name] != getattr(locked, name)
        }
        if not changed:
            return locked
        locked.save()
        ProposalEvent.objects.create(
            proposal=locked, stage=Stage.SUBMITTED, note=_("Usulan diperbarui oleh pengusul.")
        )
        audit.record(
            actor=actor, action="planning.proposal_updated", obj=locked, data={"changed": changed}
        )
    return locked


def _plain(value: Any) -> Any:
    if isinstance(value, Area | Kegiatan):
        return value.code
    if isinstance(value, Decimal):
        return str(value)
    return value


def proposal_withdraw(*, actor: Any, proposal: Proposal, reason: str) -> Proposal:
    """Withdraw an undecided *proposal* with *reason*.

    The proposal keeps its code; its tracking page shows it as withdrawn with
    the reason. Refused once the musrenbang desa has decided it, and while
    other proposals are folded into it (they follow it).
    """
    reason = reason.strip()
    if not reason:
        raise DomainError(
            _("Tuliskan alasan usulan ditarik."), field_errors={"reason": [_("Wajib diisi.")]}
        )
    _require_undecided(proposal)
    if Proposal.objects.filter(merged_into=proposal).exists():
        raise ConflictError(
            _("Usulan lain sudah digabung ke usulan %(c)s; usulan ini tidak dapat ditarik.")
            % {"c": proposal.code}
        )
    return proposal_move(
        actor=actor,
        proposal=proposal,
        to=Stage.WITHDRAWN,
        note=(_("Ditarik pengusul: %(r)s") % {"r": reason})[:300],
        answer_reason=reason,
    )


def proposal_support(*, actor: Any, proposal: Proposal, resident: Resident) -> ProposalSupport:
    """Count *resident*'s support for *proposal* (once; residents of its village; before the musrenbang)."""
    if village_code(resident.area_id) != proposal.village_id:
        raise DomainError(_("Dukungan hanya dari warga desa tempat usulan diajukan."))
    if proposal.stage != Stage.SUBMITTED or desa_forum_is_closed(
        village=proposal.village_id, year=proposal.year
    ):
        raise ConflictError(_("Usulan ini sudah dibahas; dukungan tidak dibuka lagi."))
    try:
        with transaction.atomic():
            support = ProposalSupport.objects.create(proposal=proposal, resident=resident)
            Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
            audit.record(actor=actor, action="planning.proposal_supported", obj=proposal)
    except IntegrityError as exc:
        raise ConflictError(_("Anda sudah mendukung usulan ini.")) from exc
    proposal.refresh_from_db(fields=["support_count"])
    return support


def proposal_move(
    *, actor: Any, proposal: Proposal, to: str, note: str = "", **fields: Any
) -> Proposal:
    """Move *proposal* to stage *to* (``ALLOWED_TRANSITIONS``), setting *fields* with it.

    Writes the public event (with *note*) and the audit entry, and tells the
    proposer on commit.
    """
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if to not in ALLOWED_TRANSITIONS[locked.stage]:
            raise ConflictError(
                _('Usulan %(c)s sedang pada tahap "%(s)s"; langkah itu tidak bisa dilakukan.')
                % {"c": locked.code, "s": locked.get_stage_display()}
            )
        before = locked.stage
        locked.stage = to
        for name, value in fields.items():
            setattr(locked, name, value)
        clean(locked, exclude=["code"])
        locked.save()
        ProposalEvent.objects.create(proposal=locked, stage=to, note=note[:300])
        mark_changed("planning.proposal", locked.village_id, {date(locked.year, 1, 1)})
        audit.record(
            actor=actor,
            action="planning.proposal_moved",
            obj=locked,
            data={"from": before, "to": to, "note": note},
        )
        pk = locked.pk
        transaction.on_commit(lambda: notify_proposer(pk))
    return locked


def proposal_mark_duplicate(
    *, actor: Any, proposal: Proposal, of: Proposal, note: str = ""
) -> Proposal:
    """Fold *proposal* into the similar proposal *of* of the same village and year."""
    if of.pk == proposal.pk or of.village_id != proposal.village_id or of.year != proposal.year:
        raise DomainError(_("Usulan serupa harus usulan lain dari desa dan tahun yang sama."))
    if of.stage == Stage.DUPLICATE:
        raise DomainError(_("Usulan %(c)s sendiri sudah digabung.") % {"c": of.code})
    return proposal_move(
        actor=actor,
        proposal=proposal,
        to=Stage.DUPLICATE,
        note=note or _("Digabung dengan usulan %(c)s.") % {"c": of.code},
        merged_into=of,
    )


def notify_proposer(proposal_pk: int) -> None:
    """Tell who brought the proposal about its new stage (email when known; always logged).

    The resident proposer, or for a meeting's or group's proposal the village
    office member who recorded it (the answer travels back to the village).
    """
    proposal = (
        Proposal.objects.select_related("proposer", "entered_by").filter(pk=proposal_pk).first()
    )
    if proposal is None:
        return
    log.info("proposal %s is now %s", proposal.code, proposal.stage)
    person = proposal.proposer or proposal.entered_by
    if person is not None and person.email:
        body = _('Usulan %(c)s "%(t)s" kini: %(s)s.') % {
            "c": proposal.code,
            "t": proposal.title,
            "s": proposal.get_stage_display(),
        }
        if proposal.answer_reason:
            body += "\n" + proposal.answer_reason
        send_mail(
            subject=_("Usulan musrenbang Anda: %(s)s") % {"s": proposal.get_stage_display()},
            message=body,
            from_email=None,
            recipient_list=[person.email],
            fail_silently=True,
        )
