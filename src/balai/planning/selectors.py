"""Reads of the planning module: the kegiatan list, plans and their consistency."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.areacodes import KECAMATAN_CODE_LENGTH, VILLAGE_CODE_LENGTH, kabupaten_code
from balai.indicators.periods import Period, PeriodType
from balai.indicators.selectors import fact_sums
from balai.planning import ranking
from balai.planning.locks import activity_locks
from balai.planning.models import (
    ACCOMMODATED_STAGES,
    Criterion,
    CriterionBasis,
    Forum,
    ForumEntry,
    ForumLevel,
    Kegiatan,
    OpdPagu,
    Pagu,
    PerangkatDaerah,
    PlanningSetup,
    Proposal,
    ProposalSupport,
    RkpdesActivity,
    Rpjmdes,
    Stage,
)
from balai.planning.ranking import Ranking
from balai.regions.models import Area
from balai.registry.models import Resident


@lru_cache(maxsize=1)
def _kegiatan_map() -> dict[str, Kegiatan]:
    return {k.code: k for k in Kegiatan.objects.order_by("order")}


def kegiatan_by_code() -> dict[str, Kegiatan]:
    """Return the reference kegiatan keyed by code (``"2.3.10"``), in list order.

    The list is fixed reference data, read once per process; an empty read
    (before migrations) is not cached.
    """
    found = _kegiatan_map()
    if not found:
        _kegiatan_map.cache_clear()
    return found


def kegiatan_choices() -> list[tuple[str, str]]:
    """Return (code, "code name") pairs for form selects, in list order."""
    return [(code, str(k)) for code, k in kegiatan_by_code().items()]


def rpjmdes_for_year(*, village: Area, year: int) -> Rpjmdes | None:
    """Return the RPJM Desa of *village* whose term covers *year*, if any."""
    for plan in Rpjmdes.objects.filter(village=village, start_year__lte=year).order_by(
        "-start_year"
    ):
        if plan.covers(year):
            return plan
    return None


def rkpdes_activities(*, village: Area, year: int) -> QuerySet[RkpdesActivity]:
    """Return the RKP Desa activities of *village* in *year*, in kegiatan order."""
    return (
        RkpdesActivity.objects.filter(village=village, year=year)
        .select_related("kegiatan", "programme")
        .order_by("kegiatan__order", "pk")
    )


def activity_get_for_user(*, user: Any, pk: int, perm: str) -> RkpdesActivity:
    """Return RKP Desa activity *pk* if its village is in *user*'s area for *perm* (404 otherwise)."""
    qs = access.scoped(
        RkpdesActivity.objects.select_related("village", "kegiatan", "programme", "proposal"),
        user,
        perm,
        "village",
    )
    return get_object_or_404(qs, pk=pk)


def activity_lock(activity: RkpdesActivity) -> str:
    """Return why *activity* may not be removed ("" when it may)."""
    if getattr(activity, "proposal", None) is not None:
        return str(
            _("Kegiatan ini hasil usulan musrenbang %(c)s; ubah, jangan hapus.")
            % {"c": activity.proposal.code}
        )
    return activity_locks([activity.pk]).get(activity.pk, "")


def pagu_amount(*, area: Area | str, year: int) -> Decimal | None:
    """Return the pagu indikatif of *area* for *year*, or None when not set."""
    code = area if isinstance(area, str) else area.code
    return Pagu.objects.filter(area_id=code, year=year).values_list("amount", flat=True).first()


@dataclass
class Consistency:
    """The RKP Desa checks of one village and year."""

    total: Decimal
    pagu: Decimal | None
    rpjmdes: Rpjmdes | None
    untraced: list[RkpdesActivity] = field(default_factory=list)

    @property
    def over_pagu(self) -> Decimal:
        """Return how far the total exceeds the pagu (0 when within, or no pagu set)."""
        if self.pagu is None:
            return Decimal(0)
        return max(self.total - self.pagu, Decimal(0))

    @property
    def ok(self) -> bool:
        return (
            self.rpjmdes is not None
            and self.pagu is not None
            and not self.untraced
            and not self.over_pagu
        )


