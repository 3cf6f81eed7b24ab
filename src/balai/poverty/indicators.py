"""Indicators owned by the poverty module: targeting errors and the extreme-poverty rate.

Loaded from ``PovertyConfig.ready``. Every targeting check of ``checks`` is
one indicator, summed over the programmes of the village: the inclusion
checks count flagged recipients over all recipients, exclusion counts the
eligible units receiving nothing over the eligible units. The extreme-poverty
rate counts people living in pool families (current desil up to the
kabupaten's limit) that have not graduated, over the village's people; its
target is 0%. All are stock indicators (the lists as they are now), per
quarter (the Inpres 4/2022 reporting rhythm) and per month.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from balai.indicators.periods import PeriodType
from balai.indicators.registry import (
    Direction,
    Indicator,
    IndicatorSet,
    Kind,
    Privacy,
    Scope,
    count_by_village,
    pair,
    register,
    register_set,
    shared_stock,
)
from balai.poverty import checks, policies
from balai.poverty.models import CaseStatus, ExtremeCase, WelfareEntry
from balai.registry import codes
from balai.registry.models import Resident

SET_CODE = "kemiskinan"
SOURCE = _(
    "Inpres No. 4 Tahun 2022 (penghapusan kemiskinan ekstrem); Inpres No. 4 Tahun 2025 (DTSEN); "
    "Permensos No. 3 Tahun 2021 dan No. 3 Tahun 2025 (usulan dan verifikasi-validasi)"
)


# Stock indicators: the current month and quarter share one count per run.
@shared_stock
def _inclusion(scope: Scope) -> dict[str, dict[str, int]]:
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (village, _programme), cells in checks.inclusion_counts(within=scope.within).items():
        for key, value in cells.items():
            sums[village][key] += value
    return sums


@shared_stock
def _exclusion(scope: Scope) -> dict[str, dict[str, int]]:
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (village, _programme), cells in checks.exclusion_counts(within=scope.within).items():
        for key, value in cells.items():
            sums[village][key] += value
    return sums


def _check_selector(check: str) -> Callable[[Scope], Mapping[str, tuple[int, int]]]:
    def selector(scope: Scope) -> dict[str, tuple[int, int]]:
        if check == checks.Check.EXCLUSION:
            rows = _exclusion(scope)
            return {v: (c[check], c["eligible"]) for v, c in rows.items()}
        rows = _inclusion(scope)
        return {v: (c[check], c["recipients"]) for v, c in rows.items()}

    return selector


@shared_stock
def _extreme(scope: Scope) -> dict[str, tuple[int, int]]:
    pool_q = policies.extreme_pool_q("desil")
    in_pool = Exists(
        WelfareEntry.objects.filter(pool_q, current=True, resident__family_id=OuterRef("family_id"))
    )
    graduated = Exists(
        ExtremeCase.objects.filter(family_id=OuterRef("family_id"), status=CaseStatus.GRADUATED)
    )
    with checks.no_jit():
        rows = count_by_village(
            Resident.objects.filter(status=codes.BasicStatus.ALIVE).annotate(
                _pool=in_pool, _graduated=graduated
            ),
            scope,
            den=Count("pk"),
            num=Count("pk", filter=Q(_pool=True, _graduated=False)),
        )
    return {village: (r["num"], r["den"]) for village, r in rows.items()}


CHECK_TEXT = {
    checks.Check.EXCLUSION: (
        _("Unit layak (menurut aturan program) yang tidak menerima program"),
        _("Unit layak menurut data kesejahteraan"),
        Direction.AT_MOST,
    ),
}


def _declare() -> None:
    for check in checks.Check:
        num, den = pair(_check_selector(check))
        if check == checks.Check.EXCLUSION:
            num_label, den_label = CHECK_TEXT[check][0], CHECK_TEXT[check][1]
            definition = _(
                "Galat eksklusi: unit sasaran (orang, keluarga atau rumah tangga) yang memenuhi "
                "aturan kelayakan program (desil, usia, bukan keluarga ASN/TNI/Polri/perangkat) "
                "tetapi tidak menerima program itu, dijumlah atas semua program aktif."
            )
        else:
            num_label = check.label
            den_label = _("Penerima bantuan (semua program)")
            definition = _(
                "Galat inklusi/data tidak valid: penerima bantuan yang ditandai oleh pemeriksaan "
                "ini, dibagi seluruh penerima, dijumlah atas semua program aktif di desa."
            )
        register(
            Indicator(
                code=f"bansos.{check.value}",
                name=_("Salah sasaran bansos: %(c)s") % {"c": check.label},
                definition=definition,
                numerator=num,
                denominator=den,
                numerator_label=num_label,
                denominator_label=den_label,
                source=SOURCE,
                period_types=(PeriodType.QUARTER, PeriodType.MONTH),
                kind=Kind.STOCK,
                zoned=False,
                target=0.0,
                direction=Direction.AT_MOST,
                privacy=Privacy.INTERNAL,
                inputs=(
                    "poverty.welfare",
                    "poverty.recipient",
                    "poverty.programme",
                    "registry.resident",
                ),
                owner="poverty",
            )
        )
    num, den = pair(_extreme)
    register(
        Indicator(
            code="kemiskinan.ekstrem",
            name=_("Penduduk miskin ekstrem"),
            definition=_(
                "Penduduk hidup dalam keluarga yang tercatat pada desil kemiskinan ekstrem "
                "(desil 1, dapat diatur per kabupaten) di data kesejahteraan terkini dan belum "
                "graduasi, dibagi seluruh penduduk hidup desa. Target 0% (Inpres 4/2022)."
            ),
            numerator=num,
            denominator=den,
            numerator_label=_("Penduduk miskin ekstrem belum graduasi"),
            denominator_label=_("Penduduk hidup"),
            source=SOURCE,
            period_types=(PeriodType.QUARTER, PeriodType.MONTH),
            kind=Kind.STOCK,
            zoned=False,
            target=0.0,
            direction=Direction.AT_MOST,
            decimals=2,
            privacy=Privacy.PUBLIC,
            inputs=("poverty.welfare", "poverty.case", "poverty.setting", "registry.resident"),
            owner="poverty",
        )
    )
    register_set(
        IndicatorSet(
            code=SET_CODE,
            name=_("Kemiskinan dan ketepatan sasaran bansos"),
            codes=("kemiskinan.ekstrem", *(f"bansos.{c.value}" for c in checks.Check)),
        )
    )


_declare()
