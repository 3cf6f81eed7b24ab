"""API endpoints of the one-stop module (mounted by config/api.py at /onestop).

No ``from __future__ import annotations``: Ninja reads the real types.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from balai.accounts import access
from balai.accounts.apiauth import OPTIONAL_AUTH
from balai.accounts.roles import Perm
from balai.onestop import selectors
from balai.onestop.models import Service
from balai.onestop.schemas import BoardRowOut, ServiceOut, TicketOut
from balai.onestop.services import queue

router = Router(tags=["onestop"])


def _service(s: Service) -> dict[str, Any]:
    return {
        "id": s.pk,
        "code": s.code,
        "name": s.name,
        "provider": s.provider.name,
        "kabupaten": s.area_id,
        "requirements": s.requirements,
        "procedure": s.procedure,
        "time": s.time_label,
        "cost": s.cost,
        "product": s.product,
        "complaint_channel": s.complaint_channel,
        "wait_minutes": s.wait_minutes,
        "serve_minutes": s.serve_minutes,
        "letter_types": s.letter_types,
    }


@router.get("/services", response=list[ServiceOut], auth=OPTIONAL_AUTH, summary="Katalog pelayanan")
@access.api_public
def services(
    request: HttpRequest, q: str = "", kabupaten: str = "", letter: str = ""
) -> list[dict[str, Any]]:
    found = selectors.catalogue_search(q=q[:100], kabupaten=kabupaten[:5], letter=letter[:40])
    return [_service(s) for s in found[:200]]


@router.get(
    "/units/{code}/queue",
    response=list[BoardRowOut],
    auth=OPTIONAL_AUTH,
    summary="Antrean unit saat ini (layar)",
)
@access.api_public
def unit_queue(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    location = selectors.location_get_public(code)
    return [
        {
            "counter": row.counter.prefix,
            "name": row.counter.name,
            "is_open": row.counter.is_open,
            "called": row.called,
            "waiting": row.waiting,
            "next_numbers": row.next_numbers,
        }
        for row in selectors.queue_board(location)
    ]


@router.post(
    "/counters/{pk}/call-next",
    response={200: TicketOut, 204: None},
    summary="Panggil nomor berikutnya di loket",
)
@access.api_requires(Perm.ONESTOP_SERVE)
def call_next(request: HttpRequest, pk: int) -> Status[dict[str, Any] | None]:
    counter = selectors.counter_get_for_user(user=request.user, pk=pk, perm=Perm.ONESTOP_SERVE)
    ticket = queue.counter_call_next(actor=request.user, counter=counter)
    if ticket is None:
        return Status(204, None)
    return Status(
        200,
        {
            "number": ticket.number,
            "service": ticket.service.name,
            "day": ticket.day,
            "status": ticket.status,
            "issued_at": ticket.issued_at,
            "called_at": ticket.called_at,
            "wait_seconds": ticket.wait_seconds,
        },
    )
