"""An activity's team from the page: Balai users or named guests, and who leads (signs)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from balai.accounts.models import User
from balai.regions.models import Area
from balai.supervision import services
from balai.supervision.models import Activity, ActivityKind, TeamMember
from balai.supervision.tests.conftest import TODAY
from conftest import DESA_PINCARA, KEC_MASAMBA, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaderless(camat: User) -> Activity:
    return services.activity_create(
        actor=camat,
        kecamatan=Area.objects.get(code=KEC_MASAMBA),
        kind=ActivityKind.PEMBINAAN,
        title="Pembinaan administrasi",
        starts_on=TODAY,
        ends_on=TODAY,
        villages=Area.objects.filter(code=DESA_PINCARA),
    )


def test_a_kecamatan_user_joins_as_leader_and_signs(
    leaderless: Activity, camat: User, kecamatan_staff: User, dpmd: User, other_kecamatan: User
) -> None:
    url = reverse("supervision:activity", args=[leaderless.pk])
    page = login(camat).get(url)
    assert 'data-testid="no-leader"' in page.content.decode()
    offered = {int(pk) for pk, _label in page.context["form"].fields["user"].choices if pk}
    assert {camat.pk, kecamatan_staff.pk, dpmd.pk} <= offered
    assert other_kecamatan.pk not in offered
    response = login(camat).post(
        url, {"user": kecamatan_staff.pk, "affiliation": "kecamatan", "lead": "on"}
    )
    assert response.status_code == 302
    leaderless.refresh_from_db()
    assert leaderless.leader == kecamatan_staff
    assert leaderless.team.get().user == kecamatan_staff
    visit = services.visit_start(actor=camat, visit=leaderless.visits.get(), brief={})
    answers = {
        q.pk: (
            q.choice_list[0] if q.choice_list else "ya" if q.answer_type == "ya_tidak" else "1",
            "",
        )
        for q in visit.questions.exclude(answer_type="teks")
    }
    services.visit_save_draft(actor=camat, visit=visit, answers=answers)
    assert services.visit_sign(actor=kecamatan_staff, visit=visit).is_signed


def test_guest_member_and_bad_input_keep_the_team_unchanged(
    leaderless: Activity, camat: User, other_kecamatan: User
) -> None:
    url = reverse("supervision:activity", args=[leaderless.pk])
    guest = login(camat).post(url, {"name": "Pendamping Desa", "affiliation": "pendamping"})
    assert guest.status_code == 302
    assert list(leaderless.team.values_list("name", "user")) == [("Pendamping Desa", None)]
    cases = [
        ({"affiliation": "pendamping"}, "Pilih pengguna Balai atau tulis nama tamu."),
        (
            {"name": "Tamu", "affiliation": "lainnya", "lead": "on"},
            "Ketua tim harus pengguna Balai",
        ),
    ]
    for data, message in cases:
        response = login(camat).post(url, data)
        assert response.status_code == 400 and message in response.content.decode()
    # A user of another kecamatan is not offered, so not accepted.
    outsider = login(camat).post(url, {"user": other_kecamatan.pk, "affiliation": "kecamatan"})
    assert outsider.status_code == 400 and "user" in outsider.context["form"].errors
    assert TeamMember.objects.count() == 1
    login(camat).post(url, {"user": camat.pk, "affiliation": "kecamatan"})
    twice = login(camat).post(url, {"user": camat.pk, "affiliation": "kecamatan"})
    assert twice.status_code == 400 and "sudah anggota tim" in twice.content.decode()
    assert TeamMember.objects.count() == 2
    leaderless.refresh_from_db()
    assert leaderless.leader is None
    # Another kecamatan cannot touch this team.
    assert (
        login(other_kecamatan).post(url, {"name": "X", "affiliation": "lainnya"}).status_code == 404
    )
    assert TeamMember.objects.count() == 2
