from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client

from balai.accounts.roles import Role
from balai.complaints import services
from balai.complaints.models import Complaint, Status
from balai.complaints.tests.conftest import WITA, FileComplaint
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, MakeUser, login

pytestmark = pytest.mark.django_db
LATE = datetime(2026, 3, 27, 9, tzinfo=WITA)  # after the verification deadline
LATER = datetime(2026, 4, 7, 9, tzinfo=WITA)  # after the kabupaten moment


def _queue_numbers(client: Client) -> set[str]:
    response = client.get("/pengaduan/kelola/")
    assert response.status_code == 200
    return {c.number for c in response.context["complaints"]}


def test_operator_sees_only_own_village(
    file_complaint: FileComplaint, operator: object, other_operator: object
) -> None:
    mine = file_complaint()
    theirs = file_complaint(area=DESA_PATTIMANG)
    assert _queue_numbers(login(operator)) == {mine.number}  # type: ignore[arg-type]
    assert _queue_numbers(login(other_operator)) == {theirs.number}  # type: ignore[arg-type]
    assert login(operator).get(f"/pengaduan/kelola/{theirs.pk}/").status_code == 404  # type: ignore[arg-type]


def test_operator_cannot_act_on_another_village_and_nothing_changes(
    file_complaint: FileComplaint, other_operator: object
) -> None:
    c = file_complaint()
    response = login(other_operator).post(  # type: ignore[arg-type]
        f"/pengaduan/kelola/{c.pk}/tindakan/", {"action": "verify"}
    )
    assert response.status_code == 404
    c.refresh_from_db()
    assert c.status == Status.DITERIMA and c.events.count() == 1


def test_camat_sees_escalated_and_own_but_not_fresh_village_complaints(
    file_complaint: FileComplaint, camat: object
) -> None:
    fresh = file_complaint()
    late = file_complaint()
    own = file_complaint("keamanan")
    Complaint.objects.filter(pk=fresh.pk).update(
        escalate_kecamatan_at=None, escalate_kabupaten_at=None
    )
    services.complaints_escalate_overdue(now=LATE)
    client = login(camat)  # type: ignore[arg-type]
    assert _queue_numbers(client) == {late.number, own.number}
    assert client.get(f"/pengaduan/kelola/{fresh.pk}/").status_code == 404
    assert client.get(f"/pengaduan/kelola/{late.pk}/").status_code == 200


def test_camat_outside_kecamatan_sees_nothing(
    file_complaint: FileComplaint, make_user: MakeUser
) -> None:
    file_complaint(area=DESA_PINCARA)
    services.complaints_escalate_overdue(now=LATE)
    other = make_user(Role.CAMAT, "73.22.01", username="camat_malangke")
    assert _queue_numbers(login(other)) == set()


def test_escalated_kecamatan_may_instruct_and_act(
    file_complaint: FileComplaint, camat: object
) -> None:
    c = file_complaint()
    client = login(camat)  # type: ignore[arg-type]
    denied = client.post(f"/pengaduan/kelola/{c.pk}/tindakan/", {"action": "instruct", "text": "x"})
    assert denied.status_code == 404
    services.complaints_escalate_overdue(now=LATE)
    ok = client.post(
        f"/pengaduan/kelola/{c.pk}/tindakan/", {"action": "instruct", "text": "Segera verifikasi."}
    )
    assert ok.status_code == 302
    assert c.events.filter(kind="arahan", actor=camat).exists()
    client.post(f"/pengaduan/kelola/{c.pk}/tindakan/", {"action": "verify"})
    c.refresh_from_db()
    assert c.status == Status.DIVERIFIKASI and c.handler_area_id == DESA_PINCARA


def test_kabupaten_sees_only_kabupaten_level_complaints(
    file_complaint: FileComplaint, make_user: MakeUser
) -> None:
    dpmd = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="dpmd", username="dpmd")
    village = file_complaint()
    health = file_complaint("kesehatan")
    client = login(dpmd)
    assert _queue_numbers(client) == {health.number}
    services.complaints_escalate_overdue(now=LATE)
    assert _queue_numbers(client) == {health.number}
    services.complaints_escalate_overdue(now=LATER)
    assert _queue_numbers(client) == {health.number, village.number}


def test_rt_head_sees_the_complaint_but_not_a_confidential_reporter(
    file_complaint: FileComplaint, make_user: MakeUser
) -> None:
    rt = make_user(Role.RT_HEAD, f"{DESA_PINCARA}.01.001", username="rt1")
    inside = file_complaint(area=f"{DESA_PINCARA}.01.001", is_confidential=True)
    outside = file_complaint(area=f"{DESA_PINCARA}.01.002")
    client = login(rt)
    assert _queue_numbers(client) == {inside.number}
    page = client.get(f"/pengaduan/kelola/{inside.pk}/").content.decode()
    assert "081234567890" not in page and "Andi" not in page
    assert (
        client.post(f"/pengaduan/kelola/{inside.pk}/tindakan/", {"action": "verify"}).status_code
        == 403
    )
    assert outside.status == Status.DITERIMA


def test_resident_role_has_no_queue(make_user: MakeUser) -> None:
    resident = make_user(Role.RESIDENT, DESA_PINCARA, username="warga1")
    assert login(resident).get("/pengaduan/kelola/").status_code == 403


def test_anonymous_is_sent_to_login_from_staff_pages(file_complaint: FileComplaint) -> None:
    c = file_complaint()
    for url in (
        "/pengaduan/kelola/",
        f"/pengaduan/kelola/{c.pk}/",
        "/pengaduan/dasbor/",
        "/pengaduan/saya/",
    ):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")


def test_api_list_is_scoped_and_action_denied_outside(
    file_complaint: FileComplaint, operator: object, other_operator: object
) -> None:
    mine = file_complaint()
    file_complaint(area=DESA_PATTIMANG)
    data = login(operator).get("/api/v1/complaints/").json()  # type: ignore[arg-type]
    assert [row["number"] for row in data] == [mine.number]
    response = login(other_operator).post(  # type: ignore[arg-type]
        f"/api/v1/complaints/{mine.pk}/actions",
        {"action": "verify"},
        content_type="application/json",
    )
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.status == Status.DITERIMA
    ok = login(operator).post(  # type: ignore[arg-type]
        f"/api/v1/complaints/{mine.pk}/actions",
        {"action": "verify"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "diverifikasi"
    assert KEC_MASAMBA
