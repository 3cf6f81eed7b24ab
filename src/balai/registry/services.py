"""Writes to the registry: every change of status, family or address is an event."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.errors import DomainError
from balai.regions.models import Area, Level
from balai.registry import codes
from balai.registry.births import refuse_duplicate_birth
from balai.registry.errors import DuplicateNikError, InvalidEventError, InvalidIdentityError
from balai.registry.identifiers import temporary_nik, validate_kk, validate_nik
from balai.registry.models import (
    POPULATION_DELTA,
    EventKind,
    Family,
    LifeEvent,
    MoveScope,
    Resident,
)
from balai.registry.names import with_person_names
from balai.registry.stats.summary import invalidate as invalidate_stats
from balai.registry.validation import identity_checkers, village_of

# Fields a plain "change of data" may touch; status, family and area move only by events.
EDITABLE_FIELDS = frozenset(
    f.name
    for f in Resident._meta.concrete_fields
    if f.name
    not in {
        "id",
        "nik_is_temporary",
        "status",
        "area",
        "family",
        "household",
        "created_at",
        "updated_at",
    }
)


def _today() -> date:
    return timezone.localdate()


def _event(
    *,
    resident: Resident,
    kind: str,
    event_date: date,
    report_date: date | None,
    actor: Any,
    **extra: Any,
) -> LifeEvent:
    report_date = report_date or _today()
    if event_date > _today():
        raise InvalidEventError(_("Tanggal peristiwa tidak boleh di masa depan."))
    if report_date < event_date:
        raise InvalidEventError(_("Tanggal lapor tidak boleh sebelum tanggal peristiwa."))
    if resident.birth_date and event_date < resident.birth_date:
        raise InvalidEventError(_("Tanggal peristiwa tidak boleh sebelum tanggal lahir."))
    event = LifeEvent(
        resident=resident,
        kind=kind,
        event_date=event_date,
        report_date=report_date,
        area=resident.area,
        sex=resident.sex,
        delta=POPULATION_DELTA.get(kind, 0),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        **extra,
    )
    event.save()
    invalidate_stats([event.area_id])
    return event


def check_identity(resident: Resident, *, exclude_pk: int | None = None) -> list[str]:
    """Validate *resident*'s NIK (and the family's No. KK); return warnings.

    Raises InvalidIdentityError for a malformed NIK, DuplicateNikError for a clash.
    """
    exists, retired = identity_checkers()
    check = validate_nik(
        resident.nik,
        kecamatan_exists=exists,
        retired_kecamatan=retired,
        sex="L" if resident.sex == codes.Sex.MALE else "P",
        birth_date=resident.birth_date,
        today=_today(),
    )
    if not check.is_valid:
        raise InvalidIdentityError(
            "; ".join(check.errors), field_errors={"nik": list(check.errors)}
        )
    resident.nik = check.value
    clash = Resident.objects.filter(nik=check.value).select_related("area")
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    holder = clash.first()
    if holder is not None:
        village = village_of(holder.area)
        raise DuplicateNikError(
            _("NIK %(nik)s sudah terdaftar atas nama penduduk di %(village)s.")
            % {"nik": check.value, "village": village},
            field_errors={"nik": [_("NIK sudah terdaftar.")]},
        )
    return list(check.warnings)


def family_get_or_create(*, no_kk: str, area: Area, address: str = "", actor: Any = None) -> Family:
    """Return the family with *no_kk*, creating it in *area* (No. KK validated)."""
    exists, retired = identity_checkers()
    check = validate_kk(no_kk, kecamatan_exists=exists, retired_kecamatan=retired, today=_today())
    if not check.is_valid:
        raise InvalidIdentityError(
            "; ".join(check.errors), field_errors={"no_kk": list(check.errors)}
        )
    family, _created = Family.objects.get_or_create(
        no_kk=check.value, defaults={"area": area, "address": address}
    )
    return family


def resident_register(
    *,
    actor: Any,
    area: Area,
    data: dict[str, Any],
    family: Family | None = None,
    event_date: date | None = None,
    kind: str = EventKind.REGISTERED,
    report_date: date | None = None,
    move_scope: str = "",
    place: str = "",
    confirm_new_birth: bool = False,
) -> tuple[Resident, list[str]]:
    """Add a person to the register with the event that brought them in.

    *kind* is REGISTERED (first data collection), BIRTH or MOVE_IN. A person
    without NIK gets a temporary one. Returns the resident and NIK warnings.
    A birth that looks recorded already (``births.similar_births``) is refused
    unless *confirm_new_birth* says it is another one (twins).
    """
    if kind not in (EventKind.REGISTERED, EventKind.BIRTH, EventKind.MOVE_IN):
        raise InvalidEventError(_("Peristiwa ini tidak menambah penduduk."))
    if area.level in (Level.PROVINSI, Level.KABUPATEN_KOTA, Level.KECAMATAN):
        raise DomainError(_("Penduduk harus tercatat di desa/kelurahan atau di bawahnya."))
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise DomainError(_("Kolom tidak dikenal: %(f)s") % {"f": ", ".join(sorted(unknown))})
    data = with_person_names(data)
    if kind == EventKind.BIRTH and not confirm_new_birth:
        refuse_duplicate_birth(data)
    with transaction.atomic():
        resident = Resident(area=area, family=family, **data)
        warnings: list[str] = []
        if not resident.nik:
            resident.nik = _next_temporary_nik(area)
            resident.nik_is_temporary = True
        else:
            warnings = check_identity(resident)
        resident.full_clean(exclude=["nik"] if resident.nik_is_temporary else None)
        resident.save()
        when = event_date or (resident.birth_date if kind == EventKind.BIRTH else None) or _today()
        _event(
            resident=resident,
            kind=kind,
            event_date=when,
            report_date=report_date,
            actor=actor,
            family_after=family,
            move_scope=move_scope,
            place=place,
        )
    return resident, warnings


def _next_temporary_nik(area: Area) -> str:
    village = village_of(area)
    prefix = "0" + village.code.replace(".", "")
    last = (
        Resident.objects.filter(nik__startswith=prefix)
        .order_by("-nik")
        .values_list("nik", flat=True)
        .first()
    )
    return temporary_nik(village.code, int(last[-5:]) + 1 if last else 1)


def resident_update(
    *, actor: Any, resident: Resident, data: dict[str, Any], event_date: date | None = None
) -> Resident:
    """Change a resident's data (not status, family or address) and log the diff as an event."""
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise DomainError(
            _("Kolom ini hanya berubah lewat peristiwa: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    data = with_person_names(data)
    with transaction.atomic():
        resident = Resident.objects.select_for_update().get(pk=resident.pk)
        before = {k: getattr(resident, k) for k in data}
        changed = {k: v for k, v in data.items() if before[k] != v}
        if not changed:
            return resident
        for key, value in changed.items():
            setattr(resident, key, value)
        if "nik" in changed:
            check_identity(resident, exclude_pk=resident.pk)
            resident.nik_is_temporary = False
        resident.full_clean()
        resident.save(update_fields=[*changed, "nik_is_temporary", "updated_at"])
        _event(
            resident=resident,
            kind=EventKind.CHANGE,
            event_date=event_date or _today(),
            report_date=None,
            actor=actor,
            changes={k: [_json(before[k]), _json(v)] for k, v in changed.items()},
        )
    return resident


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _require_alive(resident: Resident) -> None:
    if not resident.is_alive:
        raise InvalidEventError(
            _("%(name)s berstatus %(status)s, bukan penduduk hidup.")
            % {"name": resident.name, "status": resident.get_status_display()}
        )


def _leave(*, resident: Resident, kind: str, status: int, actor: Any, **event: Any) -> LifeEvent:
    """Record an event that takes a living resident out of the population."""
    with transaction.atomic():
        resident = Resident.objects.select_for_update().get(pk=resident.pk)
        _require_alive(resident)
        recorded = _event(resident=resident, kind=kind, actor=actor, **event)
        resident.status = status
        resident.pregnant = False
        resident.save(update_fields=["status", "pregnant", "updated_at"])
    return recorded


def resident_record_death(
    *,
    actor: Any,
    resident: Resident,
    event_date: date,
    report_date: date | None = None,
    place: str = "",
    note: str = "",
) -> LifeEvent:
    """Record a death: the resident leaves the population on *event_date*."""
    return _leave(
        resident=resident,
        kind=EventKind.DEATH,
        status=codes.BasicStatus.DEAD,
        actor=actor,
        event_date=event_date,
        report_date=report_date,
        place=place,
        note=note,
    )


def resident_record_move_out(
    *,
    actor: Any,
    resident: Resident,
    event_date: date,
    scope: str,
    destination: str,
    report_date: date | None = None,
    note: str = "",
) -> LifeEvent:
    """Record a move out of the village (scope: kecamatan, kabupaten, province, abroad)."""
    if scope not in MoveScope.values or scope == MoveScope.VILLAGE:
        raise InvalidEventError(_("Pindah keluar harus ke luar desa; pilih jenis pindah."))
    return _leave(
        resident=resident,
        kind=EventKind.MOVE_OUT,
        status=codes.BasicStatus.MOVED,
        actor=actor,
        event_date=event_date,
        report_date=report_date,
        move_scope=scope,
        place=destination,
        note=note,
    )


def resident_record_missing(
    *,
    actor: Any,
    resident: Resident,
    event_date: date,
    report_date: date | None = None,
    note: str = "",
) -> LifeEvent:
    """Record that a resident went missing."""
    return _leave(
        resident=resident,
        kind=EventKind.MISSING,
        status=codes.BasicStatus.MISSING,
        actor=actor,
        event_date=event_date,
        report_date=report_date,
        note=note,
    )


def resident_record_return(
    *,
    actor: Any,
    resident: Resident,
    event_date: date,
    area: Area | None = None,
    report_date: date | None = None,
    note: str = "",
) -> LifeEvent:
    """Record the return of a missing or moved-out resident (back in the population)."""
    with transaction.atomic():
        resident = Resident.objects.select_for_update().get(pk=resident.pk)
        if resident.status not in (
            codes.BasicStatus.MISSING,
            codes.BasicStatus.MOVED,
            codes.BasicStatus.GONE,
        ):
            raise InvalidEventError(
                _("Hanya penduduk hilang, pindah atau pergi yang dapat kembali.")
            )
        if area is not None:
            resident.area = area
        resident.status = codes.BasicStatus.ALIVE
        resident.save(update_fields=["status", "area", "updated_at"])
        return _event(
            resident=resident,
            kind=EventKind.RETURN,
            event_date=event_date,
            report_date=report_date,
            actor=actor,
            note=note,
        )


def resident_move_within_village(
    *, actor: Any, resident: Resident, area: Area, event_date: date, report_date: date | None = None
) -> LifeEvent:
    """Move a resident to another dusun/RW/RT of the same village."""
    with transaction.atomic():
        resident = Resident.objects.select_for_update().select_related("area").get(pk=resident.pk)
        _require_alive(resident)
        if village_of(area) != village_of(resident.area):
            raise InvalidEventError(
                _("Tujuan harus di desa yang sama; untuk pindah desa catat pindah keluar.")
            )
        before = resident.area_id
        resident.area = area
        resident.save(update_fields=["area", "updated_at"])
        return _event(
            resident=resident,
            kind=EventKind.ADDRESS,
            event_date=event_date,
            report_date=report_date,
            actor=actor,
            move_scope=MoveScope.VILLAGE,
            changes={"area": [before, area.code]},
        )


def family_move_members(
    *,
    actor: Any,
    members: list[Resident],
    family: Family,
    event_date: date,
    relations: dict[int, int] | None = None,
    report_date: date | None = None,
) -> list[LifeEvent]:
    """Move *members* into *family* (pecah KK into a new one, or gabung into an existing one)."""
    if not members:
        raise InvalidEventError(_("Pilih minimal satu anggota keluarga."))
    kind = EventKind.FAMILY_SPLIT if not family.members.exists() else EventKind.FAMILY_JOIN
    events = []
    with transaction.atomic():
        for member in Resident.objects.select_for_update().filter(pk__in=[m.pk for m in members]):
            _require_alive(member)
            before = member.family
            member.family = family
            if relations and member.pk in relations:
                member.family_relation = relations[member.pk]
            member.save(update_fields=["family", "family_relation", "updated_at"])
            events.append(
                _event(
                    resident=member,
                    kind=kind,
                    event_date=event_date,
                    report_date=report_date,
                    actor=actor,
                    family_before=before,
                    family_after=family,
                )
            )
        audit.record(
            actor=actor,
            action=f"registry.{kind}",
            obj=family,
            data={"members": [m.pk for m in members]},
        )
    return events
