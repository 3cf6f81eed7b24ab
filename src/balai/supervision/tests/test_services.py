"""Binwas services: agenda, visits, findings followed to closure, escalation, reports."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from PIL import Image

from balai.accounts.models import User
from balai.core.errors import ConflictError, DomainError
from balai.indicators.periods import parse_period
from balai.regions.models import Area
from balai.supervision import services
from balai.supervision.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Answer,
    FollowUp,
    FollowUpStatus,
    Question,
    Responsible,
    Visit,
    VisitPhoto,
    VisitStatus,
)
from balai.supervision.tests.conftest import TODAY
from conftest import DESA_PATTIMANG, DESA_PINCARA, KEC_MASAMBA

pytestmark = pytest.mark.django_db


def _started(activity: Activity, actor: User, code: str = DESA_PINCARA) -> Visit:
    visit = activity.visits.get(area_id=code)
    return services.visit_start(actor=actor, visit=visit, brief={"on": TODAY.isoformat()})


def _answer_all(visit: Visit, actor: User) -> None:
    answers = {}
    for q in Question.objects.filter(instrument__in=visit.instruments.all()):
        value = {
            "ya_tidak": "ya",
            "angka": "2",
            "pilihan": q.choice_list[0] if q.choice_list else "",
        }
        answers[q.pk] = (value.get(q.answer_type, "catatan"), "")
    services.visit_save_draft(actor=actor, visit=visit, answers=answers)


def test_activity_plans_one_visit_per_village_and_quarter(activity: Activity) -> None:
    assert activity.year == 2026 and activity.quarter == 4
    assert sorted(activity.visits.values_list("area_id", flat=True)) == [
        "73.22.03.1001",
        DESA_PINCARA,
    ]
    assert set(activity.visits.values_list("status", flat=True)) == {VisitStatus.PLANNED}


def test_activity_rejects_a_village_outside_the_kecamatan(camat: User) -> None:
    with pytest.raises(DomainError) as exc:
        services.activity_create(
            actor=camat,
            kecamatan=Area.objects.get(code=KEC_MASAMBA),
            kind=ActivityKind.PEMBINAAN,
            title="Salah desa",
            starts_on=TODAY,
            ends_on=TODAY,
            villages=Area.objects.filter(code__in=[DESA_PINCARA, DESA_PATTIMANG]),
        )
    assert exc.value.message == "Pattimang bukan desa/kelurahan di Masamba."
    assert not Activity.objects.exists() and not Visit.objects.exists()


def test_visit_start_gives_default_instruments_and_keeps_the_brief(
    activity: Activity, camat: User
) -> None:
    visit = _started(activity, camat)
    codes = sorted(visit.instruments.values_list("code", flat=True))
    assert codes == ["administrasi", "apbdes", "pengaduan", "posyandu", "spm-papan"]
    assert visit.status == VisitStatus.DRAFT and visit.brief == {"on": "2026-10-07"}


def test_bad_answer_is_refused_and_nothing_of_the_batch_is_saved(
    activity: Activity, camat: User
) -> None:
    visit = _started(activity, camat)
    yes_no = Question.objects.get(instrument__code="spm-papan", order=1)
    number = Question.objects.get(instrument__code="spm-papan", order=3)
    with pytest.raises(DomainError) as exc:
        services.visit_save_draft(
            actor=camat, visit=visit, answers={yes_no.pk: ("ya", ""), number.pk: ("dua", "")}
        )
    assert exc.value.field_errors == {f"q{number.pk}": ["Isi dengan angka."]}
    assert not Answer.objects.filter(visit=visit).exists()
    services.visit_save_draft(actor=camat, visit=visit, answers={number.pk: ("2,5", "")})
    services.visit_save_draft(actor=camat, visit=visit, answers={number.pk: ("3", "dua shift")})
    assert list(Answer.objects.filter(visit=visit).values_list("value", "note")) == [
        ("3", "dua shift")
    ]


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    exif[0x8825] = {1: "S", 2: (2.0, 30.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    assert b"KameraRahasia" in out.getvalue()
    return out.getvalue()


def test_photo_is_stored_without_exif(activity: Activity, camat: User) -> None:
    visit = _started(activity, camat)
    data = _jpeg_with_gps()
    photo = services.visit_add_photo(
        actor=camat, visit=visit, stream=io.BytesIO(data), name="foto.jpg", size=len(data)
    )
    stored = bytes(photo.content)
    assert b"KameraRahasia" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_photo_of_forbidden_type_or_too_large_is_refused(activity: Activity, camat: User) -> None:
    visit = _started(activity, camat)
    with pytest.raises(DomainError) as exc:
        services.visit_add_photo(
            actor=camat, visit=visit, stream=io.BytesIO(b"MZ\x90\x00program"), name="x.exe", size=10
        )
    assert exc.value.message == "Berkas x.exe bukan foto (JPEG/PNG/WebP) atau PDF."
    big = 5 * 1024 * 1024 + 1
    with pytest.raises(DomainError) as exc:
        services.visit_add_photo(
            actor=camat, visit=visit, stream=io.BytesIO(b"\xff" * big), name="besar.jpg", size=big
        )
    assert exc.value.message == "Berkas besar.jpg lebih dari 5 MB."
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    with pytest.raises(DomainError):
        services.visit_add_photo(
            actor=camat, visit=visit, stream=io.BytesIO(pdf), name="a.pdf", size=len(pdf)
        )
    assert not VisitPhoto.objects.exists()


def test_only_the_team_leader_signs_and_a_signed_visit_is_locked(
    activity: Activity, camat: User, kecamatan_staff: User
) -> None:
    visit = _started(activity, camat)
    with pytest.raises(DomainError) as exc:
        services.visit_sign(actor=camat, visit=visit)
    assert exc.value.message == "Masih ada 11 pertanyaan yang belum dijawab."
    _answer_all(visit, camat)
    with pytest.raises(DomainError) as exc:
        services.visit_sign(actor=kecamatan_staff, visit=visit)
    assert exc.value.message == "Laporan kunjungan ditandatangani oleh ketua tim."
    services.visit_sign(actor=camat, visit=visit)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SIGNED and visit.signed_by == camat
    # One of the two visits is done: the activity is still planned.
    assert Activity.objects.get(pk=activity.pk).status == ActivityStatus.PLANNED
    with pytest.raises(ConflictError):
        services.visit_save_draft(actor=camat, visit=visit, answers={}, summary="ubah")
    visit.refresh_from_db()
    assert visit.summary == ""
    other = _started(activity, camat, "73.22.03.1001")
    _answer_all(other, camat)
    services.visit_sign(actor=camat, visit=other)
    assert Activity.objects.get(pk=activity.pk).status == ActivityStatus.DONE


def test_finding_due_in_working_days_and_not_before_it(activity: Activity, camat: User) -> None:
    visit = _started(activity, camat)
    village = Area.objects.get(code=DESA_PINCARA)
    item = services.followup_create(
        actor=camat,
        visit=visit,
        area=village,
        description="Papan SPM belum ada",
        recommendation="Pasang papan",
        responsible=Responsible.VILLAGE,
        due_days=5,
    )
    # Wed 7 Oct + 5 working days (Thu, Fri, Mon, Tue, Wed) = Wed 14 Oct 2026.
    assert item.found_on == date(2026, 10, 7) and item.due_on == date(2026, 10, 14)
    with pytest.raises(DomainError) as exc:
        services.followup_create(
            actor=camat,
            visit=visit,
            area=village,
            description="x",
            recommendation="y",
            responsible=Responsible.VILLAGE,
            due_on=date(2026, 10, 6),
        )
    assert exc.value.field_errors == {
        "due_on": ["Batas waktu (06-10-2026) tidak boleh sebelum tanggal temuan (07-10-2026)."]
    }
    assert FollowUp.objects.count() == 1


def _finding(activity: Activity, camat: User, **kwargs: object) -> FollowUp:
    visit = _started(activity, camat)
    return services.followup_create(
        actor=camat,
        visit=visit,
        area=visit.area,
        description="Buku induk tidak mutakhir",
        recommendation="Mutakhirkan",
        responsible=Responsible.VILLAGE,
        **kwargs,  # type: ignore[arg-type]
    )


def test_followup_answer_return_answer_close_and_no_edit_after(
    activity: Activity, camat: User, operator: User
) -> None:
    item = _finding(activity, camat, due_days=10)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    services.followup_answer(
        actor=operator, item=item, note="Sudah", evidence=io.BytesIO(pdf), evidence_name="b.pdf"
    )
    services.followup_verify(actor=camat, item=item, accept=False, note="Bukti kurang")
    item.refresh_from_db()
    assert item.status == FollowUpStatus.RETURNED
    services.followup_answer(actor=operator, item=item, note="Foto terlampir")
    services.followup_verify(actor=camat, item=item, accept=True)
    item.refresh_from_db()
    assert item.status == FollowUpStatus.CLOSED and item.closed_at is not None
    assert list(item.steps.values_list("action", flat=True)) == [
        "dibuat",
        "dijawab",
        "dikembalikan",
        "dijawab",
        "ditutup",
    ]
    with pytest.raises(ConflictError) as exc:
        services.followup_answer(actor=operator, item=item, note="lagi")
    assert exc.value.message == "Tindak lanjut ini sudah selesai dan tidak dapat diubah lagi."
    assert item.steps.count() == 5


def test_return_needs_a_reason(activity: Activity, camat: User, operator: User) -> None:
    item = _finding(activity, camat)
    services.followup_answer(actor=operator, item=item, note="Sudah")
    with pytest.raises(DomainError) as exc:
        services.followup_verify(actor=camat, item=item, accept=False, note=" ")
    assert exc.value.message == "Tuliskan alasan pengembalian."
    item.refresh_from_db()
    assert item.status == FollowUpStatus.ANSWERED


def test_overdue_items_escalate_once(activity: Activity, camat: User, operator: User) -> None:
    late = _finding(activity, camat, due_days=1)  # due Thu 8 Oct
    answered = services.followup_create(
        actor=camat,
        visit=late.visit,
        area=late.area,
        description="b",
        recommendation="c",
        responsible=Responsible.VILLAGE,
        due_days=1,
    )
    services.followup_answer(actor=operator, item=answered, note="Sudah")
    services.followup_verify(actor=camat, item=answered, accept=True)
    later = _finding(activity, camat, due_days=10)
    assert services.followups_escalate_overdue(today=date(2026, 10, 8)) == 0
    assert services.followups_escalate_overdue(today=date(2026, 10, 9)) == 1
    assert services.followups_escalate_overdue(today=date(2026, 10, 9)) == 0
    late.refresh_from_db()
    later.refresh_from_db()
    assert late.escalated_at is not None and later.escalated_at is None


def test_report_receipt_rules(camat: User) -> None:
    village = Area.objects.get(code=DESA_PINCARA)
    with pytest.raises(DomainError) as exc:
        services.report_receive(
            actor=camat, village=village, kind="lppdes", year=2026, received_on=date(2026, 9, 1)
        )
    assert exc.value.message == "Laporan tahun 2026 baru dapat diterima setelah tahun itu berakhir."
    with pytest.raises(DomainError):
        services.report_receive(
            actor=camat, village=village, kind="lppdes", year=2025, received_on=date(2026, 11, 1)
        )
    services.report_receive(
        actor=camat, village=village, kind="lppdes", year=2025, received_on=date(2026, 4, 2)
    )
    receipt = services.report_receive(
        actor=camat, village=village, kind="lppdes", year=2025, received_on=date(2026, 3, 30)
    )
    assert receipt.received_on == date(2026, 3, 30)


def test_finding_closes_by_data_when_its_indicator_recovers(
    activity: Activity, camat: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.management import call_command

    from balai.indicators.registry import Indicator
    from balai.indicators.services import indicator_refresh
    from balai.indicators.testing import declare, fixed_counts

    declare(
        monkeypatch,
        Indicator(
            code="uji.papan",
            name="Papan",
            definition="uji",
            numerator=fixed_counts(
                {("2026-09", DESA_PINCARA): 10, ("2026-09", "73.22.03.1001"): 3}
            ),
            denominator=fixed_counts(
                {("2026-09", DESA_PINCARA): 10, ("2026-09", "73.22.03.1001"): 10}
            ),
            numerator_label="n",
            denominator_label="d",
            source="uji",
            target=100.0,
        ),
    )
    indicator_refresh(codes=["uji.papan"], periods=[parse_period("2026-09")])
    recovered = _finding(activity, camat, indicator="uji.papan")
    kappuna = services.visit_start(
        actor=camat, visit=activity.visits.get(area_id="73.22.03.1001"), brief={}
    )
    still_low = services.followup_create(
        actor=camat,
        visit=kappuna,
        area=kappuna.area,
        description="Papan",
        recommendation="Pasang",
        responsible=Responsible.VILLAGE,
        indicator="uji.papan",
    )
    call_command("supervision_followups", stdout=io.StringIO())
    recovered.refresh_from_db()
    still_low.refresh_from_db()
    assert recovered.status == FollowUpStatus.CLOSED and recovered.closed_by_data
    assert recovered.steps.last().note == "Indikator uji.papan pulih: 100.0 (target 100.0)."  # type: ignore[union-attr]
    assert still_low.status == FollowUpStatus.OPEN and not still_low.closed_by_data


def test_office_item_is_answered_by_that_office_only(
    activity: Activity, camat: User, dpmd: User, operator: User, make_user: Any
) -> None:
    from balai.accounts.roles import Office, Role
    from balai.supervision import policies

    dinkes = make_user(Role.KABUPATEN_STAFF, "73.22", office=Office.DINKES, username="dinkes1")
    visit = _started(activity, camat)
    item = services.followup_create(
        actor=camat,
        visit=visit,
        area=visit.area,
        description="Jalan ke posyandu rusak",
        recommendation="Perbaiki",
        responsible=Responsible.OFFICE,
        office=Office.DPMD,
    )
    assert policies.may_respond(dpmd, item)
    assert not policies.may_respond(dinkes, item)
    assert not policies.may_respond(operator, item)
    assert policies.may_verify(camat, item) and not policies.may_verify(operator, item)
    with pytest.raises(DomainError) as exc:
        services.followup_create(
            actor=camat,
            visit=visit,
            area=visit.area,
            description="x",
            recommendation="y",
            responsible=Responsible.OFFICE,
        )
    assert exc.value.message == "Pilih perangkat daerah yang bertanggung jawab."