def rkpdes_consistency(*, village: Area, year: int) -> Consistency:
    """Check *village*'s RKP Desa for *year*: traced to the RPJM Desa, total within the pagu.

    The total compared with the pagu indikatif desa is the sum of every
    activity's indicative cost.
    """
    activities = list(rkpdes_activities(village=village, year=year))
    total = RkpdesActivity.objects.filter(village=village, year=year).aggregate(
        s=Sum("indicative_cost")
    )["s"] or Decimal(0)
    return Consistency(
        total=total,
        pagu=pagu_amount(area=village, year=year),
        rpjmdes=rpjmdes_for_year(village=village, year=year),
        untraced=[a for a in activities if a.programme_id is None],
    )


# --- Musrenbang -----------------------------------------------------------------------


def setup_for(area_code: str) -> PlanningSetup:
    """Return the planning settings of *area_code*'s kabupaten (defaults when none saved)."""
    kab = kabupaten_code(area_code)
    return PlanningSetup.objects.filter(kabupaten_id=kab).first() or PlanningSetup(kabupaten_id=kab)


def criteria_for(area_code: str) -> list[Criterion]:
    """Return the scoring criteria of *area_code*'s kabupaten, in order."""
    return list(Criterion.objects.filter(kabupaten_id=kabupaten_code(area_code)))


def forum_stages(level: str) -> tuple[str, ...]:
    """Return the stages a proposal has while it is on the table of a *level* forum."""
    return {
        ForumLevel.DESA: (Stage.SUBMITTED,),
        ForumLevel.KECAMATAN: (Stage.KECAMATAN,),
        ForumLevel.KABUPATEN: (Stage.KABUPATEN,),
    }[ForumLevel(level)]


def forum_proposals(forum: Forum, *, pending_only: bool = True) -> QuerySet[Proposal]:
    """Return the proposals of *forum*'s area and year (pending ones, or all that reached it)."""
    qs = Proposal.objects.filter(year=forum.year, village__within=forum.area_id)
    if pending_only:
        qs = qs.filter(stage__in=forum_stages(forum.level))
    elif forum.level == ForumLevel.DESA:
        qs = qs.exclude(stage__in=(Stage.DUPLICATE, Stage.WITHDRAWN))
    elif forum.level == ForumLevel.KECAMATAN:
        qs = qs.exclude(
            stage__in=(
                Stage.SUBMITTED,
                Stage.DUPLICATE,
                Stage.WITHDRAWN,
                Stage.DESA_ACCEPTED,
                Stage.DESA_REJECTED,
            )
        )
    elif forum.level == ForumLevel.KABUPATEN:
        qs = qs.filter(stage__in=(Stage.KABUPATEN, Stage.OPD_ACCEPTED, Stage.OPD_REFUSED))
    return qs.select_related("kegiatan", "opd").order_by("pk")


def forum_pagu(forum: Forum) -> Decimal | None:
    """Return the pagu the forum ranks under: the desa's or the kecamatan's pagu indikatif."""
    if forum.level == ForumLevel.KABUPATEN:
        return None
    return pagu_amount(area=forum.area_id, year=forum.year)


def indicator_statuses(pairs: set[tuple[str, str]], year: int) -> dict[tuple[str, str], str | None]:
    """Return the target status (met/near/not_met) of each (village, indicator) pair.

    Read for the last period of the year before the plan *year*: what the
    musrenbang knows when it meets. Unknown indicators give None.
    """
    from balai.indicators import registry
    from balai.indicators.periods import period_of
    from balai.indicators.selectors import value_for

    out: dict[tuple[str, str], str | None] = {}
    areas = {a.code: a for a in Area.objects.filter(code__in={v for v, _ in pairs})}
    for village, code in pairs:
        try:
            indicator = registry.get(code)
        except Http404:
            out[(village, code)] = None
            continue
        period = period_of(dt.date(year - 1, 12, 31), indicator.period_type)
        out[(village, code)] = value_for(indicator, areas[village], period).status
    return out


