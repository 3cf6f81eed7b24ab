"""Indicators owned by the binwas module (loaded from ``SupervisionConfig.ready``).

Counted per village and summed up the tree: a kecamatan's share of visits
done is its villages' signed visits over their planned visits, never an
average of village percentages. Rakor decisions count per village where they
concern one village (``binwas.keputusan-rakor``); every decision of a
kecamatan, those for the whole kecamatan included, counts in the
kecamatan-level indicator ``binwas.keputusan-rakor-kecamatan``, whose
kabupaten figure is the sum of its kecamatan (a kecamatan-wide decision has
no village to be a fact of, so it cannot be in the village indicator).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from balai.core.areacodes import KECAMATAN_CODE_LENGTH, is_at_least_kabupaten, kabupaten_code
from balai.indicators.periods import PeriodType
from balai.indicators.registry import (
    AreaLevel,
    Indicator,
    IndicatorSet,
    Scope,
    count_by_area,
    count_by_village,
    pair,
    register,
    register_set,
)
from balai.regions.models import Area, Level
from balai.supervision.models import (
    CLOSED_ON_TIME,
    Activity,
    FollowUp,
    FollowUpKind,
    ReportKind,
    ReportReceipt,
    Visit,
    VisitStatus,
)

SOURCE = _("UU 23/2014 Pasal 225; PP 43/2014 Pasal 154 (pembinaan dan pengawasan desa)")
SET_CODE = "binwas"
QY = (PeriodType.QUARTER, PeriodType.YEAR)


def _visits(scope: Scope) -> Mapping[str, tuple[int, int]]:
    """Visits signed / visits planned (not cancelled) with their planned date in the period."""
    rows = count_by_village(
        Visit.objects.filter(scope.in_period_dates("planned_on")).exclude(
            status=VisitStatus.CANCELLED
        ),
        scope,
        planned=Count("pk"),
        done=Count("pk", filter=Q(status=VisitStatus.SIGNED)),
    )
    return {code: (r["done"], r["planned"]) for code, r in rows.items()}


def _on_time(kind: str) -> Callable[[Scope], Mapping[str, tuple[int, int]]]:
    def selector(scope: Scope) -> Mapping[str, tuple[int, int]]:
        rows = count_by_village(
            FollowUp.objects.filter(
                scope.in_period_dates("due_on"), kind=kind, area__level=Level.DESA_KELURAHAN
            ),
            scope,
            due=Count("pk"),
            on_time=Count("pk", filter=CLOSED_ON_TIME),
        )
        return {code: (r["on_time"], r["due"]) for code, r in rows.items()}

    return selector


def _decisions_of_kecamatan(scope: Scope) -> Mapping[str, tuple[int, int]]:
    """Every rakor decision for a kecamatan or one of its villages: (on time, due) per kecamatan."""
    rows = count_by_area(
        FollowUp.objects.filter(
            scope.in_period_dates("due_on"),
            kind=FollowUpKind.DECISION,
            area__level__in=(Level.KECAMATAN, Level.DESA_KELURAHAN),
        ),
        scope,
        length=KECAMATAN_CODE_LENGTH,
        due=Count("pk"),
        on_time=Count("pk", filter=CLOSED_ON_TIME),
    )
    return {code: (r["on_time"], r["due"]) for code, r in rows.items()}


def _supervising_kabupaten() -> list[str]:
    """Return the kabupaten/kota whose kecamatan use supervision (an agenda or a receipt).

    Every village of the country is in the region tree, but only those of the
    kabupaten that use Balai's supervision owe it an LPPDes: elsewhere a 0 would
    be noise, and writing a fact for each of 83,000 villages every refresh was
    the costliest part of this indicator.
    """
    codes = set(Activity.objects.values_list("area_id", flat=True).distinct())
    codes |= set(ReportReceipt.objects.values_list("area_id", flat=True).distinct())
    return sorted({kabupaten_code(c) for c in codes if is_at_least_kabupaten(c)})


def _lppdes(scope: Scope) -> Mapping[str, tuple[int, int]]:
    """LPPDes of the year received by 31 March of the next year / active villages.

    The villages of the kabupaten/kota that use supervision (``_supervising_kabupaten``).
    """
    year = scope.period.start.year
    kabupaten = _supervising_kabupaten()
    if not kabupaten:
        return {}
    in_use = Q()
    for code in kabupaten:
        in_use |= Q(code__within=code)
    villages = Area.objects.filter(
        in_use, scope.area_q("code"), level=Level.DESA_KELURAHAN, is_active=True
    )
    on_time = set(
        ReportReceipt.objects.filter(
            scope.area_q(),
            kind=ReportKind.LPPDES,
            year=year,
            received_on__lte=date(year + 1, 3, 31),
        ).values_list("area_id", flat=True)
    )
    return {code: (int(code in on_time), 1) for code in villages.values_list("code", flat=True)}


_visits_num, _visits_den = pair(_visits)
_findings_num, _findings_den = pair(_on_time(FollowUpKind.FINDING))
_decisions_num, _decisions_den = pair(_on_time(FollowUpKind.DECISION))
_lppdes_num, _lppdes_den = pair(_lppdes)
_kec_decisions_num, _kec_decisions_den = pair(_decisions_of_kecamatan)

register(
    Indicator(
        code="binwas.kunjungan",
        name=_("Kunjungan binwas terlaksana"),
        definition=_(
            "Kunjungan yang laporannya ditandatangani ketua tim, dibagi kunjungan yang "
            "direncanakan (tidak dibatalkan) dengan tanggal rencana dalam periode."
        ),
        numerator=_visits_num,
        denominator=_visits_den,
        numerator_label=_("kunjungan terlaksana"),
        denominator_label=_("kunjungan direncanakan"),
        source=SOURCE,
        period_types=QY,
        zoned=False,
        target=100.0,
        inputs=("supervision.visit",),
        owner="supervision",
    )
)
register(
    Indicator(
        code="binwas.temuan",
        name=_("Temuan binwas selesai tepat waktu"),
        definition=_(
            "Temuan kunjungan yang ditutup paling lambat pada batas waktunya, dibagi temuan "
            "yang batas waktunya jatuh dalam periode."
        ),
        numerator=_findings_num,
        denominator=_findings_den,
        numerator_label=_("temuan selesai tepat waktu"),
        denominator_label=_("temuan jatuh tempo"),
        source=SOURCE,
        period_types=QY,
        zoned=False,
        target=100.0,
        inputs=("supervision.followup",),
        owner="supervision",
    )
)
register(
    Indicator(
        code="binwas.keputusan-rakor",
        name=_("Keputusan rakor dilaksanakan tepat waktu"),
        definition=_(
            "Keputusan rakor untuk satu desa yang selesai paling lambat pada batas waktunya, "
            "dibagi keputusan yang batas waktunya jatuh dalam periode."
        ),
        numerator=_decisions_num,
        denominator=_decisions_den,
        numerator_label=_("keputusan selesai tepat waktu"),
        denominator_label=_("keputusan jatuh tempo"),
        source=SOURCE,
        period_types=QY,
        zoned=False,
        target=100.0,
        inputs=("supervision.followup",),
        owner="supervision",
    )
)
register(
    Indicator(
        code="binwas.keputusan-rakor-kecamatan",
        name=_("Keputusan rakor kecamatan dilaksanakan tepat waktu"),
        definition=_(
            "Semua keputusan rakor untuk kecamatan, baik untuk satu desa maupun untuk seluruh "
            "kecamatan, yang selesai paling lambat pada batas waktunya, dibagi keputusan yang "
            "batas waktunya jatuh dalam periode. Dihitung per kecamatan: keputusan untuk "
            "seluruh kecamatan tidak punya desa."
        ),
        numerator=_kec_decisions_num,
        denominator=_kec_decisions_den,
        numerator_label=_("keputusan selesai tepat waktu"),
        denominator_label=_("keputusan jatuh tempo"),
        source=SOURCE,
        period_types=QY,
        zoned=False,
        target=100.0,
        inputs=("supervision.followup",),
        level=AreaLevel.KECAMATAN,
        owner="supervision",
    )
)
register(
    Indicator(
        code="binwas.lppdes",
        name=_("LPPDes diterima tepat waktu"),
        definition=_(
            "Desa yang LPPDes tahun itu diterima kecamatan paling lambat 31 Maret tahun "
            "berikutnya (tiga bulan setelah tahun anggaran berakhir), dibagi semua desa."
        ),
        numerator=_lppdes_num,
        denominator=_lppdes_den,
        numerator_label=_("LPPDes tepat waktu"),
        denominator_label=_("desa"),
        source=_("Permendagri No. 46 Tahun 2016 tentang Laporan Kepala Desa"),
        period_types=(PeriodType.YEAR,),
        zoned=False,
        target=100.0,
        inputs=("supervision.report",),
        owner="supervision",
    )
)
register_set(
    IndicatorSet(
        code=SET_CODE,
        name=_("Pembinaan dan pengawasan desa"),
        codes=(
            "binwas.kunjungan",
            "binwas.temuan",
            "binwas.keputusan-rakor",
            "binwas.keputusan-rakor-kecamatan",
            "binwas.lppdes",
        ),
    )
)
