"""A musrenbang's page: ranking under the pagu, scores, decisions, merging, OPDs, closing."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.errors import DomainError
from balai.planning import documents, exports, forms, policies, selectors, services
from balai.planning.models import CriterionBasis, Forum, ForumLevel, PerangkatDaerah, Proposal
from balai.planning.views.village import _programmes


def _forum(request: HttpRequest, pk: int, *, run: bool = False) -> Forum:
    forum = get_object_or_404(
        access.scoped(Forum.objects.select_related("area"), request.user, Perm.PLANNING_VIEW), pk=pk
    )
    if run and not policies.may_run(request.user, forum):
        access.require(request.user, policies.FORUM_PERM[forum.level], forum.area)
    return forum


def _proposal(forum: Forum, pk: int) -> Proposal:
    proposal = selectors.forum_proposals(forum).filter(pk=pk).first()
    if proposal is None:
        raise Http404(_("Usulan tidak sedang dibahas di musrenbang ini."))
    return proposal


@access.requires(Perm.PLANNING_VIEW)
def forum_detail(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk)
    proposals = {p.pk: p for p in selectors.forum_proposals(forum)}
    result = selectors.forum_ranking(forum, proposals=list(proposals.values()))
    criteria = selectors.criteria_for(forum.area_id)
    opds = list(PerangkatDaerah.objects.filter(kabupaten_id=forum.area_id[:5]))
    if forum.level == ForumLevel.KABUPATEN:
        groups = [
            {
                "opd": g.opd,
                "rows": g.rows,
                "result": g.result,
                "accepted": g.accepted,
                "pagu": g.pagu,
            }
            for g in selectors.opd_rankings(kabupaten=forum.area_id, year=forum.year)
        ]
    else:
        groups = [{"opd": None, "rows": [(row, proposals[row.item.pk]) for row in result.rows]}]
    context = {
        "forum": forum,
        "area": forum.area,
        "groups": groups,
        "opd_rule": selectors.OPD_RULE,
        "result": result,
        "criteria": criteria,
        "manual": [c for c in criteria if c.basis == CriterionBasis.MANUAL],
        "can_run": policies.may_run(request.user, forum) and forum.is_open,
        "decided": selectors.forum_proposals(forum, pending_only=False).exclude(
            pk__in=list(proposals)
        ),
        "details_form": forms.ForumDetailsForm(
            initial={f: getattr(forum, f) for f in services.musrenbang.FORUM_DETAILS}
        ),
        "decision_form": forms.DecisionForm(programmes=_programmes(forum.area, forum.year))
        if forum.level == ForumLevel.DESA
        else None,
        "assign_form": forms.AssignOpdForm(opds=[(o.pk, str(o)) for o in opds])
        if forum.level == ForumLevel.KECAMATAN
        else None,
        "merge_form": forms.MergeForm() if forum.level == ForumLevel.KECAMATAN else None,
        "month_ok": selectors.forum_month_ok(forum),
        "calendar": selectors.calendar_dates(forum.area_id, forum.year),
    }
    return render(request, "planning/forum.html", context)


def _done(request: HttpRequest, forum: Forum, call: object, ok: str) -> HttpResponse:
    try:
        call()  # type: ignore[operator]
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect("planning:forum", pk=forum.pk)


@require_POST
@access.requires(Perm.PLANNING_VIEW)
def forum_details(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk, run=True)
    form = forms.ForumDetailsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Periksa isian data musyawarah."))
        return redirect("planning:forum", pk=forum.pk)
    return _done(
        request,
        forum,
        lambda: services.forum_update(actor=request.user, forum=forum, **form.cleaned_data),
        _("Data musyawarah disimpan."),
    )


@require_POST
@access.requires(Perm.PLANNING_VIEW)
def forum_score(request: HttpRequest, pk: int, proposal: int) -> HttpResponse:
    forum = _forum(request, pk, run=True)
    item = _proposal(forum, proposal)
    scores: dict[str, int] = {}
    for criterion in selectors.criteria_for(forum.area_id):
        raw = request.POST.get(f"c{criterion.pk}", "").strip()
        if raw:
            if not raw.isdigit():
                messages.error(request, _("Nilai harus bilangan bulat 1 sampai 5."))
                return redirect("planning:forum", pk=forum.pk)
            scores[str(criterion.pk)] = int(raw)
    return _done(
        request,
        forum,
        lambda: services.forum_score(actor=request.user, forum=forum, proposal=item, scores=scores),
        _("Nilai %(c)s disimpan.") % {"c": item.code},
    )


@require_POST
@access.requires(Perm.PLANNING_VIEW)
def forum_decide(request: HttpRequest, pk: int, proposal: int) -> HttpResponse:
    forum = _forum(request, pk, run=True)
    item = _proposal(forum, proposal)
    form = forms.DecisionForm(request.POST, programmes=_programmes(forum.area, forum.year))
    if not form.is_valid():
        messages.error(request, _("Pilih keputusan."))
        return redirect("planning:forum", pk=forum.pk)
    data = form.cleaned_data
    plan = selectors.rpjmdes_for_year(village=forum.area, year=forum.year)
    programme = (
        plan.programmes.filter(pk=data["programme"]).first() if plan and data["programme"] else None
    )
    return _done(
        request,
        forum,
        lambda: services.proposal_decide_desa(
            actor=request.user,
            forum=forum,
            proposal=item,
            decision=data["decision"],
            reason=data["reason"],
            programme=programme,
            fund_source=data["fund_source"],
        ),
        _("Keputusan atas %(c)s dicatat.") % {"c": item.code},
    )


@require_POST
@access.requires(Perm.PLANNING_VIEW)
def forum_merge(request: HttpRequest, pk: int, proposal: int) -> HttpResponse:
    forum = _forum(request, pk, run=True)
    main = _proposal(forum, proposal)
    form = forms.MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tulis kode usulan yang digabung."))
        return redirect("planning:forum", pk=forum.pk)
    codes = {c.strip().upper() for c in form.cleaned_data["others"].split(",") if c.strip()}
    others = list(selectors.forum_proposals(forum).filter(code__in=codes))
    if len(others) != len(codes):
        messages.error(request, _("Sebagian kode tidak sedang dibahas di musrenbang ini."))
        return redirect("planning:forum", pk=forum.pk)
    return _done(
        request,
        forum,
        lambda: services.proposal_merge(actor=request.user, forum=forum, main=main, others=others),
        _("Usulan digabung ke %(c)s.") % {"c": main.code},
    )


@require_POST
@access.requires(Perm.PLANNING_VIEW)
def forum_assign(request: HttpRequest, pk: int, proposal: int) -> HttpResponse:
    forum = _forum(request, pk, run=True)
    item = _proposal(forum, proposal)
    opds = PerangkatDaerah.objects.filter(kabupaten_id=forum.area_id[:5])
    form = forms.AssignOpdForm(request.POST, opds=[(o.pk, str(o)) for o in opds])
    if not form.is_valid():
        messages.error(request, _("Pilih OPD dan tulis programnya."))
        return redirect("planning:forum", pk=forum.pk)
    opd = opds.get(pk=form.cleaned_data["opd"])
    return _done(
        request,
        forum,
        lambda: services.proposal_assign_opd(
            actor=request.user,
            forum=forum,
            proposal=item,
            opd=opd,
            programme=form.cleaned_data["programme"],
        ),
        _("%(c)s dipetakan ke %(o)s.") % {"c": item.code, "o": opd},
    )


@require_POST
@access.requires(Perm.PLANNING_VIEW)
def forum_close(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk, run=True)
    return _done(
        request,
        forum,
        lambda: services.forum_close(actor=request.user, forum=forum),
        _("Musrenbang ditutup; hasilnya tercatat."),
    )


@access.requires(Perm.PLANNING_VIEW)
def forum_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk)
    pdf = documents.berita_acara_pdf(forum)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="berita-acara-{forum.level}-{forum.area_id}-{forum.year}.pdf"'
    )
    return response


@access.requires(Perm.PLANNING_VIEW)
def forum_xlsx(request: HttpRequest, pk: int) -> HttpResponseBase:
    forum = _forum(request, pk)
    return exports.forum_xlsx(forum)
