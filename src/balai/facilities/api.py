"""API endpoints of the supply register (mounted by config/api.py at /facilities).

No ``from __future__ import annotations`` here: Ninja reads the real types.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.errors import DomainError
from balai.facilities import selectors, services
from balai.facilities.models import PointKind, ServicePoint
from balai.facilities.schemas import (
    ServicePointIn,
    ServicePointOut,
    ServicePointPatch,
    VillageSupplyOut,
)
from balai.posyandu.models import Posyandu

router = Router(tags=["facilities"])


@router.get("/points", response=list[ServicePointOut], summary="Titik layanan yang dapat dilihat")
@access.api_requires(Perm.FACILITIES_VIEW)
def points(request: HttpRequest, kind: str = "", area: str = "") -> list[ServicePoint]:
    return list(selectors.servicepoint_list(user=request.user, kind=kind, area=area))


@router.post("/points", response={201: ServicePointOut}, summary="Tambah titik layanan")
@access.api_requires(Perm.FACILITIES_MANAGE)
def point_create(request: HttpRequest, payload: ServicePointIn) -> Status[ServicePoint]:
    village = access.get_area_for_user(request.user, payload.village, Perm.FACILITIES_MANAGE)
    if payload.kind not in PointKind.values:
        raise DomainError(
            "Jenis tidak dikenal.", field_errors={"kind": [", ".join(PointKind.values)]}
        )
    posyandu = None
    if payload.posyandu_id is not None:
        posyandu = access.scoped(
            Posyandu.objects.filter(pk=payload.posyandu_id), request.user, Perm.FACILITIES_MANAGE
        ).first()
        if posyandu is None:
            raise DomainError(
                "Unit posyandu tidak ditemukan di wilayah Anda.",
                field_errors={"posyandu_id": ["tidak ditemukan"]},
            )
    point = services.servicepoint_create(
        actor=request.user,
        village=village,
        kind=payload.kind,
        name=payload.name,
        posyandu=posyandu,
        latitude=payload.latitude,
        longitude=payload.longitude,
        capacity=payload.capacity,
        staff_count=payload.staff_count,
        is_active=payload.is_active,
    )
    return Status(201, point)


@router.patch("/points/{pk}", response=ServicePointOut, summary="Ubah titik layanan")
@access.api_requires(Perm.FACILITIES_MANAGE)
def point_update(request: HttpRequest, pk: int, payload: ServicePointPatch) -> ServicePoint:
    point = selectors.servicepoint_get_for_user(
        user=request.user, pk=pk, perm=Perm.FACILITIES_MANAGE
    )
    changes = payload.dict(exclude_unset=True)
    return services.servicepoint_update(actor=request.user, point=point, **changes)


@router.get(
    "/supply/{code}",
    response=list[VillageSupplyOut],
    summary="Sarana per desa: jumlah, rasio, jarak",
)
@access.api_requires(Perm.FACILITIES_VIEW)
def supply(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    area = access.get_area_for_user(request.user, code, Perm.FACILITIES_VIEW)
    figures = selectors.supply_by_village(within=area.code)
    return [{"code": village, **row} for village, row in figures.items()]
