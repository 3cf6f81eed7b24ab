"""API endpoints of the innovation module (mounted by config/api.py at /innovation).

For a kabupaten system (a dashboard, the Bappeda's own tools): the IID of a
round with every step of the formula, and the innovations in the caller's
scope with their SID score. No ``from __future__ import annotations`` here:
Ninja reads the real types.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.innovation import selectors

router = Router(tags=["innovation"])


class IidOut(Schema):
    year: int
    kabupaten: str
    closed: bool
    spd: Decimal
    n: int
    divisor: int
    sid_sum: Decimal
    sid_average: Decimal
    qualifying: int
    count_score: Decimal
    sid: Decimal
    total: Decimal
    iid: Decimal
    predicate: str


class InnovationOut(Schema):
    id: int
    name: str
    owner_kind: str
    owner: str
    area: str
    office: str
    urusan: str
    bentuk: str
    jenis: str
    tahapan: str
    applied_on: date | None
    status: str
    year: int
    sid_score: Decimal | None


@router.get(
    "/rounds/{pk}/iid", response=IidOut, summary="IID satu penilaian dengan setiap langkahnya"
)
@access.api_requires(Perm.INNOVATION_VIEW)
def round_iid(request: HttpRequest, pk: int) -> dict[str, Any]:
    assessment = selectors.assessments_for_user(user=request.user).filter(pk=pk).first()
    if assessment is None:
        raise Http404(_("Penilaian IID tidak ditemukan."))
    s = selectors.iid(assessment).score
    return {
        "year": assessment.year,
        "kabupaten": assessment.kabupaten_id,
        "closed": assessment.is_closed,
        "spd": s.spd,
        "n": s.n,
        "divisor": s.divisor,
        "sid_sum": s.sid_sum,
        "sid_average": s.sid_average.quantize(Decimal("0.0001")),
        "qualifying": s.qualifying,
        "count_score": s.count_score,
        "sid": s.sid.quantize(Decimal("0.0001")),
        "total": s.total.quantize(Decimal("0.0001")),
        "iid": s.iid,
        "predicate": s.predicate,
    }


@router.get(
    "/rounds/{pk}/innovations",
    response=list[InnovationOut],
    summary="Inovasi satu penilaian dalam wilayah pemanggil, dengan skor SID",
)
@access.api_requires(Perm.INNOVATION_VIEW)
def round_innovations(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    assessment = selectors.assessments_for_user(user=request.user).filter(pk=pk).first()
    if assessment is None:
        raise Http404(_("Penilaian IID tidak ditemukan."))
    result = selectors.iid(assessment)
    rows = selectors.innovation_list(user=request.user).filter(assessment=assessment)
    return [
        {
            "id": i.pk,
            "name": i.name,
            "owner_kind": i.owner_kind,
            "owner": i.owner_label,
            "area": i.area_id,
            "office": i.office,
            "urusan": i.urusan,
            "bentuk": i.bentuk,
            "jenis": i.jenis,
            "tahapan": i.tahapan,
            "applied_on": i.applied_on,
            "status": i.status,
            "year": assessment.year,
            "sid_score": result.innovation_score(i.pk) if i.pk in result.innovations else None,
        }
        for i in rows.order_by("pk")
    ]
