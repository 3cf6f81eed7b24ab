"""Receipts of the village reports the kecamatan chases."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.errors import DomainError
from balai.indicators.services import mark_changed
from balai.regions.models import Area, Level
from balai.supervision.models import ReportReceipt

INPUT = "supervision.report"


@transaction.atomic
def report_receive(
    *, actor: Any, village: Area, kind: str, year: int, received_on: date, note: str = ""
) -> ReportReceipt:
    """Record (or correct) the day *village*'s report of *year* reached the kecamatan."""
    if village.level != Level.DESA_KELURAHAN:
        raise DomainError(_("Laporan diterima dari desa/kelurahan."))
    if received_on > timezone.localdate():
        message = _("Tanggal diterima tidak boleh di masa depan.")
        raise DomainError(message, field_errors={"received_on": [message]})
    if received_on < date(year + 1, 1, 1):
        message = _("Laporan tahun %(y)s baru dapat diterima setelah tahun itu berakhir.") % {
            "y": year
        }
        raise DomainError(message, field_errors={"received_on": [message]})
    receipt = ReportReceipt.objects.select_for_update().filter(
        area=village, kind=kind, year=year
    ).first() or ReportReceipt(area=village, kind=kind, year=year)
    before = receipt.received_on if receipt.pk else None
    receipt.received_on = received_on
    receipt.note = note
    receipt.recorded_by = actor
    receipt.full_clean()
    receipt.save()
    mark_changed(INPUT, village.code, [date(year, 1, 1)])
    audit.record(
        actor=actor,
        action="supervision.report_received",
        obj=receipt,
        data={
            "received_on": received_on.isoformat(),
            "before": before.isoformat() if before else None,
        },
    )
    return receipt
