"""Indicators owned by the planning module (loaded from ``PlanningConfig.ready``).

Yearly periods are plan years (``2027`` = the RKP Desa and RKPD of 2027).

* ``perencanaan.usulan_terakomodasi``: of the village's proposals (duplicates
  and merged ones count through the proposal carried on; withdrawn ones do
  not count), the share accepted
  into the RKP Desa or by an OPD into its Renja/RKPD.
* ``perencanaan.rkpdes_selaras``: of the RKP Desa's indicative cost (whole
  rupiah), the share in activities under the kabupaten's priority themes of
  that year.

Both sum up the tree as numerator and denominator (never an average of
percentages), so a kecamatan's share is its villages' counts added.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from balai.indicators.periods import PeriodType
from balai.indicators.registry import (
    Direction,
    Indicator,
    Kind,
    Privacy,
    Scope,
    Selector,
    count_by_village,
    pair,
    register,
)
from balai.planning.models import (
    ACCOMMODATED_STAGES,
    NOT_COUNTED_STAGES,
    PriorityTheme,
    Proposal,
    RkpdesActivity,
)

SOURCE = _(
    "Permendagri No. 86 Tahun 2017 (musrenbang desa, kecamatan, kabupaten); Permendagri No. 114 "
    "Tahun 2014 (RKP Desa); data usulan dan RKP Desa di Balai"
)


def _accommodated(scope: Scope) -> dict[str, tuple[int, int]]:
    rows = count_by_village(
        Proposal.objects.filter(year=scope.period.start.year).exclude(stage__in=NOT_COUNTED_STAGES),
        scope,
        field_name="village",
        den=Count("pk"),
        num=Count("pk", filter=Q(stage__in=ACCOMMODATED_STAGES)),
    )
    return {village: (r["num"], r["den"]) for village, r in rows.items()}


def _aligned(scope: Scope) -> Mapping[str, tuple[int, int]]:
    year = scope.period.start.year
    themes: dict[str, list[str]] = {}
    for theme in PriorityTheme.objects.filter(year=year):
        themes.setdefault(theme.kabupaten_id, []).extend(theme.kegiatan_prefixes)
    q = Q(pk__in=[])
    for kab, prefixes in themes.items():
        for prefix in prefixes:
            q |= Q(village__within=kab) & (
                Q(kegiatan__code=prefix) | Q(kegiatan__code__startswith=prefix + ".")
            )
    rows = count_by_village(
        RkpdesActivity.objects.filter(year=year),
        scope,
        field_name="village",
        den=Sum("indicative_cost"),
        num=Sum("indicative_cost", filter=q),
    )
    return {village: (r["num"], r["den"]) for village, r in rows.items()}


def _declare() -> None:
    numerator: Selector
    denominator: Selector
    numerator, denominator = pair(_accommodated)
    register(
        Indicator(
            code="perencanaan.usulan_terakomodasi",
            name=_("Usulan warga yang terakomodasi"),
            definition=_(
                "Usulan musrenbang tahun rencana itu yang diterima masuk RKP Desa atau diterima "
                "OPD ke Renja/RKPD, dibagi semua usulan desa (usulan yang digabung dihitung lewat "
                "usulan gabungannya)."
            ),
            numerator=numerator,
            denominator=denominator,
            numerator_label=_("Usulan diterima (RKP Desa atau OPD)"),
            denominator_label=_("Usulan musrenbang desa"),
            source=SOURCE,
            period_types=(PeriodType.YEAR,),
            kind=Kind.FLOW,
            zoned=False,
            direction=Direction.AT_LEAST,
            privacy=Privacy.PUBLIC,
            inputs=("planning.proposal",),
            owner="planning",
        )
    )
    numerator, denominator = pair(_aligned)
    register(
        Indicator(
            code="perencanaan.rkpdes_selaras",
            name=_("Keselarasan RKP Desa dengan prioritas kabupaten"),
            definition=_(
                "Perkiraan biaya kegiatan RKP Desa yang termasuk tema prioritas kabupaten tahun "
                "itu (menurut kode kegiatan), dibagi perkiraan biaya seluruh kegiatan RKP Desa."
            ),
            numerator=numerator,
            denominator=denominator,
            numerator_label=_("Biaya kegiatan sesuai tema prioritas (Rp)"),
            denominator_label=_("Biaya seluruh kegiatan RKP Desa (Rp)"),
            source=SOURCE,
            period_types=(PeriodType.YEAR,),
            kind=Kind.FLOW,
            zoned=False,
            direction=Direction.AT_LEAST,
            privacy=Privacy.PUBLIC,
            inputs=("planning.rkpdes", "planning.theme"),
            owner="planning",
        )
    )


_declare()
