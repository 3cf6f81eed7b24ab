from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.core import mail

from balai.complaints import services
from balai.complaints.models import ComplaintEvent, EventKind, Status
from balai.complaints.services.workflow import reopen_deadline
from balai.complaints.tests.conftest import WITA, FileComplaint
from balai.core.errors import ConflictError, DomainError
from balai.regions.models import Area
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA

pytestmark = pytest.mark.django_db
T = datetime(2026, 3, 17, 9, tzinfo=WITA)


def _resolved(file_complaint: FileComplaint, operator: object) -> object:
    c = file_complaint()
    c = services.complaint_verify(complaint=c, actor=operator, now=T)
    c = services.complaint_assign(complaint=c, actor=operator, assignee=operator, now=T)
    c = services.complaint_respond(complaint=c, actor=operator, text="Ditinjau.", now=T)
    return services.complaint_resolve(complaint=c, actor=operator, text="Selesai.", now=T)


def test_invalid_transition_is_refused_and_changes_nothing(
    file_complaint: FileComplaint, operator: object
) -> None:
    c = file_complaint()
    with pytest.raises(ConflictError, match="tidak bisa diubah"):
        services.complaint_resolve(complaint=c, actor=operator, text="Selesai.", now=T)
    c.refresh_from_db()
    assert c.status == Status.DITERIMA
    assert c.events.count() == 1


def test_each_step_is_audited_with_its_actor(
    file_complaint: FileComplaint, operator: object
) -> None:
    c = file_complaint()
    services.complaint_verify(complaint=c, actor=operator, now=T)
    entries = LogEntry.objects.get_for_object(c)
    events = [e.additional_data.get("event") for e in entries if e.additional_data]
    assert "complaint.filed" in events and "complaint.status" in events
    assert entries.filter(actor=operator).exists()


def test_hold_needs_a_reason_and_reply_restarts_verification(
    file_complaint: FileComplaint, operator: object
) -> None:
    c = file_complaint()
    with pytest.raises(DomainError, match="Alasan wajib diisi"):
        services.complaint_hold(complaint=c, actor=operator, reason="  ", now=T)
    c = services.complaint_hold(complaint=c, actor=operator, reason="Lokasi di mana?", now=T)
    assert c.status == Status.DITUNDA and c.due_at is None
    later = datetime(2026, 4, 6, 9, tzinfo=WITA)
    c = services.complaint_reply(complaint=c, text="Di depan SD 12.", now=later)
    assert c.status == Status.DITERIMA
    # Three working days from Mon 6 Apr.
    assert c.due_at == datetime(2026, 4, 9, 16, tzinfo=WITA)


def test_forward_to_kabupaten_office_changes_the_unit_and_restarts_the_clock(
    file_complaint: FileComplaint, operator: object
) -> None:
    c = file_complaint()
    kab = Area.objects.get(code=KAB_LUTRA)
    with pytest.raises(DomainError, match="kantor"):
        services.complaint_forward(complaint=c, actor=operator, target=kab, reason="Puskesmas.")
    c = services.complaint_forward(
        complaint=c, actor=operator, target=kab, office="dinkes", reason="Urusan puskesmas.", now=T
    )
    assert (c.handler_area_id, c.handler_level, c.handler_office) == (
        KAB_LUTRA,
        "kabupaten",
        "dinkes",
    )
    assert c.status == Status.DITERIMA
    assert c.escalate_kecamatan_at is None
    event = ComplaintEvent.objects.get(complaint=c, kind=EventKind.FORWARDED)
    assert event.is_public and event.to_area_id == KAB_LUTRA


def test_forward_to_another_village_moves_the_complaint(
    file_complaint: FileComplaint, operator: object
) -> None:
    c = file_complaint()
    other = Area.objects.get(code=DESA_PATTIMANG)
    c = services.complaint_forward(
        complaint=c, actor=operator, target=other, reason="Lokasinya di Pattimang.", now=T
    )
    assert c.area_id == DESA_PATTIMANG and c.handler_area_id == DESA_PATTIMANG


def test_assign_refuses_an_officer_of_another_village(
    file_complaint: FileComplaint, operator: object, other_operator: object
) -> None:
    c = services.complaint_verify(complaint=file_complaint(), actor=operator, now=T)
    with pytest.raises(DomainError, match="tidak bertugas"):
        services.complaint_assign(complaint=c, actor=operator, assignee=other_operator)
    c.refresh_from_db()
    assert c.status == Status.DIVERIFIKASI and c.assignee is None


def test_reopen_within_window_goes_back_to_the_officer(
    file_complaint: FileComplaint, operator: object
) -> None:
    c = _resolved(file_complaint, operator)
    assert reopen_deadline(c) == T + timedelta(days=10)  # type: ignore[arg-type]
    c = services.complaint_reopen(complaint=c, reason="Masih berlubang.", now=T + timedelta(days=9))  # type: ignore[arg-type]
    assert c.status == Status.DIDISPOSISIKAN and c.reopen_count == 1
    assert c.resolved_at is None and c.due_at is not None


