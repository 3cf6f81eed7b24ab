"""Writes of the indicator engine: refresh facts, mark facts stale, edit targets.

Facts are recomputed by the declared selectors, one query per indicator and
period for all villages in scope (never per village), and upserted; facts in
scope that the run did not write are deleted (their counts fell to zero).
"""

from __future__ import annotations

import itertools
import multiprocessing
import time
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit, background
from balai.core.areacodes import VILLAGE_CODE_LENGTH, province_code, village_code
from balai.core.errors import DomainError
from balai.indicators.models import DirtyFact, IndicatorFact, IndicatorRollup, IndicatorTarget
from balai.indicators.periods import Period, add_months, period_of, periods_between
from balai.indicators.registry import Indicator, Kind, Scope, get, reading, resolve
from balai.regions.models import Area, Level

DEFAULT_HISTORY_MONTHS = 24
_runs = itertools.count(1)


@dataclass
class RefreshReport:
    indicators: int = 0
    periods: int = 0
    written: int = 0
    deleted: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def history_months() -> int:
    return int(getattr(settings, "BALAI_INDICATOR_HISTORY_MONTHS", DEFAULT_HISTORY_MONTHS))


def today() -> date:
    return timezone.localdate()


def default_periods(indicator: Indicator, type_: str, on: date) -> list[Period]:
    """Return the periods a full refresh computes: the history window, or now for stocks."""
    current = period_of(on, type_)
    if indicator.kind == Kind.STOCK:
        return [current]
    months = indicator.history_months or history_months()
    first = period_of(add_months(on.replace(day=1), -(months - 1)), type_)
    return periods_between(first, current)


def _zones(within: tuple[str, ...] | None) -> list[tuple[str, tuple[str, ...]]]:
    """Group *within* (all provinces when None) by the time zone of their province."""
    provinces = dict(Area.objects.filter(level=Level.PROVINSI).values_list("code", "timezone"))
    codes = within if within is not None else tuple(sorted(provinces))
    groups: dict[str, list[str]] = defaultdict(list)
    for code in codes:
        groups[provinces.get(province_code(code), settings.TIME_ZONE)].append(code)
    return [(tz, tuple(group)) for tz, group in sorted(groups.items())]


def _refresh_one(
    indicator: Indicator,
    period: Period,
    scope_within: tuple[str, ...] | None,
    run: int,
    batch: tuple[Period, ...] = (),
) -> tuple[int, int]:
    """Recompute *indicator* for *period* inside *scope_within*; return (written, deleted).

    *batch*: every period of this type the run computes for the indicator
    (``Scope.batch``), so batched selectors count them all in one query.
    """
    now = timezone.now()
    if indicator.kind == Kind.STOCK or not indicator.zoned:
        scopes = [Scope(period, settings.TIME_ZONE, scope_within, run, batch)]
    else:
        scopes = [Scope(period, tz, group, run, batch) for tz, group in _zones(scope_within)]
    # Above the village only codes of the indicator's level are facts.
    length = indicator.level_length
    village_level = length >= VILLAGE_CODE_LENGTH
    written = deleted = 0
    for scope in scopes:
        num = indicator.numerator(scope)
        den = indicator.denominator(scope)
        rows = [
            IndicatorFact(
                indicator=indicator.code,
                area_id=code,
                period_type=period.type,
                period_start=period.start,
                numerator=int(num.get(code, 0)),
                denominator=int(den.get(code, 0)),
                computed_at=now,
            )
            for code in sorted(set(num) | set(den))
            if (num.get(code) or den.get(code)) and (village_level or len(code) == length)
        ]
        with transaction.atomic():
            IndicatorFact.objects.bulk_create(
                rows,
                batch_size=2000,
                update_conflicts=True,
                unique_fields=["indicator", "period_type", "period_start", "area"],
                update_fields=["numerator", "denominator", "computed_at"],
            )
            stale = IndicatorFact.objects.filter(
                indicator=indicator.code,
                period_type=period.type,
                period_start=period.start,
                computed_at__lt=now,
            )
            if scope.within is not None:
                stale = stale.filter(scope.area_q("area"))
            deleted += stale.delete()[0]
        written += len(rows)
    _rollup(indicator.code, period, scope_within)
    return written, deleted


