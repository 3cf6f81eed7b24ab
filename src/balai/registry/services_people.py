"""Registry writes that combine several services in one transaction (pages and API)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from balai.core.errors import ConflictError
from balai.regions.models import Area
from balai.registry import codes
from balai.registry.errors import InvalidEventError
from balai.registry.identifiers import normalise_number
from balai.registry.models import EventKind, Family, LifeEvent, Resident
from balai.registry.services import family_get_or_create, family_move_members, resident_register


def resident_enter(
    *,
    actor: Any,
    area: Area,
    data: dict[str, Any],
    kind: str = EventKind.REGISTERED,
    family: Family | None = None,
    no_kk: str = "",
    family_address: str = "",
    event_date: date | None = None,
    report_date: date | None = None,
    move_scope: str = "",
    place: str = "",
) -> tuple[Resident, list[str]]:
    """Register a person, creating their family from *no_kk* first if it is new.

    Both happen in one transaction: a refused NIK leaves no empty family behind.
    """
    with transaction.atomic():
        if family is None and no_kk:
            family = family_get_or_create(
                no_kk=no_kk, area=area, address=family_address, actor=actor
            )
        return resident_register(
            actor=actor,
            area=area,
            data=data,
            family=family,
            event_date=event_date,
            kind=kind,
            report_date=report_date,
            move_scope=move_scope,
            place=place,
        )


def family_split(
    *,
    actor: Any,
    family: Family,
    members: list[Resident],
    head: Resident,
    no_kk: str,
    address: str = "",
    event_date: date,
    report_date: date | None = None,
) -> Family:
    """Move *members* of *family* onto a new Kartu Keluarga *no_kk* headed by *head*."""
    if not members:
        raise InvalidEventError(_("Pilih minimal satu anggota keluarga."))
    if any(m.family_id != family.pk for m in members):
        raise InvalidEventError(_("Hanya anggota keluarga ini yang dapat dipecah."))
    if head.pk not in {m.pk for m in members}:
        raise InvalidEventError(
            _("Kepala keluarga baru harus salah satu anggota yang dipindahkan."),
            field_errors={"head": [_("Pilih kepala keluarga dari anggota yang dipindahkan.")]},
        )
    with transaction.atomic():
        if Family.objects.filter(no_kk=normalise_number(no_kk)).exists():
            raise ConflictError(
                _("No. KK ini sudah terdaftar; gunakan Gabung KK."),
                field_errors={"no_kk": [_("No. KK sudah terdaftar.")]},
            )
        new = family_get_or_create(no_kk=no_kk, area=family.area, address=address, actor=actor)
        family_move_members(
            actor=actor,
            members=members,
            family=new,
            event_date=event_date,
            report_date=report_date,
            relations={head.pk: codes.FamilyRelation.HEAD},
        )
    return new


def family_join(
    *,
    actor: Any,
    resident: Resident,
    family: Family,
    relation: int,
    event_date: date,
    report_date: date | None = None,
) -> LifeEvent:
    """Move *resident* into the existing *family* with the SHDK *relation*."""
    if resident.family_id == family.pk:
        raise InvalidEventError(
            _("Penduduk sudah menjadi anggota keluarga ini."),
            field_errors={"no_kk": [_("Pilih No. KK lain.")]},
        )
    if not family.members.exists():
        raise InvalidEventError(
            _("Keluarga tujuan belum punya anggota; gunakan Pecah KK."),
            field_errors={"no_kk": [_("Keluarga tujuan belum punya anggota.")]},
        )
    (event,) = family_move_members(
        actor=actor,
        members=[resident],
        family=family,
        event_date=event_date,
        report_date=report_date,
        relations={resident.pk: relation},
    )
    return event
