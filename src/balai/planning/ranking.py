"""Scoring and ranking of proposals under a pagu (pure functions, no queries).

Score: each criterion gives 1-5; the proposal's score is the weighted mean
Σ(weight x value) / Σweight. Automatic criteria:

* beneficiaries: 1 + 4 x (b - min) / (max - min) over the forum's proposals;
* cost: the same on the cost, reversed (cheapest 5, dearest 1);
* indicator: 5 when the proposal's linked indicator is not met in its
  village, 3 when near the target, 1 otherwise;
* manual: the value the forum entered (0 while not scored).

Order: score, then supports, then lower cost, then code. Pagu rule (CONSUL's
"winners per heading"): walk the order and accept each proposal whose cost
still fits the remaining pagu; skip the ones that do not, and go on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from balai.planning.models import CriterionBasis

RULE = _(
    "Urut menurut nilai tertimbang (lalu dukungan terbanyak, lalu biaya terendah); "
    "usulan diterima selama biayanya masih muat dalam sisa pagu, yang tidak muat dilewati."
)
THREE = Decimal("0.001")


@dataclass(frozen=True)
class CriterionSpec:
    key: str
    basis: str
    weight: int


@dataclass(frozen=True)
class Item:
    """What ranking needs of one proposal."""

    pk: int
    code: str
    cost: Decimal
    beneficiaries: int
    supports: int
    indicator_status: str | None = None
    manual: Mapping[str, int] = field(default_factory=dict)


@dataclass
class Ranked:
    item: Item
    values: dict[str, Decimal]
    score: Decimal
    rank: int = 0
    fits: bool = False


@dataclass
class Ranking:
    rows: list[Ranked]
    pagu: Decimal | None
    used: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return None if self.pagu is None else self.pagu - self.used

    @property
    def rule(self) -> str:
        return str(RULE)


def _scale(value: Decimal, low: Decimal, high: Decimal, *, reverse: bool = False) -> Decimal:
    if high == low:
        return Decimal(3)
    ratio = (value - low) / (high - low)
    if reverse:
        ratio = 1 - ratio
    return (1 + 4 * ratio).quantize(THREE, rounding=ROUND_HALF_UP)


INDICATOR_VALUES = {"not_met": Decimal(5), "near": Decimal(3)}


def rank(items: Sequence[Item], criteria: Iterable[CriterionSpec], pagu: Decimal | None) -> Ranking:
    """Score, order and fit *items* under *pagu* (None: no pagu, nothing is marked as fitting)."""
    criteria = list(criteria)
    if items:
        costs = [i.cost for i in items]
        bens = [Decimal(i.beneficiaries) for i in items]
        cost_lo, cost_hi, ben_lo, ben_hi = min(costs), max(costs), min(bens), max(bens)
    total_weight = sum(c.weight for c in criteria) or 1
    rows: list[Ranked] = []
    for item in items:
        values: dict[str, Decimal] = {}
        for c in criteria:
            if c.basis == CriterionBasis.BENEFICIARIES:
                values[c.key] = _scale(Decimal(item.beneficiaries), ben_lo, ben_hi)
            elif c.basis == CriterionBasis.COST:
                values[c.key] = _scale(item.cost, cost_lo, cost_hi, reverse=True)
            elif c.basis == CriterionBasis.INDICATOR:
                values[c.key] = INDICATOR_VALUES.get(item.indicator_status or "", Decimal(1))
            else:
                values[c.key] = Decimal(item.manual.get(c.key, 0))
        weighted = sum((values[c.key] * c.weight for c in criteria), Decimal(0))
        rows.append(Ranked(item, values, (weighted / total_weight).quantize(THREE, ROUND_HALF_UP)))
    rows.sort(key=lambda r: (-r.score, -r.item.supports, r.item.cost, r.item.code))
    used = Decimal(0)
    for position, row in enumerate(rows, start=1):
        row.rank = position
        if pagu is not None and used + row.item.cost <= pagu:
            row.fits = True
            used += row.item.cost
    return Ranking(rows=rows, pagu=pagu, used=used)
