"""Binwas pages through the client: the flows, the denials (nothing changed), bad input."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from balai.accounts.models import User
from balai.regions.models import Area
from balai.supervision import services
from balai.supervision.models import (
    Activity,
    Answer,
    Attendee,
    FollowUp,
    FollowUpStatus,
    Meeting,
    Question,
    ReportReceipt,
    Responsible,
    Visit,
    VisitStatus,
)
from balai.supervision.tests.conftest import TODAY
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, KEL_KAPPUNA, login

pytestmark = pytest.mark.django_db


def _finding(activity: Activity, camat: User) -> FollowUp:
    visit = services.visit_start(
        actor=camat, visit=activity.visits.get(area_id=DESA_PINCARA), brief={}
    )
    return services.followup_create(
        actor=camat,
        visit=visit,
        area=visit.area,
        description="Papan SPM belum ada",
        recommendation="Pasang papan",
        responsible=Responsible.VILLAGE,
        due_days=5,
    )


def test_camat_plans_an_activity_through_the_page(camat: User) -> None:
    client = login(camat)
    page = client.get(reverse("supervision:activity_new"))
    assert page.status_code == 200
    response = client.post(
        reverse("supervision:activity_new"),
        {
            "kind": "pembinaan",
            "title": "Pembinaan administrasi",
            "starts_on": "2026-10-12",
            "ends_on": "2026-10-13",
            "villages": [DESA_PINCARA, KEL_KAPPUNA],
            "lead": "on",
        },
    )
    activity = Activity.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/binwas/kegiatan/{activity.pk}/"
    )
    assert activity.leader == camat and activity.visits.count() == 2
    agenda = client.get(reverse("supervision:agenda"), {"tahun": 2026, "triwulan": 4})
    assert "Pembinaan administrasi" in agenda.content.decode()
    assert "0/2" in agenda.content.decode()


def test_activity_form_refuses_dates_in_the_wrong_order(camat: User) -> None:
    response = login(camat).post(
        reverse("supervision:activity_new"),
        {
            "kind": "pembinaan",
            "title": "x",
            "starts_on": "2026-10-12",
            "ends_on": "2026-10-10",
            "villages": [DESA_PINCARA],
        },
    )
    assert response.status_code == 200
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.content.decode()
    assert not Activity.objects.exists()


def test_other_kecamatan_cannot_see_or_plan_here(activity: Activity, other_kecamatan: User) -> None:
    client = login(other_kecamatan)
    assert client.get(reverse("supervision:activity", args=[activity.pk])).status_code == 404
    visit = activity.visits.first()
    assert visit is not None
    assert client.post(reverse("supervision:visit_start", args=[visit.pk])).status_code == 404
    response = client.get(reverse("supervision:activity_new"), {"wilayah": KEC_MASAMBA})
    assert response.status_code == 403
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


def test_village_office_sees_its_followups_but_not_the_agenda(
    activity: Activity, camat: User, operator: User, other_operator: User
) -> None:
    item = _finding(activity, camat)
    client = login(operator)
    assert client.get(reverse("supervision:agenda")).status_code == 404
    page = client.get(reverse("supervision:followups"))
    assert "Papan SPM belum ada" in page.content.decode()
    assert (
        login(other_operator).get(reverse("supervision:followup", args=[item.pk])).status_code
        == 404
    )
    # The village may not verify its own answer.
    services.followup_answer(actor=operator, item=item, note="Sudah")
    response = client.post(
        reverse("supervision:followup_verify", args=[item.pk]), {"keputusan": "tutup"}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == FollowUpStatus.ANSWERED


def test_village_answers_with_evidence_and_a_bad_file_loses_nothing(
    activity: Activity, camat: User, operator: User
) -> None:
    item = _finding(activity, camat)
    client = login(operator)
    url = reverse("supervision:followup_answer", args=[item.pk])
    bad = io.BytesIO(b"MZ\x90\x00 program")
    bad.name = "bukti.exe"
    response = client.post(url, {"note": "Papan sudah dipasang", "evidence": bad})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Berkas bukti.exe bukan foto (JPEG/PNG/WebP) atau PDF." in body
    assert "Papan sudah dipasang" in body  # what was typed is still there
    item.refresh_from_db()
    assert item.status == FollowUpStatus.OPEN and item.steps.count() == 1
    pdf = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    pdf.name = "bukti.pdf"
    assert client.post(url, {"note": "Papan sudah dipasang", "evidence": pdf}).status_code == 302
    item.refresh_from_db()
    assert item.status == FollowUpStatus.ANSWERED
    step = item.steps.get(action="dijawab")
    evidence = login(camat).get(reverse("supervision:evidence", args=[step.pk]))
    assert evidence["Content-Type"] == "application/pdf"
    assert (
        login(camat)
        .post(reverse("supervision:followup_verify", args=[item.pk]), {"keputusan": "tutup"})
        .status_code
        == 302
    )
    item.refresh_from_db()
    assert item.status == FollowUpStatus.CLOSED
    again = client.post(url, {"note": "ubah lagi"})
    assert again.status_code == 302
    item.refresh_from_db()
    assert item.status == FollowUpStatus.CLOSED and item.steps.count() == 3


def test_visit_autosave_by_htmx_and_bad_number_message(activity: Activity, camat: User) -> None:
    visit = services.visit_start(
        actor=camat, visit=activity.visits.get(area_id=DESA_PINCARA), brief={}
    )
    number = Question.objects.get(instrument__code="spm-papan", order=3)
    yes_no = Question.objects.get(instrument__code="spm-papan", order=1)
    client = login(camat)
    url = reverse("supervision:visit_save", args=[visit.pk])
    headers = {"HTTP_HX_REQUEST": "true"}
    bad = client.post(
        url, {"visited_on": "2026-10-07", f"q{number.pk}": "dua", f"q{yes_no.pk}": "ya"}, **headers
    )
    assert bad.status_code == 200 and "Isi dengan angka." in bad.content.decode()
    assert "Draf tersimpan" not in bad.content.decode()
    assert not Answer.objects.exists()
    ok = client.post(
        url,
        {
            "visited_on": "2026-10-07",
            f"q{yes_no.pk}": "tidak",
            "latitude": "-2.555000",
            "longitude": "120.325000",
        },
        **headers,
    )
    assert ok.status_code == 200 and "Draf tersimpan" in ok.content.decode()
    visit.refresh_from_db()
    assert str(visit.latitude) == "-2.555000"
    assert Answer.objects.get(visit=visit).value == "tidak"
    page = client.get(reverse("supervision:visit", args=[visit.pk]))
    assert page.status_code == 200 and 'hx-post="' in page.content.decode()


def test_visit_report_pdf(activity: Activity, camat: User, operator: User) -> None:
    _finding(activity, camat)
    visit = Visit.objects.get(area_id=DESA_PINCARA)
    response = login(operator).get(reverse("supervision:visit_pdf", args=[visit.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_ical_feed_is_rfc5545(activity: Activity, camat: User) -> None:
    services.activity_create(
        actor=camat,
        kecamatan=Area.objects.get(code=KEC_MASAMBA),
        kind="pembinaan",
        title="Pembinaan, administrasi; dan " + "panjang " * 12,
        starts_on=date(2026, 11, 2),
        ends_on=date(2026, 11, 3),
        villages=Area.objects.filter(code=DESA_PINCARA),
    )
    response = login(camat).get(reverse("supervision:ical"), {"tahun": 2026})
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    # Unfold (RFC 5545 3.1) and read the properties.
    unfolded: list[str] = []
    for line in raw.decode().split("\r\n")[:-1]:
        if line.startswith(" "):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    events = [i for i, line in enumerate(unfolded) if line == "BEGIN:VEVENT"]
    assert len(events) == 2
    summaries = sorted(line for line in unfolded if line.startswith("SUMMARY:"))
    assert summaries[0] == "SUMMARY:Pembinaan: Pembinaan\\, administrasi\\; dan " + "panjang " * 12
    assert "DTSTART;VALUE=DATE:20261102" in unfolded
    assert "DTEND;VALUE=DATE:20261104" in unfolded  # exclusive end of an all-day event


def test_rakor_flow_qr_sign_in_minutes_decision_pdfs(
    camat: User, make_user: object, operator: User
) -> None:
    from balai.accounts.roles import Role

    kades = make_user(Role.KEPALA_DESA, DESA_PINCARA, username="kades_pincara")  # type: ignore[operator]
    client = login(camat)
    response = client.post(
        reverse("supervision:meetings"),
        {"title": "Rakor Oktober", "held_on": "2026-10-07", "place": "Aula", "draft": "on"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert list(meeting.attendees.values_list("user__username", flat=True)) == ["kades_pincara"]
    # Wrong token: refused, nobody signed in.
    wrong = login(kades).post(reverse("supervision:meeting_sign", args=[meeting.pk, "salah"]))
    assert wrong.status_code == 404
    signed = login(kades).post(
        reverse("supervision:meeting_sign", args=[meeting.pk, meeting.token])
    )
    assert signed.status_code == 200
    attendee = Attendee.objects.get(user=kades)
    assert attendee.method == "qr" and attendee.signed_at is not None
    # A village operator may not write the minutes.
    denied = login(operator).post(
        reverse("supervision:meeting_action", args=[meeting.pk, "notulen"]), {"minutes": "x"}
    )
    assert denied.status_code == 403
    client.post(
        reverse("supervision:meeting_action", args=[meeting.pk, "notulen"]),
        {"minutes": "Dibahas papan SPM."},
    )
    bad = client.post(
        reverse("supervision:meeting_action", args=[meeting.pk, "keputusan"]),
        {
            "village": DESA_PINCARA,
            "description": "Pasang papan",
            "recommendation": "Segera",
            "responsible": "desa",
            "due_on": "2026-10-01",
        },
    )
    assert bad.status_code == 400
    assert "tidak boleh sebelum tanggal temuan" in bad.content.decode()
    assert not FollowUp.objects.exists()
    client.post(
        reverse("supervision:meeting_action", args=[meeting.pk, "keputusan"]),
        {
            "village": DESA_PINCARA,
            "description": "Pasang papan",
            "recommendation": "Segera",
            "responsible": "desa",
            "due_days": "3",
        },
    )
    decision = FollowUp.objects.get()
    assert decision.kind == "keputusan" and decision.due_on == date(2026, 10, 12)
    meeting.refresh_from_db()
    assert meeting.status == "terlaksana"
    for doc in ("notulen", "daftar-hadir"):
        pdf = client.get(reverse("supervision:meeting_pdf", args=[meeting.pk, doc]))
        assert pdf.content.startswith(b"%PDF")


def test_lppdes_page_records_receipt_and_shows_apbdes_submission(
    camat: User, operator: User
) -> None:
    from balai.finance import services as finance

    # Pincara's APBDes 2025 reached the camat 4 days after the BPD agreed: late (3-day rule).
    apbdes = finance.apbdes_create(
        actor=None, village=Area.objects.get(code=DESA_PINCARA), year=2025
    )
    finance.line_add(
        actor=None, apbdes=apbdes, account_code="4.1.1.01", description="Hasil usaha", amount=1
    )
    apbdes = finance.apbdes_agree(
        actor=None, apbdes=apbdes, agreed_on=date(2024, 12, 2), agreement_number="01/BA"
    )
    finance.apbdes_submit(actor=None, apbdes=apbdes, submitted_on=date(2024, 12, 6))
    client = login(camat)
    url = reverse("supervision:reports")
    response = client.post(
        url + "?tahun=2025",
        {"village": DESA_PINCARA, "kind": "lppdes", "received_on": "2026-04-15"},
    )
    assert response.status_code == 302
    page = client.get(url, {"tahun": 2025}).content.decode()
    assert "terlambat" in page and "belum tersedia" not in page
    assert "6 Des 2024" in page and "lewat 3 hari" in page  # Pincara, from finance
    assert page.count("belum disampaikan") == 1  # Kappuna has no APBDes
    assert "belum diterima, lewat batas" in page  # Kappuna
    future = client.post(
        url + "?tahun=2025",
        {"village": KEL_KAPPUNA, "kind": "lppdes", "received_on": "2026-12-01"},
    )
    assert future.status_code == 400
    assert "Tanggal diterima tidak boleh di masa depan." in future.content.decode()
    assert ReportReceipt.objects.count() == 1
    assert login(operator).get(url).status_code == 404


def test_kabupaten_overview_counts_and_exports(
    activity: Activity, camat: User, dpmd: User, other_kecamatan: User
) -> None:
    _finding(activity, camat)
    client = login(dpmd)
    page = client.get(reverse("supervision:overview"), {"tahun": 2026})
    assert page.status_code == 200
    rows = {r.code: r for r in page.context["rows"]}
    masamba = rows[KEC_MASAMBA].counts
    assert (masamba["activities"], masamba["visits"], masamba["visits_done"]) == (1, 2, 0)
    assert (masamba["findings"], masamba["findings_open"], masamba["findings_overdue"]) == (1, 1, 0)
    assert page.context["total"].counts["visits"] == 2
    pdf = client.get(
        reverse("supervision:overview"), {"tahun": 2026, "triwulan": 4, "format": "pdf"}
    )
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("supervision:overview"), {"tahun": 2026, "format": "xlsx"})
    assert b"".join(xlsx.streaming_content).startswith(b"PK")
    # A kecamatan cannot read the kabupaten overview.
    denied = login(other_kecamatan).get(reverse("supervision:overview"), {"wilayah": KAB_LUTRA})
    assert denied.status_code == 403


def test_calendar_shows_the_activity(activity: Activity, camat: User) -> None:
    page = login(camat).get(reverse("supervision:calendar"), {"bulan": "2026-10"})
    assert page.status_code == 200 and "Pengawasan SPM Desa" in page.content.decode()


def test_menu_offers_pages_by_role(camat: User, operator: User) -> None:
    camat_home = login(camat).get("/").content.decode()
    assert 'data-testid="menu-binwas-agenda"' in camat_home
    assert 'data-testid="menu-binwas-reports"' in camat_home
    village_home = login(operator).get("/").content.decode()
    assert 'data-testid="menu-binwas-followups"' in village_home
    assert 'data-testid="menu-binwas-agenda"' not in village_home


def test_pattimang_is_not_in_masamba_form(camat: User) -> None:
    response = login(camat).post(
        reverse("supervision:activity_new"),
        {
            "kind": "pembinaan",
            "title": "x",
            "starts_on": "2026-10-12",
            "ends_on": "2026-10-12",
            "villages": [DESA_PATTIMANG],
        },
    )
    assert response.status_code == 200
    assert "villages" in response.context["form"].errors  # not a choice of this kecamatan
    assert not Activity.objects.exists()


def test_today_is_fixed() -> None:
    assert date(2026, 10, 7) == TODAY
