"""Complaint endpoints: public filing and tracking, officers' queue, Open311 GeoReport v2.

No ``from __future__ import annotations`` here: Ninja reads the real types
to tell a request body from query parameters.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Form, Router, Status

from balai.accounts import access
from balai.accounts.apiauth import OPTIONAL_AUTH
from balai.accounts.roles import Perm
from balai.complaints import dashboards, ratelimit, selectors, services
from balai.complaints.actions import ActionError, run_action
from balai.complaints.models import Category, Channel, Complaint
from balai.complaints.models import Status as CStatus
from balai.complaints.schemas import (
    ActionIn,
    CategoryOut,
    ComplaintDetailOut,
    ComplaintFiguresOut,
    ComplaintIn,
    ComplaintOut,
    FiledOut,
    Open311Created,
    Open311Request,
    Open311Service,
    PublicEventOut,
    TrackIn,
    TrackOut,
)
from balai.core import periods
from balai.core.client_ip import client_ip
from balai.core.dbrouter import reads_from_replica
from balai.core.errors import DomainError
from balai.regions.models import Area

router = Router(tags=["pengaduan"])


class RateLimitedError(DomainError):
    code = "rate_limited"
    status = 429


def _limit(request: HttpRequest, scope: str = "file") -> None:
    if not ratelimit.allow(client_ip(request), scope=scope):
        raise RateLimitedError(_("Terlalu banyak pengiriman dari alamat Anda. Coba lagi nanti."))


def _area(code: str) -> Area:
    area = Area.objects.filter(code=code, is_active=True).first()
    if area is None:
        raise DomainError(
            _("Wilayah %(code)s tidak ditemukan.") % {"code": code}, code="unknown_area"
        )
    return area


def _out(c: Complaint) -> dict[str, Any]:
    return {
        "id": c.pk,
        "number": c.number,
        "status": c.status,
        "classification": c.classification,
        "channel": c.channel,
        "title": c.title,
        "area": c.area_id,
        "handler_area": c.handler_area_id,
        "handler_level": c.handler_level,
        "category": c.category.code,
        "escalation_level": c.escalation_level,
        "received_at": c.received_at,
        "due_at": c.due_at,
        "resolved_at": c.resolved_at,
        "rating": c.rating,
    }


def _events(c: Complaint) -> list[dict[str, Any]]:
    return [
        {"kind": e.kind, "to_status": e.to_status, "text": e.text, "created_at": e.created_at}
        for e in selectors.public_events(c)
    ]


@router.get(
    "/categories",
    response=list[CategoryOut],
    auth=OPTIONAL_AUTH,
    summary="Kategori untuk satu desa",
)
@access.api_public
def category_list(request: HttpRequest, area: str) -> list[Category]:
    return selectors.categories_for_area(_area(area))


@router.post("/", response={201: FiledOut}, auth=OPTIONAL_AUTH, summary="Ajukan pengaduan")
@access.api_public
def complaint_create(request: HttpRequest, payload: ComplaintIn) -> Status[dict[str, str]]:
    _limit(request)
    area = _area(payload.area)
    user = request.user if request.user.is_authenticated else None
    category = Category.objects.filter(pk=payload.category).first()
    filed = services.complaint_file(
        actor=user,
        area=area,
        category=category,
        classification=payload.classification,
        title=payload.title,
        description=payload.description,
        location=payload.location,
        channel=Channel.API,
        reporter_name=payload.reporter_name,
        reporter_phone=payload.reporter_phone,
        reporter_email=payload.reporter_email,
        is_anonymous=payload.is_anonymous,
        is_confidential=payload.is_confidential,
        reporter_user=user,
    )
    body = {
        "number": filed.complaint.number,
        "tracking_code": filed.tracking_code,
        "status": filed.complaint.status,
    }
    return Status(201, body)


@router.post("/track", response=TrackOut, auth=OPTIONAL_AUTH, summary="Lacak dengan nomor dan kode")
@access.api_public
def complaint_track(request: HttpRequest, payload: TrackIn) -> dict[str, Any]:
    _limit(request, "track")
    c = selectors.complaint_track(number=payload.number, code=payload.code)
    return {
        "number": c.number,
        "status": c.status,
        "status_label": str(CStatus(c.status).label),
        "category": c.category.name,
        "village": c.area.name,
        "title": c.title,
        "received_at": c.received_at,
        "due_at": c.due_at,
        "events": _events(c),
    }


@router.get("/", response=list[ComplaintOut], summary="Pengaduan yang terlihat oleh Anda")
@access.api_requires(Perm.COMPLAINTS_VIEW)
def complaint_list(
    request: HttpRequest, status: str = "", overdue: bool = False, escalated: bool = False
) -> list[dict[str, Any]]:
    qs = selectors.complaint_list(
        user=request.user, status=status, overdue=overdue, escalated=escalated
    )
    return [_out(c) for c in qs[:500]]


@router.get(
    "/dashboard", response=ComplaintFiguresOut, summary="Angka pengaduan dan IKM per wilayah"
)
@access.api_requires(Perm.COMPLAINTS_DASHBOARD)
@reads_from_replica
def complaint_dashboard(request: HttpRequest, area: str, year: int) -> dict[str, Any]:
    place = access.get_area_for_user(request.user, area, Perm.COMPLAINTS_DASHBOARD)
    periods.check_year(year)
    f = dashboards.complaint_figures(area=place, year=year)
    skm, _rows = dashboards.survey_index(area=place, year=year)
    return {
        "area": place.code,
        "year": year,
        "counts": f.total.counts,
        "by_status": f.by_status,
        "by_category": f.by_category,
        "by_channel": f.by_channel,
        "median_verify_hours": f.median_verify_hours,
        "median_resolve_days": f.median_resolve_days,
        "ikm": skm.ikm,
        "ikm_numerator": skm.numerator,
        "ikm_denominator": skm.denominator,
    }


@router.get("/{pk}", response=ComplaintDetailOut, summary="Satu pengaduan")
@access.api_requires(Perm.COMPLAINTS_VIEW)
def complaint_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    c = selectors.complaint_get_for_user(user=request.user, pk=pk)
    identity = selectors.may_see_identity(request.user, c)
    return {
        **_out(c),
        "description": c.description,
        "location": c.location,
        "reporter_name": c.reporter_name if identity else "",
        "reporter_phone": c.reporter_phone if identity else "",
        "reporter_email": c.reporter_email if identity else "",
        "is_anonymous": c.is_anonymous,
        "is_confidential": c.is_confidential,
        "events": _events(c),
    }


@router.post("/{pk}/actions", response=ComplaintOut, summary="Tindakan petugas")
@access.api_requires(Perm.COMPLAINTS_HANDLE)
def complaint_action(request: HttpRequest, pk: int, payload: ActionIn) -> dict[str, Any]:
    c = selectors.complaint_get_for_user(user=request.user, pk=pk, perm=Perm.COMPLAINTS_HANDLE)
    try:
        run_action(request.user, c, payload.dict())
    except ActionError as exc:
        raise DomainError(str(exc), code="invalid") from None
    return _out(selectors.complaint_get_for_user(user=request.user, pk=pk))


# ---- Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) ------------------
# jurisdiction_id is a village code. Requests are looked up with the
# tracking code as an extra parameter: Balai shows nothing without it.


@router.get(
    "/open311/services.json",
    response=list[Open311Service],
    auth=OPTIONAL_AUTH,
    summary="Open311: daftar layanan",
)
@access.api_public
def open311_services(request: HttpRequest, jurisdiction_id: str) -> list[dict[str, Any]]:
    return [
        {
            "service_code": c.code,
            "service_name": c.name,
            "description": c.name,
            "group": c.get_unit_level_display(),
        }
        for c in selectors.categories_for_area(_area(jurisdiction_id))
    ]


@router.post(
    "/open311/requests.json",
    response={201: list[Open311Created]},
    auth=OPTIONAL_AUTH,
    summary="Open311: buat permintaan",
)
@access.api_public
def open311_create(
    request: HttpRequest,
    jurisdiction_id: Form[str],
    service_code: Form[str],
    description: Form[str],
    address_string: Form[str] = "",
    email: Form[str] = "",
    phone: Form[str] = "",
    first_name: Form[str] = "",
    last_name: Form[str] = "",
    lat: Form[float | None] = None,
    long: Form[float | None] = None,
) -> Status[list[dict[str, Any]]]:
    _limit(request)
    area = _area(jurisdiction_id)
    category = next(
        (c for c in selectors.categories_for_area(area) if c.code == service_code), None
    )
    from decimal import Decimal

    filed = services.complaint_file(
        actor=None,
        area=area,
        category=category,
        title=description.strip()[:150],
        description=description,
        location=address_string[:200],
        latitude=Decimal(str(round(lat, 6))) if lat is not None else None,
        longitude=Decimal(str(round(long, 6))) if long is not None else None,
        channel=Channel.OPEN311,
        reporter_name=f"{first_name} {last_name}".strip()[:100],
        reporter_phone=phone[:20],
        reporter_email=email[:254],
    )
    notice = _("Simpan kode pelacakan; kode ini tidak ditampilkan lagi.")
    return Status(
        201,
        [
            {
                "service_request_id": filed.complaint.number,
                "service_notice": notice,
                "tracking_code": filed.tracking_code,
            }
        ],
    )


@router.get(
    "/open311/requests/{service_request_id}.json",
    response=list[Open311Request],
    auth=OPTIONAL_AUTH,
    summary="Open311: status permintaan",
)
@access.api_public
def open311_request(
    request: HttpRequest, service_request_id: str, tracking_code: str = ""
) -> list[dict[str, Any]]:
    _limit(request, "track")
    c = selectors.complaint_track(number=service_request_id, code=tracking_code)
    last = selectors.public_events(c).last()
    return [
        {
            "service_request_id": c.number,
            "status": "open" if c.is_open or c.status == CStatus.DITUNDA else "closed",
            "status_notes": last.text if last and last.text else str(CStatus(c.status).label),
            "service_name": c.category.name,
            "service_code": c.category.code,
            "description": c.title,
            "requested_datetime": c.received_at,
            "updated_datetime": c.updated_at,
            "expected_datetime": c.resolve_due,
            "address": c.area.name,
            "lat": None,
            "long": None,
        }
    ]


__all__ = ["PublicEventOut", "router"]
