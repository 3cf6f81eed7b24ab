"""Indicator definitions: declared once, in code, by the module that owns the data.

An owning app declares its indicators in ``<app>/indicators.py`` and imports
that module from its ``AppConfig.ready()``::

    from balai.indicators.registry import Indicator, Scope, count_by_village, register

    def _due(scope: Scope) -> dict[str, int]:
        return count_by_village(LetterRequest.objects.filter(...), scope, time_field="due_at")

    register(Indicator(code="spm.surat", name=_("..."), numerator=_on_time, denominator=_due, ...))

A selector takes a ``Scope`` (one period, the villages or provinces to count,
their time zone) and returns ``{village code: count}`` in one query for all
villages. The engine stores the results as facts (``IndicatorFact``) and every
page reads the facts; roll-ups above the village are sums of numerators and
denominators by code prefix, never averages of percentages.

An indicator whose figure is not a village's (a kabupaten's IID, decisions of
a rakor for a whole kecamatan) declares ``level=AreaLevel.KECAMATAN`` or
``KABUPATEN``: its selectors return counts keyed by codes of that level
(``count_by_area(..., length=8)``), the facts are keyed to those areas, the
roll-ups sum them to the levels above, and readers say there is no value
below that level instead of showing 0.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.core.areacodes import VILLAGE_CODE_LENGTH as VILLAGE_CODE_LENGTH
from balai.indicators.periods import Period, PeriodType

Text = str | Promise


class Direction(models.TextChoices):
    AT_LEAST = "ge", gettext_lazy("paling sedikit (≥)")
    AT_MOST = "le", gettext_lazy("paling banyak (≤)")


class Privacy(models.TextChoices):
    """Who may see an indicator's figures (the by-name list is always personal data)."""

    PUBLIC = "public", gettext_lazy("Publik: angka agregat boleh diumumkan")
    INTERNAL = "internal", gettext_lazy("Internal: hanya petugas dalam wilayahnya")


class AreaLevel(models.TextChoices):
    """The lowest level an indicator has a value for: its facts are keyed to areas of it."""

    VILLAGE = "village", gettext_lazy("desa/kelurahan")
    KECAMATAN = "kecamatan", gettext_lazy("kecamatan")
    KABUPATEN = "kabupaten", gettext_lazy("kabupaten/kota")


LEVEL_LENGTHS = {AreaLevel.VILLAGE: 13, AreaLevel.KECAMATAN: 8, AreaLevel.KABUPATEN: 5}
# The noun of the areas whose code has this many characters (for "no value per ...").
_AREA_NOUNS = {13: gettext_lazy("desa"), 8: gettext_lazy("kecamatan")}


class Kind(models.TextChoices):
    """How a period's value is counted.

    FLOW counts events dated inside the period and can be recomputed for any
    past period. STOCK is a snapshot of the registry as it is now: only the
    current period is refreshed, and past periods keep the snapshot taken then.
    """

    FLOW = "flow", gettext_lazy("peristiwa dalam periode")
    STOCK = "stock", gettext_lazy("keadaan pada akhir periode")


@dataclass(frozen=True)
class Scope:
    """What one selector call counts: one period, in the areas given.

    ``within`` (area codes of any level: villages, a kabupaten, provinces)
    narrows the count; None means every village. ``tz`` is the time zone of
    those villages, for flow indicators that compare datetimes with the period.
    """

    period: Period
    tz: str = "Asia/Jakarta"
    within: tuple[str, ...] | None = None
    # A fresh number per refresh, so results shared by the numerator and the
    # denominator (``shared``) are never reused by a later refresh.
    run: int = 0
    # Every period of this type the refresh computes for the indicator
    # (``period`` among them): a selector may count them all in one query on
    # its first call of the run and answer the later periods from that
    # (``batched``). Empty when the caller asks for one period only.
    batch: tuple[Period, ...] = ()

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """Return [start, next start) of the period in the villages' time zone."""
        return self.period.bounds(self.tz)

    def in_period(self, field_name: str) -> Q:
        """Return a filter for a datetime *field_name* inside the period."""
        start, end = self.bounds
        return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})

    def in_period_dates(self, field_name: str) -> Q:
        """Return a filter for a date *field_name* inside the period."""
        return Q(
            **{f"{field_name}__gte": self.period.start, f"{field_name}__lt": self.period.next_start}
        )

    def area_q(self, field_name: str = "area") -> Q:
        """Return a filter for rows whose area code (*field_name*) lies in the scope."""
        if self.within is None:
            return Q()
        if not self.within:
            return Q(pk__in=[])
        q = Q()
        for code in self.within:
            q |= Q(**{f"{field_name}__within": code})
        return q


