"""Demand and services received per village and year for the 12 health SPM services.

Every selector here counts all villages of a ``Scope`` in one pass and returns
``{village: (served, demand)}``; ``indicators.py`` declares them. Demand is by
name wherever the data allow (registry residents by age, posyandu pregnancies,
births); the five groups nobody lists by name are the population of an age
band x the kabupaten's prevalence parameter (``prevalence.rates_for``).
Residents count in the village of their current address; people who died or
moved away are not in the age-band groups (a snapshot of the register).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth

from balai.core import areacodes
from balai.health.models import ServiceCode, ServiceRecord
from balai.health.prevalence import rates_for
from balai.indicators.periods import Period
from balai.indicators.registry import VILLAGE_CODE_LENGTH, Scope, count_by_village
from balai.posyandu.models import ChildVisit, Pregnancy, PregnancyVisit
from balai.registry import codes
from balai.registry.models import Resident

# Permenkes 4/2019: at least four antenatal contacts (1-1-2 per trimester). The
# K6 rule of current ANC guidance as the SPM numerator is unconfirmed.
ANC_MIN_CONTACTS = 4
PREGNANCY_DAYS = 300  # longest pregnancy read when a delivery is not recorded
NEONATAL_DAYS = 28
# Months with growth monitoring a child under five needs in a year (the
# "minimal 8 kali" reading of Permenkes 4/2019; Permenkes 6/2024 unconfirmed).
BALITA_MIN_MONTHS = 8

Counts = dict[str, tuple[int, int]]


def today() -> date:
    """Return today's date (the registry's pregnant flag counts only in the current year)."""
    return date.today()  # noqa: DTZ011 -- a calendar date, tests pin it


def years_before(day: date, years: int) -> date:
    """Return the same calendar day *years* earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_band_q(period: Period, age_min: int, age_max: int | None) -> Q:
    """Return a filter on birth date: *age_min*..*age_max* completed years on the period's end."""
    end = period.end
    q = Q(birth_date__isnull=False, birth_date__lte=years_before(end, age_min))
    if age_max is not None:
        q &= Q(birth_date__gt=years_before(end, age_max + 1))
    return q


def _village(code: str) -> str:
    return areacodes.village_code(code)


def _records(service: str, period: Period) -> QuerySet[ServiceRecord]:
    return ServiceRecord.objects.filter(
        service=service, service_date__gte=period.start, service_date__lte=period.end
    )


def alive() -> QuerySet[Resident]:
    return Resident.objects.filter(status=codes.BasicStatus.ALIVE)


def age_band_residents(period: Period, age_min: int, age_max: int | None) -> QuerySet[Resident]:
    """Return the alive residents in the age band on the period's end."""
    return alive().filter(age_band_q(period, age_min, age_max))


def age_band_served(scope: Scope, service: str, age_min: int, age_max: int | None) -> Counts:
    """Residents in an age band (demand) and those with *service* in the period (served)."""
    served = _records(service, scope.period).filter(resident=OuterRef("pk"))
    rows = count_by_village(
        age_band_residents(scope.period, age_min, age_max),
        scope,
        demand=Count("pk"),
        served=Count("pk", filter=Q(Exists(served))),
    )
    return {v: (r["served"], r["demand"]) for v, r in rows.items()}


