from __future__ import annotations

import pytest
from django.test import Client

from balai.accounts.services import token_create
from balai.regions.models import Area
from conftest import DESA_PATTIMANG, DESA_PINCARA, KEC_MASAMBA, login


def bearer(user: object) -> dict[str, str]:
    role = user.roles.first()  # type: ignore[attr-defined]
    _token, key = token_create(user=user, role=role, name="uji")  # type: ignore[arg-type]
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.django_db
def test_area_detail_lists_ancestors(tree: None) -> None:
    body = Client().get(f"/api/v1/regions/{DESA_PINCARA}").json()
    assert body["name"] == "Pincara"
    assert body["kind"] == "desa"
    assert [a["code"] for a in body["ancestors"]] == ["73", "73.22", KEC_MASAMBA]


@pytest.mark.django_db
def test_unknown_code_gives_json_404_in_indonesian(tree: None) -> None:
    response = Client().get("/api/v1/regions/12.34.56")
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "Wilayah dengan kode 12.34.56 tidak ditemukan.",
        "errors": {},
    }


@pytest.mark.django_db
def test_children_and_search(tree: None) -> None:
    kids = Client().get(f"/api/v1/regions/{KEC_MASAMBA}/children").json()
    assert [k["code"] for k in kids] == ["73.22.03.1001", DESA_PINCARA]
    found = Client().get("/api/v1/regions/", {"q": "pinc"}).json()
    assert [a["code"] for a in found] == [DESA_PINCARA]
    provinces = Client().get("/api/v1/regions/").json()
    assert [p["code"] for p in provinces] == ["32", "52", "73", "91", "94"]


@pytest.mark.django_db
def test_token_caller_sees_own_subareas_only(operator: object, other_operator: object) -> None:
    headers = bearer(operator)
    own = Client().get(f"/api/v1/regions/{DESA_PINCARA}/children", headers=headers).json()
    assert [a["code"] for a in own] == [f"{DESA_PINCARA}.01"]
    other = Client().get(f"/api/v1/regions/{DESA_PATTIMANG}/children", headers=headers).json()
    assert other == []
    hidden = Client().get(f"/api/v1/regions/{DESA_PATTIMANG}.01", headers=headers)
    assert hidden.status_code == 404


@pytest.mark.django_db
def test_token_caller_creates_in_own_village_and_is_refused_elsewhere(operator: object) -> None:
    headers = bearer(operator)
    made = Client().post(
        f"/api/v1/regions/{DESA_PINCARA}/subareas",
        {"level": "dusun", "name": "Dusun Dua"},
        content_type="application/json",
        headers=headers,
    )
    assert made.status_code == 201
    assert made.json()["code"] == f"{DESA_PINCARA}.02"
    refused = Client().post(
        f"/api/v1/regions/{DESA_PATTIMANG}/subareas",
        {"level": "dusun"},
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert not Area.objects.filter(code=f"{DESA_PATTIMANG}.02").exists()


@pytest.mark.django_db
def test_rename_elsewhere_is_refused_and_nothing_changes(operator: object) -> None:
    response = Client().patch(
        f"/api/v1/regions/{DESA_PATTIMANG}.01",
        {"name": "Diambil"},
        content_type="application/json",
        headers=bearer(operator),
    )
    assert response.status_code == 403
    assert Area.objects.get(code=f"{DESA_PATTIMANG}.01").name != "Diambil"


@pytest.mark.django_db
def test_validation_errors_share_the_error_shape(operator: object) -> None:
    response = Client().post(
        f"/api/v1/regions/{DESA_PINCARA}/subareas",
        {"level": "rt", "number": 5000},
        content_type="application/json",
        headers=bearer(operator),
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["message"] == "Data yang dikirim tidak valid."
    assert list(body["errors"]) == ["number"]


@pytest.mark.django_db
def test_domain_errors_carry_field_errors(operator: object) -> None:
    response = Client().post(
        f"/api/v1/regions/{DESA_PINCARA}.01/subareas",
        {"level": "rt", "number": 1},
        content_type="application/json",
        headers=bearer(operator),
    )
    assert response.status_code == 400
    assert response.json()["code"] == "duplicate_area"
    assert response.json()["errors"] == {"number": ["Nomor ini sudah dipakai."]}


@pytest.mark.django_db
def test_session_writes_need_csrf(operator: object) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)  # type: ignore[arg-type]
    response = client.post(
        f"/api/v1/regions/{DESA_PINCARA}/subareas",
        {"level": "dusun"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Area.objects.filter(code=f"{DESA_PINCARA}.02").exists()


@pytest.mark.django_db
def test_session_caller_acts_as_active_role(camat: object) -> None:
    body = login(camat).get("/api/v1/me").json()  # type: ignore[arg-type]
    assert body["acting_role"]["role"] == "camat"
    assert body["acting_role"]["area_code"] == KEC_MASAMBA
