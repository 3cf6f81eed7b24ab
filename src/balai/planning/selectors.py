"""Reads of the planning module: the kegiatan list, plans and their consistency."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db.models import QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.areacodes import kabupaten_code
from balai.planning import ranking
from balai.planning.models import (
    Criterion,
    CriterionBasis,
    Forum,
    ForumEntry,
    ForumLevel,
    Kegiatan,
    Pagu,
    PerangkatDaerah,
    PlanningSetup,
    Proposal,
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
        qs = qs.exclude(stage=Stage.DUPLICATE)
    elif forum.level == ForumLevel.KECAMATAN:
        qs = qs.exclude(
            stage__in=(Stage.SUBMITTED, Stage.DUPLICATE, Stage.DESA_ACCEPTED, Stage.DESA_REJECTED)
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
    """Score and rank *forum*'s pending proposals under its pagu (``ranking.rank``)."""
    items = proposals if proposals is not None else list(forum_proposals(forum))
    criteria = criteria_for(forum.area_id)
    manual = dict(ForumEntry.objects.filter(forum=forum).values_list("proposal_id", "scores"))
    statuses: dict[tuple[str, str], str | None] = {}
    if any(c.basis == CriterionBasis.INDICATOR for c in criteria):
        statuses = indicator_statuses(
            {(p.village_id, p.indicator) for p in items if p.indicator}, forum.year
        )
    return ranking.rank(
        [
            ranking.Item(
                pk=p.pk,
                code=p.code,
                cost=p.estimated_cost,
                beneficiaries=p.beneficiaries,
                supports=p.support_count,
                indicator_status=statuses.get((p.village_id, p.indicator)),
                manual=manual.get(p.pk) or {},
            )
            for p in items
        ],
        [ranking.CriterionSpec(str(c.pk), c.basis, c.weight) for c in criteria],
        forum_pagu(forum),
    )


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
        .exclude(stage=Stage.DUPLICATE)
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