def forum_ranking(forum: Forum, *, proposals: list[Proposal] | None = None) -> Ranking:
    """Score and rank *forum*'s pending proposals (or *proposals*) under its pagu.

    Without *proposals* only the columns ranking needs are read (no model
    instances): the kecamatan table can hold thousands of rows.
    """
    rows: list[RankRow]
    if proposals is None:
        rows = list(forum_proposals(forum).order_by().values_list(*RANK_COLUMNS))
    else:
        rows = [_rank_row(p) for p in proposals]
    manual = dict(ForumEntry.objects.filter(forum=forum).values_list("proposal_id", "scores"))
    return _rank(rows, area_code=forum.area_id, year=forum.year, manual=manual)[0](
        forum_pagu(forum)
    )


RankRow = tuple[int, str, Decimal, int, int, str, str]
Ranker = Callable[[Decimal | None], Ranking]
RANK_COLUMNS = (
    "pk",
    "code",
    "estimated_cost",
    "beneficiaries",
    "support_count",
    "village_id",
    "indicator",
)


def _rank_row(p: Proposal) -> RankRow:
    return (
        p.pk,
        p.code,
        p.estimated_cost,
        p.beneficiaries,
        p.support_count,
        p.village_id,
        p.indicator,
    )


def _rank(
    *groups: list[RankRow], area_code: str, year: int, manual: dict[int, Any]
) -> list[Ranker]:
    """Return, per group of rows, a function ranking it under a given pagu.

    The kabupaten's criteria and the indicator statuses are read once for
    all groups.
    """
    criteria = criteria_for(area_code)
    statuses: dict[tuple[str, str], str | None] = {}
    if any(c.basis == CriterionBasis.INDICATOR for c in criteria):
        statuses = indicator_statuses({(r[5], r[6]) for rows in groups for r in rows if r[6]}, year)
    specs = [ranking.CriterionSpec(str(c.pk), c.basis, c.weight) for c in criteria]

    def ranker(rows: list[RankRow]) -> Ranker:
        items = [
            ranking.Item(
                pk=pk,
                code=code,
                cost=cost,
                beneficiaries=beneficiaries,
                supports=supports,
                indicator_status=statuses.get((village, indicator)),
                manual=manual.get(pk) or {},
            )
            for pk, code, cost, beneficiaries, supports, village, indicator in rows
        ]
        return lambda pagu: ranking.rank(items, specs, pagu)

    return [ranker(rows) for rows in groups]


@dataclass
class OpdRanking:
    """One OPD's table at the kabupaten: its pagu, what it already accepted, the ranking."""

    opd: PerangkatDaerah
    pagu: Decimal | None
    accepted: Decimal
    result: Ranking
    proposals: dict[int, Proposal]

    @property
    def available(self) -> Decimal | None:
        """Return the pagu left for the proposals still waiting (never below 0)."""
        return None if self.pagu is None else max(self.pagu - self.accepted, Decimal(0))

    @property
    def rows(self) -> list[tuple[ranking.Ranked, Proposal]]:
        return [(row, self.proposals[row.item.pk]) for row in self.result.rows]


OPD_RULE = _(
    "Per perangkat daerah: usulan yang sudah diterima OPD memakai pagu OPD lebih dahulu; "
    "sisa pagu dibagi menurut peringkat usulan yang menunggu jawaban."
)