def test_reopen_after_window_is_refused_in_indonesian(
    file_complaint: FileComplaint, operator: object
) -> None:
    c = _resolved(file_complaint, operator)
    with pytest.raises(ConflictError, match="Batas waktu membuka kembali"):
        services.complaint_reopen(
            complaint=c, reason="Masih.", now=T + timedelta(days=10, seconds=1)
        )  # type: ignore[arg-type]
    c.refresh_from_db()  # type: ignore[attr-defined]
    assert c.status == Status.SELESAI  # type: ignore[attr-defined]


def test_rejected_complaint_reopens_to_verification(
    file_complaint: FileComplaint, operator: object
) -> None:
    c = services.complaint_reject(
        complaint=file_complaint(), actor=operator, reason="Bukan pelayanan publik.", now=T
    )
    c = services.complaint_reopen(complaint=c, reason="Ini jalan desa.", now=T + timedelta(days=1))
    assert c.status == Status.DITERIMA


def test_rating_once_after_resolution(file_complaint: FileComplaint, operator: object) -> None:
    open_one = file_complaint()
    with pytest.raises(ConflictError):
        services.complaint_rate(complaint=open_one, rating=5)
    c = _resolved(file_complaint, operator)
    with pytest.raises(DomainError):
        services.complaint_rate(complaint=c, rating=6)  # type: ignore[arg-type]
    c = services.complaint_rate(complaint=c, rating=4, comment="Cepat.")  # type: ignore[arg-type]
    assert c.rating == 4
    with pytest.raises(ConflictError, match="sudah dinilai"):
        services.complaint_rate(complaint=c, rating=1)


def test_public_steps_notify_by_email_and_message_channel(
    file_complaint: FileComplaint, operator: object, django_capture_on_commit_callbacks: object
) -> None:
    from balai.complaints.models import NotificationLog

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        c = file_complaint()
        services.complaint_verify(complaint=c, actor=operator, now=T)
        services.complaint_note(complaint=c, actor=operator, text="Internal saja", now=T)
    channels = list(NotificationLog.objects.filter(complaint=c).values_list("channel", "recipient"))
    assert ("email", "andi@example.org") in channels
    assert ("log", "081234567890") in channels
    assert all("Internal saja" not in m.body for m in mail.outbox)
    assert len([m for m in mail.outbox if "andi@example.org" in m.to]) == 2


def test_anonymous_complaint_keeps_no_identity(file_complaint: FileComplaint) -> None:
    c = file_complaint(is_anonymous=True)
    assert (c.reporter_name, c.reporter_phone, c.reporter_email) == ("", "", "")


def test_unknown_category_and_empty_text_are_refused(
    file_complaint: FileComplaint, categories: dict[str, object]
) -> None:
    from balai.complaints.models import Category, Channel

    area = Area.objects.get(code=DESA_PINCARA)
    other_kab = Category.objects.create(
        kabupaten=Area.objects.get(code="73.17"), code="khusus", name="Khusus", unit_level="desa"
    )
    for category in (None, other_kab):
        with pytest.raises(DomainError, match="Kategori tidak dikenal"):
            services.complaint_file(
                actor=None,
                area=area,
                category=category,
                title="a",
                description="b",
                channel=Channel.WEB,
            )
    with pytest.raises(DomainError, match="Judul wajib diisi"):
        file_complaint(title="   ")


def test_kabupaten_category_overrides_the_default(categories: dict[str, object]) -> None:
    from balai.complaints.selectors import categories_for_area

    kab = Area.objects.get(code=KAB_LUTRA)
    services.category_save(
        actor=None,
        kabupaten=kab,
        code="infrastruktur",
        name="Jalan dan jembatan",
        unit_level="kecamatan",
        verify_days=2,
        response_days=3,
        resolve_days=30,
        reopen_days=7,
    )
    with pytest.raises(DomainError, match="60 hari kerja"):
        services.category_save(
            actor=None,
            kabupaten=kab,
            code="x",
            name="X",
            unit_level="desa",
            verify_days=3,
            response_days=5,
            resolve_days=61,
            reopen_days=1,
        )
    names = {c.code: c.name for c in categories_for_area(Area.objects.get(code=DESA_PINCARA))}
    assert names["infrastruktur"] == "Jalan dan jembatan"
    kanna = Area.objects.get(code="73.17.01.2005")  # Kabupaten Luwu keeps the default
    elsewhere = {c.code: c.name for c in categories_for_area(kanna)}
    assert elsewhere["infrastruktur"] == "Infrastruktur"
