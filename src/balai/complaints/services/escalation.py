"""The scheduled job: escalate overdue complaints up the tree, warn about due ones.

Set-based: the moments are columns set when a complaint entered its stage
(``clock.set_stage_due``), so each step is one indexed UPDATE, one
INSERT … SELECT of timeline events, one grouped count, one audit row and
one notification per receiving unit; no row is loaded into Python.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.complaints.models import (
    DUE_SOON_HOURS,
    OPEN_STATUSES,
    Complaint,
    ComplaintEvent,
    EscalationLevel,
    EventKind,
)
from balai.complaints.services.notifications import notify_unit
from balai.core import audit

CHUNK = 5000


@dataclass
class EscalationReport:
    to_kecamatan: int = 0
    to_kabupaten: int = 0
    units: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, int]:
        return {"to_kecamatan": self.to_kecamatan, "to_kabupaten": self.to_kabupaten}


# Kemendagri codes have fixed widths: "73.22" (kabupaten), "73.22.03" (kecamatan).
CODE_WIDTH = {"kecamatan": 8, "kabupaten": 5}


def _escalate(
    *, now: datetime, level: int, moment_field: str, target: str
) -> tuple[int, Counter[str]]:
    """Escalate every open complaint past *moment_field* to *level*, in three statements.

    An UPDATE marks the rows (``escalated_at = now``), an INSERT … SELECT
    writes their timeline events, and one grouped query counts them per
    receiving unit for the notifications.
    """
    due = Q(**{f"{moment_field}__lte": now}, status__in=OPEN_STATUSES, escalation_level__lt=level)
    count = Complaint.objects.filter(due).update(
        escalation_level=level, escalated_at=now, updated_at=now
    )
    if not count:
        return 0, Counter()
    width = CODE_WIDTH[target]
    marked = Complaint.objects.filter(escalated_at=now, escalation_level=level)
    text = _("Lewat batas waktu: dieskalasi ke %(unit)s.") % {"unit": EscalationLevel(level).label}
    events, complaints = ComplaintEvent._meta.db_table, Complaint._meta.db_table
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {events} "  # noqa: S608 -- table names from model meta
            "(complaint_id, kind, is_public, from_status, to_status, text, to_area_id, created_at) "
            f"SELECT id, %s, %s, '', '', %s, SUBSTR(area_id, 1, %s), %s FROM {complaints} "
            "WHERE escalated_at = %s AND escalation_level = %s",
            [EventKind.ESCALATED, False, text, width, stamp, stamp, level],
        )
    units = Counter(
        dict(
            marked.annotate(unit=Substr("area_id", 1, width))
            .values_list("unit")
            .order_by()
            .annotate(n=Count("id"))
            .values_list("unit", "n")
        )
    )
    return count, units


def complaints_escalate_overdue(*, now: datetime | None = None) -> EscalationReport:
    """Send overdue village complaints to the kecamatan, then on to the kabupaten.

    The original handler stays responsible; the level above sees the
    complaint in its queue and may act or instruct. Idempotent: a complaint
    escalates once per level.
    """
    now = now or timezone.now()
    report = EscalationReport()
    with transaction.atomic():
        report.to_kecamatan, kec_units = _escalate(
            now=now,
            level=EscalationLevel.KECAMATAN,
            moment_field="escalate_kecamatan_at",
            target="kecamatan",
        )
        report.to_kabupaten, kab_units = _escalate(
            now=now,
            level=EscalationLevel.KABUPATEN,
            moment_field="escalate_kabupaten_at",
            target="kabupaten",
        )
        report.units = kec_units + kab_units
        if report.to_kecamatan or report.to_kabupaten:
            audit.record(
                actor=None,
                action="complaints.escalated",
                obj=Complaint,
                data={**report.as_dict(), "at": now.isoformat()},
            )
        for code, count in report.units.items():
            transaction.on_commit(
                lambda code=code, count=count: notify_unit(  # type: ignore[misc]
                    code,
                    _("%(n)s pengaduan lewat batas waktu dieskalasi ke unit Anda") % {"n": count},
                    _("Lihat antrean pengaduan di Balai: pengaduan yang dieskalasi."),
                    complaint_id=None,
                )
            )
    return report


def complaints_warn_due_soon(*, now: datetime | None = None) -> int:
    """Warn each handling unit once about its complaints due within a day; return count."""
    now = now or timezone.now()
    soon = now + timedelta(hours=DUE_SOON_HOURS)
    with transaction.atomic():
        rows = list(
            Complaint.objects.select_for_update(skip_locked=True)
            .filter(
                status__in=OPEN_STATUSES,
                due_soon_warned_at__isnull=True,
                due_at__gt=now,
                due_at__lte=soon,
            )
            .values_list("pk", "handler_area_id")
            .order_by()
        )
        ids = [pk for pk, _h in rows]
        for i in range(0, len(ids), CHUNK):
            Complaint.objects.filter(pk__in=ids[i : i + CHUNK]).update(due_soon_warned_at=now)
        units = Counter(code for _pk, code in rows)
        for code, count in units.items():
            transaction.on_commit(
                lambda code=code, count=count: notify_unit(  # type: ignore[misc]
                    code,
                    _("%(n)s pengaduan jatuh tempo dalam 24 jam") % {"n": count},
                    _("Segera tindak lanjuti agar tidak dieskalasi."),
                    complaint_id=None,
                )
            )
    return len(ids)
