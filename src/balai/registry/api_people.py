"""Registry API: residents, families and life events (mounted by registry/api.py).

Same scope, validation and services as the pages: lists and details go
through the scoped selectors (404 outside), writes need REGISTRY_CHANGE on
the resident's area (403), NIK and No. KK are masked without
REGISTRY_VIEW_IDENTITY. No ``from __future__ import annotations``: Ninja
reads the real types.
"""

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status
from pydantic import Field

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.errors import DomainError
from balai.regions.models import Area, Level
from balai.registry import codes, selectors, services, services_people
from balai.registry.errors import DuplicateNikError
from balai.registry.forms import clash_message
from balai.registry.identifiers import normalise_number
from balai.registry.models import EventKind, Family, LifeEvent, Resident
from balai.registry.names import person_name
from balai.registry.schemas import (
    EventIn,
    EventOut,
    FamilyDetailOut,
    FamilyPage,
    ResidentData,
    ResidentDetailOut,
    ResidentIn,
    ResidentPage,
)
from balai.registry.selectors import AGE_BANDS, ResidentFilters
from balai.registry.validation import village_code

router = Router()
T = TypeVar("T")
VIEW = Perm.REGISTRY_VIEW
CHANGE = Perm.REGISTRY_CHANGE
AGE_BAND_LABELS = [b[0] for b in AGE_BANDS]


def _resident_out(user: Any, r: Resident) -> dict[str, Any]:
    shows = selectors.may_see_identity(user, r.area_id)
    kk = r.family.no_kk if r.family_id and r.family else None
    return {
        "id": r.pk,
        "nik": r.nik if shows else selectors.mask_number(r.nik),
        "nik_is_temporary": r.nik_is_temporary,
        "name": r.name,
        "sex": r.sex,
        "birth_date": r.birth_date,
        "status": r.status,
        "status_label": r.get_status_display(),
        "area": {"code": r.area.code, "name": r.area.name},
        "family_id": r.family_id,
        "no_kk": (kk if shows else selectors.mask_number(kk)) if kk else None,
        "family_relation": r.family_relation,
    }


def _event_out(e: LifeEvent) -> dict[str, Any]:
    return {
        "id": e.pk,
        "kind": e.kind,
        "kind_label": e.get_kind_display(),
        "event_date": e.event_date,
        "report_date": e.report_date,
        "entry_date": e.entry_date,
        "late": e.is_late,
        "area": e.area_id,
        "move_scope": e.move_scope,
        "place": e.place,
        "note": e.note,
        "changes": e.changes,
    }


def _detail_out(user: Any, r: Resident) -> dict[str, Any]:
    data = _resident_out(user, r)
    for name in (
        "birth_place",
        "religion",
        "marital_status",
        "education_kk",
        "occupation",
        "citizenship",
        "father_name",
        "mother_name",
        "pregnant",
        "current_address",
    ):
        data[name] = getattr(r, name)
    data["events"] = [_event_out(e) for e in selectors.resident_events(r)]
    return data


def _family_out(user: Any, f: Family) -> dict[str, Any]:
    shows = selectors.may_see_identity(user, f.area_id)
    return {
        "id": f.pk,
        "no_kk": f.no_kk if shows else selectors.mask_number(f.no_kk),
        "area": {"code": f.area.code, "name": f.area.name},
        "address": f.address,
        "head_name": getattr(f, "head_name", None),
        "member_count": getattr(f, "member_count", None),
    }


def _guarded(user: Any, call: Callable[[], T], nik: str = "") -> T:
    """Run a service; turn model validation into a DomainError and hide foreign clashes."""
    try:
        return call()
    except DuplicateNikError as exc:
        raise DuplicateNikError(clash_message(user, nik), field_errors=exc.field_errors) from exc
    except DjangoValidationError as exc:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        raise DomainError(_("Data tidak valid."), field_errors=fields) from exc


def _for_change(request: HttpRequest, pk: int) -> Resident:
    resident = selectors.resident_get_for_user(user=request.user, pk=pk, log_view=False)
    access.require(request.user, CHANGE, resident.area)
    return resident


def _not_future(field: str, value: date | None, label: str) -> None:
    if value is not None and value > timezone.localdate():
        message = _("%(label)s tidak boleh di masa depan.") % {"label": label}
        raise DomainError(message, field_errors={field: [message]})