ROLLUP_LENGTHS = (2, 5, 8)  # province, kabupaten/kota, kecamatan


def _rollup(code: str | None, period: Period | None, within: tuple[str, ...] | None) -> None:
    """Recompute the roll-ups above the villages in *within* (all when None) from the facts.

    For one indicator and period (every one when *code* and *period* are
    None): delete the roll-up rows of the areas touched and insert the SUMs
    of their village facts, one statement per level, in one transaction.
    """
    facts, rollups = IndicatorFact._meta.db_table, IndicatorRollup._meta.db_table
    cell_sql, cell_params = "1 = 1", list[Any]()
    stale = IndicatorRollup.objects.all()
    if code is not None and period is not None:
        cell_sql = "indicator = %s AND period_type = %s AND period_start = %s"
        cell_params = [code, period.type, period.start]
        stale = stale.filter(indicator=code, period_type=period.type, period_start=period.start)
    if within is not None:
        # The rows of each level touched: the ancestors of longer codes, and
        # every row under a shorter code (a kabupaten marked as a whole).
        exact = {c[:n] for c in within for n in ROLLUP_LENGTHS if len(c) >= n}
        area_q = Q(area_code__in=exact)
        for c in within:
            if len(c) < max(ROLLUP_LENGTHS):
                area_q |= Q(area_code__within=c)
        stale = stale.filter(area_q)
    with transaction.atomic():
        stale.delete()
        for length in ROLLUP_LENGTHS:
            # Facts keyed to an area of this level or below (a kabupaten-level
            # indicator has no kecamatan roll-up).
            where, params = f"{cell_sql} AND length(area_id) >= {length}", list[Any](cell_params)
            if within is not None:
                parts, prefixes = [], sorted({c[:length] for c in within if len(c) >= length})
                if prefixes:
                    parts.append(
                        f"substr(area_id, 1, {length}) IN ({', '.join(['%s'] * len(prefixes))})"
                    )
                    params += prefixes
                for c in sorted(c for c in within if len(c) < length):
                    parts.append(f"substr(area_id, 1, {len(c) + 1}) = %s")
                    params.append(c + ".")
                if not parts:
                    continue
                where += f" AND ({' OR '.join(parts)})"
            sql = (
                f"INSERT INTO {rollups} (indicator, area_code, level, period_type, "  # noqa: S608
                "period_start, numerator, denominator) "
                f"SELECT indicator, substr(area_id, 1, {length}), {length}, period_type, "
                "period_start, SUM(numerator), SUM(denominator) "
                f"FROM {facts} WHERE {where} "
                f"GROUP BY indicator, substr(area_id, 1, {length}), period_type, period_start"
            )
            with connections[IndicatorRollup.objects.db].cursor() as cursor:
                cursor.execute(sql, params)


def rollup_rebuild() -> int:
    """Recompute every roll-up row from the village facts; return the rows stored.

    For facts loaded outside the refresh (a bulk load, a test that writes
    facts directly); the refresh keeps the roll-ups current by itself.
    """
    _rollup(None, None, None)
    return IndicatorRollup.objects.count()


def new_run() -> int:
    """Return a fresh refresh-run number (``Scope.run``): memoised results never outlive it."""
    return next(_runs)


