"""Spending-quality indicators of the village budget (APBDes in force), per village and year.

Loaded from ``FinanceConfig.ready``. Every figure is a numerator and a
denominator per village (rupiah, or villages), summed up the region tree:
a kecamatan's BLT share is the kecamatan's BLT rupiah over its Dana Desa
rupiah, never an average of village percentages. Yearly periods; only the
enacted version in force counts (``Apbdes.is_current``). The set
``keuangan-desa`` gives the kecamatan scorecard and the kabupaten league
table (``/indikator/kartu-skor/...?tema=keuangan-desa``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from balai.finance import chart
from balai.finance.models import ApbdesLine, Bound, EarmarkRule, Focus, Realisation
from balai.indicators.periods import PeriodType
from balai.indicators.registry import (
    Direction,
    Indicator,
    IndicatorSet,
    Privacy,
    Scope,
    count_by_village,
    pair,
    register,
    register_set,
    shared,
)

SET = "keuangan-desa"
SOURCE = _(
    "Permendagri No. 20 Tahun 2018 tentang Pengelolaan Keuangan Desa; prioritas Dana Desa "
    "menurut Permendes tahun berjalan (aturan per tahun di /keuangan/aturan/)"
)
INPUTS = ("finance.apbdes",)
FIELD = "apbdes__village"
ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=18, decimal_places=2))


def _sum(q: Q) -> Any:
    return Coalesce(Sum("amount", filter=q), ZERO)


SPEND = Q(account_code__startswith="5")
DD_SPEND = SPEND & Q(fund_source=chart.FundSource.DD)
BASIC = Q()
for _sub in chart.BASIC_SERVICE_SUB_BIDANG:
    BASIC |= Q(kegiatan_code__startswith=_sub + ".")


@shared
def _sums(scope: Scope) -> dict[str, dict[str, int]]:
    """Per village: the rupiah sums every indicator of the set reads (one query)."""
    qs = ApbdesLine.objects.filter(apbdes__is_current=True, apbdes__year=scope.period.start.year)
    return count_by_village(
        qs,
        scope,
        field_name=FIELD,
        income=_sum(Q(account_code__startswith="4")),
        spend=_sum(SPEND),
        fin_in=_sum(Q(account_code__startswith="6.1.")),
        fin_out=_sum(Q(account_code__startswith="6.2.")),
        silpa=_sum(Q(account_code__startswith=chart.SILPA + ".")),
        dd=_sum(DD_SPEND),
        blt=_sum(DD_SPEND & Q(focus=Focus.BLT)),
        pangan=_sum(DD_SPEND & Q(focus=Focus.PANGAN)),
        operasional=_sum(DD_SPEND & Q(focus=Focus.OPERASIONAL)),
        basic=_sum(SPEND & BASIC),
        stunting=_sum(SPEND & Q(stunting=True)),
    )


def _share(part: str, whole: str) -> Callable[[Scope], Mapping[str, tuple[int, int]]]:
    def selector(scope: Scope) -> dict[str, tuple[int, int]]:
        return {v: (r[part], r[whole]) for v, r in _sums(scope).items()}

    return selector


def _balanced(scope: Scope) -> dict[str, tuple[int, int]]:
    return {
        v: (int(r["income"] + r["fin_in"] == r["spend"] + r["fin_out"]), 1)
        for v, r in _sums(scope).items()
    }


def _earmarks_kept(scope: Scope) -> dict[str, tuple[int, int]]:
    rules = list(EarmarkRule.objects.filter(year=scope.period.start.year))
    out = {}
    for village, r in _sums(scope).items():
        if not r["dd"]:
            continue
        kept = True
        for rule in rules:
            share = 100 * Decimal(r[rule.focus]) / Decimal(r["dd"])
            kept &= share <= rule.percent if rule.bound == Bound.AT_MOST else share >= rule.percent
        out[village] = (int(kept), 1)
    return out


def _realisation(scope: Scope) -> dict[str, tuple[int, int]]:
    year = scope.period.start.year
    real = count_by_village(
        Realisation.objects.filter(line__apbdes__is_current=True, line__apbdes__year=year),
        scope,
        field_name="line__apbdes__village",
        spent=_sum(Q(line__account_code__startswith="5")),
    )
    out: dict[str, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for village, r in _sums(scope).items():
        if r["spend"]:
            out[village] = (real.get(village, {}).get("spent", 0), r["spend"])
    return dict(out)


DECLARED = (
    (
        "keuangan.apbdes_seimbang",
        _("APBDes seimbang"),
        _("Desa dengan APBDes berlaku yang seimbang"),
        _("Desa dengan APBDes berlaku"),
        _balanced,
        100.0,
        Direction.AT_LEAST,
        "",
    ),
    (
        "keuangan.prioritas_dd",
        _("Penggunaan Dana Desa sesuai prioritas tahun berjalan"),
        _("Desa yang memenuhi semua batas prioritas Dana Desa"),
        _("Desa dengan belanja Dana Desa"),
        _earmarks_kept,
        100.0,
        Direction.AT_LEAST,
        _("Batas per tahun: /keuangan/aturan/; aturan yang belum terkonfirmasi ditandai."),
    ),
    (
        "keuangan.blt_dd",
        _("Porsi BLT Dana Desa"),
        _("Belanja BLT dari Dana Desa (Rp)"),
        _("Belanja dari Dana Desa (Rp)"),
        _share("blt", "dd"),
        15.0,
        Direction.AT_MOST,
        _("2025: paling banyak 15% (Permendes 2/2024)."),
    ),
    (
        "keuangan.pangan_dd",
        _("Porsi ketahanan pangan dari Dana Desa"),
        _("Belanja ketahanan pangan dan hewani dari Dana Desa (Rp)"),
        _("Belanja dari Dana Desa (Rp)"),
        _share("pangan", "dd"),
        20.0,
        Direction.AT_LEAST,
        _("2025: paling sedikit 20% (Permendes 2/2024)."),
    ),
    (
        "keuangan.operasional_dd",
        _("Porsi operasional pemerintah desa dari Dana Desa"),
        _("Belanja operasional dari Dana Desa (Rp)"),
        _("Belanja dari Dana Desa (Rp)"),
        _share("operasional", "dd"),
        3.0,
        Direction.AT_MOST,
        _("Paling banyak 3% (2024-2026)."),
    ),
    (
        "keuangan.layanan_dasar",
        _("Porsi belanja layanan dasar"),
        _("Belanja sub-bidang pendidikan dan kesehatan (Rp)"),
        _("Seluruh belanja (Rp)"),
        _share("basic", "spend"),
        None,
        Direction.AT_LEAST,
        "",
    ),
    (
        "keuangan.stunting",
        _("Porsi belanja konvergensi stunting"),
        _("Belanja kegiatan bertanda konvergensi stunting (Rp)"),
        _("Seluruh belanja (Rp)"),
        _share("stunting", "spend"),
        None,
        Direction.AT_LEAST,
        "",
    ),
    (
        "keuangan.realisasi_belanja",
        _("Realisasi belanja"),
        _("Belanja terealisasi (Rp)"),
        _("Anggaran belanja (Rp)"),
        _realisation,
        None,
        Direction.AT_LEAST,
        "",
    ),
    (
        "keuangan.silpa",
        _("Porsi SiLPA terhadap pendapatan"),
        _("SiLPA tahun sebelumnya yang dianggarkan (Rp)"),
        _("Pendapatan desa (Rp)"),
        _share("silpa", "income"),
        None,
        Direction.AT_MOST,
        "",
    ),
)

CODES = tuple(row[0] for row in DECLARED)


def _declare() -> None:
    for code, name, num_label, den_label, fn, target, direction, note in DECLARED:
        numerator, denominator = pair(fn)
        register(
            Indicator(
                code=code,
                name=name,
                definition=_(
                    "Dihitung dari APBDes yang berlaku (versi terakhir yang ditetapkan) per desa "
                    "dan tahun anggaran; dijumlahkan ke kecamatan dan kabupaten."
                ),
                numerator=numerator,
                denominator=denominator,
                numerator_label=num_label,
                denominator_label=den_label,
                source=SOURCE,
                period_types=(PeriodType.YEAR,),
                zoned=False,
                target=target,
                direction=direction,
                privacy=Privacy.PUBLIC,
                note=note,
                inputs=INPUTS,
                owner="finance",
            )
        )
    register_set(IndicatorSet(code=SET, name=_("Kualitas belanja desa (APBDes)"), codes=CODES))


_declare()
