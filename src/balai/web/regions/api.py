"""Region endpoints: the Kemendagri tree is public; dusun/RW/RT only in scope.

No ``from __future__ import annotations`` here: Ninja reads the real types
to tell a request body from query parameters.
"""

from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from pydantic import Field

from balai.accounts import access
from balai.accounts.apiauth import OPTIONAL_AUTH
from balai.accounts.roles import Perm
from balai.regions import selectors, services
from balai.regions.models import Area
from balai.regions.schemas import AreaDetailOut, AreaOut, SubareaIn, SubareaRenameIn

# Operation ids keep the names they had when this module was balai/regions/api.py.
router = Router(tags=["wilayah"])


def _visible(request: HttpRequest, code: str) -> Area:
    area = selectors.area_get(code)
    if area.is_subvillage and not access.may_see_subareas(request.user, area):
        raise Http404(_("Wilayah dengan kode %(code)s tidak ditemukan.") % {"code": code})
    return area


@router.get(
    "/",
    operation_id="balai_regions_api_area_list",
    response=list[AreaOut],
    auth=OPTIONAL_AUTH,
    summary="Provinsi, atau cari wilayah",
)
@access.api_public
def area_list(
    request: HttpRequest,
    q: str = "",
    within: str | None = None,
    limit: Annotated[int, Field(ge=1, le=100)] = 20,
) -> list[Area]:
    if q:
        return selectors.area_search(q, within=within, limit=limit)
    return list(selectors.area_children(None, include_subvillage=False))


@router.get(
    "/{code}",
    operation_id="balai_regions_api_area_detail",
    response=AreaDetailOut,
    auth=OPTIONAL_AUTH,
    summary="Satu wilayah",
)
@access.api_public
def area_detail(request: HttpRequest, code: str) -> dict[str, object]:
    area = _visible(request, code)
    data = AreaOut.from_orm(area).dict()
    data["ancestors"] = [AreaOut.from_orm(a).dict() for a in selectors.area_ancestors(area)]
    return data


@router.get(
    "/{code}/children",
    operation_id="balai_regions_api_area_children",
    response=list[AreaOut],
    auth=OPTIONAL_AUTH,
    summary="Wilayah di bawahnya",
)
@access.api_public
def area_children(request: HttpRequest, code: str) -> list[Area]:
    area = _visible(request, code)
    sees = access.may_see_subareas(request.user, area)
    return list(selectors.area_children(area, include_subvillage=sees))


@router.post(
    "/{code}/subareas",
    operation_id="balai_regions_api_subarea_create",
    response={201: AreaOut},
    summary="Tambah dusun/RW/RT",
)
@access.api_requires(Perm.REGIONS_MANAGE_SUBAREAS)
def subarea_create(request: HttpRequest, code: str, payload: SubareaIn) -> Status[Area]:
    parent = access.get_area_for_user(request.user, code, Perm.REGIONS_MANAGE_SUBAREAS)
    area = services.subarea_create(actor=request.user, parent=parent, **payload.dict())
    return Status(201, area)


@router.patch(
    "/{code}",
    operation_id="balai_regions_api_subarea_rename",
    response=AreaOut,
    summary="Ubah nama dusun/RW/RT",
)
@access.api_requires(Perm.REGIONS_MANAGE_SUBAREAS)
def subarea_rename(request: HttpRequest, code: str, payload: SubareaRenameIn) -> Area:
    area = access.get_area_for_user(request.user, code, Perm.REGIONS_MANAGE_SUBAREAS)
    return services.subarea_update(actor=request.user, area=area, name=payload.name)