def indicator_refresh(
    *,
    codes: list[str] | None = None,
    villages: Iterable[str] | None = None,
    periods: Iterable[Period] | None = None,
    on: date | None = None,
    run: int | None = None,
) -> RefreshReport:
    """Recompute the facts of *codes* (all) in *villages* (all) for *periods*.

    *run* (from ``new_run()``) lets several calls share the results their
    selectors memoise per run (the dirty task's groups); default: a new run.

    Without *periods*: the history window (``BALAI_INDICATOR_HISTORY_MONTHS``,
    24) for flow indicators and the current period for stock indicators.
    Stock indicators are never recomputed for a past period (that would
    overwrite the snapshot taken then with today's registry).
    """
    started = time.perf_counter()
    on = on or today()
    within = tuple(sorted(set(villages))) if villages is not None else None
    chosen = list(periods) if periods is not None else None
    report = RefreshReport()
    run = run or new_run()  # results shared between selectors live for this run only
    for indicator in resolve(codes):
        report.indicators += 1
        # An indicator above the village counts whole areas of its level: the
        # villages asked for stand for the kecamatan/kabupaten holding them.
        scope_within = _at_level(within, indicator.level_length)
        for type_ in indicator.period_types:
            if chosen is None:
                plist = default_periods(indicator, type_, on)
            else:
                plist = [p for p in chosen if p.type == type_]
                if indicator.kind == Kind.STOCK:
                    plist = [p for p in plist if p.contains(on)]
            batch = tuple(plist)
            for period in plist:
                written, deleted = _refresh_one(indicator, period, scope_within, run, batch)
                report.periods += 1
                report.written += written
                report.deleted += deleted
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _at_level(within: tuple[str, ...] | None, length: int) -> tuple[str, ...] | None:
    """Return *within* with codes longer than *length* cut to it (their area of that level)."""
    if within is None or length >= VILLAGE_CODE_LENGTH:
        return within
    return tuple(sorted({code[:length] for code in within}))