def opd_rankings(
    *, kabupaten: str, year: int, opds: QuerySet[PerangkatDaerah] | None = None
) -> list[OpdRanking]:
    """Rank, per OPD of *kabupaten* (or of *opds*), the proposals waiting for its answer.

    Each OPD's list is ranked on its own (criteria of the kabupaten, manual
    scores of the kabupaten forum) under Bappeda's pagu indikatif of that OPD
    for *year*, less the cost of the proposals the OPD already accepted.
    """
    opd_list = list(
        opds if opds is not None else PerangkatDaerah.objects.filter(kabupaten_id=kabupaten)
    )
    pagus = dict(
        OpdPagu.objects.filter(opd__in=opd_list, year=year).values_list("opd_id", "amount")
    )
    accepted = dict(
        Proposal.objects.filter(year=year, opd__in=opd_list, stage=Stage.OPD_ACCEPTED)
        .values_list("opd_id")
        .annotate(s=Sum("estimated_cost"))
        .values_list("opd_id", "s")
    )
    waiting: dict[int, dict[int, Proposal]] = {o.pk: {} for o in opd_list}
    for p in (
        Proposal.objects.filter(year=year, opd__in=opd_list, stage=Stage.KABUPATEN)
        .select_related("kegiatan", "opd")
        .defer("proposer", "description")
        .order_by("pk")
    ):
        waiting[p.opd_id or 0][p.pk] = p
    forum = forum_get(level=ForumLevel.KABUPATEN, area=kabupaten, year=year)
    manual = (
        dict(ForumEntry.objects.filter(forum=forum).values_list("proposal_id", "scores"))
        if forum
        else {}
    )
    rankers = _rank(
        *[[_rank_row(p) for p in waiting[o.pk].values()] for o in opd_list],
        area_code=kabupaten,
        year=year,
        manual=manual,
    )
    out = []
    for opd, ranker in zip(opd_list, rankers, strict=True):
        pagu = pagus.get(opd.pk)
        done = accepted.get(opd.pk) or Decimal(0)
        available = None if pagu is None else max(pagu - done, Decimal(0))
        out.append(OpdRanking(opd, pagu, done, ranker(available), waiting[opd.pk]))
    return out


def forum_get(*, level: str, area: Area | str, year: int) -> Forum | None:
    """Return the *level* forum of *area* for *year*, if opened."""
    code = area if isinstance(area, str) else area.code
    return Forum.objects.filter(level=level, area_id=code, year=year).first()


def proposal_similar(
    *, village: Area | str, year: int, kegiatan: Kegiatan, title: str, exclude: int | None = None
) -> list[Proposal]:
    """Return earlier proposals of the village and year that look like the same request.

    Same sub-bidang and at least half of the title's words in common
    (Jaccard index of the lower-cased words of 3+ letters).
    """
    code = village if isinstance(village, str) else village.code
    words = _words(title)
    if not words:
        return []
    candidates = (
        Proposal.objects.filter(
            village_id=code, year=year, kegiatan__sub_bidang=kegiatan.sub_bidang
        )
        .exclude(stage__in=(Stage.DUPLICATE, Stage.WITHDRAWN))
        .exclude(pk=exclude or 0)
        .only("pk", "code", "title", "stage", "support_count")
    )
    out = []
    for p in candidates:
        other = _words(p.title)
        if other and len(words & other) / len(words | other) >= SIMILARITY:
            out.append(p)
    return out


SIMILARITY = 0.5


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) >= 3}


def proposal_get_for_user(*, user: Any, pk: int, perm: str) -> Proposal:
    """Return proposal *pk* if its village is in *user*'s area for *perm* (404 otherwise)."""
    qs = access.scoped(Proposal.objects.select_related("kegiatan", "opd"), user, perm, "village")
    return get_object_or_404(qs, pk=pk)


def proposals_for_user(*, user: Any, perm: str, year: int) -> QuerySet[Proposal]:
    """Return the proposals of *year* in *user*'s area for *perm*."""
    return access.scoped(
        Proposal.objects.filter(year=year).select_related("kegiatan", "opd"),
        user,
        perm,
        "village",
    ).order_by("village_id", "pk")


def proposal_public(code: str) -> Proposal | None:
    """Return the proposal with public *code* for the tracking page (no personal data read)."""
    return (
        Proposal.objects.filter(code=code.strip().upper())
        .select_related("kegiatan", "opd", "merged_into", "merged_into__opd")
        .defer("proposer", "description")
        .first()
    )


def proposals_of_resident(resident: Resident) -> QuerySet[Proposal]:
    """Return the proposals *resident* made, newest first."""
    return Proposal.objects.filter(proposer=resident).order_by("-created_at")


def proposal_of_resident(resident: Resident, code: str) -> Proposal | None:
    """Return *resident*'s own proposal with public *code* (None when not theirs)."""
    return (
        Proposal.objects.select_related("kegiatan")
        .filter(proposer=resident, code=code.strip().upper())
        .first()
    )