def _clean_data(data: dict[str, Any]) -> dict[str, Any]:
    for key in ("nik", "father_nik", "mother_nik"):
        if key in data:
            data[key] = normalise_number(data[key] or "")
    if data.get("name"):
        data["name"] = person_name(data["name"])
    _not_future("birth_date", data.get("birth_date"), _("Tanggal lahir"))
    if data.get("pregnant") and data.get("sex", codes.Sex.FEMALE) != codes.Sex.FEMALE:
        message = _("Hanya perempuan yang dapat berstatus hamil.")
        raise DomainError(message, field_errors={"pregnant": [message]})
    return data


@router.get("/residents", response=ResidentPage, summary="Cari dan saring penduduk")
@access.api_requires(VIEW)
def resident_list(
    request: HttpRequest,
    q: Annotated[str, Field(max_length=100)] = "",
    area: str = "",
    sex: int | None = None,
    status: Annotated[int, Field(description="Status dasar; 0 = semua")] = codes.BasicStatus.ALIVE,
    age_band: str = "",
    pregnant: bool | None = None,
    after: int | None = None,
    limit: Annotated[int, Field(ge=1, le=100)] = 25,
) -> dict[str, Any]:
    if age_band and age_band not in AGE_BAND_LABELS:
        raise DomainError(
            _("Kelompok umur tidak dikenal."),
            field_errors={"age_band": [", ".join(AGE_BAND_LABELS)]},
        )
    filters = ResidentFilters(
        q=q, area=area, sex=sex, status=status or None, age_band=age_band, pregnant=pregnant
    )
    rows, next_after = selectors.resident_page(
        user=request.user, filters=filters, after=after, size=limit
    )
    return {"items": [_resident_out(request.user, r) for r in rows], "next": next_after}


@router.get(
    "/residents/{pk}", response=ResidentDetailOut, summary="Satu penduduk (tercatat di log)"
)
@access.api_requires(VIEW)
def resident_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    resident = selectors.resident_get_for_user(user=request.user, pk=pk)
    return _detail_out(request.user, resident)


@router.post("/residents", response={201: ResidentDetailOut}, summary="Tambah penduduk")
@access.api_requires(CHANGE)
def resident_create(request: HttpRequest, payload: ResidentIn) -> Status[dict[str, Any]]:
    entry = {"kind", "area", "no_kk", "family_address", "event_date", "report_date"}
    entry |= {"move_scope", "place"}
    data = _clean_data(payload.dict(exclude=entry, exclude_none=True))
    area = access.get_area_for_user(request.user, payload.area, CHANGE)
    if area.level in (Level.PROVINSI, Level.KABUPATEN_KOTA, Level.KECAMATAN):
        message = _("Penduduk harus tercatat di desa/kelurahan atau di bawahnya.")
        raise DomainError(message, field_errors={"area": [message]})
    no_kk = normalise_number(payload.no_kk)
    family = None
    if no_kk:
        family = selectors.family_get_by_kk_for_user(user=request.user, no_kk=no_kk, perm=CHANGE)
        if family is None and Family.objects.filter(no_kk=no_kk).exists():
            message = _("No. KK ini terdaftar di wilayah lain.")
            raise DomainError(message, field_errors={"no_kk": [message]})
    if payload.kind == "birth" and family is None:
        message = _("Kelahiran harus dicatat pada keluarga yang sudah terdaftar.")
        raise DomainError(message, field_errors={"no_kk": [message]})
    kind = {"registered": EventKind.REGISTERED, "birth": EventKind.BIRTH}.get(
        payload.kind, EventKind.MOVE_IN
    )
    resident, _warnings = _guarded(
        request.user,
        lambda: services_people.resident_enter(
            actor=request.user,
            area=area,
            data=data,
            kind=kind,
            family=family,
            no_kk=no_kk,
            family_address=payload.family_address,
            event_date=payload.event_date,
            report_date=payload.report_date,
            move_scope=payload.move_scope,
            place=payload.place,
        ),
        nik=data.get("nik", ""),
    )
    resident = Resident.objects.select_related("area", "family").get(pk=resident.pk)
    return Status(201, _detail_out(request.user, resident))


