"""The complaint lifecycle: verify, hold, reject, forward, assign, answer, close, reopen, rate.

Every step locks the row, checks ``ALLOWED_TRANSITIONS``, moves the clock,
writes a timeline event and an audit event, and notifies on commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import RoleAssignment
from balai.complaints import clock
from balai.complaints.models import (
    ALLOWED_TRANSITIONS,
    Category,
    Classification,
    Complaint,
    ComplaintEvent,
    EventKind,
    Status,
    UnitLevel,
)
from balai.complaints.policies import unit_officers_q
from balai.complaints.services.notifications import (
    notify_complainant,
    notify_unit,
)
from balai.core import audit
from balai.core.errors import ConflictError, DomainError
from balai.indicators.services import local_days, mark_changed
from balai.regions.models import Area, Level

MAX_TEXT = 5000


def _text(value: str, label: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(_("%(field)s wajib diisi.") % {"field": label})
    if len(value) > MAX_TEXT:
        raise DomainError(
            _("%(field)s terlalu panjang (paling banyak %(n)s karakter).")
            % {"field": label, "n": MAX_TEXT}
        )
    return value


def _lock(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().select_related("category").get(pk=complaint.pk)


def _check(complaint: Complaint, to: str) -> None:
    if to not in ALLOWED_TRANSITIONS.get(complaint.status, set()):
        raise ConflictError(
            _("Pengaduan berstatus %(status)s tidak bisa diubah menjadi %(to)s.")
            % {"status": Status(complaint.status).label, "to": Status(to).label},
            code="invalid_transition",
        )


def _save(
    complaint: Complaint,
    *,
    actor: Any,
    kind: str,
    to: str | None,
    text: str = "",
    is_public: bool,
    now: datetime,
    to_area: str | None = None,
    data: dict[str, Any] | None = None,
) -> ComplaintEvent:
    """Save *complaint*, add its timeline event and audit entry, notify on commit."""
    before, *dues = Complaint.objects.values_list("status", "verify_due", "resolve_due").get(
        pk=complaint.pk
    )
    if to is not None:
        complaint.status = to
    complaint.full_clean()
    complaint.save()
    mark_changed(
        "complaints.complaint",
        complaint.area_id,
        local_days(*dues, complaint.verify_due, complaint.resolve_due),
    )
    event = ComplaintEvent.objects.create(
        complaint=complaint,
        kind=kind,
        is_public=is_public,
        from_status=before if to is not None else "",
        to_status=to or "",
        text=text,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        to_area_id=to_area,
        created_at=now,
    )
    audit.record(
        actor=actor,
        action=f"complaint.{kind}",
        obj=complaint,
        data={"from": before, "to": complaint.status, **(data or {})},
    )
    if is_public:
        event_id = event.pk
        transaction.on_commit(lambda: notify_complainant(event_id))
    return event


def _restart_verification(complaint: Complaint, now: datetime) -> None:
    complaint.verify_due = clock.deadline(complaint, now, complaint.category.verify_days)
    complaint.verified_at = None
    clock.set_stage_due(complaint, complaint.verify_due)


def complaint_verify(
    *,
    complaint: Complaint,
    actor: Any,
    classification: str | None = None,
    category: Category | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Complaint:
    """Accept *complaint* as complete: start the follow-up and resolution clocks."""
    now = now or timezone.now()
    with transaction.atomic():
        complaint = _lock(complaint)
        _check(complaint, Status.DIVERIFIKASI)
        if classification is not None:
            if classification not in Classification.values:
                raise DomainError(_("Klasifikasi tidak dikenal."))
            complaint.classification = classification
        if category is not None:
            complaint.category = category
        cat = complaint.category
        complaint.verified_at = now
        complaint.hold_reason = ""
        complaint.response_due = clock.deadline(complaint, now, cat.response_days)
        complaint.resolve_due = clock.deadline(complaint, now, cat.resolve_days)
        clock.set_stage_due(complaint, complaint.response_due)
        _save(
            complaint,
            actor=actor,
            kind=EventKind.STATUS,
            to=Status.DIVERIFIKASI,
            text=_text(note, _("Catatan"), required=False),
            is_public=True,
            now=now,
        )
    return complaint


def complaint_hold(
    *, complaint: Complaint, actor: Any, reason: str, now: datetime | None = None
) -> Complaint:
    """Put *complaint* on hold (incomplete, too general…): the clock stops until a reply."""
    now = now or timezone.now()
    reason = _text(reason, _("Alasan"))
    with transaction.atomic():
        complaint = _lock(complaint)
        _check(complaint, Status.DITUNDA)
        complaint.hold_reason = reason[:500]
        clock.set_stage_due(complaint, None)
        _save(
            complaint,
            actor=actor,
            kind=EventKind.STATUS,
            to=Status.DITUNDA,
            text=reason,
            is_public=True,
            now=now,
        )
    return complaint


def complaint_reject(
    *, complaint: Complaint, actor: Any, reason: str, now: datetime | None = None
) -> Complaint:
    """Reject *complaint* with a public reason; the complainant may still reopen it."""
    now = now or timezone.now()
    reason = _text(reason, _("Alasan"))
    with transaction.atomic():
        complaint = _lock(complaint)
        _check(complaint, Status.DITOLAK)
        complaint.hold_reason = reason[:500]
        complaint.closed_at = now
        clock.set_stage_due(complaint, None)
        _save(
            complaint,
            actor=actor,
            kind=EventKind.STATUS,
            to=Status.DITOLAK,
            text=reason,
            is_public=True,
            now=now,
        )
    return complaint


def complaint_forward(
    *,
    complaint: Complaint,
    actor: Any,
    target: Area,
    office: str = "",
    reason: str,
    now: datetime | None = None,
) -> Complaint:
    """Forward *complaint* (bukan wewenang) to the unit that should handle it.

    *target* is another village (the complaint moves there), the kecamatan or
    the kabupaten (with an *office*) above the complaint's village. The
    verification clock starts again at the new unit.
    """
    now = now or timezone.now()
    reason = _text(reason, _("Alasan"))
    levels: dict[str, str] = {
        Level.DESA_KELURAHAN: UnitLevel.DESA,
        Level.KECAMATAN: UnitLevel.KECAMATAN,
        Level.KABUPATEN_KOTA: UnitLevel.KABUPATEN,
    }
    level = levels.get(target.level)
    if level is None:
        raise DomainError(_("Teruskan ke desa/kelurahan, kecamatan, atau kabupaten/kota."))
    if level == UnitLevel.KABUPATEN and not office:
        raise DomainError(_("Pilih kantor kabupaten tujuan."))
    with transaction.atomic():
        complaint = _lock(complaint)
        _check(complaint, Status.DITERIMA)
        if complaint.status not in (Status.DITERIMA, Status.DIVERIFIKASI):
            raise ConflictError(_("Hanya pengaduan yang belum didisposisikan bisa diteruskan."))
        if level == UnitLevel.DESA:
            if clock.kabupaten_code(target.code) != clock.kabupaten_code(complaint.area_id):
                raise DomainError(_("Desa tujuan harus di kabupaten/kota yang sama."))
            if clock.village_code(complaint.area_id) != target.code:
                complaint.area = target
        elif not target.contains(complaint.area_id):
            raise DomainError(_("Unit tujuan harus membawahi desa pengaduan ini."))
        if target.code == complaint.handler_area_id and office == complaint.handler_office:
            raise DomainError(_("Pengaduan sudah ditangani unit itu."))
        complaint.handler_area = target
        complaint.handler_level = level
        complaint.handler_office = office if level == UnitLevel.KABUPATEN else ""
        complaint.assignee = None
        complaint.escalation_level = 0
        complaint.escalated_at = None
        _restart_verification(complaint, now)
        _save(
            complaint,
            actor=actor,
            kind=EventKind.FORWARDED,
            to=Status.DITERIMA,
            text=reason,
            is_public=True,
            now=now,
            to_area=target.code,
            data={"to_area": target.code, "office": office},
        )
        transaction.on_commit(
            lambda: notify_unit(
                target.code,
                _("Pengaduan diteruskan ke unit Anda: %(n)s") % {"n": complaint.number},
                reason,
                complaint_id=complaint.pk,
            )
        )
    return complaint


def officer_may_handle(user: Any, complaint: Complaint) -> bool:
    """Tell whether *user* is an officer of *complaint*'s handling unit."""
    return RoleAssignment.objects.filter(unit_officers_q(complaint), user=user).exists()


