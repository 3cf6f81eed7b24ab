"""Population counts per area: live for dusun/RW/RT, from cached village rows above.

Design (the summary is never stale):

* One ``PopulationSummary`` row per village holds the counts of its living
  residents per dimension, value and sex, computed on one day (ages depend on
  the day, so a row from an earlier day is recomputed).
* Every registry write calls :func:`invalidate` with the village codes it
  touched, inside its own transaction (``services._event`` does it for every
  life event). It bumps the row's ``version``; a row is fresh only when
  ``computed_version == version`` and ``computed_on`` is today.
* A read of a village, kecamatan or kabupaten loads the fresh rows of its
  villages, recomputes the missing or stale ones in one grouped query per
  dimension, stores them only if nobody bumped the version meanwhile
  (conditional update), and sums them up the tree by code prefix.
* **Bulk writes that bypass the services (imports) must call**
  ``invalidate(codes_of_the_villages_written)`` in their transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.indicators.services import mark_changed
from balai.regions.models import Area, Level
from balai.registry import codes
from balai.registry.models import Resident
from balai.registry.selectors import AGE_BANDS, birth_range
from balai.registry.stats.models import PopulationSummary

VILLAGE_CODE_LENGTH = 13  # "73.22.03.2004"


@dataclass(frozen=True)
class Dimension:
    """One way to split the population: a resident field and its code list."""

    key: str
    label: Any
    field: str
    choices: list[tuple[int, Any]]


DIMENSIONS: list[Dimension] = [
    Dimension(
        "age",
        _("Kelompok umur"),
        "birth_date",
        [(i + 1, label) for i, (label, _lo, _hi) in enumerate(AGE_BANDS)],
    ),
    Dimension("education", _("Pendidikan dalam KK"), "education_kk", codes.EducationKK.choices),
    Dimension("occupation", _("Pekerjaan"), "occupation", codes.OCCUPATION_CHOICES),
    Dimension("religion", _("Agama"), "religion", codes.Religion.choices),
    Dimension("marital", _("Status perkawinan"), "marital_status", codes.MaritalStatus.choices),
    Dimension("disability", _("Disabilitas"), "disability", codes.Disability.choices),
    Dimension("insurance", _("Asuransi kesehatan"), "insurance", codes.Insurance.choices),
    Dimension("ektp", _("Kepemilikan KTP-el"), "ektp", codes.EKtp.choices),
    Dimension("ektp_record", _("Status rekam KTP-el"), "ektp_record", codes.EKtpRecord.choices),
]
DIMENSION_BY_KEY = {d.key: d for d in DIMENSIONS}
TOTAL = "total"
NOT_FILLED = 0  # value of residents with an empty field (no code list uses 0)

# {dimension: {value: [male, female]}}; TOTAL holds {0: [male, female]}.
Counts = dict[str, dict[int, list[int]]]


@dataclass
class AreaCounts:
    """Counts of living residents in one area on one day (numerators and denominator)."""

    code: str
    as_of: date
    counts: Counts = field(default_factory=dict)
    villages: int = 0

    def total(self) -> list[int]:
        """Return the denominator: [male, female] living residents."""
        return list(self.counts.get(TOTAL, {}).get(0, [0, 0]))


def village_code(code: str) -> str:
    """Return the village part of an area code at or below a village."""
    return code[:VILLAGE_CODE_LENGTH]


def invalidate(village_codes: Iterable[str]) -> None:
    """Mark the summaries of *village_codes* stale (codes below a village are accepted).

    Call it inside the transaction that changes the registry: the version bump
    commits with the change, so no reader can store a summary computed before it.
    """
    villages = sorted({village_code(c) for c in village_codes if len(c) >= VILLAGE_CODE_LENGTH})
    if not villages:
        return
    with transaction.atomic():
        PopulationSummary.objects.bulk_create(
            [PopulationSummary(area_id=c) for c in villages], ignore_conflicts=True
        )
        PopulationSummary.objects.filter(area_id__in=villages).update(version=F("version") + 1)
        for code in villages:
            mark_changed("registry.resident", code)


def age_band_expression(today: date) -> Case:
    """Return a SQL expression giving the age band index + 1 (0 without birth date)."""
    whens = [
        When(birth_range(label, today), then=Value(i + 1))
        for i, (label, _l, _h) in enumerate(AGE_BANDS)
    ]
    return Case(*whens, default=Value(NOT_FILLED), output_field=IntegerField())


def count_residents(
    residents: QuerySet[Resident], today: date, *, by_village: bool
) -> dict[str, Counts]:
    """Count living *residents* per dimension, value and sex (one grouped query each).

    Returns ``{group: counts}`` where group is the village code (*by_village*)
    or ``""``.
    """
    alive = residents.filter(status=codes.BasicStatus.ALIVE)
    group: Any = Substr("area_id", 1, VILLAGE_CODE_LENGTH) if by_village else Value("")
    result: dict[str, Counts] = {}
    for dim in [*DIMENSIONS, None]:
        if dim is None:
            value: Any = Value(0)
            key = TOTAL
        elif dim.key == "age":
            value, key = age_band_expression(today), dim.key
        else:
            value, key = F(dim.field), dim.key
        rows = (
            alive.annotate(g=group, v=value)
            .values("g", "sex", "v")
            .annotate(n=Count("id"))
            .values_list("g", "sex", "v", "n")
            .order_by()
        )
        for g, sex, v, n in rows:
            cell = (
                result.setdefault(g, {})
                .setdefault(key, {})
                .setdefault(NOT_FILLED if v is None else int(v), [0, 0])
            )
            cell[0 if sex == codes.Sex.MALE else 1] += n
    return result


def _merge(into: Counts, counts: Counts) -> None:
    for dim, values in counts.items():
        target = into.setdefault(dim, {})
        for value, (male, female) in values.items():
            cell = target.setdefault(value, [0, 0])
            cell[0] += male
            cell[1] += female


def _from_json(data: dict[str, dict[str, list[int]]]) -> Counts:
    return {dim: {int(v): list(mf) for v, mf in values.items()} for dim, values in data.items()}


def _to_json(counts: Counts) -> dict[str, dict[str, list[int]]]:
    return {dim: {str(v): mf for v, mf in values.items()} for dim, values in counts.items()}


def _ensure_fresh(area_code: str, today: date) -> tuple[dict[str, int], dict[str, Counts]]:
    """Recompute the missing or stale village rows at or below *area_code*.

    Returns every village's current version, and the counts just recomputed.
    Fresh rows are not loaded (their JSON is read only when needed).
    """
    villages = (
        [area_code]
        if len(area_code) == VILLAGE_CODE_LENGTH
        else list(
            Area.objects.filter(code__within=area_code, level=Level.DESA_KELURAHAN).values_list(
                "code", flat=True
            )
        )
    )
    meta = {
        code: (version, computed_version, computed_on)
        for code, version, computed_version, computed_on in PopulationSummary.objects.filter(
            area_id__within=area_code, fingerprint=""
        ).values_list("area_id", "version", "computed_version", "computed_on")
    }
    versions: dict[str, int] = {}
    stale: dict[str, int] = {}  # village -> version seen before counting
    for code in villages:
        version, computed_version, computed_on = meta.get(code, (0, None, None))
        versions[code] = version
        if computed_on != today or computed_version != version:
            stale[code] = version
    fresh: dict[str, Counts] = {}
    if stale:
        residents = Resident.objects.filter(area__within=area_code)
        if len(stale) <= MAX_OR_VILLAGES:
            residents = Resident.objects.filter(_any_within(list(stale)))
        counted = count_residents(residents, today, by_village=True)
        fresh = {code: counted.get(code, {}) for code in stale}
        _store(fresh, stale, set(meta), today)
    return versions, fresh


def village_counts(area_code: str, today: date | None = None) -> dict[str, Counts]:
    """Return the counts of every village at or below *area_code* (village or higher).

    Fresh summary rows are used as they are; missing or stale ones are
    recomputed together and stored unless a write bumped their version meanwhile.
    """
    today = today or timezone.localdate()
    versions, result = _ensure_fresh(area_code, today)
    rest = [code for code in versions if code not in result]
    for code, data in PopulationSummary.objects.filter(area_id__in=rest).values_list(
        "area_id", "counts"
    ):
        result[code] = _from_json(data)
    return result


MAX_OR_VILLAGES = 20


def _any_within(area_codes: list[str]) -> Q:
    q = Q()
    for code in area_codes:
        q |= Q(area__within=code)
    return q


def _store(
    counts: dict[str, Counts], seen: dict[str, int], existing: set[str], today: date
) -> None:
    """Save recomputed rows; an existing row only if no write bumped its version since."""
    PopulationSummary.objects.bulk_create(
        [
            PopulationSummary(
                area_id=code, computed_version=0, computed_on=today, counts=_to_json(c)
            )
            for code, c in counts.items()
            if code not in existing
        ],
        ignore_conflicts=True,  # a concurrent invalidate() or reader inserted it first
    )
    for code, c in counts.items():
        if code in existing:
            PopulationSummary.objects.filter(area_id=code, version=seen[code]).update(
                computed_version=seen[code], computed_on=today, counts=_to_json(c)
            )


def area_counts(area: Area, today: date | None = None) -> AreaCounts:
    """Return the counts for *area*: summed village summaries, or live below a village."""
    today = today or timezone.localdate()
    if area.is_subvillage:
        live = count_residents(
            Resident.objects.filter(area__within=area.code), today, by_village=False
        )
        return AreaCounts(code=area.code, as_of=today, counts=live.get("", {}), villages=0)
    if area.level == Level.DESA_KELURAHAN:
        counts = village_counts(area.code, today).get(area.code, {})
        return AreaCounts(code=area.code, as_of=today, counts=counts, villages=1)
    return _summed(area.code, today)


def _summed(code: str, today: date) -> AreaCounts:
    """Sum the villages below *code*, through a cached sum keyed by their versions."""
    versions, _fresh = _ensure_fresh(code, today)
    key = ";".join(f"{c}:{v}" for c, v in sorted(versions.items()))
    fingerprint = hashlib.sha256(f"{today}|{key}".encode()).hexdigest()
    cached = (
        PopulationSummary.objects.filter(area_id=code, fingerprint=fingerprint)
        .values_list("counts", flat=True)
        .first()
    )
    if cached is not None:
        return AreaCounts(code, today, _from_json(cached), villages=len(versions))
    total: Counts = {}
    for counts in village_counts(code, today).values():
        _merge(total, counts)
    PopulationSummary.objects.bulk_create([PopulationSummary(area_id=code)], ignore_conflicts=True)
    # Counts and fingerprint are written together: a racing reader can only
    # leave a consistent pair behind, which the next read checks again.
    PopulationSummary.objects.filter(area_id=code).update(
        fingerprint=fingerprint, computed_on=today, counts=_to_json(total)
    )
    return AreaCounts(code, today, total, villages=len(versions))