def answerable_opds(user: Any) -> QuerySet[PerangkatDaerah]:
    """Return the OPDs *user* answers for: those of their acting office in their kabupaten."""
    role = access.acting_role(user)
    if (
        role is None
        or not role.office
        or role.area_id is None
        or not access.has_perm(user, Perm.PLANNING_ANSWER)
    ):
        return PerangkatDaerah.objects.none()
    return PerangkatDaerah.objects.filter(
        kabupaten_id=kabupaten_code(role.area_id), office=role.office
    )


def opd_queue(*, opds: QuerySet[PerangkatDaerah], year: int) -> QuerySet[Proposal]:
    """Return the proposals of *year* mapped to *opds*, waiting ones first."""
    return (
        Proposal.objects.filter(year=year, opd__in=opds)
        .exclude(stage=Stage.MERGED)
        .select_related("kegiatan", "opd")
        .order_by("-stage", "village_id", "pk")
    )


def forum_month_ok(forum: Forum) -> bool:
    """Tell whether *forum* is held in the month the kabupaten's calendar sets for its level."""
    if forum.held_on is None:
        return True
    setup = setup_for(forum.area_id)
    return (
        forum.held_on.month == setup.month_of(forum.level) and forum.held_on.year == forum.year - 1
    )


def calendar_dates(area_code: str, year: int) -> dict[str, dt.date]:
    """Return the first day of each level's musrenbang month for plan *year* (held the year before)."""
    setup = setup_for(area_code)
    return {level: dt.date(year - 1, setup.month_of(level), 1) for level in ForumLevel.values}


def tracking_context(proposal: Proposal) -> dict[str, Any]:
    """Return what the public tracking page shows: the proposal's path, never a person.

    A merged or duplicate proposal shows the one carried on, and its answer.
    """
    carried = proposal.merged_into
    final = carried or proposal
    return {
        "proposal": proposal,
        "carried": carried,
        "final": final,
        "events": list(
            proposal.events.order_by("created_at", "pk").values("stage", "note", "created_at")
        ),
        "carried_events": list(
            carried.events.order_by("created_at", "pk").values("stage", "note", "created_at")
        )
        if carried
        else [],
        "village": Area.objects.filter(code=proposal.village_id)
        .values_list("name", flat=True)
        .first(),
        "photos": proposal.photos.count(),
        "stages": Stage.choices,
    }


def open_for_support(
    *, village: Area, year: int, resident: Resident
) -> list[tuple[Proposal, bool]]:
    """Return the village's proposals still before the musrenbang, with whether *resident* supports each."""
    proposals = list(
        Proposal.objects.filter(village=village, year=year, stage=Stage.SUBMITTED)
        .select_related("kegiatan")
        .order_by("-support_count", "pk")[:100]
    )
    supported = set(
        ProposalSupport.objects.filter(resident=resident, proposal__in=proposals).values_list(
            "proposal_id", flat=True
        )
    )
    return [(p, p.pk in supported) for p in proposals]


def proposal_for_opds(*, opds: QuerySet[PerangkatDaerah], pk: int) -> Proposal:
    """Return proposal *pk* if it is mapped to one of *opds* (404 otherwise: not theirs to see)."""
    return get_object_or_404(
        Proposal.objects.select_related("kegiatan", "opd").filter(opd__in=opds), pk=pk
    )


@dataclass
class VillageSummary:
    area: Area
    proposals: int
    accepted: int
    forwarded: int
    rkpdes_total: Decimal
    pagu: Decimal | None
    share: Share | None = None


