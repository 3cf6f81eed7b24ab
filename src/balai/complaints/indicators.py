"""Indicators owned by the complaints module (SPM Desa service 5, verification, IKM).

Loaded from ``ComplaintsConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import reduce
from operator import add

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from balai.complaints.models import SKM_FIELDS, Complaint, Status, SurveyResponse
from balai.indicators.periods import PeriodType
from balai.indicators.registry import (
    Indicator,
    Privacy,
    Scope,
    count_by_village,
    pair,
    register,
)

# The same citation as the letters' SPM indicators (one msgid); complaints sit
# below letters, so they do not import it.
SPM_SOURCE = _("Permendagri No. 2 Tahun 2017 tentang Standar Pelayanan Minimal Desa, Pasal 5")
IKM_FACTOR = 25  # mean score 1..4 times 25 = IKM 25..100 (PermenPANRB 14/2017)


def _resolved(scope: Scope) -> Mapping[str, tuple[int, int]]:
    """Complaints resolved by their deadline / complaints whose deadline falls in the period."""
    rows = count_by_village(
        Complaint.objects.filter(scope.in_period("resolve_due")).exclude(status=Status.DITOLAK),
        scope,
        due=Count("id"),
        on_time=Count("id", filter=Q(resolved_at__isnull=False, resolved_at__lte=F("resolve_due"))),
    )
    return {code: (r["on_time"], r["due"]) for code, r in rows.items()}


def _verified(scope: Scope) -> Mapping[str, tuple[int, int]]:
    """Complaints verified by their deadline / complaints whose verification fell due."""
    rows = count_by_village(
        Complaint.objects.filter(scope.in_period("verify_due")),
        scope,
        due=Count("id"),
        on_time=Count("id", filter=Q(verified_at__isnull=False, verified_at__lte=F("verify_due"))),
    )
    return {code: (r["on_time"], r["due"]) for code, r in rows.items()}


def _skm(scope: Scope) -> Mapping[str, tuple[int, int]]:
    """Sum of every SKM score given / number of scores given (nine per response)."""
    rows = count_by_village(
        SurveyResponse.objects.filter(scope.in_period("submitted_at")),
        scope,
        responses=Count("id"),
        scores=Sum(reduce(add, (F(name) for name in SKM_FIELDS))),
    )
    return {code: (r["scores"], r["responses"] * len(SKM_FIELDS)) for code, r in rows.items()}


_res_num, _res_den = pair(_resolved)
_ver_num, _ver_den = pair(_verified)
_skm_num, _skm_den = pair(_skm)

register(
    Indicator(
        code="spm.pengaduan",
        name=_("SPM Desa 5: pengaduan selesai tepat waktu"),
        definition=_(
            "Pengaduan yang selesai paling lambat pada batas penyelesaiannya, dibagi pengaduan "
            "yang batas penyelesaiannya jatuh dalam periode, selesai atau belum (pengaduan "
            "ditolak tidak dihitung)."
        ),
        numerator=_res_num,
        denominator=_res_den,
        numerator_label=_("pengaduan selesai tepat waktu"),
        denominator_label=_("pengaduan jatuh tempo"),
        source=SPM_SOURCE,
        period_types=(PeriodType.MONTH, PeriodType.YEAR),
        target=100.0,
        privacy=Privacy.PUBLIC,
        inputs=("complaints.complaint",),
        owner="complaints",
    )
)
register(
    Indicator(
        code="complaints.verifikasi",
        name=_("Pengaduan diverifikasi tepat waktu"),
        definition=_(
            "Pengaduan yang diverifikasi paling lambat pada batas verifikasinya, dibagi pengaduan "
            "yang batas verifikasinya jatuh dalam periode."
        ),
        numerator=_ver_num,
        denominator=_ver_den,
        numerator_label=_("diverifikasi tepat waktu"),
        denominator_label=_("verifikasi jatuh tempo"),
        source=_("Perpres No. 76 Tahun 2013; PermenPANRB No. 62 Tahun 2018 (SP4N-LAPOR!)"),
        period_types=(PeriodType.MONTH, PeriodType.YEAR),
        target=100.0,
        inputs=("complaints.complaint",),
        owner="complaints",
    )
)
register(
    Indicator(
        code="complaints.ikm",
        name=_("Indeks Kepuasan Masyarakat (IKM)"),
        definition=_(
            "Rata-rata semua nilai unsur SKM (1-4, sembilan unsur berbobot sama) dikali 25. "
            "Pembilang: jumlah nilai; penyebut: banyaknya nilai (sembilan per responden)."
        ),
        numerator=_skm_num,
        denominator=_skm_den,
        numerator_label=_("jumlah nilai unsur"),
        denominator_label=_("banyaknya nilai unsur"),
        source=_("PermenPANRB No. 14 Tahun 2017 tentang Pedoman Penyusunan SKM"),
        period_types=(PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR),
        unit="",
        factor=IKM_FACTOR,
        decimals=2,
        target=76.61,
        near_band=11.61,
        privacy=Privacy.PUBLIC,
        note=_("Target: mutu B (Baik) mulai 76,61; 'hampir' = mutu C (65,00-76,60)."),
        inputs=("complaints.survey",),
        owner="complaints",
    )
)
