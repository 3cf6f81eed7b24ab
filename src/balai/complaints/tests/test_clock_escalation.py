from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from balai.accounts.roles import Role
from balai.complaints import services
from balai.complaints.models import Complaint, ComplaintEvent, EventKind, NotificationLog, Status
from balai.complaints.tests.conftest import MONDAY, WITA, FileComplaint
from balai.core.holidays import holiday_set
from balai.core.models import HolidayKind
from balai.regions.models import Area
from conftest import DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, MakeUser

pytestmark = pytest.mark.django_db


def test_verification_deadline_skips_weekend_holidays_and_cuti_bersama(
    file_complaint: FileComplaint,
) -> None:
    c = file_complaint()
    # Tue 17 is day 1; 18-24 Mar are Nyepi, Idul Fitri, cuti bersama and a weekend.
    assert c.verify_due == datetime(2026, 3, 26, 16, 0, tzinfo=WITA)
    assert c.due_at == c.verify_due
    assert c.escalate_kecamatan_at == c.verify_due
    # Five working days after the deadline (Fri 27, Mon 30, 31, 1, 2 Apr; 3 Apr is Good Friday).
    assert c.escalate_kabupaten_at == datetime(2026, 4, 6, 16, 0, tzinfo=WITA)


def test_local_holiday_of_the_kabupaten_moves_the_deadline(file_complaint: FileComplaint) -> None:
    holiday_set(
        actor=None,
        day=date(2026, 3, 17),
        name="Hari jadi Luwu Utara",
        kind=HolidayKind.LOCAL,
        area=Area.objects.get(code=KAB_LUTRA),
    )
    c = file_complaint()
    assert c.verify_due == datetime(2026, 3, 27, 16, 0, tzinfo=WITA)


def test_kecamatan_and_kabupaten_categories_route_to_their_unit(
    file_complaint: FileComplaint,
) -> None:
    kec = file_complaint("keamanan")
    assert (kec.handler_area_id, kec.handler_level) == (KEC_MASAMBA, "kecamatan")
    assert kec.escalate_kecamatan_at is None
    assert kec.escalate_kabupaten_at == kec.verify_due
    kab = file_complaint("kesehatan")
    assert (kab.handler_area_id, kab.handler_office) == (KAB_LUTRA, "dinkes")
    assert kab.escalate_kecamatan_at is None and kab.escalate_kabupaten_at is None


def test_overdue_village_complaint_escalates_to_kecamatan_then_kabupaten(
    file_complaint: FileComplaint, django_capture_on_commit_callbacks: object, make_user: MakeUser
) -> None:
    camat = make_user(Role.CAMAT, KEC_MASAMBA, username="camat_mail")
    camat.email = "camat@example.org"
    camat.save()
    c = file_complaint()
    # Just before the deadline nothing happens.
    report = services.complaints_escalate_overdue(now=datetime(2026, 3, 26, 15, 59, tzinfo=WITA))
    assert report.as_dict() == {"to_kecamatan": 0, "to_kabupaten": 0}
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        report = services.complaints_escalate_overdue(now=datetime(2026, 3, 26, 16, 0, tzinfo=WITA))
    assert report.as_dict() == {"to_kecamatan": 1, "to_kabupaten": 0}
    c.refresh_from_db()
    assert c.escalation_level == 1
    assert c.handler_area_id == DESA_PINCARA  # the village stays responsible
    event = ComplaintEvent.objects.get(complaint=c, kind=EventKind.ESCALATED)
    assert event.to_area_id == KEC_MASAMBA and event.is_public is False
    assert any("dieskalasi" in m.subject for m in mail.outbox if "camat@example.org" in m.to)
    # Running again changes nothing (idempotent).
    again = services.complaints_escalate_overdue(now=datetime(2026, 3, 30, 9, 0, tzinfo=WITA))
    assert again.as_dict() == {"to_kecamatan": 0, "to_kabupaten": 0}
    final = services.complaints_escalate_overdue(now=datetime(2026, 4, 6, 16, 0, tzinfo=WITA))
    assert final.as_dict() == {"to_kecamatan": 0, "to_kabupaten": 1}
    c.refresh_from_db()
    assert c.escalation_level == 2
    assert list(
        ComplaintEvent.objects.filter(complaint=c, kind=EventKind.ESCALATED).values_list(
            "to_area_id", flat=True
        )
    ) == [KEC_MASAMBA, KAB_LUTRA]


