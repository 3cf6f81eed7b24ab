"""Indicators owned by the education module: basic-education participation (SPM pendidikan).

Loaded from ``EducationConfig.ready``. One coverage indicator per SPM age band,
grouped in the ``BASIC_EDUCATION`` set the gap table reads: denominator = the
children of the band alive and living in the village (registry, by name),
numerator = those of them enrolled in the school year (school rolls imported
per school, plus the registry's "pendidikan sedang ditempuh" for the running
school year). Yearly periods: ``2026`` is school year 2026/2027 (see
``schooling``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from balai.education import schooling
from balai.education.selectors import children_of_band, enrolled_q, not_enrolled
from balai.indicators.periods import Period, PeriodType
from balai.indicators.registry import (
    BASIC_EDUCATION,
    Direction,
    Indicator,
    IndicatorSet,
    Kind,
    Privacy,
    Scope,
    Selector,
    count_by_village,
    pair,
    register,
    register_set,
)

SOURCE = _(
    "PP No. 2 Tahun 2018 tentang Standar Pelayanan Minimal; Permendikbud No. 32 Tahun 2018 "
    "tentang Standar Teknis SPM Pendidikan; Permendagri No. 59 Tahun 2021 (penerapan SPM)"
)
SOURCE_SECONDARY = _(
    "PP No. 2 Tahun 2018 (SPM pendidikan menengah, urusan provinsi) dan Permendikbud No. 32 "
    "Tahun 2018; dihitung per desa untuk pengawasan"
)
ENROLMENT_NOTE = _(
    "Terdaftar = tercantum di daftar murid sekolah (impor per sekolah, jenjang apa pun termasuk "
    "kesetaraan di PKBM) pada tahun ajaran itu, atau — untuk tahun ajaran yang sedang berjalan "
    "saja — tercatat 'pendidikan sedang ditempuh' sedang sekolah di data penduduk. Periode 2026 "
    "= tahun ajaran 2026/2027; usia dihitung pada 1 Juli. Penyebut: penduduk hidup yang tinggal "
    "di desa menurut data penduduk sekarang."
)

NAMES = {
    "pendidikan.paud_5_6": (
        _("Partisipasi PAUD anak usia 5-6 tahun"),
        _("Anak usia 5-6 tahun yang terdaftar di PAUD/TK (atau sudah di SD)"),
        _("Anak usia 5-6 tahun di desa"),
        SOURCE,
    ),
    "pendidikan.usia_7_12": (
        _("Partisipasi sekolah anak usia 7-12 tahun"),
        _("Anak usia 7-12 tahun yang terdaftar di SD/MI atau Paket A"),
        _("Anak usia 7-12 tahun di desa"),
        SOURCE,
    ),
    "pendidikan.usia_13_15": (
        _("Partisipasi sekolah anak usia 13-15 tahun"),
        _("Anak usia 13-15 tahun yang terdaftar di SMP/MTs atau Paket B"),
        _("Anak usia 13-15 tahun di desa"),
        SOURCE,
    ),
    "pendidikan.usia_16_18": (
        _("Partisipasi sekolah anak usia 16-18 tahun"),
        _("Anak usia 16-18 tahun yang terdaftar di SMA/SMK/MA atau Paket C"),
        _("Anak usia 16-18 tahun di desa"),
        SOURCE_SECONDARY,
    ),
}


def _coverage(band: schooling.Band) -> Callable[[Scope], Mapping[str, tuple[int, int]]]:
    def selector(scope: Scope) -> dict[str, tuple[int, int]]:
        year = scope.period.start.year
        rows = count_by_village(
            children_of_band(year, band.youngest, band.oldest),
            scope,
            den=Count("pk"),
            num=Count("pk", filter=enrolled_q(year)),
        )
        return {village: (r["num"], r["den"]) for village, r in rows.items()}

    return selector


def _not_served(band: schooling.Band) -> Callable[[Period, str], QuerySet[Any]]:
    def people(period: Period, within: str) -> QuerySet[Any]:
        return not_enrolled(period.start.year, band.youngest, band.oldest, within).order_by(
            "area_id", "name"
        )

    return people


def _declare() -> None:
    for band in schooling.BANDS:
        name, served, children, source = NAMES[band.code]
        numerator: Selector
        denominator: Selector
        numerator, denominator = pair(_coverage(band))
        register(
            Indicator(
                code=band.code,
                name=name,
                definition=ENROLMENT_NOTE,
                numerator=numerator,
                denominator=denominator,
                numerator_label=served,
                denominator_label=children,
                source=source,
                period_types=(PeriodType.YEAR,),
                kind=Kind.FLOW,
                zoned=False,
                target=100.0,
                direction=Direction.AT_LEAST,
                privacy=Privacy.INTERNAL,
                not_served=_not_served(band),
                not_served_label=_("Anak belum terdaftar sekolah"),
                inputs=("education.enrolment", "registry.resident"),
                supply_kinds=band.supply_kinds,
                owner="education",
            )
        )
    register_set(
        IndicatorSet(
            code=BASIC_EDUCATION,
            name=_("SPM pendidikan: partisipasi anak usia sekolah"),
            codes=tuple(band.code for band in schooling.BANDS),
        )
    )


_declare()
