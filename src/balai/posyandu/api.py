"""API endpoints of the posyandu module (mounted by config/api.py).

No ``from __future__ import annotations`` here: Ninja reads the real types.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.dbrouter import reads_from_replica
from balai.core.errors import DomainError
from balai.posyandu import dashboard, selectors, services
from balai.posyandu.growth import (
    classify_bbtb,
    classify_bbu,
    classify_imtu,
    classify_tbu,
    score_child,
)
from balai.posyandu.models import ChildVisit, Posyandu
from balai.posyandu.periods import parse_period
from balai.posyandu.prevalence import Figures
from balai.posyandu.schemas import (
    ChildVisitIn,
    ChildVisitOut,
    MeasurementIn,
    PosyanduOut,
    PrevalenceOut,
    ZScoresOut,
)

router = Router(tags=["posyandu"])


def _code(fn: Any, z: float | None) -> str:
    return "" if z is None else str(fn([z])[0])


@router.post("/zscores", response=ZScoresOut, summary="Hitung z-score WHO 2006 satu pengukuran")
@access.api_requires(Perm.POSYANDU_VIEW)
def zscores(request: HttpRequest, payload: MeasurementIn) -> dict[str, Any]:
    if payload.sex not in (1, 2):
        raise DomainError("Jenis kelamin harus 1 (laki-laki) atau 2 (perempuan).")
    res = score_child(
        payload.sex,
        age_days=payload.age_days,
        age_months=payload.age_months,
        weight_kg=payload.weight_kg,
        lenhei_cm=payload.lenhei_cm,
        measure=payload.measure,
        oedema=payload.oedema,
    )
    return {
        **{k: getattr(res, k) for k in ("zlen", "zwei", "zwfl", "zbmi")},
        **{f"flag_{k}": getattr(res, f"flag_{k}") for k in ("zlen", "zwei", "zwfl", "zbmi")},
        "status_tbu": _code(classify_tbu, res.zlen),
        "status_bbu": _code(classify_bbu, res.zwei),
        "status_bbtb": _code(classify_bbtb, res.zwfl),
        "status_imtu": _code(classify_imtu, res.zbmi),
    }


@router.get("/units", response=list[PosyanduOut], summary="Posyandu yang dapat dilihat")
@access.api_requires(Perm.POSYANDU_VIEW)
def units(request: HttpRequest) -> list[Posyandu]:
    return list(selectors.posyandu_list(user=request.user))


@router.get("/children/{pk}/visits", response=list[ChildVisitOut], summary="Kunjungan satu anak")
@access.api_requires(Perm.POSYANDU_VIEW)
def child_visits(request: HttpRequest, pk: int) -> list[ChildVisit]:
    child = selectors.child_get_for_user(user=request.user, pk=pk)
    return selectors.child_visits(child)


@router.post(
    "/units/{id}/children/{pk}/visits",
    response={201: ChildVisitOut},
    summary="Catat kunjungan anak (z-score dihitung saat disimpan)",
)
@access.api_requires(Perm.POSYANDU_RECORD)
def visit_create(
    request: HttpRequest, id: int, pk: int, payload: ChildVisitIn
) -> Status[ChildVisit]:
    posyandu = selectors.posyandu_get_for_user(user=request.user, pk=id, perm=Perm.POSYANDU_RECORD)
    child = selectors.child_get_for_user(user=request.user, pk=pk, log_view=False)
    data = payload.dict()
    confirm = data.pop("confirm_implausible")
    visit, _result = services.child_visit_record(
        actor=request.user,
        posyandu=posyandu,
        resident=child,
        data=services.ChildVisitData(**data),
        confirm_implausible=confirm,
    )
    return Status(201, visit)


def _figures(fig: Figures, name: str) -> dict[str, Any]:
    return {
        "code": fig.code,
        "name": name,
        **fig.counts,
        "under_five": fig.under_five,
        "stunting_percent": fig.stunting,
        "above_target": fig.above_target,
    }


@router.get(
    "/prevalence/{code}", response=PrevalenceOut, summary="Prevalensi per wilayah dan periode"
)
@access.api_requires(Perm.POSYANDU_DASHBOARD)
@reads_from_replica
def prevalence(request: HttpRequest, code: str, period: str = "") -> dict[str, Any]:
    area = access.get_area_for_user(request.user, code, Perm.POSYANDU_DASHBOARD)
    chosen = parse_period(period, dashboard.default_period(services.today()))
    page = dashboard.prevalence_page(area, chosen)
    return {
        "period": chosen.key,
        "target_percent": page.target,
        "total": _figures(page.total, area.name),
        "areas": [_figures(f, sub.name if sub else f.code) for sub, f in page.rows],
    }
