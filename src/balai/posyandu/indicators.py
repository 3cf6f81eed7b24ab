"""Indicators owned by the posyandu module: nutrition status prevalence and coverage.

Loaded from ``PosyanduConfig.ready``. Each child counts once per period, on
their latest measurement in the period (``prevalence.live_counts``), in the
village of that visit; the denominator of each prevalence is the children
with a valid (not WHO-flagged) z-score for that index.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from balai.indicators.periods import Period, PeriodType
from balai.indicators.registry import (
    Direction,
    Indicator,
    Privacy,
    Scope,
    Selector,
    register,
    shared,
)
from balai.posyandu import periods as posyandu_periods
from balai.posyandu.dashboard import LEAVING, under_five_residents
from balai.posyandu.models import VILLAGE_CODE_LENGTH, ChildVisit
from balai.posyandu.prevalence import MEASURED, live_counts
from balai.registry import codes
from balai.registry.models import LifeEvent, Resident

STUNTING_SOURCE = _(
    "Perpres No. 72 Tahun 2021 (target 14%); Permenkes No. 2 Tahun 2020 (standar antropometri)"
)
ANTHRO_SOURCE = _("Permenkes No. 2 Tahun 2020 tentang Standar Antropometri Anak")
TYPES = (PeriodType.MONTH, PeriodType.QUARTER)


def _period(period: Period) -> posyandu_periods.Period:
    return posyandu_periods.Period(period.type, period.start)


@shared
def _counts(scope: Scope) -> dict[str, dict[str, int]]:
    period = _period(scope.period)
    if scope.within is None:
        return live_counts(period)
    out: dict[str, dict[str, int]] = {}
    for code in scope.within:
        for village, values in live_counts(period, within=code).items():
            out[village] = values
    return out


def _field(name: str) -> Selector:
    def selector(scope: Scope) -> Mapping[str, int]:
        return {code: values[name] for code, values in _counts(scope).items()}

    return selector


# Children who may be under five at the end of some refreshed period, read once
# per refresh run and area: (village, birth date, day they left or None), with
# the earliest birth date read.
Candidate = tuple[str, date, date | None]
_candidates: dict[tuple[int, tuple[str, ...] | None], tuple[date, list[Candidate]]] = {}


def _children(scope: Scope) -> list[Candidate]:
    key = (scope.run, scope.within)
    needed = scope.period.end - timedelta(days=1827)
    if key not in _candidates or _candidates[key][0] > needed:
        _candidates.clear()
        first = needed - timedelta(days=731)  # later periods of the run reuse the read
        born = Resident.objects.filter(birth_date__gt=first).filter(scope.area_q("area"))
        rows: list[Candidate] = []
        for area, birth in born.filter(status=codes.BasicStatus.ALIVE).values_list(
            "area_id", "birth_date"
        ):
            if birth is not None:
                rows.append((area[:VILLAGE_CODE_LENGTH], birth, None))
        left = LifeEvent.objects.filter(resident=OuterRef("pk"), kind__in=LEAVING).order_by(
            "-event_date"
        )
        for area, birth, gone in (
            born.exclude(status=codes.BasicStatus.ALIVE)
            .annotate(gone=Subquery(left.values("event_date")[:1]))
            .filter(gone__isnull=False)
            .values_list("area_id", "birth_date", "gone")
        ):
            if birth is not None:
                rows.append((area[:VILLAGE_CODE_LENGTH], birth, gone))
        _candidates[key] = (first, rows)
    return _candidates[key][1]


def _under_five(scope: Scope) -> Mapping[str, int]:
    """Registry children under five alive on the period's last day, per village.

    The same rule as ``dashboard.under_five`` (alive now, or left after that
    day), counted in Python over the candidates read once per refresh run, so
    24 months cost one read of the registry instead of 48 queries.
    """
    on = scope.period.end
    try:
        born_after = on.replace(year=on.year - 5)
    except ValueError:  # 29 February
        born_after = on - timedelta(days=1826)
    out: dict[str, int] = {}
    for village, birth, gone in _children(scope):
        if born_after < birth <= on and (gone is None or gone > on):
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


def _convergence(scope: Scope) -> dict[str, tuple[int, int, int, int]]:
    """Per village of the target: (Y mothers, applicable mothers, Y children, applicable)."""
    from balai.posyandu.scorecard import scorecard

    quarter = posyandu_periods.Period("Q", scope.period.start)
    out: dict[str, list[int]] = {}
    for code in scope.within if scope.within is not None else ("",):
        card = scorecard(user=None, within=code, quarter=quarter)
        for offset, group in ((0, card.mothers), (2, card.children)):
            for target in group.targets:
                counts = out.setdefault(target.resident.area_id[:VILLAGE_CODE_LENGTH], [0] * 4)
                counts[offset] += target.received
                counts[offset + 1] += target.applicable
    return {code: (c[0], c[1], c[2], c[3]) for code, c in out.items()}


_converge = shared(_convergence)


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
