"""The scheduled job: escalate overdue complaints up the tree, warn about due ones.

Set-based: the moments are columns set when a complaint entered its stage
(``clock.set_stage_due``), so the job is one pass however many complaints
are overdue: every complaint past its moments moves straight to its final
level in a single UPDATE, and one INSERT … SELECT writes one timeline event
per step taken (a complaint that missed both moments gets the kecamatan
step and then the kabupaten step, as if the job had run at each moment).
One grouped count per receiving unit feeds the notifications; no row is
loaded into Python.

On PostgreSQL the three are one statement (data-modifying CTEs): the UPDATE
joins the table to itself to return each row's level before the update, and
skips rows whose level changed under it. Elsewhere (SQLite in development)
the events are written first, then the rows updated, in the same
transaction; SQLite has a single writer, so nothing changes in between.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When
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
KEC, KAB = EscalationLevel.KECAMATAN, EscalationLevel.KABUPATEN
EVENT_COLUMNS = (
    "complaint_id, kind, is_public, from_status, to_status, text, to_area_id, created_at"
)


def _step_text(level: int) -> str:
    return _("Lewat batas waktu: dieskalasi ke %(unit)s.") % {"unit": EscalationLevel(level).label}


def _step_q(level: int, now: datetime) -> Q:
    """Return the complaints that take the step to *level* at *now*."""
    if level == KEC:
        return Q(status__in=OPEN_STATUSES, escalation_level=0, escalate_kecamatan_at__lte=now)
    return Q(status__in=OPEN_STATUSES, escalation_level__lt=KAB, escalate_kabupaten_at__lte=now)


def _escalate_postgresql(now: datetime) -> list[tuple[int, str, int]]:
    """Escalate in one statement; return (level, unit, count) per step and receiving unit."""
    complaints, events = Complaint._meta.db_table, ComplaintEvent._meta.db_table
    # Matches the partial indexes complaint_escalate_kec/_kab. Applied to
    # both sides of the self-join so that each is an index scan; the target
    # side (c) is rechecked on the row's latest version if it changed since
    # the statement began, and the equal levels skip rows escalated under us.
    due = """{t}.status = ANY(%(statuses)s)
              AND (({t}.escalation_level = 0 AND {t}.escalate_kecamatan_at <= %(now)s)
                   OR ({t}.escalation_level < {kab:d} AND {t}.escalate_kabupaten_at <= %(now)s))"""
    sql = f"""
        WITH moved AS (
            UPDATE {complaints} c SET
                escalation_level = CASE WHEN c.escalate_kabupaten_at <= %(now)s
                                        THEN {KAB:d} ELSE {KEC:d} END,
                escalated_at = %(now)s,
                updated_at = %(now)s
            FROM {complaints} o
            WHERE o.id = c.id
              AND o.escalation_level = c.escalation_level
              AND {due.format(t="c", kab=KAB)}
              AND {due.format(t="o", kab=KAB)}
            RETURNING c.id, c.area_id, o.escalation_level AS old,
                      c.escalate_kecamatan_at AS kec_at, c.escalate_kabupaten_at AS kab_at
        ), steps AS (
            SELECT m.id, v.level, v.text, SUBSTR(m.area_id, 1, v.width) AS unit
            FROM moved m JOIN (VALUES ({KEC:d}, %(kec_text)s, {CODE_WIDTH["kecamatan"]:d}),
                                      ({KAB:d}, %(kab_text)s, {CODE_WIDTH["kabupaten"]:d}))
                              AS v (level, text, width)
              ON (v.level = {KEC:d} AND m.old = 0 AND m.kec_at <= %(now)s)
              OR (v.level = {KAB:d} AND m.kab_at <= %(now)s)
        ), written AS (
            INSERT INTO {events} ({EVENT_COLUMNS})
            SELECT id, %(kind)s, false, '', '', text, unit, %(now)s FROM steps
            ORDER BY level, id
        )
        SELECT level, unit, COUNT(*) FROM steps GROUP BY level, unit
    """  # noqa: S608 -- table names from model meta, values bound
    params: dict[str, Any] = {
        "now": now,
        "kec_text": _step_text(KEC),
        "kab_text": _step_text(KAB),
        "kind": EventKind.ESCALATED.value,
        "statuses": [str(s) for s in OPEN_STATUSES],
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(level), unit, int(n)) for level, unit, n in cursor.fetchall()]


def _escalate_generic(now: datetime) -> list[tuple[int, str, int]]:
    """Escalate in a few statements (events, counts, one UPDATE); same result."""
    events = ComplaintEvent._meta.db_table
    stamp = connection.ops.adapt_datetimefield_value(now)
    rows: list[tuple[int, str, int]] = []
    with connection.cursor() as cursor:
        for level, target in ((KEC, "kecamatan"), (KAB, "kabupaten")):
            width = CODE_WIDTH[target]
            step = Complaint.objects.filter(_step_q(level, now)).order_by()
            step = step.annotate(unit=Substr("area_id", 1, width))
            sql, params = step.values_list("id", "unit").query.sql_with_params()
            cursor.execute(
                f"INSERT INTO {events} ({EVENT_COLUMNS}) "  # noqa: S608 -- meta names
                f"SELECT s.id, %s, %s, '', '', %s, s.unit, %s FROM ({sql}) s",
                [EventKind.ESCALATED.value, False, _step_text(level), stamp, *params],
            )
            rows += [
                (level, unit, n)
                for unit, n in step.values_list("unit")
                .annotate(n=Count("id"))
                .values_list("unit", "n")
            ]
    Complaint.objects.filter(_step_q(KEC, now) | _step_q(KAB, now)).update(
        escalation_level=Case(
            When(escalate_kabupaten_at__lte=now, then=Value(KAB)),
            default=Value(KEC),
            output_field=IntegerField(),
        ),
        escalated_at=now,
        updated_at=now,
    )
    return rows


def complaints_escalate_overdue(*, now: datetime | None = None) -> EscalationReport:
    """Send overdue village complaints to the kecamatan, then on to the kabupaten.

    The original handler stays responsible; the level above sees the
    complaint in its queue and may act or instruct. Idempotent: a complaint
    escalates once per level.
    """
    now = now or timezone.now()
    report = EscalationReport()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            steps = _escalate_postgresql(now)
        else:
            steps = _escalate_generic(now)
        for level, unit, count in steps:
            if level == KEC:
                report.to_kecamatan += count
            else:
                report.to_kabupaten += count
            report.units[unit] += count
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