def _largest_remainder(shares: dict[str, Decimal]) -> dict[str, int]:
    """Round *shares* to integers that sum to the rounded total (largest remainder)."""
    total = int(sum(shares.values(), Decimal(0)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    out = {k: int(v) for k, v in shares.items()}  # floor: shares are never negative
    left = total - sum(out.values())
    for key in sorted(shares, key=lambda k: (out[k] - shares[k], k))[: max(left, 0)]:
        out[key] += 1
    return out


BASE = (-1, -1)  # key of the living residents among the age bands
_WHOLE: dict[Scope, dict[tuple[int, int | None], dict[str, int]]] = {}


def _whole_counts(whole: Scope) -> dict[tuple[int, int | None], dict[str, int]]:
    """Return the kabupaten-wide counts memoised for *whole* in its refresh run.

    Filled by ``estimated`` on first need; a new run forgets them, and a call
    outside a refresh run (``run`` 0) always counts afresh.
    """
    if whole.run == 0:
        return {}
    if _WHOLE and next(iter(_WHOLE)).run != whole.run:
        _WHOLE.clear()
    return _WHOLE.setdefault(whole, {})


def estimated(scope: Scope, service: str) -> Counts:
    """Estimated group (population of the band x prevalence) and people served.

    The estimate of a kabupaten is rounded once and shared out to its villages
    by largest remainder, so small villages do not all round to zero and the
    villages sum to the kabupaten's estimate; the whole kabupaten is read even
    when only some of its villages are refreshed.
    """
    year = scope.period.start.year
    served = count_by_village(
        _records(service, scope.period), scope, n=Count("resident", distinct=True)
    )
    if scope.within is None:
        whole = scope
    else:
        kabupaten = tuple(sorted({areacodes.kabupaten_code(c) for c in scope.within}))
        whole = replace(scope, within=kabupaten)
    # The kabupaten-wide counts (living residents, residents per age band)
    # are the same for the five estimated groups: counted once per run.
    population = _whole_counts(whole)
    if BASE not in population:
        population[BASE] = count_by_village(alive(), whole)
    base = population[BASE]
    rates = rates_for({areacodes.kabupaten_code(v) for v in base}, year)
    shares: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for village in base:
        rate = rates[areacodes.kabupaten_code(village)][service]
        band = (rate.age_min, rate.age_max)
        if band not in population:
            population[band] = count_by_village(age_band_residents(scope.period, *band), whole)
        people = population[band].get(village, 0)
        shares[areacodes.kabupaten_code(village)][village] = people * rate.rate_percent / 100
    demand: dict[str, int] = {}
    for per_village in shares.values():
        demand.update(_largest_remainder(per_village))
    inside = set(demand) | set(served)
    if scope.within is not None:
        inside = {v for v in inside if any(v == w or v.startswith(w + ".") for w in scope.within)}
    return {v: (served.get(v, {}).get("n", 0), demand.get(v, 0)) for v in inside}


# ------------------------------------------------------------------ mothers


def pregnancies(period: Period) -> QuerySet[Pregnancy]:
    """Pregnancies under way at some day of the period (posyandu KIA records)."""
    return Pregnancy.objects.filter(first_day__lte=period.end).filter(
        Q(delivered_on__gte=period.start)
        | Q(delivered_on__isnull=True, first_day__gt=period.start - timedelta(days=PREGNANCY_DAYS))
    )


def flagged_pregnant(period: Period) -> QuerySet[Resident]:
    """Women the registry marks pregnant with no open posyandu pregnancy (current year only)."""
    if not (period.start <= today() <= period.end):
        return Resident.objects.none()
    open_pregnancy = Pregnancy.objects.filter(mother=OuterRef("pk"), delivered_on__isnull=True)
    return alive().filter(pregnant=True, sex=codes.Sex.FEMALE).exclude(Exists(open_pregnancy))


def pregnant_served(scope: Scope) -> Counts:
    """Pregnant women (demand) and those with at least ANC_MIN_CONTACTS ANC contacts."""
    period = scope.period
    rows = list(
        pregnancies(period)
        .filter(scope.area_q())
        .values_list("pk", "mother_id", "area_id", "first_day", "delivered_on")
    )
    contacts: dict[int, set[date]] = defaultdict(set)
    for pk, day in PregnancyVisit.objects.filter(
        pregnancy__in=pregnancies(period).filter(scope.area_q()), anc=True
    ).values_list("pregnancy_id", "visit_date"):
        contacts[pk].add(day)
    imported: dict[int, list[date]] = defaultdict(list)
    for resident, day in (
        ServiceRecord.objects.filter(
            service=ServiceCode.ANC,
            service_date__gte=period.start - timedelta(days=PREGNANCY_DAYS),
            service_date__lte=period.end,
        )
        .filter(
            Q(resident__in=pregnancies(period).filter(scope.area_q()).values("mother_id"))
            | Q(resident__in=flagged_pregnant(period).filter(scope.area_q()).values("pk"))
        )
        .values_list("resident_id", "service_date")
    ):
        imported[resident].append(day)
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for pk, mother, area, first_day, delivered in rows:
        last = delivered or first_day + timedelta(days=PREGNANCY_DAYS)
        days = contacts[pk] | {d for d in imported[mother] if first_day <= d <= last}
        cell = out[_village(area)]
        cell[1] += 1
        cell[0] += len(days) >= ANC_MIN_CONTACTS
    for pk, area in flagged_pregnant(period).filter(scope.area_q()).values_list("pk", "area_id"):
        cell = out[_village(area)]
        cell[1] += 1
        year_days = {d for d in imported[pk] if period.start <= d <= period.end}
        cell[0] += len(year_days) >= ANC_MIN_CONTACTS
    return {v: (c[0], c[1]) for v, c in out.items()}


def births(period: Period) -> QuerySet[Resident]:
    """Residents born in the period (any status but invalid: a baby who died counts)."""
    return Resident.objects.filter(
        birth_date__gte=period.start, birth_date__lte=period.end
    ).exclude(status=codes.BasicStatus.INVALID)


def mothers_giving_birth(scope: Scope) -> dict[int, str]:
    """Return ``{mother id: village}``: deliveries recorded by the posyandu and births
    whose mother is in the registry (by NIK), counted where the birth is recorded."""
    period = scope.period
    out: dict[int, str] = {}
    for mother, area in (
        Pregnancy.objects.filter(delivered_on__gte=period.start, delivered_on__lte=period.end)
        .filter(scope.area_q())
        .values_list("mother_id", "area_id")
    ):
        out.setdefault(mother, _village(area))
    born = dict(
        births(period)
        .filter(scope.area_q())
        .exclude(mother_nik="")
        .values_list("mother_nik", "area_id")
    )
    for pk, nik in Resident.objects.filter(nik__in=list(born)).values_list("pk", "nik"):
        out.setdefault(pk, _village(born[nik]))
    return out


def delivery_served(scope: Scope) -> Counts:
    """Mothers giving birth in the period (demand) and those with a recorded delivery service."""
    mothers = mothers_giving_birth(scope)
    served = set(
        _records(ServiceCode.PERSALINAN, scope.period)
        .filter(resident_id__in=list(mothers))
        .values_list("resident_id", flat=True)
    )
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for mother, village in mothers.items():
        out[village][1] += 1
        out[village][0] += mother in served
    return {v: (c[0], c[1]) for v, c in out.items()}


# ----------------------------------------------------------------- children


def newborns_served_ids(period: Period, area_q: Q) -> tuple[list[tuple[int, str]], set[int]]:
    """Return (newborns as (id, area), ids of those with a neonatal visit in 0-28 days)."""
    babies = births(period).filter(area_q)
    rows = list(babies.values_list("pk", "area_id", "birth_date"))
    born: dict[int, date] = {pk: day for pk, _a, day in rows if day is not None}
    served = {
        pk
        for pk, day in ServiceRecord.objects.filter(
            service=ServiceCode.NEONATAL, resident__in=babies.values("pk")
        ).values_list("resident_id", "service_date")
        if pk in born and born[pk] <= day <= born[pk] + timedelta(days=NEONATAL_DAYS)
    }
    return [(pk, area) for pk, area, _d in rows], served


def newborn_served(scope: Scope) -> Counts:
    babies, served = newborns_served_ids(scope.period, scope.area_q())
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for pk, area in babies:
        out[_village(area)][1] += 1
        out[_village(area)][0] += pk in served
    return {v: (c[0], c[1]) for v, c in out.items()}


def balita(period: Period) -> QuerySet[Resident]:
    """Alive children aged 0-59 months on the period's end (born by then)."""
    end = period.end
    return alive().filter(birth_date__gt=years_before(end, 5), birth_date__lte=end)


def _monitored_sql(period: Period, children: QuerySet[Resident]) -> tuple[str, list[Any]]:
    """Return SQL selecting the ids of *children* monitored in >= BALITA_MIN_MONTHS months.

    A month counts when the child was weighed or measured at the posyandu or
    the puskesmas recorded the ``balita`` service: the distinct months of both
    sources together, counted in the database (a kabupaten's year is over a
    million visits; only the children who qualify come back).
    """
    ids = children.values("pk")
    visits = (
        ChildVisit.objects.filter(
            Q(weight_kg__isnull=False) | Q(lenhei_cm__isnull=False),
            resident__in=ids,
            visit_date__gte=period.start,
            visit_date__lte=period.end,
        )
        .annotate(_r=F("resident_id"), _m=TruncMonth("visit_date"))
        .values_list("_r", "_m")
        .order_by()
    )
    records = (
        _records(ServiceCode.BALITA, period)
        .filter(resident__in=ids)
        .annotate(_r=F("resident_id"), _m=TruncMonth("service_date"))
        .values_list("_r", "_m")
        .order_by()
    )
    visits_sql, visits_params = visits.query.sql_with_params()
    records_sql, records_params = records.query.sql_with_params()
    sql = (
        f"SELECT months._r FROM ({visits_sql} UNION {records_sql}) AS months "  # noqa: S608
        "GROUP BY months._r HAVING COUNT(*) >= %s"
    )
    return sql, [*visits_params, *records_params, BALITA_MIN_MONTHS]


def balita_served_ids(period: Period, area_q: Q) -> tuple[list[tuple[int, str]], set[int]]:
    """Return (children as (id, area), ids monitored in >= BALITA_MIN_MONTHS months)."""
    children = balita(period).filter(area_q)
    sql, params = _monitored_sql(period, children)
    with connections[Resident.objects.db].cursor() as cursor:
        cursor.execute(sql, params)
        served = {pk for (pk,) in cursor.fetchall()}
    return list(children.values_list("pk", "area_id")), served


def balita_served(scope: Scope) -> Counts:
    """Per village: (children monitored in >= BALITA_MIN_MONTHS months, children 0-59 months)."""
    children = balita(scope.period).filter(scope.area_q())
    served_sql, served_params = _monitored_sql(scope.period, children)
    children_sql, children_params = (
        children.annotate(_id=F("pk"), _area=F("area_id")).values_list("_id", "_area").query
    ).sql_with_params()
    sql = (
        "SELECT substr(c._area, 1, %s), COUNT(*), COUNT(s._r) "  # noqa: S608
        f"FROM ({children_sql}) AS c LEFT JOIN ({served_sql}) AS s ON s._r = c._id "
        "GROUP BY 1"
    )
    with connections[Resident.objects.db].cursor() as cursor:
        cursor.execute(sql, [VILLAGE_CODE_LENGTH, *children_params, *served_params])
        return {village: (served, total) for village, total, served in cursor.fetchall()}
