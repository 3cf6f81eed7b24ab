"""SKM per service unit, with the minimum sample of PermenPANRB 14/2017.

A village's service units are its letter service and its complaint handling
(``ServiceKind``). Each unit's IKM is reported beside its population (the
services it finished in the period) and the minimum number of answers for
that population; a unit below the minimum is flagged.

The minimum sample follows the Krejcie and Morgan (1970) table that the
PermenPANRB 14/2017 guideline refers to (2nd-hand: the guideline's own
lampiran was not read here, see domain.md §8.3). The table is data: rows
``(population, sample)``; a population between rows takes the next row up.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from balai.complaints.dashboards import SkmRow, period_range
from balai.complaints.models import SKM_FIELDS, Complaint, ServiceKind, SurveyResponse
from balai.regions.models import Area

KREJCIE_MORGAN: tuple[tuple[int, int], ...] = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40),
    (50, 44), (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70),
    (90, 73), (95, 76), (100, 80), (110, 86), (120, 92), (130, 97), (140, 103),
    (150, 108), (160, 113), (170, 118), (180, 123), (190, 127), (200, 132), (210, 136),
    (220, 140), (230, 144), (240, 148), (250, 152), (260, 155), (270, 159), (280, 162),
    (290, 165), (300, 169), (320, 175), (340, 181), (360, 186), (380, 191), (400, 196),
    (420, 201), (440, 205), (460, 210), (480, 214), (500, 217), (550, 226), (600, 234),
    (650, 242), (700, 248), (750, 254), (800, 260), (850, 265), (900, 269), (950, 274),
    (1000, 278), (1100, 285), (1200, 291), (1300, 297), (1400, 302), (1500, 306),
    (1600, 310), (1700, 313), (1800, 317), (1900, 320), (2000, 322), (2200, 327),
    (2400, 331), (2600, 335), (2800, 338), (3000, 341), (3500, 346), (4000, 351),
    (4500, 354), (5000, 357), (6000, 361), (7000, 364), (8000, 367), (9000, 368),
    (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381),
    (75000, 382), (1000000, 384),
)  # fmt: skip
_POPULATIONS = [n for n, _s in KREJCIE_MORGAN]

UNIT_LABELS = {
    ServiceKind.LETTER: _("Pelayanan surat desa"),
    ServiceKind.COMPLAINT: _("Penanganan pengaduan"),
    ServiceKind.ONESTOP: _("Pelayanan di loket (MPP, PATEN, desa)"),
}


def krejcie_morgan(
    population: int, *, chi2: float = 3.841, p: float = 0.5, d: float = 0.05
) -> float:
    """Return the Krejcie-Morgan sample size formula's value for *population*."""
    n = population
    return chi2 * n * p * (1 - p) / (d * d * (n - 1) + chi2 * p * (1 - p))


def minimum_sample(population: int) -> int:
    """Return the minimum number of SKM answers for a unit that served *population*."""
    if population <= 0:
        return 0
    if population < KREJCIE_MORGAN[0][0]:
        return population
    index = bisect_left(_POPULATIONS, population)
    return KREJCIE_MORGAN[min(index, len(KREJCIE_MORGAN) - 1)][1]


@dataclass
class UnitRow:
    """One service unit's SKM in an area and period."""

    unit: str
    label: str
    skm: SkmRow
    population: int

    @property
    def minimum(self) -> int:
        return minimum_sample(self.population)

    @property
    def below_minimum(self) -> bool:
        """Tell whether the unit has fewer answers than its minimum sample."""
        return self.skm.responses < self.minimum


# Each service unit's population (services it finished in an area and period):
# the unit's own app registers a counter, so complaints need not import them.
PopulationCounter = Callable[[str, datetime, datetime], int]
_population_counters: dict[str, PopulationCounter] = {}


def register_population(unit: str, counter: PopulationCounter) -> None:
    """Count *unit*'s population with ``counter(area_code, start, end)`` (letters: its ready())."""
    _population_counters[unit] = counter


def _complaints_population(area_code: str, start: datetime, end: datetime) -> int:
    return Complaint.objects.filter(
        area__within=area_code, resolved_at__gte=start, resolved_at__lt=end
    ).count()


register_population(ServiceKind.COMPLAINT, _complaints_population)


def _populations(area: Area, year: int, period: str) -> dict[str, int]:
    start, end = period_range(year, period)
    counts = {
        unit: counter(area.code, start, end) for unit, counter in _population_counters.items()
    }
    return {unit: counts.get(unit, 0) for unit in UNIT_LABELS}


def skm_by_unit(*, area: Area, year: int, period: str = "year") -> list[UnitRow]:
    """Return each service unit's SKM sums, population and minimum sample in *area*."""
    start, end = period_range(year, period)
    grouped = (
        SurveyResponse.objects.filter(
            area__within=area.code, submitted_at__gte=start, submitted_at__lt=end
        )
        .values("service_kind")
        .order_by()
        .annotate(responses=Count("id"), **{name: Sum(name) for name in SKM_FIELDS})
    )
    sums: dict[str, SkmRow] = {
        unit: SkmRow(unit, str(label)) for unit, label in UNIT_LABELS.items()
    }
    for values in grouped:
        row = sums[values["service_kind"]]
        row.add(values)
        # Per unit the IKM comes from these sums: every score given, nine per response.
        row.score_sum = sum(row.element_sums.values())
        row.score_count = row.responses * len(SKM_FIELDS)
    populations = _populations(area, year, period)
    return [
        UnitRow(unit=unit, label=row.name, skm=row, population=populations[unit])
        for unit, row in sums.items()
    ]