def complaint_assign(
    *, complaint: Complaint, actor: Any, assignee: Any, note: str = "", now: datetime | None = None
) -> Complaint:
    """Dispose *complaint* to an officer of the handling unit (or dispose it again)."""
    now = now or timezone.now()
    if assignee is None or not officer_may_handle(assignee, complaint):
        raise DomainError(_("Petugas itu tidak bertugas di unit penangan pengaduan ini."))
    with transaction.atomic():
        complaint = _lock(complaint)
        _check(complaint, Status.DIDISPOSISIKAN)
        complaint.assignee = assignee
        _save(
            complaint,
            actor=actor,
            kind=EventKind.ASSIGNED,
            to=Status.DIDISPOSISIKAN,
            text=_text(note, _("Catatan"), required=False),
            is_public=False,
            now=now,
            data={"assignee": assignee.pk},
        )
    return complaint


def complaint_respond(
    *, complaint: Complaint, actor: Any, text: str, now: datetime | None = None
) -> Complaint:
    """Publish a follow-up (tindak lanjut); the first one starts the resolution clock."""
    now = now or timezone.now()
    text = _text(text, _("Tindak lanjut"))
    with transaction.atomic():
        complaint = _lock(complaint)
        _check(complaint, Status.DITINDAKLANJUTI)
        if complaint.responded_at is None:
            complaint.responded_at = now
            clock.set_stage_due(complaint, complaint.resolve_due)
        _save(
            complaint,
            actor=actor,
            kind=EventKind.ANSWER,
            to=Status.DITINDAKLANJUTI,
            text=text,
            is_public=True,
            now=now,
        )
    return complaint