@router.patch("/residents/{pk}", response=ResidentDetailOut, summary="Ubah data penduduk")
@access.api_requires(CHANGE)
def resident_update(request: HttpRequest, pk: int, payload: ResidentData) -> dict[str, Any]:
    resident = _for_change(request, pk)
    data = _clean_data(payload.dict(exclude_unset=True))
    for key, value in list(data.items()):
        if value is None and not resident._meta.get_field(key).null:
            data[key] = ""  # clearing a text field
    if data.get("pregnant") and "sex" not in data and resident.sex != codes.Sex.FEMALE:
        _clean_data({"pregnant": True, "sex": resident.sex})
    _guarded(
        request.user,
        lambda: services.resident_update(actor=request.user, resident=resident, data=data),
        nik=data.get("nik", ""),
    )
    resident = Resident.objects.select_related("area", "family").get(pk=resident.pk)
    return _detail_out(request.user, resident)


def _area_in_village(request: HttpRequest, resident: Resident, code: str) -> Area:
    if not code:
        message = _("Pilih wilayah tujuan.")
        raise DomainError(message, field_errors={"area": [message]})
    area = access.get_area_for_user(request.user, code, CHANGE)
    if village_code(area.code) != village_code(resident.area_id):
        message = _("Tujuan harus di desa yang sama; untuk pindah desa catat pindah keluar.")
        raise DomainError(message, field_errors={"area": [message]})
    return area


def _record(request: HttpRequest, resident: Resident, p: EventIn) -> LifeEvent:
    actor = request.user
    dates: dict[str, Any] = {"event_date": p.event_date, "report_date": p.report_date}
    if p.kind == "death":
        return services.resident_record_death(
            actor=actor, resident=resident, place=p.place, note=p.note, **dates
        )
    if p.kind == "move_out":
        return services.resident_record_move_out(
            actor=actor,
            resident=resident,
            scope=p.scope,
            destination=p.place,
            note=p.note,
            **dates,
        )
    if p.kind == "missing":
        return services.resident_record_missing(
            actor=actor, resident=resident, note=p.note, **dates
        )
    if p.kind == "return":
        area = _area_in_village(request, resident, p.area) if p.area else None
        return services.resident_record_return(
            actor=actor, resident=resident, area=area, note=p.note, **dates
        )
    if p.kind == "address":
        area = _area_in_village(request, resident, p.area)
        return services.resident_move_within_village(
            actor=actor, resident=resident, area=area, **dates
        )
    family = selectors.family_get_by_kk_for_user(user=actor, no_kk=p.no_kk, perm=CHANGE)
    if family is None:
        message = _("No. KK tidak ditemukan di wilayah Anda.")
        raise DomainError(message, field_errors={"no_kk": [message]})
    if p.relation not in codes.FamilyRelation.values:
        message = _("Pilih hubungan dalam keluarga.")
        raise DomainError(message, field_errors={"relation": [message]})
    return services_people.family_join(
        actor=actor, resident=resident, family=family, relation=p.relation, **dates
    )


@router.post(
    "/residents/{pk}/events", response={201: EventOut}, summary="Catat peristiwa kependudukan"
)
@access.api_requires(CHANGE)
def resident_event(request: HttpRequest, pk: int, payload: EventIn) -> Status[dict[str, Any]]:
    resident = _for_change(request, pk)
    _not_future("event_date", payload.event_date, _("Tanggal peristiwa"))
    event = _guarded(request.user, lambda: _record(request, resident, payload))
    return Status(201, _event_out(event))


@router.get("/residents/{pk}/events", response=list[EventOut], summary="Riwayat peristiwa")
@access.api_requires(VIEW)
def resident_event_list(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    resident = selectors.resident_get_for_user(user=request.user, pk=pk, log_view=False)
    return [_event_out(e) for e in selectors.resident_events(resident)]


@router.get("/families", response=FamilyPage, summary="Cari keluarga")
@access.api_requires(VIEW)
def family_list(
    request: HttpRequest,
    q: Annotated[str, Field(max_length=100)] = "",
    area: str = "",
    after: Annotated[str, Field(max_length=16)] = "",
    limit: Annotated[int, Field(ge=1, le=100)] = 25,
) -> dict[str, Any]:
    rows, next_after = selectors.family_page(
        user=request.user, q=q, area=area, after=after, size=limit
    )
    return {"items": [_family_out(request.user, f) for f in rows], "next": next_after}


@router.get("/families/{pk}", response=FamilyDetailOut, summary="Satu keluarga dan anggotanya")
@access.api_requires(VIEW)
def family_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    family = selectors.family_get_for_user(user=request.user, pk=pk)
    data = _family_out(request.user, family)
    members = list(selectors.family_members(family).select_related("family"))
    data["members"] = [_resident_out(request.user, m) for m in members]
    return data
