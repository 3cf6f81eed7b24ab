"""Findings and rakor decisions followed to closure; the overdue escalation job."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.roles import Office
from balai.complaints.attachments import clean_upload
from balai.core import areacodes, audit
from balai.core.errors import ConflictError, DomainError
from balai.core.holidays import calendar_for
from balai.indicators.services import mark_changed
from balai.regions.models import Area
from balai.supervision.models import (
    ALLOWED_TRANSITIONS,
    OPEN_FOLLOWUP,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    FollowUpStep,
    Meeting,
    Question,
    Responsible,
    Visit,
    VisitStatus,
)
from balai.supervision.policies import DEFAULT_DUE_DAYS

INPUT = "supervision.followup"


def due_date(area: Area, found_on: date, days: int) -> date:
    """Return the day *days* working days after *found_on* on *area*'s office calendar."""
    cal = calendar_for(area)
    start = datetime.combine(found_on, time(8, 0), tzinfo=cal.tz)
    return cal.add_working_days(start, days).date()


def _due_error(message: str) -> DomainError:
    return DomainError(message, code="bad_due_date", field_errors={"due_on": [message]})


@transaction.atomic
def followup_create(
    *,
    actor: Any,
    area: Area,
    description: str,
    recommendation: str,
    responsible: str,
    visit: Visit | None = None,
    meeting: Meeting | None = None,
    office: str = "",
    found_on: date | None = None,
    due_days: int | None = None,
    due_on: date | None = None,
    question: Question | None = None,
    indicator: str = "",
) -> FollowUp:
    """Record a finding of *visit* or a decision of *meeting*, due in working days or on a day."""
    if (visit is None) == (meeting is None):
        raise DomainError(_("Tindak lanjut berasal dari satu kunjungan atau satu rakor."))
    if visit is not None:
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        if visit.status != VisitStatus.DRAFT:
            raise ConflictError(
                _("Temuan dicatat selama kunjungan berlangsung, sebelum laporan ditandatangani.")
            )
        if area.code != visit.area_id:
            raise DomainError(_("Temuan kunjungan berlaku untuk desa yang dikunjungi."))
        found_on = found_on or visit.visited_on or timezone.localdate()
        kind = FollowUpKind.FINDING
    else:
        assert meeting is not None  # noqa: S101 -- checked above
        if area.code != meeting.area_id and not area.code.startswith(meeting.area_id + "."):
            raise DomainError(_("Keputusan rakor hanya untuk wilayah rakor itu."))
        found_on = found_on or meeting.held_on
        kind = FollowUpKind.DECISION
    if responsible == Responsible.OFFICE and office not in Office.values:
        raise DomainError(
            _("Pilih perangkat daerah yang bertanggung jawab."),
            field_errors={"office": [_("Pilih perangkat daerah yang bertanggung jawab.")]},
        )
    if responsible == Responsible.VILLAGE and len(area.code) != areacodes.VILLAGE_CODE_LENGTH:
        raise DomainError(_("Penanggung jawab desa hanya untuk tindak lanjut satu desa."))
    if due_on is None:
        due_on = due_date(area, found_on, due_days if due_days is not None else DEFAULT_DUE_DAYS)
        due_days = due_days if due_days is not None else DEFAULT_DUE_DAYS
    if due_on < found_on:
        raise _due_error(
            _("Batas waktu (%(due)s) tidak boleh sebelum tanggal temuan (%(found)s).")
            % {"due": due_on.strftime("%d-%m-%Y"), "found": found_on.strftime("%d-%m-%Y")}
        )
    item = FollowUp(
        kind=kind,
        visit=visit,
        meeting=meeting,
        area=area,
        question=question,
        description=description,
        recommendation=recommendation,
        responsible=responsible,
        office=office if responsible == Responsible.OFFICE else "",
        found_on=found_on,
        due_days=due_days,
        due_on=due_on,
        indicator=indicator,
        created_by=actor,
    )
    item.full_clean()
    item.save()
    FollowUpStep.objects.create(
        followup=item, action="dibuat", status=item.status, note=recommendation, actor=actor
    )
    mark_changed(INPUT, area.code, [due_on])
    audit.record(
        actor=actor,
        action="supervision.followup_created",
        obj=item,
        data={"due_on": due_on.isoformat(), "responsible": responsible},
    )
    return item


def _lock(item: FollowUp) -> FollowUp:
    locked = (
        FollowUp.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=item.pk)
    )
    if locked.status == FollowUpStatus.CLOSED:
        raise ConflictError(
            _("Tindak lanjut ini sudah selesai dan tidak dapat diubah lagi."), code="closed"
        )
    return locked