def test_job_that_missed_both_moments_records_both_steps(file_complaint: FileComplaint) -> None:
    c = file_complaint()
    report = services.complaints_escalate_overdue(now=datetime(2026, 5, 1, tzinfo=WITA))
    assert report.as_dict() == {"to_kecamatan": 1, "to_kabupaten": 1}
    assert ComplaintEvent.objects.filter(complaint=c, kind=EventKind.ESCALATED).count() == 2


def test_one_run_moves_each_complaint_to_its_final_level_with_one_event_per_step(
    file_complaint: FileComplaint, django_capture_on_commit_callbacks: object
) -> None:
    missed_both = file_complaint()
    at_kecamatan = file_complaint()
    services.complaints_escalate_overdue(now=datetime(2026, 3, 26, 16, 0, tzinfo=WITA))
    kecamatan_handled = file_complaint("keamanan")
    not_yet = file_complaint(now=datetime(2026, 4, 20, 10, 0, tzinfo=WITA))
    # missed_both was escalated once already; reset it to "never ran" for this case.
    Complaint.objects.filter(pk=missed_both.pk).update(escalation_level=0, escalated_at=None)
    ComplaintEvent.objects.filter(complaint=missed_both).filter(kind=EventKind.ESCALATED).delete()
    now = datetime(2026, 4, 7, 9, 0, tzinfo=WITA)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # type: ignore[operator]
        report = services.complaints_escalate_overdue(now=now)
    # missed_both: kecamatan + kabupaten; at_kecamatan: kabupaten; kecamatan_handled: kabupaten.
    assert report.as_dict() == {"to_kecamatan": 1, "to_kabupaten": 3}
    assert report.units == {KEC_MASAMBA: 1, KAB_LUTRA: 3}
    assert len(callbacks) == 2  # one notification per receiving unit
    levels = dict(
        Complaint.objects.filter(
            pk__in=[missed_both.pk, at_kecamatan.pk, kecamatan_handled.pk, not_yet.pk]
        ).values_list("pk", "escalation_level")
    )
    assert levels == {
        missed_both.pk: 2,
        at_kecamatan.pk: 2,
        kecamatan_handled.pk: 2,
        not_yet.pk: 0,
    }

    def steps(c: Complaint) -> list[tuple[str, bool]]:
        return list(
            ComplaintEvent.objects.filter(complaint=c, kind=EventKind.ESCALATED).values_list(
                "to_area_id", "is_public"
            )
        )

    assert steps(missed_both) == [(KEC_MASAMBA, False), (KAB_LUTRA, False)]
    assert steps(at_kecamatan) == [(KEC_MASAMBA, False), (KAB_LUTRA, False)]
    assert steps(kecamatan_handled) == [(KAB_LUTRA, False)]
    assert steps(not_yet) == []
    missed_both.refresh_from_db()
    assert missed_both.handler_area_id == DESA_PINCARA
    assert missed_both.escalated_at == now
    assert services.complaints_escalate_overdue(now=now).as_dict() == {
        "to_kecamatan": 0,
        "to_kabupaten": 0,
    }
    assert ComplaintEvent.objects.filter(kind=EventKind.ESCALATED).count() == 5


def test_kecamatan_complaint_escalates_straight_to_kabupaten(file_complaint: FileComplaint) -> None:
    c = file_complaint("keamanan")
    report = services.complaints_escalate_overdue(now=datetime(2026, 3, 27, tzinfo=WITA))
    assert report.as_dict() == {"to_kecamatan": 0, "to_kabupaten": 1}
    c.refresh_from_db()
    assert c.escalation_level == 2


def test_kabupaten_complaint_never_escalates(file_complaint: FileComplaint) -> None:
    c = file_complaint("kesehatan")
    report = services.complaints_escalate_overdue(now=datetime(2026, 12, 1, tzinfo=WITA))
    assert report.as_dict() == {"to_kecamatan": 0, "to_kabupaten": 0}
    c.refresh_from_db()
    assert c.escalation_level == 0


def test_complaint_on_hold_or_closed_does_not_escalate(
    file_complaint: FileComplaint, operator: object
) -> None:
    held = file_complaint()
    services.complaint_hold(complaint=held, actor=operator, reason="Lokasi kurang jelas.")
    rejected = file_complaint()
    services.complaint_reject(complaint=rejected, actor=operator, reason="Bukan layanan publik.")
    report = services.complaints_escalate_overdue(now=datetime(2026, 12, 1, tzinfo=WITA))
    assert report.as_dict() == {"to_kecamatan": 0, "to_kabupaten": 0}


