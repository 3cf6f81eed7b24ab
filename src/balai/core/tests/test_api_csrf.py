"""Public API writes work with CSRF enforced; sessions still need the token; bad bearers get 401."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from balai.accounts.roles import Role
from balai.accounts.services import token_create
from balai.complaints.models import Category, Complaint
from balai.complaints.services.categories import category_defaults_ensure
from conftest import DESA_PINCARA, MakeUser, with_csrf

pytestmark = pytest.mark.django_db
API = "/api/v1/complaints"


@pytest.fixture
def infra(tree: None) -> Category:
    from django.core.cache import cache

    cache.clear()  # rate-limit counters
    category_defaults_ensure()
    return Category.objects.get(kabupaten=None, code="infrastruktur")


def complaint(category: Category, **extra: Any) -> dict[str, Any]:
    return {
        "area": DESA_PINCARA,
        "category": category.pk,
        "title": "Lampu jalan mati",
        "description": "Sejak seminggu",
        **extra,
    }


def test_anonymous_complaint_is_accepted_with_csrf_enforced(
    csrf_client: Client, infra: Category
) -> None:
    created = csrf_client.post(f"{API}/", complaint(infra), content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    tracked = csrf_client.post(
        f"{API}/track",
        {"number": body["number"], "code": body["tracking_code"]},
        content_type="application/json",
    )
    assert tracked.status_code == 200
    assert tracked.json()["status"] == "diterima"


def test_open311_client_can_file_with_csrf_enforced(csrf_client: Client, infra: Category) -> None:
    created = csrf_client.post(
        f"{API}/open311/requests.json",
        {"jurisdiction_id": DESA_PINCARA, "service_code": "infrastruktur", "description": "Rusak"},
    )
    assert created.status_code == 201, created.content
    assert Complaint.objects.get().channel == "open311"


def test_invalid_bearer_on_a_post_gets_401_in_the_error_shape(
    csrf_client: Client, infra: Category
) -> None:
    bad = {"Authorization": "Bearer balai_tidak-ada"}
    for url, payload in [(f"{API}/", complaint(infra)), ("/api/v1/me/tokens", {"name": "x"})]:
        response = csrf_client.post(url, payload, content_type="application/json", headers=bad)
        assert response.status_code == 401, (url, response.content)
        assert response.json() == {
            "code": "unauthenticated",
            "message": response.json()["message"],
            "errors": {},
        }
    assert not Complaint.objects.exists()


def test_valid_bearer_post_needs_no_csrf(
    csrf_client: Client, infra: Category, make_user: MakeUser
) -> None:
    user = make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA)
    _token, key = token_create(user=user, role=user.roles.get(), name="aplikasi")
    created = csrf_client.post(
        f"{API}/",
        complaint(infra),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert created.status_code == 201, created.content
    assert Complaint.objects.get().reporter_user == user


def test_session_post_still_needs_the_csrf_token(
    csrf_client: Client, infra: Category, make_user: MakeUser
) -> None:
    resident = make_user(Role.RESIDENT, DESA_PINCARA)
    csrf_client.force_login(resident)
    refused = csrf_client.post(f"{API}/", complaint(infra), content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    assert not Complaint.objects.exists()
    accepted = csrf_client.post(
        f"{API}/", complaint(infra), content_type="application/json", headers=with_csrf(csrf_client)
    )
    assert accepted.status_code == 201, accepted.content
    assert Complaint.objects.get().reporter_user == resident