def refresh_groups(codes: list[str] | None = None) -> list[list[str]]:
    """Return the indicators of *codes* (all) grouped by owning module, the largest group first.

    Selectors memoise what they share within one process and run (a module's
    prevalences, its numerator and denominator), and always within their own
    module, so a group is the unit a parallel refresh hands to one worker.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for indicator in resolve(codes):
        groups[indicator.owner or indicator.code.split(".")[0]].append(indicator.code)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def _refresh_group(codes: list[str], on: date | None) -> RefreshReport:
    """Refresh one group of indicators in a worker process (its own database connection)."""
    try:
        return indicator_refresh(codes=codes, on=on)
    finally:
        connections.close_all()


def indicator_refresh_parallel(
    *, codes: list[str] | None = None, on: date | None = None, workers: int | None = None
) -> RefreshReport:
    """Recompute the history window of *codes* (all) in *workers* processes at once.

    The full refresh of a kabupaten is mostly database work spread over dozens
    of independent indicators: *workers* forked processes (default the
    setting ``BALAI_INDICATOR_REFRESH_WORKERS``, 2) each take the next module's
    group (``refresh_groups``, largest first), so the database and the marking
    in Python use every core. Each indicator writes only its own facts and
    roll-ups, so the groups never touch the same rows. On SQLite (one writer,
    and an in-memory test database a fork cannot share) or with one worker it
    is ``indicator_refresh``.
    """
    started = time.perf_counter()
    if workers is None:
        workers = int(getattr(settings, "BALAI_INDICATOR_REFRESH_WORKERS", 2))
    groups = refresh_groups(codes)
    if workers <= 1 or len(groups) <= 1 or connections["default"].vendor != "postgresql":
        return indicator_refresh(codes=codes, on=on)
    connections.close_all()  # a forked worker must open its own connection
    context = multiprocessing.get_context("fork")
    total = RefreshReport()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for report in pool.map(_refresh_group, groups, [on] * len(groups)):
            total.indicators += report.indicators
            total.periods += report.periods
            total.written += report.written
            total.deleted += report.deleted
    total.seconds = round(time.perf_counter() - started, 3)
    return total


def mark_dirty(codes: Iterable[str], area_code: str, days: Iterable[date | None] = (None,)) -> int:
    """Mark the facts of *codes* in *area_code* for the periods containing *days* as stale.

    Call it inside the writing service's transaction: the marks commit with
    the write (one statement), and the coalescing task
    (``indicators_refresh_dirty``) is enqueued on commit. Stock indicators
    and a day of None mean the current period.
    """
    now = timezone.now()
    area_code = village_code(area_code)
    keys: set[tuple[str, Period]] = set()
    for code in codes:
        indicator = get(code)
        for day in days:
            when = today() if indicator.kind == Kind.STOCK or day is None else day
            for type_ in indicator.period_types:
                keys.add((code, period_of(when, type_)))
    DirtyFact.objects.bulk_create(
        [
            DirtyFact(
                indicator=code,
                village=area_code,
                period_type=period.type,
                period_start=period.start,
                marked_at=now,
            )
            for code, period in sorted(keys)
        ],
        update_conflicts=True,
        unique_fields=["indicator", "village", "period_type", "period_start"],
        update_fields=["marked_at"],
    )
    transaction.on_commit(_enqueue_dirty_refresh)
    return len(keys)


def mark_changed(input_name: str, area_code: str, days: Iterable[date] = ()) -> int:
    """Mark stale every fact that reads *input_name* in *area_code* for the periods of *days*.

    The writer's side of the contract: a service that changes data an
    indicator reads calls this inside its transaction, naming what it
    changed (``"letters.request"``) and where; it need not know which
    indicators exist. *area_code* may be below a village (cut to the
    village) or above it (a kabupaten catalogue: every village under it).
    """
    codes = [i.code for i in reading(input_name)]
    if not codes:
        return 0
    wanted: list[date | None] = [*sorted(set(days))] or [None]
    return mark_dirty(codes, area_code, wanted)


INDONESIAN_ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


def local_days(*moments: datetime | None) -> set[date]:
    """Return the calendar dates of *moments* in every Indonesian time zone.

    A writer rarely knows the village's zone at hand; marking the dates of
    all three zones covers a moment near midnight at a month's edge.
    """
    return {
        m.astimezone(ZoneInfo(tz)).date()
        for m in moments
        if m is not None
        for tz in INDONESIAN_ZONES
    }


def _enqueue_dirty_refresh() -> None:
    background.enqueue("indicators.refresh_dirty")


def indicator_refresh_dirty(*, limit: int = 5000) -> RefreshReport:
    """Recompute every stale fact marked so far, grouped per indicator and period.

    The marks are locked while their facts are recomputed (PostgreSQL), so a
    write that marks the same fact meanwhile waits and stays marked for the
    next run; a mark is never lost.
    """
    started = time.perf_counter()
    report = RefreshReport()
    with transaction.atomic():
        marks = list(DirtyFact.objects.select_for_update(skip_locked=True).order_by("id")[:limit])
        groups: dict[tuple[str, Period], set[str]] = defaultdict(set)
        for mark in marks:
            groups[(mark.indicator, Period(mark.period_type, mark.period_start))].add(mark.village)
        run = new_run()  # one run: the groups share what their selectors memoise
        for (code, period), villages in sorted(groups.items()):
            part = indicator_refresh(codes=[code], villages=villages, periods=[period], run=run)
            report.indicators += part.indicators
            report.periods += part.periods
            report.written += part.written
            report.deleted += part.deleted
        DirtyFact.objects.filter(pk__in=[m.pk for m in marks]).delete()
    report.seconds = round(time.perf_counter() - started, 3)
    return report


# ---- targets -------------------------------------------------------------------------


def indicator_target_save(
    *,
    actor: Any,
    indicator: str,
    area: Area | None,
    year: int,
    value: Decimal,
    direction: str,
    near_band: Decimal,
    basis: str = "",
) -> IndicatorTarget:
    """Create or change the target of *indicator* for *year* (national when *area* is None)."""
    get(indicator)
    if area is not None and area.level != Level.KABUPATEN_KOTA:
        raise DomainError(_("Target daerah ditetapkan per kabupaten/kota."), code="bad_area")
    with transaction.atomic():
        target = (
            IndicatorTarget.objects.select_for_update()
            .filter(indicator=indicator, area=area, year=year)
            .first()
        ) or IndicatorTarget(indicator=indicator, area=area, year=year)
        before = None if target.pk is None else (str(target.value), target.direction)
        target.value, target.direction = value, direction
        target.near_band, target.basis = near_band, basis.strip()
        target.full_clean(validate_constraints=False)
        target.save()
        audit.record(
            actor=actor,
            action="indicators.target_saved",
            obj=target,
            data={"before": before, "value": str(value), "direction": direction},
        )
    return target


def indicator_target_delete(*, actor: Any, target: IndicatorTarget) -> None:
    """Remove *target*; the national or declared default applies again."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="indicators.target_deleted",
            obj=target,
            data={"indicator": target.indicator, "year": target.year, "value": str(target.value)},
        )
        target.delete()
