"""The IID formula (domain.md §7.2), pure: no database, every number from a ``Method``.

    SPD   = Σ_{i=1..15} skor_i                 (skor = parameter 1-3 x bobot)
    SID   = [Σ_{j=1..n} Σ_{i=16..35} skor_{i,j}] / MAX(divisor_min, n) + skor jumlah inovasi
    total = SPD + SID
    IID   = total / total maksimum x 100      (2 decimals, half up) -> predikat

Rules taken from the method and the guidance:

* An indicator scores only when a parameter is chosen *and* it is proven
  (has evidence that the verifier has not rejected); else 0.
* An innovation missing a proven mandatory indicator scores 0 but still
  counts in n (rejected innovations count in the divisor), and is not counted
  in the count score.
* Count score = min(qualifying innovations, cap) x weight, capped at the
  maximum; 0 when the method asks for innovations in a minimum number of
  urusan wajib pelayanan dasar and they are not covered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Method:
    divisor_min: int
    count_weight: Decimal
    count_cap: int
    count_max: Decimal
    total_max: Decimal
    bands: tuple[tuple[Decimal, str], ...]  # (lowest IID, label), highest band first
    below_bands: str = "Tidak Dapat Dinilai"
    min_basic_urusan: int = 0
    basic_urusan: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Row:
    """One indicator answer as the formula sees it."""

    label: str
    weight: Decimal
    mandatory: bool = False
    parameter: int | None = None
    proven: bool = True

    @property
    def score(self) -> Decimal:
        if not self.parameter or not self.proven:
            return ZERO
        return self.weight * self.parameter


@dataclass(frozen=True)
class InnovationInput:
    key: object
    rows: tuple[Row, ...]
    urusan: str = ""


@dataclass(frozen=True)
class InnovationScore:
    key: object
    raw: Decimal  # Σ of its rows' scores
    missing_mandatory: tuple[str, ...]

    @property
    def qualifies(self) -> bool:
        return not self.missing_mandatory

    @property
    def score(self) -> Decimal:
        return self.raw if self.qualifies else ZERO


@dataclass(frozen=True)
class RegionScore:
    spd: Decimal
    innovations: tuple[InnovationScore, ...]
    n: int
    divisor: int
    sid_sum: Decimal
    sid_average: Decimal
    qualifying: int
    basic_urusan_covered: int
    count_score: Decimal
    sid: Decimal
    total: Decimal
    iid: Decimal
    predicate: str
    notes: tuple[str, ...] = field(default=())


def innovation_score(item: InnovationInput) -> InnovationScore:
    """Score one innovation's SID rows (0 when a mandatory indicator is not proven)."""
    missing = tuple(r.label for r in item.rows if r.mandatory and r.score == ZERO)
    return InnovationScore(item.key, sum((r.score for r in item.rows), ZERO), missing)


def predicate(method: Method, iid: Decimal) -> str:
    """Return the band of *iid* (already rounded to 2 decimals)."""
    for lowest, label in method.bands:
        if iid >= lowest:
            return label
    return method.below_bands


def region_score(
    method: Method, spd_rows: Iterable[Row], innovations: Sequence[InnovationInput]
) -> RegionScore:
    """Return every step of the region's IID."""
    spd = sum((r.score for r in spd_rows), ZERO)
    scored = tuple(innovation_score(i) for i in innovations)
    n = len(scored)
    divisor = max(method.divisor_min, n)
    sid_sum = sum((s.score for s in scored), ZERO)
    sid_average = sid_sum / divisor if divisor else ZERO
    qualifying = [i for i, s in zip(innovations, scored, strict=True) if s.qualifies]
    covered = len({i.urusan for i in qualifying} & method.basic_urusan)
    count_score = min(
        min(len(qualifying), method.count_cap) * method.count_weight, method.count_max
    )
    notes: list[str] = []
    if method.min_basic_urusan and covered < method.min_basic_urusan:
        count_score = ZERO
        notes.append("basic_urusan")
    sid = sid_average + count_score
    total = spd + sid
    iid = (total / method.total_max * 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return RegionScore(
        spd=spd,
        innovations=scored,
        n=n,
        divisor=divisor,
        sid_sum=sid_sum,
        sid_average=sid_average,
        qualifying=len(qualifying),
        basic_urusan_covered=covered,
        count_score=count_score,
        sid=sid,
        total=total,
        iid=iid,
        predicate=predicate(method, iid),
        notes=tuple(notes),
    )