def complaint_resolve(
    *, complaint: Complaint, actor: Any, text: str, now: datetime | None = None
) -> Complaint:
    """Close *complaint* as settled with a public final answer."""
    now = now or timezone.now()
    text = _text(text, _("Jawaban akhir"))
    with transaction.atomic():
        complaint = _lock(complaint)
        _check(complaint, Status.SELESAI)
        complaint.resolved_at = complaint.closed_at = now
        clock.set_stage_due(complaint, None)
        _save(
            complaint,
            actor=actor,
            kind=EventKind.ANSWER,
            to=Status.SELESAI,
            text=text,
            is_public=True,
            now=now,
        )
    return complaint


def complaint_note(
    *, complaint: Complaint, actor: Any, text: str, now: datetime | None = None
) -> ComplaintEvent:
    """Add an internal note (never shown to the complainant)."""
    now = now or timezone.now()
    text = _text(text, _("Catatan"))
    with transaction.atomic():
        complaint = _lock(complaint)
        return _save(
            complaint,
            actor=actor,
            kind=EventKind.NOTE,
            to=None,
            text=text,
            is_public=False,
            now=now,
        )


def complaint_instruct(
    *, complaint: Complaint, actor: Any, text: str, now: datetime | None = None
) -> ComplaintEvent:
    """Record an instruction from the level above to the handling unit, and tell it."""
    now = now or timezone.now()
    text = _text(text, _("Arahan"))
    with transaction.atomic():
        complaint = _lock(complaint)
        event = _save(
            complaint,
            actor=actor,
            kind=EventKind.INSTRUCTION,
            to=None,
            text=text,
            is_public=False,
            now=now,
        )
        code, number, pk = complaint.handler_area_id, complaint.number, complaint.pk
        transaction.on_commit(
            lambda: notify_unit(
                code, _("Arahan untuk pengaduan %(n)s") % {"n": number}, text, complaint_id=pk
            )
        )
    return event


# ---- the complainant's own actions (after tracking code or own account) ------------