def _move(item: FollowUp, to: str, *, actor: Any, action: str, note: str, **step: Any) -> None:
    if to not in ALLOWED_TRANSITIONS[item.status]:
        raise ConflictError(
            _("Tindak lanjut berstatus %(s)s tidak dapat di-%(a)s.")
            % {"s": item.get_status_display(), "a": action}
        )
    item.status = to
    fields = ["status", "updated_at"]
    if to == FollowUpStatus.CLOSED:
        item.closed_at = timezone.now()
        fields.append("closed_at")
    item.save(update_fields=fields)
    FollowUpStep.objects.create(
        followup=item, action=action, status=to, note=note, actor=actor, **step
    )
    mark_changed(INPUT, str(item.area_id), [item.due_on])
    audit.record(
        actor=actor, action=f"supervision.followup_{action}", obj=item, data={"note": note[:200]}
    )


@transaction.atomic
def followup_answer(
    *,
    actor: Any,
    item: FollowUp,
    note: str,
    evidence: IO[bytes] | None = None,
    evidence_name: str = "",
    evidence_size: int | None = None,
) -> FollowUp:
    """Record the responsible party's answer, with a photo or PDF as evidence."""
    item = _lock(item)
    if not note.strip():
        raise DomainError(
            _("Tuliskan tindak lanjut yang sudah dilakukan."),
            field_errors={"note": [_("Tuliskan tindak lanjut yang sudah dilakukan.")]},
        )
    step: dict[str, Any] = {}
    if evidence is not None:
        clean = clean_upload(evidence, name=evidence_name, size=evidence_size)
        step = {
            "evidence": clean.content,
            "evidence_type": clean.content_type,
            "evidence_name": f"{clean.original_name.rsplit('.', 1)[0][:90]}.{clean.extension}",
        }
    _move(item, FollowUpStatus.ANSWERED, actor=actor, action="dijawab", note=note, **step)
    return item


@transaction.atomic
def followup_verify(*, actor: Any, item: FollowUp, accept: bool, note: str = "") -> FollowUp:
    """Close an answered item, or return it to the responsible party with a reason."""
    item = _lock(item)
    if item.status != FollowUpStatus.ANSWERED:
        raise ConflictError(_("Hanya tindak lanjut yang sudah dijawab yang dapat diverifikasi."))
    if not accept and not note.strip():
        raise DomainError(
            _("Tuliskan alasan pengembalian."),
            field_errors={"note": [_("Tuliskan alasan pengembalian.")]},
        )
    to = FollowUpStatus.CLOSED if accept else FollowUpStatus.RETURNED
    _move(item, to, actor=actor, action="ditutup" if accept else "dikembalikan", note=note)
    return item


@transaction.atomic
def followup_close_by_data(*, actor: Any, item: FollowUp, value: float, target: float) -> FollowUp:
    """Close *item* because its indicator recovered (*value* meets *target*)."""
    item = _lock(item)
    item.closed_by_data = True
    item.save(update_fields=["closed_by_data", "updated_at"])
    note = _("Indikator %(code)s pulih: %(value)s (target %(target)s).") % {
        "code": item.indicator,
        "value": f"{value:.1f}",
        "target": f"{target:.1f}",
    }
    _move(item, FollowUpStatus.CLOSED, actor=actor, action="ditutup_data", note=note)
    return item


def followups_escalate_overdue(*, today: date | None = None) -> int:
    """Mark items past their due date as escalated to DPMD (once); return how many.

    Like the complaints' escalation, an indexed query and one bulk update: an
    item is overdue from the day after its due date while it is not closed.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            FollowUp.objects.select_for_update(skip_locked=True)
            .filter(status__in=OPEN_FOLLOWUP, due_on__lt=today, escalated_at__isnull=True)
            .values_list("pk", flat=True)
        )
        if not ids:
            return 0
        FollowUp.objects.filter(pk__in=ids).update(escalated_at=now)
        audit.record(
            actor=None,
            action="supervision.followups_escalated",
            obj=FollowUp,
            data={"ids": ids, "to": "dpmd"},
        )
    return len(ids)


def followups_close_recovered(*, on: date | None = None) -> int:
    """Close open items whose recovery indicator now meets its target in the village."""
    from balai.indicators import registry
    from balai.indicators.periods import period_of
    from balai.indicators.selectors import indicator_table

    on = on or timezone.localdate()
    closed = 0
    items = FollowUp.objects.filter(status__in=OPEN_FOLLOWUP).exclude(indicator="")
    by_code: dict[str, list[FollowUp]] = {}
    for item in items.select_related("area"):
        by_code.setdefault(item.indicator, []).append(item)
    for code, group in by_code.items():
        try:
            indicator = registry.get(code)
        except registry.IndicatorUnknown:
            continue
        period = period_of(on, indicator.period_type).previous()
        for item in group:
            table = indicator_table(indicators=[indicator], area=item.area, periods=[period])
            value = table.cell(item.area_id, code, period)
            if value.value is not None and value.status == "met" and value.target is not None:
                followup_close_by_data(
                    actor=None, item=item, value=value.value, target=value.target.value
                )
                closed += 1
    return closed
