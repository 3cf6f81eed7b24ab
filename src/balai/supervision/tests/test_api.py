"""Binwas API: the kabupaten overview and the follow-ups, scoped; bad input in Indonesian."""

from __future__ import annotations

import pytest

from balai.accounts.models import User
from balai.supervision.models import Activity
from conftest import KAB_LUTRA, KEC_MASAMBA, login

pytestmark = pytest.mark.django_db


def test_overview_per_kecamatan_for_dpmd(activity: Activity, dpmd: User) -> None:
    response = login(dpmd).get(
        "/api/v1/supervision/overview", {"area": KAB_LUTRA, "year": 2026, "quarter": 4}
    )
    assert response.status_code == 200
    rows = {r["code"]: r for r in response.json()}
    assert rows[KEC_MASAMBA]["visits"] == 2 and rows[KEC_MASAMBA]["activities"] == 1
    assert rows["73.22.01"]["visits"] == 0


def test_overview_refuses_bad_quarter_and_other_scope(
    activity: Activity, dpmd: User, other_kecamatan: User
) -> None:
    bad = login(dpmd).get("/api/v1/supervision/overview", {"area": KAB_LUTRA, "quarter": 5})
    assert bad.status_code == 400 and bad.json()["message"] == "Triwulan harus 1 sampai 4."
    denied = login(other_kecamatan).get("/api/v1/supervision/overview", {"area": KEC_MASAMBA})
    assert denied.status_code == 403


def test_followups_scoped_to_the_caller(
    activity: Activity, camat: User, operator: User, other_operator: User
) -> None:
    from balai.supervision import services
    from balai.supervision.models import Responsible

    visit = services.visit_start(
        actor=camat, visit=activity.visits.get(area_id="73.22.03.2004"), brief={}
    )
    services.followup_create(
        actor=camat,
        visit=visit,
        area=visit.area,
        description="Papan",
        recommendation="Pasang",
        responsible=Responsible.VILLAGE,
    )
    mine = login(operator).get("/api/v1/supervision/followups").json()
    assert [f["description"] for f in mine] == ["Papan"] and mine[0]["due_on"] == "2026-10-21"
    assert login(other_operator).get("/api/v1/supervision/followups").json() == []
