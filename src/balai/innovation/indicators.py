"""Indicators owned by the innovation module (village facts of the engine).

Loaded from ``InnovationConfig.ready``. Yearly periods: ``2026`` is the IID
round of 2026. Only innovations owned by a village are village facts; those
of kecamatan and kabupaten offices, and the region's IID itself, are not per
village and are shown on the round's score page (see docs/architecture.md).
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from balai.indicators.periods import PeriodType
from balai.indicators.registry import (
    Indicator,
    Privacy,
    Scope,
    count_by_village,
    pair,
    register,
)
from balai.innovation.models import Answer, Aspect, Innovation, InnovationStatus, OwnerKind, Review
from balai.innovation.services import INPUT

SOURCE = _(
    "PP No. 38 Tahun 2017 tentang Inovasi Daerah; Permendagri No. 104 Tahun 2018; pedoman IID "
    "tahunan Kemendagri/BSKDN"
)


def _applied(scope: Scope) -> dict[str, tuple[int, int]]:
    rows = count_by_village(
        Innovation.objects.filter(
            owner_kind=OwnerKind.VILLAGE, assessment__rule_set__year=scope.period.start.year
        ),
        scope,
        den=Count("pk"),
        num=Count(
            "pk",
            filter=Q(tahapan="penerapan") & ~Q(status=InnovationStatus.DRAFT),
        ),
    )
    return {village: (r["num"], r["den"]) for village, r in rows.items()}


def _evidence(scope: Scope) -> dict[str, tuple[int, int]]:
    rows = count_by_village(
        Answer.objects.filter(
            innovation__owner_kind=OwnerKind.VILLAGE,
            indicator__aspect=Aspect.SID,
            assessment__rule_set__year=scope.period.start.year,
        ),
        scope,
        field_name="innovation__area",
        den=Count("pk", distinct=True),
        num=Count(
            "pk",
            distinct=True,
            filter=Q(parameter__isnull=False, evidence__isnull=False) & ~Q(review=Review.REJECTED),
        ),
    )
    return {village: (r["num"], r["den"]) for village, r in rows.items()}


_applied_num, _applied_den = pair(_applied)
_evidence_num, _evidence_den = pair(_evidence)

register(
    Indicator(
        code="inovasi.diterapkan",
        name=_("Inovasi desa yang diterapkan dan dilaporkan"),
        definition=_(
            "Inovasi milik desa pada tahap penerapan yang sudah diajukan untuk IID tahun itu, dibagi "
            "semua inovasi yang dicatat desa untuk IID tahun itu."
        ),
        numerator=_applied_num,
        denominator=_applied_den,
        numerator_label=_("inovasi diterapkan dan diajukan"),
        denominator_label=_("inovasi dicatat"),
        source=SOURCE,
        period_types=(PeriodType.YEAR,),
        zoned=False,
        privacy=Privacy.PUBLIC,
        inputs=(INPUT,),
        owner="innovation",
    )
)
register(
    Indicator(
        code="inovasi.kelengkapan_bukti",
        name=_("Kelengkapan bukti indikator inovasi desa"),
        definition=_(
            "Indikator SID (16-35) inovasi desa yang sudah berparameter dan berbukti, dan buktinya "
            "tidak ditolak verifikator, dibagi semua indikator SID inovasi desa tahun itu."
        ),
        numerator=_evidence_num,
        denominator=_evidence_den,
        numerator_label=_("indikator berparameter dan berbukti"),
        denominator_label=_("indikator SID"),
        source=SOURCE,
        period_types=(PeriodType.YEAR,),
        zoned=False,
        target=100.0,
        privacy=Privacy.PUBLIC,
        inputs=(INPUT,),
        owner="innovation",
    )
)
