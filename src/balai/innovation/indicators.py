"""Indicators owned by the innovation module.

Loaded from ``InnovationConfig.ready``. Yearly periods: ``2026`` is the IID
round of 2026. Only innovations owned by a village are village facts; those
of kecamatan and kabupaten offices are on the round's score page. The
region's IID is a kabupaten-level indicator of the engine (``inovasi.iid``):
numerator the round's total score, denominator the method's maximum, both in
hundredths of a point (the facts hold integers), so the value is the IID; its
predicate comes from the method's bands (``scoring.predicate``) as the
indicator's ``band``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from balai.indicators.periods import Period, PeriodType
from balai.indicators.registry import (
    AreaLevel,
    Indicator,
    Privacy,
    Scope,
    count_by_village,
    pair,
    register,
)
from balai.innovation import scoring
from balai.innovation.models import (
    Answer,
    Aspect,
    Assessment,
    Innovation,
    InnovationStatus,
    OwnerKind,
    Review,
    RuleSet,
)
from balai.innovation.selectors import iid, method_of
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


# The facts hold integers: scores are stored in hundredths of a point.
POINTS = 100


def _points(score: Decimal) -> int:
    return int((score * POINTS).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _iid(scope: Scope) -> dict[str, tuple[int, int]]:
    """Each kabupaten's round of the year: (total score, maximum score) in hundredths."""
    out: dict[str, tuple[int, int]] = {}
    rounds = Assessment.objects.filter(
        scope.area_q("kabupaten"), rule_set__year=scope.period.start.year
    ).select_related("rule_set")
    for assessment in rounds:
        score = iid(assessment).score
        out[str(assessment.kabupaten_id)] = (
            _points(score.total),
            _points(Decimal(assessment.rule_set.total_max)),
        )
    return out


def _predicate(value: float, period: Period) -> str:
    """The band of an IID under the method of the period's year (the round page's rule)."""
    rule_set = RuleSet.objects.filter(year=period.start.year).first()
    if rule_set is None:
        return ""
    rounded = Decimal(str(value)).quantize(scoring.CENT, rounding=ROUND_HALF_UP)
    return scoring.predicate(method_of(rule_set), rounded)


_applied_num, _applied_den = pair(_applied)
_iid_num, _iid_den = pair(_iid)
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
register(
    Indicator(
        code="inovasi.iid",
        name=_("Indeks Inovasi Daerah (IID)"),
        definition=_(
            "Skor total penilaian IID kabupaten/kota tahun itu (SPD + SID, metode tahun itu), "
            "dibagi skor total maksimum metode, dikali 100; predikat menurut batas metode. Di "
            "atas kabupaten: jumlah skor dibagi jumlah maksimum kabupaten di bawahnya."
        ),
        numerator=_iid_num,
        denominator=_iid_den,
        numerator_label=_("skor total (seperseratus poin)"),
        denominator_label=_("skor maksimum (seperseratus poin)"),
        source=SOURCE,
        period_types=(PeriodType.YEAR,),
        zoned=False,
        unit="",
        decimals=2,
        privacy=Privacy.PUBLIC,
        inputs=(INPUT,),
        level=AreaLevel.KABUPATEN,
        band=_predicate,
        owner="innovation",
    )
)