def village_summaries(*, area: Area, year: int) -> list[VillageSummary]:
    """Return per village of *area*: proposals, accepted, forwarded, RKP Desa total and pagu.

    ``share`` is the village's accommodated share as the indicator engine's
    facts hold it (what the kecamatan and kabupaten figures add up).
    """
    villages = list(
        Area.objects.filter(code__within=area.code, level="desa_kelurahan").order_by("code")
    )
    counts: dict[str, dict[str, int]] = {}
    for village, stage, n in (
        Proposal.objects.filter(year=year, village__within=area.code)
        .values_list("village_id", "stage")
        .annotate(n=Count("pk"))
    ):
        counts.setdefault(village, {})[stage] = n
    totals = dict(
        RkpdesActivity.objects.filter(year=year, village__within=area.code)
        .values_list("village_id")
        .annotate(s=Sum("indicative_cost"))
        .values_list("village_id", "s")
    )
    pagus = dict(
        Pagu.objects.filter(year=year, area__within=area.code).values_list("area_id", "amount")
    )
    facts = accommodation_facts(area_code=area.code, year=year, length=VILLAGE_CODE_LENGTH)
    out = []
    for v in villages:
        c = counts.get(v.code, {})
        out.append(
            VillageSummary(
                area=v,
                proposals=sum(
                    n for s, n in c.items() if s not in (Stage.DUPLICATE, Stage.WITHDRAWN)
                ),
                accepted=sum(c.get(s, 0) for s in ACCOMMODATED_STAGES),
                forwarded=sum(n for s, n in c.items() if s in FORWARDED_STAGES),
                rkpdes_total=totals.get(v.code) or Decimal(0),
                pagu=pagus.get(v.code),
                share=_share(v.name, facts.get(v.code)),
            )
        )
    return out


FORWARDED_STAGES = (
    Stage.KECAMATAN,
    Stage.MERGED,
    Stage.KECAMATAN_REJECTED,
    Stage.KABUPATEN,
    Stage.OPD_ACCEPTED,
    Stage.OPD_REFUSED,
)


@dataclass
class Share:
    label: str
    total: int
    accommodated: int

    @property
    def percent(self) -> float | None:
        return None if not self.total else 100 * self.accommodated / self.total


ACCOMMODATED = "perencanaan.usulan_terakomodasi"


def accommodation_facts(*, area_code: str, year: int, length: int) -> dict[str, tuple[int, int]]:
    """Return {area prefix: (accommodated, proposals)} of plan *year* under *area_code*.

    Read from the indicator engine's facts (``perencanaan.usulan_terakomodasi``,
    numerator and denominator per village summed up to areas of code *length*).
    """
    period = Period(PeriodType.YEAR, dt.date(year, 1, 1))
    sums = fact_sums(codes=[ACCOMMODATED], periods=[period], within=area_code, length=length)
    return {area: value for (_c, _t, _s, area), value in sums.items()}


def _share(label: str, fact: tuple[int, int] | None) -> Share:
    accommodated, total = fact or (0, 0)
    return Share(label, total, accommodated)


def accommodation(*, area_code: str, year: int) -> list[Share]:
    """Return per kecamatan of the kabupaten *area_code*: proposals and how many were accommodated.

    The engine's facts summed per kecamatan: proposals not folded into
    another nor withdrawn (duplicates and merged ones count through the
    proposal carried on); accommodated: accepted into the RKP Desa or by an OPD.
    """
    names = dict(
        Area.objects.filter(code__within=area_code, level="kecamatan").values_list("code", "name")
    )
    facts = accommodation_facts(area_code=area_code, year=year, length=KECAMATAN_CODE_LENGTH)
    return [_share(name, facts.get(code)) for code, name in sorted(names.items())]


def accommodation_by_opd(*, kabupaten: str, year: int) -> list[Share]:
    """Return per OPD: proposals forwarded to it and how many it accepted into its Renja."""
    out = []
    for opd in (
        PerangkatDaerah.objects.filter(kabupaten_id=kabupaten)
        .annotate(
            total=Count(
                "proposals",
                filter=Q(
                    proposals__year=year,
                    proposals__stage__in=(Stage.KABUPATEN, Stage.OPD_ACCEPTED, Stage.OPD_REFUSED),
                ),
            ),
            accepted=Count(
                "proposals", filter=Q(proposals__year=year, proposals__stage=Stage.OPD_ACCEPTED)
            ),
        )
        .order_by("code")
    ):
        out.append(Share(opd.name, opd.total, opd.accepted))
    return out
