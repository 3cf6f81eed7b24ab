from __future__ import annotations

import io
from datetime import datetime

import pytest
from django.test import Client
from openpyxl import load_workbook

from balai.accounts.roles import Role
from balai.complaints import dashboards, services
from balai.complaints.models import Category, Complaint, ServiceKind
from balai.complaints.tests.conftest import WITA, FileComplaint
from balai.core.errors import ConflictError, DomainError
from balai.indicators.services import indicator_refresh_dirty
from balai.regions.models import Area
from conftest import (
    DESA_PATTIMANG,
    DESA_PINCARA,
    KAB_LUTRA,
    KEC_MASAMBA,
    KEL_KAPPUNA,
    MakeUser,
    login,
)

pytestmark = pytest.mark.django_db
T = datetime(2026, 3, 17, 9, tzinfo=WITA)


def _finish(
    c: Complaint, officer: object, when: datetime, done: datetime | None = None
) -> Complaint:
    c = services.complaint_verify(complaint=c, actor=officer, now=when)
    c = services.complaint_assign(complaint=c, actor=officer, assignee=officer, now=when)
    c = services.complaint_respond(complaint=c, actor=officer, text="ok", now=when)
    return services.complaint_resolve(complaint=c, actor=officer, text="ok", now=done or when)


def test_figures_keep_numerator_and_denominator_and_sum_up_the_tree(
    file_complaint: FileComplaint, operator: object, make_user: MakeUser
) -> None:
    kappuna_op = make_user(Role.VILLAGE_OPERATOR, KEL_KAPPUNA, username="op_kappuna")
    on_time = _finish(file_complaint(), operator, T)
    late = _finish(
        file_complaint(),
        operator,
        datetime(2026, 3, 30, 9, tzinfo=WITA),
        datetime(2026, 6, 1, 12, tzinfo=WITA),
    )
    file_complaint(area=KEL_KAPPUNA)
    _finish(file_complaint(area=KEL_KAPPUNA), kappuna_op, T)
    services.complaint_rate(complaint=on_time, rating=5)
    services.complaint_rate(complaint=late, rating=2)
    indicator_refresh_dirty()  # what the task enqueued on commit does
    f = dashboards.complaint_figures(
        area=Area.objects.get(code=KEC_MASAMBA), year=2026, now=datetime(2026, 7, 1, tzinfo=WITA)
    )
    rows = {r.code: r for r in f.children}
    pincara, kappuna = rows[DESA_PINCARA].counts, rows[KEL_KAPPUNA].counts
    # On-time figures come from the facts: due in 2026, done by the deadline or not.
    assert (pincara["resolved"], pincara["resolve_due"], pincara["resolved_on_time"]) == (2, 2, 1)
    assert (pincara["verified"], pincara["verify_due"], pincara["verified_on_time"]) == (2, 2, 1)
    assert (kappuna["total"], kappuna["resolved"], kappuna["overdue"]) == (2, 1, 1)
    # Kappuna: the unverified complaint is due for verification, not yet for resolution.
    assert (kappuna["verified_on_time"], kappuna["verify_due"]) == (1, 2)
    assert (kappuna["resolved_on_time"], kappuna["resolve_due"]) == (1, 1)
    assert f.total.counts["total"] == 4
    assert (f.total.counts["resolved_on_time"], f.total.counts["resolve_due"]) == (2, 3)
    assert f.total.resolved_on_time_pct == 66.7  # 2/3, not the mean of 50% and 100%
    assert f.total.rating_avg == 3.5
    assert f.by_month[2] == (3, 4, 2)  # March: 4 received, 2 resolved
    assert f.by_month[5] == (6, 0, 1)
    kab = dashboards.complaint_figures(area=Area.objects.get(code=KAB_LUTRA), year=2026)
    assert {r.code: r.counts["total"] for r in kab.children}[KEC_MASAMBA] == 4


def test_skm_index_and_band_from_sums(file_complaint: FileComplaint, operator: object) -> None:
    c1 = _finish(file_complaint(), operator, T)
    c2 = _finish(file_complaint(), operator, T)
    services.complaint_survey_submit(complaint=c1, scores={f"u{i}": 4 for i in range(1, 10)})
    services.complaint_survey_submit(complaint=c2, scores={f"u{i}": 3 for i in range(1, 10)})
    with pytest.raises(ConflictError):
        services.complaint_survey_submit(complaint=c2, scores={f"u{i}": 3 for i in range(1, 10)})
    with pytest.raises(DomainError, match="1 sampai 4"):
        services.survey_submit(
            area=Area.objects.get(code=DESA_PINCARA),
            service_kind=ServiceKind.LETTER,
            object_id=77,
            scores={f"u{i}": 5 for i in range(1, 10)},
        )
    # A finished letter (from the letters module) links the same way.
    services.survey_submit(
        area=Area.objects.get(code=f"{DESA_PINCARA}.01"),
        service_kind=ServiceKind.LETTER,
        object_id=77,
        scores={f"u{i}": 2 for i in range(1, 10)},
    )
    indicator_refresh_dirty()  # what the task enqueued on commit does
    total, rows = dashboards.survey_index(area=Area.objects.get(code=KEC_MASAMBA), year=2026)
    assert total.responses == 3
    assert (total.numerator, total.denominator) == (81, 27)
    assert total.ikm == 75.0
    assert total.band == ("C", "Kurang Baik")
    assert {r.code: r.responses for r in rows}[DESA_PINCARA] == 3
    assert dashboards.ikm_band(88.31) == ("A", "Sangat Baik")
    assert dashboards.ikm_band(88.30) == ("B", "Baik")


