from __future__ import annotations

from datetime import date

import pytest

from balai.indicators.services import indicator_refresh_dirty
from balai.posyandu.models import ChildVisit
from balai.posyandu.tests.conftest import visit
from conftest import DESA_PINCARA, KEC_MALANGKE, KEC_MASAMBA, login

pytestmark = pytest.mark.django_db


def test_zscores_endpoint_gives_the_who_check_values(operator):
    client = login(operator)
    r = client.post(
        "/api/v1/posyandu/zscores",
        {"sex": 1, "age_days": 44, "lenhei_cm": 50},
        content_type="application/json",
    )
    assert r.status_code == 200
    assert r.json()["zlen"] == -3.29 and r.json()["status_tbu"] == "sangat_pendek"
    r = client.post(
        "/api/v1/posyandu/zscores",
        {"sex": 2, "age_days": 1522, "weight_kg": 17},
        content_type="application/json",
    )
    assert r.json()["zwei"] == 0.24


def test_zscores_endpoint_rejects_a_bad_sex_in_indonesian(operator):
    r = login(operator).post(
        "/api/v1/posyandu/zscores", {"sex": 3, "age_days": 44}, content_type="application/json"
    )
    assert r.status_code == 400 and "Jenis kelamin" in r.json()["message"]


def test_cadre_records_a_visit_through_the_api(cadre, posyandu, make_child):
    child = make_child(posyandu, date(2024, 6, 1))
    r = login(cadre).post(
        f"/api/v1/posyandu/units/{posyandu.pk}/children/{child.pk}/visits",
        {"visit_date": "2025-06-10", "weight_kg": "9.1", "lenhei_cm": "74.0", "measure": "L"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["zlen"] is not None
    assert (
        login(cadre).get(f"/api/v1/posyandu/children/{child.pk}/visits").json()[0]["id"]
        == r.json()["id"]
    )


def test_api_visit_in_the_future_is_400_and_nothing_saved(cadre, posyandu, make_child):
    child = make_child(posyandu, date(2024, 6, 1))
    r = login(cadre).post(
        f"/api/v1/posyandu/units/{posyandu.pk}/children/{child.pk}/visits",
        {"visit_date": "2025-07-10", "weight_kg": "9.1"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "masa depan" in r.json()["message"]
    assert ChildVisit.objects.count() == 0


def test_api_visit_by_other_village_operator_is_404(other_operator, posyandu, make_child):
    child = make_child(posyandu, date(2024, 6, 1))
    r = login(other_operator).post(
        f"/api/v1/posyandu/units/{posyandu.pk}/children/{child.pk}/visits",
        {"visit_date": "2025-06-10", "weight_kg": "9.1"},
        content_type="application/json",
    )
    assert r.status_code == 404
    assert ChildVisit.objects.count() == 0


def test_prevalence_endpoint_gives_numerators_and_denominators(camat, posyandu, make_child):
    kid = make_child(posyandu, date(2023, 5, 1))
    visit(posyandu, kid, date(2025, 6, 3), "10.0", "75.0", "H")
    indicator_refresh_dirty()  # what the task enqueued on commit does
    r = login(camat).get(f"/api/v1/posyandu/prevalence/{KEC_MASAMBA}?period=2025-06")
    body = r.json()
    assert (body["total"]["stunted"], body["total"]["with_zlen"]) == (1, 1)
    assert body["areas"][0]["code"] == DESA_PINCARA
    assert login(camat).get(f"/api/v1/posyandu/prevalence/{KEC_MALANGKE}").status_code == 403