def complaint_reply(*, complaint: Complaint, text: str, now: datetime | None = None) -> Complaint:
    """Add the complainant's reply; on a complaint on hold it restarts verification."""
    now = now or timezone.now()
    text = _text(text, _("Balasan"))
    with transaction.atomic():
        complaint = _lock(complaint)
        if complaint.status in (Status.SELESAI, Status.DITOLAK):
            raise ConflictError(
                _(
                    "Pengaduan sudah ditutup. Buka kembali jika jawabannya belum menyelesaikan masalah."
                )
            )
        to = None
        if complaint.status == Status.DITUNDA:
            to = Status.DITERIMA
            complaint.hold_reason = ""
            _restart_verification(complaint, now)
        _save(
            complaint, actor=None, kind=EventKind.REPLY, to=to, text=text, is_public=True, now=now
        )
        code, number, pk = complaint.handler_area_id, complaint.number, complaint.pk
        transaction.on_commit(
            lambda: notify_unit(
                code, _("Balasan pelapor pada %(n)s") % {"n": number}, text, complaint_id=pk
            )
        )
    return complaint


def reopen_deadline(complaint: Complaint) -> datetime | None:
    """Return until when *complaint* may be reopened (None if it is not closed)."""
    if complaint.closed_at is None:
        return None
    return complaint.closed_at + timedelta(days=complaint.category.reopen_days)


def complaint_reopen(
    *, complaint: Complaint, reason: str, now: datetime | None = None
) -> Complaint:
    """Reopen a closed complaint the complainant disputes, within the category's window."""
    now = now or timezone.now()
    reason = _text(reason, _("Alasan"))
    with transaction.atomic():
        complaint = _lock(complaint)
        limit = reopen_deadline(complaint)
        if complaint.status not in (Status.SELESAI, Status.DITOLAK) or limit is None:
            raise ConflictError(
                _("Hanya pengaduan yang sudah selesai atau ditolak bisa dibuka kembali.")
            )
        if now > limit:
            raise ConflictError(
                _("Batas waktu membuka kembali (%(n)s hari setelah ditutup) sudah lewat.")
                % {"n": complaint.category.reopen_days},
                code="reopen_window_closed",
            )
        cat = complaint.category
        complaint.closed_at = complaint.resolved_at = None
        complaint.reopen_count += 1
        complaint.rating = None
        complaint.rating_comment = ""
        complaint.rated_at = None
        if complaint.status == Status.SELESAI and complaint.assignee_id is not None:
            to = Status.DIDISPOSISIKAN
            complaint.responded_at = None
            complaint.response_due = clock.deadline(complaint, now, cat.response_days)
            complaint.resolve_due = clock.deadline(complaint, now, cat.resolve_days)
            clock.set_stage_due(complaint, complaint.response_due)
        else:
            to = Status.DITERIMA
            _restart_verification(complaint, now)
        _check(complaint, to)
        _save(
            complaint,
            actor=None,
            kind=EventKind.REOPENED,
            to=to,
            text=reason,
            is_public=True,
            now=now,
        )
        code, number, pk = complaint.handler_area_id, complaint.number, complaint.pk
        transaction.on_commit(
            lambda: notify_unit(
                code, _("Pengaduan %(n)s dibuka kembali") % {"n": number}, reason, complaint_id=pk
            )
        )
    return complaint


def complaint_rate(
    *, complaint: Complaint, rating: int, comment: str = "", now: datetime | None = None
) -> Complaint:
    """Record the complainant's rating (1-5) of a settled complaint, once."""
    now = now or timezone.now()
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise DomainError(_("Penilaian harus angka 1 sampai 5."))
    comment = _text(comment, _("Komentar"), required=False)[:500]
    with transaction.atomic():
        complaint = _lock(complaint)
        if complaint.status != Status.SELESAI:
            raise ConflictError(_("Penilaian diberikan setelah pengaduan selesai."))
        if complaint.rating is not None:
            raise ConflictError(_("Pengaduan ini sudah dinilai."))
        complaint.rating = rating
        complaint.rating_comment = comment
        complaint.rated_at = now
        _save(
            complaint,
            actor=None,
            kind=EventKind.RATED,
            to=None,
            text=comment,
            is_public=True,
            now=now,
            data={"rating": rating},
        )
    return complaint