def test_dashboard_page_and_xlsx_for_camat_but_not_outside(
    file_complaint: FileComplaint, camat: object
) -> None:
    file_complaint()
    client = login(camat)  # type: ignore[arg-type]
    page = client.get("/pengaduan/dasbor/?tahun=2026")
    assert page.status_code == 200 and page.context["f"].total.counts["total"] == 1
    xlsx = client.get(f"/pengaduan/dasbor/xlsx/?area={KEC_MASAMBA}&tahun=2026")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    summary = list(book["Ringkasan"].values)
    assert summary[0][:3] == ("kode", "wilayah", "jumlah")
    assert summary[-1][0] == KEC_MASAMBA and summary[-1][2] == 1
    assert "no-store" in xlsx["Cache-Control"]
    assert client.get("/pengaduan/dasbor/?area=73.22.01").status_code == 403
    assert client.get("/pengaduan/skm/?tahun=2026").status_code == 200


def test_api_public_create_track_and_categories(categories: dict[str, Category]) -> None:
    cats = Client().get(f"/api/v1/complaints/categories?area={DESA_PINCARA}").json()
    infra = next(c for c in cats if c["code"] == "infrastruktur")
    created = Client().post(
        "/api/v1/complaints/",
        {"area": DESA_PINCARA, "category": infra["id"], "title": "Lampu", "description": "Mati"},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    tracked = (
        Client()
        .post(
            "/api/v1/complaints/track",
            {"number": body["number"], "code": body["tracking_code"]},
            content_type="application/json",
        )
        .json()
    )
    assert tracked["status"] == "diterima" and tracked["village"] == "Pincara"
    assert "reporter_name" not in tracked
    bad = Client().post(
        "/api/v1/complaints/",
        {"area": DESA_PINCARA, "category": 999999, "title": "x", "description": "y"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "unknown_category"


def test_open311_services_create_and_status(categories: dict[str, Category]) -> None:
    services_list = (
        Client()
        .get(f"/api/v1/complaints/open311/services.json?jurisdiction_id={DESA_PINCARA}")
        .json()
    )
    assert {"service_code": "infrastruktur"}.items() <= next(
        s for s in services_list if s["service_code"] == "infrastruktur"
    ).items()
    created = Client().post(
        "/api/v1/complaints/open311/requests.json",
        {
            "jurisdiction_id": DESA_PINCARA,
            "service_code": "infrastruktur",
            "description": "Jembatan kayu patah",
            "lat": "-2.55",
            "long": "120.33",
            "email": "x@example.org",
        },
    )
    assert created.status_code == 201, created.content
    row = created.json()[0]
    number, code = row["service_request_id"], row["tracking_code"]
    assert Complaint.objects.get(number=number).channel == "open311"
    status = (
        Client()
        .get(f"/api/v1/complaints/open311/requests/{number}.json?tracking_code={code}")
        .json()[0]
    )
    assert status["status"] == "open" and status["service_code"] == "infrastruktur"
    assert "x@example.org" not in str(status)
    denied = Client().get(f"/api/v1/complaints/open311/requests/{number}.json?tracking_code=nope")
    assert denied.status_code == 400


def test_attention_lists_overdue_and_escalated(
    file_complaint: FileComplaint, operator: object, camat: object
) -> None:
    import time_machine

    from balai.accounts import access
    from balai.complaints.attention import complaints_attention

    file_complaint()
    with time_machine.travel(datetime(2026, 3, 26, 9, tzinfo=WITA), tick=False):
        items = complaints_attention(operator, access.acting_role(operator))
        assert [(i.text, i.count) for i in items] == [
            ("Pengaduan baru atau diteruskan, menunggu verifikasi", 1),
            ("Pengaduan jatuh tempo dalam 24 jam", 1),
        ]
    services.complaints_escalate_overdue(now=datetime(2026, 3, 27, tzinfo=WITA))
    with time_machine.travel(datetime(2026, 3, 27, 9, tzinfo=WITA), tick=False):
        op_items = complaints_attention(operator, access.acting_role(operator))
        assert ("Pengaduan lewat batas waktu", 1) in [(i.text, i.count) for i in op_items]
        camat_items = complaints_attention(camat, access.acting_role(camat))
        assert ("Pengaduan dieskalasi ke unit Anda", 1) in [(i.text, i.count) for i in camat_items]
    assert DESA_PATTIMANG


def test_demo_builder_is_idempotent(categories: dict[str, Category]) -> None:
    from balai.complaints.demo import build
    from balai.core.demo import DemoOptions
    from balai.web.demo import build_users

    kab = Area.objects.get(code=KAB_LUTRA)
    build_users(kab)
    first = build(kab, DemoOptions(seed=3))
    assert "pengaduan" in first
    count = Complaint.objects.count()
    assert count > 0
    assert build(kab, DemoOptions(seed=3)) == "sudah ada, tidak ditambah"
    assert Complaint.objects.count() == count
