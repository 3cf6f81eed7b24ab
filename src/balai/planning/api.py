"""API endpoints of the planning module (mounted by config/api.py at /planning).

A kabupaten system (SIPD, e-Musrenbang) reads the proposals of its area and
posts each OPD's answer; anyone may read a proposal's public track.
No ``from __future__ import annotations``: Ninja reads the real types.
"""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from balai.accounts import access
from balai.accounts.apiauth import OPTIONAL_AUTH
from balai.accounts.roles import Perm
from balai.planning import selectors, services
from balai.planning.models import Proposal
from balai.planning.schemas import AnswerIn, KegiatanOut, ProposalOut, ProposalTrackOut

router = Router(tags=["planning"])


def _proposal_out(p: Proposal) -> dict[str, object]:
    return {
        "id": p.pk,
        "code": p.code,
        "village": p.village_id,
        "year": p.year,
        "origin": p.origin,
        "title": p.title,
        "kegiatan": p.kegiatan_id,
        "location": p.location,
        "volume": p.volume,
        "unit": p.unit,
        "estimated_cost": p.estimated_cost,
        "beneficiaries": p.beneficiaries,
        "village_authority": p.village_authority,
        "supports": p.support_count,
        "stage": p.stage,
        "opd": p.opd.code if p.opd else None,
        "opd_programme": p.opd_programme,
        "answer_activity": p.answer_activity,
        "answer_reason": p.answer_reason,
    }


@router.get(
    "/proposals/track/{code}", response=ProposalTrackOut, auth=OPTIONAL_AUTH, summary="Lacak usulan"
)
@access.api_public
def track(request: HttpRequest, code: str) -> dict[str, object]:
    proposal = selectors.proposal_public(code)
    if proposal is None:
        raise Http404(_("Kode usulan tidak dikenal."))
    ctx = selectors.tracking_context(proposal)
    final = ctx["final"]
    return {
        "code": proposal.code,
        "title": proposal.title,
        "village": proposal.village_id,
        "year": proposal.year,
        "origin": proposal.origin,
        "kegiatan": proposal.kegiatan_id,
        "estimated_cost": proposal.estimated_cost,
        "beneficiaries": proposal.beneficiaries,
        "supports": proposal.support_count,
        "stage": final.stage,
        "carried_as": ctx["carried"].code if ctx["carried"] else None,
        "answer": final.answer_activity or final.answer_reason,
        "events": [
            {"stage": e["stage"], "note": e["note"], "at": e["created_at"]}
            for e in ctx["events"] + ctx["carried_events"]
        ],
    }


@router.get("/proposals", response=list[ProposalOut], summary="Usulan di wilayah")
@access.api_requires(Perm.PLANNING_VIEW)
def proposals(
    request: HttpRequest, year: int, area: str = "", stage: str = ""
) -> list[dict[str, object]]:
    qs = selectors.proposals_for_user(user=request.user, perm=Perm.PLANNING_VIEW, year=year)
    if area:
        qs = qs.filter(village__within=area)
    if stage:
        qs = qs.filter(stage=stage)
    return [_proposal_out(p) for p in qs[:5000]]


@router.post("/proposals/{id}/answer", response=ProposalOut, summary="Jawaban OPD atas usulan")
@access.api_requires(Perm.PLANNING_ANSWER)
def answer(request: HttpRequest, id: int, body: AnswerIn) -> dict[str, object]:
    opds = selectors.answerable_opds(request.user)
    proposal = selectors.proposal_for_opds(opds=opds, pk=id)
    done = services.opd_answer(
        actor=request.user,
        opd=opds.get(pk=proposal.opd_id or 0),
        proposal=proposal,
        accepted=body.accepted,
        programme=body.programme,
        activity=body.activity,
        reason=body.reason,
    )
    return _proposal_out(done)


@router.get("/kegiatan", response=list[KegiatanOut], summary="Daftar kegiatan desa (referensi)")
@access.api_requires(Perm.PLANNING_VIEW)
def kegiatan(request: HttpRequest) -> list[dict[str, str]]:
    return [
        {
            "code": k.code,
            "siskeudes_code": k.siskeudes_code,
            "bidang": k.bidang,
            "sub_bidang": k.sub_bidang,
            "sub_bidang_name": k.sub_bidang_name,
            "name": k.name,
        }
        for k in selectors.kegiatan_by_code().values()
    ]
