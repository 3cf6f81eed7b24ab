"""Indicators owned by the letters module: SPM Desa services 1, 3 and 4 (Permendagri 2/2017).

Loaded from ``LettersConfig.ready``. Each selector returns counts per village
for one period in one query (see ``balai.indicators.registry``).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count, F, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from balai.core.areacodes import KABUPATEN_CODE_LENGTH, kabupaten_code
from balai.indicators.registry import (
    Direction,
    Indicator,
    Kind,
    Privacy,
    Scope,
    count_by_village,
    pair,
    register,
)
from balai.letters.models import Channel, LetterRequest, ServiceStandard, Status
from balai.regions.models import Area, Level

SPM_SOURCE = _("Permendagri No. 2 Tahun 2017 tentang Standar Pelayanan Minimal Desa, Pasal 5")


def _information(scope: Scope) -> Mapping[str, tuple[int, int]]:
    """Catalogue standards published by each village / standards in its kabupaten catalogue.

    Only standards adopted from the village's own kabupaten catalogue count
    (distinct catalogue entries), so the share cannot pass 100%.
    """
    catalogue = dict(
        ServiceStandard.objects.filter(area__level=Level.KABUPATEN_KOTA)
        .values("area_id")
        .order_by()
        .annotate(n=Count("id"))
        .values_list("area_id", "n")
    )
    if not catalogue:
        return {}
    in_catalogue = Q()
    for kabupaten in catalogue:
        in_catalogue |= Q(code__within=kabupaten)
    villages = Area.objects.filter(in_catalogue, level=Level.DESA_KELURAHAN, is_active=True)
    published = count_by_village(
        ServiceStandard.objects.filter(
            area__level=Level.DESA_KELURAHAN,
            is_published=True,
            source__area_id=Substr("area_id", 1, KABUPATEN_CODE_LENGTH),
        ),
        scope,
        n=Count("source_id", distinct=True),
    )
    return {
        code: (published.get(code, {}).get("n", 0), catalogue[kabupaten_code(code)])
        for code in villages.filter(scope.area_q("code")).values_list("code", flat=True)
    }


def _letters_due(scope: Scope) -> Mapping[str, tuple[int, int]]:
    """Letters finished within the standard time / letters due in the period, finished or not."""
    rows = count_by_village(
        LetterRequest.objects.filter(scope.in_period("due_at")).exclude(status=Status.REJECTED),
        scope,
        due=Count("id"),
        on_time=Count("id", filter=Q(completed_at__isnull=False, completed_at__lte=F("due_at"))),
    )
    return {code: (r["on_time"], r["due"]) for code, r in rows.items()}


def _online(scope: Scope) -> Mapping[str, tuple[int, int]]:
    """Requests made online by residents / letter requests received in the period."""
    rows = count_by_village(
        LetterRequest.objects.filter(scope.in_period("received_at")),
        scope,
        total=Count("id"),
        online=Count("id", filter=Q(channel=Channel.ONLINE)),
    )
    return {code: (r["online"], r["total"]) for code, r in rows.items()}


def _rejected(scope: Scope) -> Mapping[str, tuple[int, int]]:
    """Requests rejected or withdrawn / requests received in the period."""
    rows = count_by_village(
        LetterRequest.objects.filter(scope.in_period("received_at")),
        scope,
        total=Count("id"),
        rejected=Count("id", filter=Q(status=Status.REJECTED)),
    )
    return {code: (r["rejected"], r["total"]) for code, r in rows.items()}


_info_num, _info_den = pair(_information)
_due_num, _due_den = pair(_letters_due)
_online_num, _online_den = pair(_online)
_rej_num, _rej_den = pair(_rejected)

register(
    Indicator(
        code="spm.informasi",
        name=_("SPM Desa 1: informasi pelayanan"),
        definition=_(
            "Standar pelayanan dari katalog kabupaten yang sudah diumumkan desa, dibagi jumlah "
            "standar dalam katalog kabupaten. Keadaan saat dihitung."
        ),
        numerator=_info_num,
        denominator=_info_den,
        numerator_label=_("standar katalog yang diumumkan desa"),
        denominator_label=_("standar dalam katalog kabupaten"),
        source=SPM_SOURCE,
        kind=Kind.STOCK,
        target=100.0,
        privacy=Privacy.PUBLIC,
        inputs=("letters.standard",),
        owner="letters",
    )
)
register(
    Indicator(
        code="spm.surat",
        name=_("SPM Desa 3: surat keterangan tepat waktu"),
        definition=_(
            "Permohonan surat yang selesai dalam waktu standar desa, dibagi permohonan yang jatuh "
            "tempo dalam periode, selesai atau belum. Permohonan ditolak atau dibatalkan pemohon "
            "tidak dihitung."
        ),
        numerator=_due_num,
        denominator=_due_den,
        numerator_label=_("surat selesai tepat waktu"),
        denominator_label=_("permohonan jatuh tempo"),
        source=SPM_SOURCE,
        target=100.0,
        privacy=Privacy.PUBLIC,
        inputs=("letters.request",),
        owner="letters",
    )
)
register(
    Indicator(
        code="spm.penyederhanaan",
        name=_("SPM Desa 4: penyederhanaan pelayanan (proksi: permohonan daring)"),
        definition=_(
            "Proksi: permohonan surat yang diajukan warga secara daring, dibagi semua permohonan "
            "yang diterima dalam periode. Mengukur seberapa sering warga tidak perlu datang; "
            "bukan ukuran jumlah persyaratan, langkah atau waktu pelayanan."
        ),
        numerator=_online_num,
        denominator=_online_den,
        numerator_label=_("permohonan daring"),
        denominator_label=_("permohonan diterima"),
        source=SPM_SOURCE,
        privacy=Privacy.PUBLIC,
        note=_("Proksi: Permendagri 2/2017 tidak menetapkan cara mengukur penyederhanaan."),
        inputs=("letters.request",),
        owner="letters",
    )
)
register(
    Indicator(
        code="letters.ditolak",
        name=_("Permohonan surat ditolak atau dibatalkan"),
        definition=_(
            "Permohonan surat yang ditolak atau dibatalkan pemohon, dibagi permohonan yang "
            "diterima dalam periode."
        ),
        numerator=_rej_num,
        denominator=_rej_den,
        numerator_label=_("permohonan ditolak/dibatalkan"),
        denominator_label=_("permohonan diterima"),
        source=SPM_SOURCE,
        direction=Direction.AT_MOST,
        inputs=("letters.request",),
        owner="letters",
    )
)