Selector = Callable[[Scope], Mapping[str, int]]
# A by-name selector: the people counted in the denominator but not in the
# numerator, in the villages under an area code, for one period.
NotServed = Callable[[Period, str], QuerySet[Any]]


def count_by_village(
    qs: QuerySet[Any], scope: Scope, *, field_name: str = "area", **counts: Any
) -> dict[str, Any]:
    """Group *qs* (narrowed to *scope*'s area) by village code in one query.

    With no *counts*: ``{village: number of rows}``. With named aggregates
    (``num=Count(...)``): ``{village: {name: value}}``.
    """
    return count_by_area(qs, scope, length=VILLAGE_CODE_LENGTH, field_name=field_name, **counts)


def count_by_area(
    qs: QuerySet[Any], scope: Scope, *, length: int, field_name: str = "area", **counts: Any
) -> dict[str, Any]:
    """Group *qs* by the first *length* characters of its area code (8: kecamatan), in one query.

    As ``count_by_village``, for indicators declared at a higher level; rows
    whose area code is shorter than *length* keep their own code (the caller
    filters them out if they do not belong).
    """
    rows = (
        qs.filter(scope.area_q(field_name))
        .annotate(_village=Substr(f"{field_name}_id", 1, length))
        .values("_village")
        .order_by()
    )
    if not counts:
        return {r["_village"]: r["_n"] for r in rows.annotate(_n=Count("pk"))}
    out: dict[str, Any] = {}
    for r in rows.annotate(**counts):
        village = r.pop("_village")
        out[village] = {k: int(v or 0) for k, v in r.items()}
    return out


T = TypeVar("T")


def shared(fn: Callable[[Scope], T]) -> Callable[[Scope], T]:
    """Memoise *fn* per scope within one refresh run, so selectors can share one query.

    Indicators computed from the same counts (a numerator and its
    denominator, or six prevalences of the same visits) then cost one query
    per period in a refresh; a new run (``Scope.run``) forgets the results.
    """
    memo: dict[Scope, T] = {}

    def wrapper(scope: Scope) -> T:
        if memo and next(iter(memo)).run != scope.run:
            memo.clear()
        if scope not in memo:
            memo[scope] = fn(scope)
        return memo[scope]

    return wrapper


def shared_stock(fn: Callable[[Scope], T]) -> Callable[[Scope], T]:
    """Memoise a stock selector per area within one refresh run, whatever the period.

    A stock indicator counts the registers as they are now, so its current
    month and current quarter are the same count: asked for both, the query
    runs once (a kabupaten's exclusion check is seconds per run). Outside a
    refresh run (``run`` 0) nothing is kept.
    """
    memo: dict[tuple[int, str, tuple[str, ...] | None], T] = {}

    def wrapper(scope: Scope) -> T:
        if not scope.run:
            return fn(scope)
        key = (scope.run, scope.tz, scope.within)
        if memo and next(iter(memo))[0] != scope.run:
            memo.clear()
        if key not in memo:
            memo[key] = fn(scope)
        return memo[key]

    return wrapper