def test_verified_in_time_complaint_escalates_on_the_follow_up_deadline(
    file_complaint: FileComplaint, operator: object
) -> None:
    c = file_complaint()
    verified_at = datetime(2026, 3, 25, 9, 0, tzinfo=WITA)
    c = services.complaint_verify(complaint=c, actor=operator, now=verified_at)
    # 5 working days after Wed 25 Mar: 26, 27, 30, 31 Mar, 1 Apr.
    assert c.response_due == datetime(2026, 4, 1, 16, 0, tzinfo=WITA)
    assert c.due_at == c.response_due
    # 14 working days for infrastruktur: skips Good Friday 3 Apr.
    assert c.resolve_due == datetime(2026, 4, 15, 16, 0, tzinfo=WITA)
    assert (
        services.complaints_escalate_overdue(now=datetime(2026, 3, 27, tzinfo=WITA)).to_kecamatan
        == 0
    )
    assert (
        services.complaints_escalate_overdue(now=datetime(2026, 4, 2, tzinfo=WITA)).to_kecamatan
        == 1
    )


def test_due_soon_warning_goes_once_to_the_handling_unit(
    file_complaint: FileComplaint, operator: object, django_capture_on_commit_callbacks: object
) -> None:
    operator.email = "op@example.org"  # type: ignore[attr-defined]
    operator.save()  # type: ignore[attr-defined]
    file_complaint()
    assert services.complaints_warn_due_soon(now=datetime(2026, 3, 24, 12, tzinfo=WITA)) == 0
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        warned = services.complaints_warn_due_soon(now=datetime(2026, 3, 26, 9, tzinfo=WITA))
    assert warned == 1
    assert services.complaints_warn_due_soon(now=datetime(2026, 3, 26, 10, tzinfo=WITA)) == 0
    assert NotificationLog.objects.filter(recipient="op@example.org", channel="email").exists()


def test_escalation_command_and_task_run_the_job(file_complaint: FileComplaint) -> None:
    from django.core.management import call_command

    from balai.complaints.tasks import complaints_escalate

    c = file_complaint()
    with time_machine.travel(datetime(2026, 3, 27, 9, tzinfo=WITA), tick=False):
        call_command("complaints_escalate")
    c.refresh_from_db()
    assert c.escalation_level == 1
    result = complaints_escalate.enqueue(now=datetime(2026, 4, 7, tzinfo=WITA).isoformat())
    assert result.return_value == {"to_kecamatan": 0, "to_kabupaten": 1, "warned": 0}


def test_full_lifecycle_with_a_fake_clock(file_complaint: FileComplaint, operator: object) -> None:
    with time_machine.travel(MONDAY, tick=False):
        c = file_complaint(now=None)
    assert c.received_at == MONDAY
    with time_machine.travel(datetime(2026, 3, 17, 9, tzinfo=WITA), tick=False):
        c = services.complaint_verify(complaint=c, actor=operator)
    with time_machine.travel(datetime(2026, 3, 17, 10, tzinfo=WITA), tick=False):
        c = services.complaint_assign(complaint=c, actor=operator, assignee=operator)
    with time_machine.travel(datetime(2026, 3, 25, 10, tzinfo=WITA), tick=False):
        c = services.complaint_respond(complaint=c, actor=operator, text="Tim sudah ke lokasi.")
        assert c.due_at == c.resolve_due
    with time_machine.travel(datetime(2026, 4, 1, 10, tzinfo=WITA), tick=False):
        c = services.complaint_resolve(complaint=c, actor=operator, text="Jalan sudah ditimbun.")
    assert c.status == Status.SELESAI and c.due_at is None
    assert c.verified_at is not None and c.verify_due is not None
    assert c.verified_at <= c.verify_due
    assert c.resolved_at is not None and c.resolve_due is not None
    assert c.resolved_at <= c.resolve_due
    kinds = list(c.events.values_list("kind", "to_status"))
    assert kinds == [
        ("dibuat", "diterima"),
        ("status", "diverifikasi"),
        ("disposisi", "didisposisikan"),
        ("jawaban", "ditindaklanjuti"),
        ("jawaban", "selesai"),
    ]
    assert Complaint.objects.filter(escalation_level__gt=0).count() == 0
    assert services.complaints_escalate_overdue(now=MONDAY + timedelta(days=90)).to_kecamatan == 0
