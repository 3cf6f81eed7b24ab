"""Reads of the innovation module: scoped lists, completeness, the IID and its simulation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.innovation import scoring
from balai.innovation.models import (
    BASIC_URUSAN,
    Answer,
    Aspect,
    Assessment,
    Innovation,
    InnovationStatus,
    Review,
    RuleSet,
    Tahapan,
)


def method_of(rule_set: RuleSet) -> scoring.Method:
    """Return the rule set as the pure formula's ``Method``."""
    return scoring.Method(
        divisor_min=rule_set.divisor_min,
        count_weight=Decimal(rule_set.count_weight),
        count_cap=rule_set.count_cap,
        count_max=Decimal(rule_set.count_max),
        total_max=Decimal(rule_set.total_max),
        bands=tuple((Decimal(str(low)), str(label)) for low, label in rule_set.bands),
        below_bands=rule_set.below_bands,
        min_basic_urusan=rule_set.min_basic_urusan,
        basic_urusan=frozenset(str(u) for u in BASIC_URUSAN),
    )


# ---- lists -----------------------------------------------------------------------


def innovation_list(*, user: Any) -> QuerySet[Innovation]:
    """Innovations the user may see (their area and below)."""
    return access.scoped(
        Innovation.objects.select_related("assessment__rule_set", "area"),
        user,
        Perm.INNOVATION_VIEW,
    )


def innovation_get_for_user(*, user: Any, pk: int) -> Innovation:
    return access.get_in_scope(
        Innovation.objects.select_related("assessment__rule_set", "assessment__kabupaten", "area"),
        user,
        Perm.INNOVATION_VIEW,
        pk=pk,
        message=_("Inovasi tidak ditemukan."),
    )


def assessments_for_user(*, user: Any) -> QuerySet[Assessment]:
    """Rounds of the kabupaten the user's area lies in (or under, for a province/national role)."""
    role = access.acting_role(user)
    qs = Assessment.objects.select_related("rule_set", "kabupaten")
    code = getattr(role, "scope_code", None)
    if code is None:
        return qs
    kabupaten = ".".join(code.split(".")[:2])
    return (
        qs.filter(kabupaten__code__within=kabupaten)
        if "." in kabupaten
        else qs.filter(kabupaten__code__within=code)
    )


def answers_of(innovation: Innovation) -> list[Answer]:
    return list(
        innovation.answers.select_related("indicator", "reviewed_by").prefetch_related("evidence")
    )


@dataclass(frozen=True)
class Completeness:
    filled: int  # parameter and evidence
    total: int
    mandatory_missing: tuple[str, ...]

    @property
    def percent(self) -> int:
        return round(100 * self.filled / self.total) if self.total else 0

    @property
    def ready(self) -> bool:
        return not self.mandatory_missing


def completeness(answers: Iterable[Answer]) -> Completeness:
    """Return how much of an innovation's SID is filled (parameter with evidence)."""
    rows = list(answers)
    filled = [a for a in rows if a.parameter and a.evidence.all()]
    missing = tuple(
        a.indicator.label
        for a in rows
        if a.indicator.mandatory and not (a.parameter and a.evidence.all())
    )
    return Completeness(len(filled), len(rows), missing)


# ---- scoring -----------------------------------------------------------------------


def scored_innovations(assessment: Assessment) -> QuerySet[Innovation]:
    """The innovations that enter the score: applied (penerapan) and reported."""
    return assessment.innovations.filter(tahapan=Tahapan.PENERAPAN).exclude(
        status=InnovationStatus.DRAFT
    )


Override = dict[int, tuple[int | None, bool]]  # answer pk -> (parameter, proven)


@dataclass(frozen=True)
class IidResult:
    assessment: Assessment
    score: scoring.RegionScore
    innovations: dict[int, Innovation]

    def innovation_score(self, pk: int) -> Decimal:
        for s in self.score.innovations:
            if s.key == pk:
                return s.score
        return Decimal(0)


def iid(assessment: Assessment, *, overrides: Override | None = None) -> IidResult:
    """Compute the round's IID from the answers (with *overrides* for a simulation)."""
    overrides = overrides or {}
    indicators = {i.pk: i for i in assessment.rule_set.indicators.all()}
    # Plain tuples, one query: a round of 600 innovations has 12,000 answers.
    answers = (
        Answer.objects.filter(assessment=assessment)
        .filter(Q(innovation__isnull=True) | Q(innovation__in=scored_innovations(assessment)))
        .annotate(_evidence=Count("evidence"))
        .order_by("innovation_id", "indicator__number", "indicator__sub")
        .values_list("pk", "innovation_id", "indicator_id", "parameter", "review", "_evidence")
    )
    spd: list[scoring.Row] = []
    by_innovation: dict[int, list[scoring.Row]] = defaultdict(list)
    for pk, innovation_id, indicator_id, parameter, review, evidence in answers:
        ind = indicators[indicator_id]
        proven = evidence > 0 and review != Review.REJECTED
        parameter, proven = overrides.get(pk, (parameter, proven))
        row = scoring.Row(ind.label, Decimal(ind.weight), ind.mandatory, parameter, proven)
        if innovation_id is None:
            if ind.aspect == Aspect.SPD:
                spd.append(row)
        else:
            by_innovation[innovation_id].append(row)
    innovations = {i.pk: i for i in scored_innovations(assessment).select_related("area")}
    inputs = [
        scoring.InnovationInput(pk, tuple(by_innovation.get(pk, ())), i.urusan)
        for pk, i in sorted(innovations.items())
    ]
    score = scoring.region_score(method_of(assessment.rule_set), spd, inputs)
    return IidResult(assessment, score, innovations)


@dataclass(frozen=True)
class RankRow:
    owner: str
    kind: str
    applied: int
    qualifying: int
    score_sum: Decimal
    best: Decimal


def ranking(result: IidResult) -> list[RankRow]:
    """Owners (offices, kecamatan, villages) by the SID points their innovations bring."""
    groups: dict[tuple[str, str], list[scoring.InnovationScore]] = defaultdict(list)
    for s in result.score.innovations:
        inn = result.innovations[int(str(s.key))]
        groups[(inn.owner_label, str(inn.get_owner_kind_display()))].append(s)
    rows = [
        RankRow(
            owner=owner,
            kind=kind,
            applied=len(scores),
            qualifying=sum(1 for s in scores if s.qualifies),
            score_sum=sum((s.score for s in scores), Decimal(0)),
            best=max((s.score for s in scores), default=Decimal(0)),
        )
        for (owner, kind), scores in groups.items()
    ]
    return sorted(rows, key=lambda r: (-r.score_sum, -r.applied, r.owner))


def pending_reviews(assessment: Assessment) -> QuerySet[Innovation]:
    return assessment.innovations.filter(status=InnovationStatus.SUBMITTED).order_by("submitted_at")


# ---- public catalogue -----------------------------------------------------------------


def catalogue(*, q: str = "", urusan: str = "", owner: str = "") -> QuerySet[Innovation]:
    """Applied innovations that were reported, for everyone (no personal data)."""
    qs = (
        Innovation.objects.filter(tahapan=Tahapan.PENERAPAN)
        .exclude(status=InnovationStatus.DRAFT)
        .select_related("area", "assessment__rule_set")
        .order_by("name", "pk")
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(benefits__icontains=q) | Q(aims__icontains=q))
    if urusan:
        qs = qs.filter(urusan=urusan)
    if owner:
        qs = qs.filter(Q(office=owner) | Q(area_id=owner))
    return qs