def batched(
    fn: Callable[[tuple[Period, ...], tuple[str, ...] | None], Mapping[Period, T]],
) -> Callable[[Scope], T | None]:
    """Count every period of a refresh's batch in one call of *fn*, on the first period asked.

    *fn(periods, within)* returns ``{period: result}`` for the periods given
    (one query over all of them instead of one per period); the wrapper
    answers each ``scope.period`` from it, and calls *fn* again only for a
    new run, area or batch. Outside a refresh run (``run`` 0) nothing is
    kept. A period missing from *fn*'s answer gives None.
    """
    memo: dict[tuple[int, tuple[str, ...] | None, tuple[Period, ...]], Mapping[Period, T]] = {}

    def wrapper(scope: Scope) -> T | None:
        periods = scope.batch if scope.period in scope.batch else (scope.period,)
        key = (scope.run, scope.within, periods)
        if scope.run == 0:
            return fn(periods, scope.within).get(scope.period)
        if key not in memo:
            if memo and next(iter(memo))[0] != scope.run:
                memo.clear()
            memo[key] = fn(periods, scope.within)
        return memo[key].get(scope.period)

    return wrapper


def pair(
    fn: Callable[[Scope], Mapping[str, tuple[int, int]]],
) -> tuple[Selector, Selector]:
    """Split one selector returning ``{village: (num, den)}`` into numerator and denominator.

    The two share one query per scope.
    """
    both = shared(fn)

    def numerator(scope: Scope) -> Mapping[str, int]:
        return {k: v[0] for k, v in both(scope).items()}

    def denominator(scope: Scope) -> Mapping[str, int]:
        return {k: v[1] for k, v in both(scope).items()}

    return numerator, denominator


@dataclass(frozen=True)
class Indicator:
    """One indicator: value = factor x numerator ÷ denominator per village and period."""

    code: str
    name: Text
    definition: Text
    numerator: Selector
    denominator: Selector
    numerator_label: Text
    denominator_label: Text
    source: Text
    period_types: tuple[str, ...] = (PeriodType.MONTH,)
    kind: str = Kind.FLOW
    # True when the selectors compare datetimes with the period (then each
    # time zone's villages are counted with their own month bounds); False
    # when they read calendar dates only (visit dates), counted in one query.
    zoned: bool = True
    unit: str = "%"
    factor: int = 100
    decimals: int = 1
    target: float | None = None
    direction: str = Direction.AT_LEAST
    near_band: float = 5.0
    privacy: str = Privacy.INTERNAL
    not_served: NotServed | None = None
    not_served_label: Text = ""
    note: Text = ""
    # What the selectors read, named by the writers (``services.mark_changed``):
    # e.g. "letters.request". A write marks every indicator reading its input.
    inputs: tuple[str, ...] = ()
    # Months a full refresh recomputes for this indicator (None: the setting,
    # BALAI_INDICATOR_HISTORY_MONTHS); for costly selectors read per quarter.
    history_months: int | None = None
    # Basic-service indicators (sets ``BASIC_HEALTH`` and ``BASIC_EDUCATION``)
    # read as demand (denominator) and served (numerator); the gap table shows
    # the supply of these service-point kinds (``facilities.PointKind`` values)
    # beside them.
    supply_kinds: tuple[str, ...] = ()
    # The lowest level with a value (``AreaLevel``): village facts by default;
    # a kecamatan or kabupaten indicator's selectors key counts by codes of
    # that level and there is no value below it.
    level: str = AreaLevel.VILLAGE
    # A label of a value, declared by the owner (the IID's predicate from the
    # method's bands): ``band(value, period)``; shown at the indicator's level.
    band: Callable[[float, Period], str] | None = field(default=None, compare=False)
    owner: str = field(default="", compare=False)

    @property
    def period_type(self) -> str:
        """Return the main period type (the first declared)."""
        return self.period_types[0]

    @property
    def level_length(self) -> int:
        """Return the code length of the areas the facts are keyed to (13: villages)."""
        return LEVEL_LENGTHS[AreaLevel(self.level)]

    def has_value_at(self, length: int) -> bool:
        """Tell whether areas whose code has *length* characters have a value."""
        return length <= self.level_length

    def no_value_note(self, length: int) -> str:
        """Return the Indonesian note shown instead of a value below the indicator's level."""
        return _("Indikator ini dihitung per %(level)s: tidak ada nilai per %(below)s.") % {
            "level": AreaLevel(self.level).label,
            "below": _AREA_NOUNS.get(min(length, VILLAGE_CODE_LENGTH), _("wilayah di bawahnya")),
        }

    def value(self, num: int, den: int) -> float | None:
        """Return factor x num ÷ den (None when the denominator is zero)."""
        return None if not den else self.factor * num / den


