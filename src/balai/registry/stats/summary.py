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
  villages, recomputes the missing or stale ones (one query fetching the few
  villages' residents, or one grouped query per dimension for many), stores
  them only if nobody bumped the version meanwhile (conditional update), and
  sums them up the tree by code prefix (in SQL on PostgreSQL).
* A row whose version is current but which was computed on an earlier day is
  *rolled forward* instead of recomputed: only residents whose birthday moved
  them across an age-band limit since that day change band, and one indexed
  query on ``(status, birth_date)`` finds them. So the first view of the day
  costs milliseconds, not a recount of every village.
* **Bulk writes that bypass the services (imports) must call**
  ``invalidate(codes_of_the_villages_written)`` in their transaction.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core.areacodes import VILLAGE_CODE_LENGTH
from balai.core.areacodes import village_code as village_code  # one home: core.areacodes
from balai.indicators.services import mark_changed
from balai.regions.models import Area, Level
from balai.registry import codes
from balai.registry.models import Resident
from balai.registry.selectors import AGE_BANDS, _years_before, birth_range
from balai.registry.stats.models import PopulationSummary


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
# Age bands are contiguous from 0 (``_band_finder`` and the roll-forward rely on it).
_ENDS = [high + 1 for _l, _lo, high in AGE_BANDS if high is not None]
if [low for _l, low, _h in AGE_BANDS] != [0, *_ENDS] or AGE_BANDS[-1][2] is not None:
    raise ImproperlyConfigured("AGE_BANDS must be contiguous from age 0")
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


def ensure_fresh(
    area_code: str, today: date, *, behind: dict[str, date] | None = None
) -> tuple[dict[str, int], dict[str, Counts]]:
    """Bring the village rows at or below *area_code* up to date.

    Missing rows and rows whose version moved are recounted; rows of an earlier
    day at the current version are rolled forward to *today* (see the module
    docstring), or, when a *behind* dict is given, left as they are and listed
    there with their day (a sum can roll its total forward at once, see
    :func:`_roll_total`). Returns every village's current version, and the
    counts just computed (fresh rows are not loaded: their JSON is read only
    when needed).
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
    earlier: dict[date, list[str]] = {}  # day computed -> villages to roll forward
    for code in villages:
        version, computed_version, computed_on = meta.get(code, (0, None, None))
        versions[code] = version
        if computed_version != version or computed_on is None or computed_on > today:
            stale[code] = version
        elif computed_on != today:
            if (today - computed_on).days > MAX_ROLL_DAYS:
                stale[code] = version
            else:
                earlier.setdefault(computed_on, []).append(code)
    fresh: dict[str, Counts] = {}
    if stale:
        fresh = recount(area_code, list(stale), today)
        _store(fresh, stale, set(meta), today)
    for day, codes_ in earlier.items():
        if behind is not None:
            behind.update(dict.fromkeys(codes_, day))
            continue
        rolled = _roll_forward(area_code, codes_, day, today)
        _store(rolled, {c: versions[c] for c in codes_}, set(codes_), today)
        fresh.update(rolled)
    return versions, fresh


MAX_ROLL_DAYS = 366  # older rows are recounted
FEW_VILLAGES = 4  # up to this many stale villages are counted from their rows


def recount(area_code: str, villages: list[str], today: date) -> dict[str, Counts]:
    """Count the living residents of *villages* (all at or below *area_code*) afresh."""
    if len(villages) > FEW_VILLAGES:
        residents = Resident.objects.filter(area__within=area_code)
        if len(villages) <= MAX_OR_VILLAGES:
            residents = Resident.objects.filter(_any_within(villages))
        counted = count_residents(residents, today, by_village=True)
        return {code: counted.get(code, {}) for code in villages}
    # Few villages (a write's aftermath): one query, counted here column by column.
    fields = [d.field for d in DIMENSIONS]
    rows = (
        Resident.objects.filter(_any_within(villages), status=codes.BasicStatus.ALIVE)
        .order_by()
        .values_list("area_id", "sex", *fields)
    )
    by_village: dict[str, list[tuple[Any, ...]]] = {code: [] for code in villages}
    for row in rows:
        by_village[village_code(row[0])].append(row)
    band = _band_finder(today)
    result: dict[str, Counts] = {}
    for code, found in by_village.items():
        counts: Counts = {}
        if found:
            columns = list(zip(*found, strict=True))
            sexes = columns[1]
            cells: list[tuple[str, Any]] = [(TOTAL, Counter((sex, 0) for sex in sexes))]
            cells.append(("age", Counter(zip(sexes, map(band, columns[2]), strict=True))))
            for dim, column in zip(DIMENSIONS[1:], columns[3:], strict=True):
                cells.append((dim.key, Counter(zip(sexes, column, strict=True))))
            for key, counter in cells:
                target = counts.setdefault(key, {})
                for (sex, value), n in counter.items():
                    cell = target.setdefault(NOT_FILLED if value is None else int(value), [0, 0])
                    cell[0 if sex == codes.Sex.MALE else 1] += n
        result[code] = counts
    return result


def _band_finder(today: date) -> Any:
    """Return ``birth_date -> age band value`` as ``age_band_expression(today)`` gives it.

    The bands are contiguous (each starts where the previous ends), so the value
    is the number of band limits on or after the birth date (0 when born after
    *today* or without a birth date).
    """
    limits = sorted(_years_before(today, low) for _label, low, _high in AGE_BANDS)

    def band(born: date | None) -> int:
        if born is None:
            return NOT_FILLED
        return len(limits) - bisect.bisect_left(limits, born)

    return band


def _moved(area_code: str, villages: list[str], days: set[date], today: date) -> Any:
    """Return (village, sex, birth date, n) of the living residents below *area_code*
    whose age band may differ between one of *days* and *today*.

    A resident's band changes between two days only if an age-band limit (0, 5,
    ..., 75 years before the day) passed over their birth date; those residents
    are found by birth date on the ``(status, birth_date)`` index.
    """
    ranges = Q()
    for day in days:
        for _label, low, _high in AGE_BANDS:
            ranges |= Q(
                birth_date__gt=_years_before(day, low), birth_date__lte=_years_before(today, low)
            )
    where = Q(area__within=area_code) if len(villages) > MAX_OR_VILLAGES else _any_within(villages)
    return (
        Resident.objects.filter(where, ranges, status=codes.BasicStatus.ALIVE)
        .annotate(g=Substr("area_id", 1, VILLAGE_CODE_LENGTH))
        .values("g", "sex", "birth_date")
        .annotate(n=Count("id"))
        .values_list("g", "sex", "birth_date", "n")
        .order_by()
    )


def _move(age: dict[int, list[int]], column: int, old: int, new: int, n: int) -> None:
    if old == new:
        return
    age.setdefault(old, [0, 0])[column] -= n
    age.setdefault(new, [0, 0])[column] += n
    if age[old] == [0, 0]:
        del age[old]


def _roll_forward(area_code: str, villages: list[str], day: date, today: date) -> dict[str, Counts]:
    """Return the rows of *villages*, computed on *day*, brought forward to *today*."""
    counts = {
        code: _from_json(data)
        for code, data in PopulationSummary.objects.filter(area_id__in=villages).values_list(
            "area_id", "counts"
        )
    }
    before, after = _band_finder(day), _band_finder(today)
    for village, sex, born, n in _moved(area_code, villages, {day}, today):
        if village in counts:
            column = 0 if sex == codes.Sex.MALE else 1
            _move(counts[village].setdefault("age", {}), column, before(born), after(born), n)
    return counts


def _roll_total(total: Counts, area_code: str, behind: dict[str, date], today: date) -> None:
    """Roll the sum *total* of village rows, some of an earlier day (*behind*), to *today*."""
    if not behind:
        return
    finders = {day: _band_finder(day) for day in set(behind.values())}
    after = _band_finder(today)
    age = total.setdefault("age", {})
    for village, sex, born, n in _moved(area_code, list(behind), set(behind.values()), today):
        day = behind.get(village)
        if day is not None:
            column = 0 if sex == codes.Sex.MALE else 1
            _move(age, column, finders[day](born), after(born), n)


def village_counts(
    area_code: str, today: date | None = None, *, fresh: dict[str, Counts] | None = None
) -> dict[str, Counts]:
    """Return the counts of every village at or below *area_code* (village or higher).

    Fresh summary rows are used as they are; missing or stale ones are
    recomputed together and stored unless a write bumped their version meanwhile.
    *fresh*: what :func:`ensure_fresh` just returned (it is not called again).
    """
    today = today or timezone.localdate()
    if fresh is None:
        _versions, fresh = ensure_fresh(area_code, today)
    result = dict(fresh)
    rows = PopulationSummary.objects.filter(area_id__within=area_code, fingerprint="").exclude(
        area_id__in=list(result)
    )
    for code, data in rows.values_list("area_id", "counts"):
        if len(code) == VILLAGE_CODE_LENGTH:
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
    rows = [(code, seen[code], json.dumps(_to_json(c))) for code, c in counts.items()]
    rows = [row for row in rows if row[0] in existing]
    if not rows:
        return
    if connection.vendor == "postgresql":  # one statement, one commit
        table = PopulationSummary._meta.db_table
        values = ", ".join(["(%s, %s, %s::jsonb)"] * len(rows))
        sql = (
            f"UPDATE {table} AS s SET computed_version = v.version, computed_on = %s, "  # noqa: S608
            f"counts = v.counts FROM (VALUES {values}) AS v(area_id, version, counts) "
            "WHERE s.area_id = v.area_id AND s.version = v.version"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [today, *(value for row in rows for value in row)])
        return
    with transaction.atomic():
        for code, version, data in rows:
            PopulationSummary.objects.filter(area_id=code, version=version).update(
                computed_version=version, computed_on=today, counts=json.loads(data)
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
    behind: dict[str, date] = {}
    versions, fresh = ensure_fresh(code, today, behind=behind)
    key = fingerprint(versions, today)
    cached = (
        PopulationSummary.objects.filter(area_id=code, fingerprint=key)
        .values_list("counts", flat=True)
        .first()
    )
    if cached is not None:
        return AreaCounts(code, today, _from_json(cached), villages=len(versions))
    total = sum_villages(code, fresh)
    _roll_total(total, code, behind, today)
    PopulationSummary.objects.bulk_create([PopulationSummary(area_id=code)], ignore_conflicts=True)
    # Counts and fingerprint are written together: a racing reader can only
    # leave a consistent pair behind, which the next read checks again.
    PopulationSummary.objects.filter(area_id=code).update(
        fingerprint=key, computed_on=today, counts=_to_json(total)
    )
    return AreaCounts(code, today, total, villages=len(versions))


def fingerprint(versions: dict[str, int], today: date) -> str:
    key = ";".join(f"{c}:{v}" for c, v in sorted(versions.items()))
    return hashlib.sha256(f"{today}|{key}".encode()).hexdigest()


def sum_villages(code: str, fresh: dict[str, Counts]) -> Counts:
    """Sum the stored village rows below *code*, with *fresh* counts replacing theirs.

    On PostgreSQL the stored rows are summed in SQL (``jsonb_each``), so a
    kabupaten's few hundred rows are never decoded in Python.
    """
    total: Counts = {}
    for counts in fresh.values():
        _merge(total, counts)
    if connection.vendor != "postgresql":
        rows = PopulationSummary.objects.filter(area_id__within=code, fingerprint="").exclude(
            area_id__in=list(fresh)
        )
        for data in rows.values_list("counts", flat=True):
            _merge(total, _from_json(data))
        return total
    table = PopulationSummary._meta.db_table
    sql = (
        f"SELECT d.key, v.key, SUM((v.value->>0)::bigint), SUM((v.value->>1)::bigint) "  # noqa: S608
        f"FROM {table} s CROSS JOIN LATERAL jsonb_each(s.counts) d "
        "CROSS JOIN LATERAL jsonb_each(d.value) v "
        "WHERE s.area_id LIKE %s AND LENGTH(s.area_id) = %s AND NOT (s.area_id = ANY(%s)) "
        "GROUP BY 1, 2"
    )
    pattern = connection.ops.prep_for_like_query(code) + ".%"
    with connection.cursor() as cursor:
        cursor.execute(sql, [pattern, VILLAGE_CODE_LENGTH, list(fresh)])
        for dim, value, male, female in cursor.fetchall():
            cell = total.setdefault(dim, {}).setdefault(int(value), [0, 0])
            cell[0] += int(male)
            cell[1] += int(female)
    return total
