"""Indicators owned by the posyandu module: nutrition status prevalence and coverage.

Loaded from ``PosyanduConfig.ready``. Each child counts once per period, on
their latest measurement in the period (``prevalence.live_counts``), in the
village of that visit; the denominator of each prevalence is the children
with a valid (not WHO-flagged) z-score for that index.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connections
from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber, Substr, TruncMonth, TruncQuarter
from django.utils.translation import gettext_lazy as _

from balai.core.areacodes import VILLAGE_CODE_LENGTH, village_code
from balai.indicators.periods import Period, PeriodType
from balai.indicators.registry import (
    Direction,
    Indicator,
    Privacy,
    Scope,
    Selector,
    batched,
    register,
)
from balai.posyandu import periods as posyandu_periods
from balai.posyandu.dashboard import LEAVING, under_five_residents
from balai.posyandu.models import ChildVisit
from balai.posyandu.prevalence import CONDITIONS, COUNT_FIELDS, MEASURED
from balai.registry import codes
from balai.registry.models import LifeEvent, Resident

STUNTING_SOURCE = _(
    "Perpres No. 72 Tahun 2021 (target 14%); Permenkes No. 2 Tahun 2020 (standar antropometri)"
)
ANTHRO_SOURCE = _("Permenkes No. 2 Tahun 2020 tentang Standar Antropometri Anak")
TYPES = (PeriodType.MONTH, PeriodType.QUARTER)


_BUCKET: dict[str, type[TruncMonth | TruncQuarter]] = {
    PeriodType.MONTH: TruncMonth,
    PeriodType.QUARTER: TruncQuarter,
}
VillageCounts = dict[str, dict[str, int]]


def _flag(condition: Q) -> Case | Value:
    """Return 1 where *condition* holds, else 0 (1 for an empty condition)."""
    if not condition:
        return Value(1, output_field=IntegerField())
    return Case(When(condition, then=1), default=0, output_field=IntegerField())


def _visit_counts(
    periods: tuple[Period, ...], within: tuple[str, ...] | None
) -> dict[Period, VillageCounts]:
    """Count the latest measurement of each child in each of *periods*, per village.

    The same counts as ``prevalence.live_counts`` for each period, in one
    query for all the periods of one type: the visits of the whole span are
    ranked per child and period (``ROW_NUMBER`` partitioned by the child and
    the month or quarter the visit falls in), and the latest ones are counted
    per period and village over the stored z-scores. With *within*: the
    children seen there in the span, counted where their latest visit lies.
    """
    by_type: dict[str, list[Period]] = {}
    for period in periods:
        by_type.setdefault(period.type, []).append(period)
    out: dict[Period, VillageCounts] = {p: {} for p in periods}
    for type_, group in by_type.items():
        first = min(p.start for p in group)
        end = max(p.next_start for p in group)
        visits = ChildVisit.objects.filter(visit_date__gte=first, visit_date__lt=end)
        area = Q()
        if within is not None:
            area = Q(pk__in=[])
            for code in within:
                area |= Q(area__within=code)
            visits = visits.filter(resident_id__in=visits.filter(area).values("resident_id"))
        bucket = _BUCKET[type_]("visit_date", output_field=DateField())
        # Each visit with its period, village, rank among the child's visits of
        # that period and one 0/1 column per count; the latest (rank 1) are
        # summed outside, in the same statement (no join back to the visits).
        flags = {f"c_{name}": _flag(cond) for name, cond in CONDITIONS.items()}
        inner = (
            visits.filter(MEASURED)
            .annotate(
                _bucket=bucket,
                _village=Substr("area_id", 1, VILLAGE_CODE_LENGTH),
                _inside=_flag(area),
                _rank=Window(
                    RowNumber(),
                    partition_by=[F("resident_id"), bucket],
                    order_by=[F("visit_date").desc(), F("id").desc()],
                ),
                **flags,
            )
            .values("_bucket", "_village", "_inside", "_rank", *flags)
            .order_by()
        )
        inner_sql, params = inner.query.sql_with_params()
        sums = ", ".join(f"SUM(c_{name})" for name in COUNT_FIELDS)
        sql = (
            f"SELECT _bucket, _village, {sums} FROM ({inner_sql}) latest "  # noqa: S608
            "WHERE _rank = 1 AND _inside = 1 GROUP BY _bucket, _village"
        )
        with connections[ChildVisit.objects.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        wanted = {p.start: p for p in group}
        for start, village, *counts in rows:
            if isinstance(start, datetime):
                start = start.date()
            elif isinstance(start, str):
                start = date.fromisoformat(start[:10])
            found = wanted.get(start)
            if found is not None:
                out[found][village] = {
                    name: int(n or 0) for name, n in zip(COUNT_FIELDS, counts, strict=True)
                }
    return out


_batched_counts = batched(_visit_counts)


def _counts(scope: Scope) -> VillageCounts:
    return _batched_counts(scope) or {}


def _field(name: str) -> Selector:
    def selector(scope: Scope) -> Mapping[str, int]:
        return {code: values[name] for code, values in _counts(scope).items()}

    return selector


# Children who may be under five at the end of some refreshed period, read once
# per refresh run and area: the birth dates of the living per village (sorted)
# and (village, birth date, day they left) of the others, with the earliest
# birth date read.
Candidate = tuple[str, date, date]
Candidates = tuple[dict[str, list[date]], list[Candidate]]
_candidates: dict[tuple[int, tuple[str, ...] | None], tuple[date, Candidates]] = {}


def _children(scope: Scope) -> Candidates:
    key = (scope.run, scope.within)
    needed = scope.period.end - timedelta(days=1827)
    if scope.run == 0 or key not in _candidates or _candidates[key][0] > needed:
        _candidates.clear()
        first = needed - timedelta(days=731)  # later periods of the run reuse the read
        born = Resident.objects.filter(birth_date__gt=first).filter(scope.area_q("area"))
        alive: dict[str, list[date]] = {}
        for area, birth in (
            born.filter(status=codes.BasicStatus.ALIVE)
            .values_list("area_id", "birth_date")
            .order_by()
        ):
            if birth is not None:
                alive.setdefault(village_code(area), []).append(birth)
        for births in alive.values():
            births.sort()
        left = LifeEvent.objects.filter(resident=OuterRef("pk"), kind__in=LEAVING).order_by(
            "-event_date"
        )
        gone_rows: list[Candidate] = [
            (village_code(area), birth, gone)
            for area, birth, gone in (
                born.exclude(status=codes.BasicStatus.ALIVE)
                .annotate(gone=Subquery(left.values("event_date")[:1]))
                .filter(gone__isnull=False)
                .values_list("area_id", "birth_date", "gone")
            )
            if birth is not None
        ]
        _candidates[key] = (first, (alive, gone_rows))
    return _candidates[key][1]


def _under_five(scope: Scope) -> Mapping[str, int]:
    """Registry children under five alive on the period's last day, per village.

    The same rule as ``dashboard.under_five`` (alive now, or left after that
    day), counted over the candidates read once per refresh run (two binary
    searches per village in its sorted birth dates), so 24 months cost one
    read of the registry instead of 48 queries.
    """
    on = scope.period.end
    try:
        born_after = on.replace(year=on.year - 5)
    except ValueError:  # 29 February
        born_after = on - timedelta(days=1826)
    alive, gone_rows = _children(scope)
    out: dict[str, int] = {}
    for village, births in alive.items():
        n = bisect_right(births, on) - bisect_right(births, born_after)
        if n:
            out[village] = n
    for village, birth, gone in gone_rows:
        if born_after < birth <= on and gone > on:
            out[village] = out.get(village, 0) + 1
    return out


def not_measured(period: Period, within: str) -> QuerySet[Any]:
    """Children under five of *within* with no measurement in the period."""
    measured = ChildVisit.objects.filter(
        MEASURED,
        resident=OuterRef("pk"),
        visit_date__gte=period.start,
        visit_date__lte=period.end,
    )
    return (
        under_five_residents(within, period.end)
        .exclude(Exists(measured))
        .select_related("area")
        .order_by("area_id", "name", "id")
    )


PREVALENCE = (
    (
        "posyandu.stunting",
        "stunted",
        _("Prevalensi stunting (pendek + sangat pendek)"),
        _("balita dengan TB/U atau PB/U di bawah -2 SD"),
        14.0,
        STUNTING_SOURCE,
    ),
    (
        "posyandu.sangat_pendek",
        "severely_stunted",
        _("Prevalensi sangat pendek"),
        _("balita dengan TB/U atau PB/U di bawah -3 SD"),
        None,
        ANTHRO_SOURCE,
    ),
    (
        "posyandu.wasting",
        "wasted",
        _("Prevalensi wasting (gizi kurang + gizi buruk)"),
        _("balita dengan BB/TB di bawah -2 SD"),
        None,
        ANTHRO_SOURCE,
    ),
    (
        "posyandu.gizi_buruk",
        "severely_wasted",
        _("Prevalensi gizi buruk"),
        _("balita dengan BB/TB di bawah -3 SD"),
        None,
        ANTHRO_SOURCE,
    ),
    (
        "posyandu.underweight",
        "underweight",
        _("Prevalensi berat badan kurang"),
        _("balita dengan BB/U di bawah -2 SD"),
        None,
        ANTHRO_SOURCE,
    ),
    (
        "posyandu.overweight",
        "overweight",
        _("Prevalensi gizi lebih"),
        _("balita dengan BB/TB di atas +2 SD"),
        None,
        ANTHRO_SOURCE,
    ),
)
DENOMINATOR = {
    "stunted": ("with_zlen", _("balita dengan TB/U atau PB/U sah")),
    "severely_stunted": ("with_zlen", _("balita dengan TB/U atau PB/U sah")),
    "wasted": ("with_zwfl", _("balita dengan BB/TB sah")),
    "severely_wasted": ("with_zwfl", _("balita dengan BB/TB sah")),
    "overweight": ("with_zwfl", _("balita dengan BB/TB sah")),
    "underweight": ("with_zwei", _("balita dengan BB/U sah")),
}

for code, field_name, name, num_label, target, source in PREVALENCE:
    den_field, den_label = DENOMINATOR[field_name]
    register(
        Indicator(
            code=code,
            name=name,
            definition=_(
                "Setiap balita dihitung sekali per periode, pada pengukuran terakhirnya dalam "
                "periode (menurut tanggal kunjungan), di desa tempat pengukuran itu. Z-skor yang "
                "ditandai tidak wajar oleh WHO tidak dihitung."
            ),
            numerator=_field(field_name),
            denominator=_field(den_field),
            numerator_label=num_label,
            denominator_label=den_label,
            source=source,
            period_types=TYPES,
            zoned=False,
            target=target,
            direction=Direction.AT_MOST,
            near_band=2.0,
            privacy=Privacy.INTERNAL,
            inputs=("posyandu.visit",),
            owner="posyandu",
        )
    )

register(
    Indicator(
        code="posyandu.cakupan",
        name=_("Cakupan penimbangan/pengukuran balita"),
        definition=_(
            "Balita yang diukur (ditimbang atau diukur panjang/tinggi) dalam periode, dibagi "
            "balita dalam register penduduk yang hidup pada hari terakhir periode."
        ),
        numerator=_field("measured"),
        denominator=_under_five,
        numerator_label=_("balita diukur"),
        denominator_label=_("balita dalam register"),
        source=_("Permenkes No. 2 Tahun 2020; pedoman posyandu (D/S)"),
        period_types=TYPES,
        zoned=False,
        target=85.0,
        privacy=Privacy.INTERNAL,
        not_served=not_measured,
        not_served_label=_("Balita yang belum diukur dalam periode"),
        inputs=("posyandu.visit", "registry.resident"),
        owner="posyandu",
    )
)


Convergence = dict[str, tuple[int, int, int, int]]


def _convergence(
    periods: tuple[Period, ...], within: tuple[str, ...] | None
) -> dict[Period, Convergence]:
    """Per quarter and village of the target: (Y mothers, applicable, Y children, applicable).

    The marks of ``scorecard.marked_targets`` (the rules of the scorecard
    page), for all the quarters of a refresh in one pass over the registry and
    the visits.
    """
    from balai.posyandu.scorecard import TS, Y, marked_targets

    quarters = {posyandu_periods.Period("Q", p.start): p for p in periods}
    counts: dict[Period, dict[str, list[int]]] = {p: {} for p in periods}
    for code in within if within is not None else ("",):
        for mark in marked_targets(user=None, within=code, quarters=list(quarters)):
            village = village_code(mark.resident.area_id)
            row = counts[quarters[mark.quarter]].setdefault(village, [0] * 4)
            offset = 0 if mark.pregnancy is not None else 2
            values = mark.marks.values()
            row[offset] += sum(1 for m in values if m == Y)
            row[offset + 1] += sum(1 for m in values if m != TS)
    return {
        p: {code: (c[0], c[1], c[2], c[3]) for code, c in by_village.items()}
        for p, by_village in counts.items()
    }


_batched_convergence = batched(_convergence)


def _converge(scope: Scope) -> Convergence:
    return _batched_convergence(scope) or {}


def _sum_of(*indexes: int) -> Selector:
    def selector(scope: Scope) -> Mapping[str, int]:
        return {code: sum(c[i] for i in indexes) for code, c in _converge(scope).items()}

    return selector


KPM_SOURCE = _(
    "Kemendes: Pedoman Umum Kader Pembangunan Manusia (2018); format Laporan Konvergensi "
    "Pencegahan Stunting Tingkat Desa (8 indikator ibu hamil, 10 indikator anak 0-23 bulan)"
)
for code, name, num, den, definition in (
    (
        "posyandu.konvergensi",
        _("Tingkat konvergensi desa (kartu skor KPM)"),
        (0, 2),
        (1, 3),
        _(
            "Layanan yang diterima (Y) oleh semua sasaran 1.000 HPK (ibu hamil/nifas dan anak "
            "0-23 bulan) dalam triwulan, dibagi layanan yang berlaku bagi mereka (Y + T, tanpa "
            "TS). Sasaran dihitung di desa tempat tinggalnya."
        ),
    ),
    (
        "posyandu.konvergensi_ibu",
        _("Konvergensi: ibu hamil dan nifas"),
        (0,),
        (1,),
        _("Layanan diterima (Y) dibagi layanan berlaku (Y + T) untuk ibu hamil dan nifas."),
    ),
    (
        "posyandu.konvergensi_anak",
        _("Konvergensi: anak 0-23 bulan"),
        (2,),
        (3,),
        _("Layanan diterima (Y) dibagi layanan berlaku (Y + T) untuk anak 0-23 bulan."),
    ),
):
    register(
        Indicator(
            code=code,
            name=name,
            definition=definition,
            numerator=_sum_of(*num),
            denominator=_sum_of(*den),
            numerator_label=_("layanan diterima (Y)"),
            denominator_label=_("layanan yang berlaku (Y + T)"),
            source=KPM_SOURCE,
            period_types=(PeriodType.QUARTER,),
            zoned=False,
            target=100.0,
            privacy=Privacy.INTERNAL,
            history_months=6,
            inputs=("posyandu.visit", "posyandu.pregnancy", "registry.resident"),
            owner="posyandu",
        )
    )