class IndicatorUnknown(Http404):
    pass


_INDICATORS: OrderedDict[str, Indicator] = OrderedDict()


@dataclass(frozen=True)
class IndicatorSet:
    """A named group of indicators shown together (e.g. the five SPM Desa services)."""

    code: str
    name: Text
    codes: tuple[str, ...]


_SETS: OrderedDict[str, IndicatorSet] = OrderedDict()

# The basic-service SPM sets (PP 2/2018): the health and education apps add
# their coverage indicators (numerator = served, denominator = demand) to
# these sets; the gap table and the village profile read them.
BASIC_HEALTH = "layanan-dasar.kesehatan"
BASIC_EDUCATION = "layanan-dasar.pendidikan"


def register(indicator: Indicator) -> Indicator:
    """Declare *indicator*; declaring the same code twice is an error."""
    if indicator.code in _INDICATORS:
        raise ValueError(f"indicator {indicator.code!r} is declared twice")
    if not indicator.period_types or any(
        t not in PeriodType.values for t in indicator.period_types
    ):
        raise ValueError(f"indicator {indicator.code!r}: bad period types")
    if indicator.level not in AreaLevel.values:
        raise ValueError(f"indicator {indicator.code!r}: bad level {indicator.level!r}")
    _INDICATORS[indicator.code] = indicator
    return indicator


def register_set(indicator_set: IndicatorSet) -> IndicatorSet:
    """Declare a named group of indicators (checked when used: apps load in any order)."""
    _SETS[indicator_set.code] = indicator_set
    return indicator_set


def get(code: str) -> Indicator:
    """Return the indicator *code*; 404 with an Indonesian message if unknown."""
    try:
        return _INDICATORS[code]
    except KeyError:
        raise IndicatorUnknown(
            _("Indikator '%(code)s' tidak dikenal.") % {"code": code[:60]}
        ) from None


def get_set(code: str) -> IndicatorSet:
    """Return the indicator set *code*; 404 if unknown."""
    try:
        return _SETS[code]
    except KeyError:
        raise IndicatorUnknown(
            _("Kelompok indikator '%(code)s' tidak dikenal.") % {"code": code[:60]}
        ) from None


def all_indicators() -> list[Indicator]:
    """Return every declared indicator in declaration order."""
    return list(_INDICATORS.values())


def all_sets() -> list[IndicatorSet]:
    return list(_SETS.values())


def level_length(code: str) -> int:
    """Return the code length of the facts of indicator *code* (13 when it is not declared)."""
    indicator = _INDICATORS.get(code)
    return VILLAGE_CODE_LENGTH if indicator is None else indicator.level_length


def reading(input_name: str) -> list[Indicator]:
    """Return the indicators that declare *input_name* among their inputs."""
    return [i for i in _INDICATORS.values() if input_name in i.inputs]


def resolve(codes: list[str] | None) -> list[Indicator]:
    """Return the indicators named in *codes* (all when None); 404 on an unknown code."""
    return all_indicators() if not codes else [get(c) for c in codes]
