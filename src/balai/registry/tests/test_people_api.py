"""Registry API: the same scope, masking and validation as the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client

from balai.accounts.models import User
from balai.registry import codes
from balai.registry.models import EventKind, LifeEvent, Resident
from balai.registry.synth import kk_for, nik_for
from balai.registry.tests.factories import make_family, make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA, login

pytestmark = pytest.mark.django_db
API = "/api/v1/registry/people"
RT1 = f"{DESA_PINCARA}.01.001"


@pytest.fixture
def andi(tree: None) -> Resident:
    return make_resident(RT1, name="ANDI MAPPA", family=make_family(DESA_PINCARA))


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def new_person(**extra: Any) -> dict[str, Any]:
    born = date(1995, 4, 12)
    data = {
        "nik": nik_for("73.22.03", born, 1, 555),
        "name": "Baharuddin",
        "sex": 1,
        "birth_date": born.isoformat(),
        "area": RT1,
    }
    data.update(extra)
    return data


def test_list_is_scoped_and_masked(
    operator: User, camat: User, other_operator: User, andi: Resident
) -> None:
    items = login(operator).get(f"{API}/residents").json()["items"]
    assert [(i["name"], i["nik"]) for i in items] == [("ANDI MAPPA", andi.nik)]
    masked = login(camat).get(f"{API}/residents", {"q": "andi"}).json()["items"]
    assert masked[0]["nik"] == andi.nik[:6] + "••••••" + andi.nik[12:]
    assert masked[0]["no_kk"] != andi.family.no_kk  # type: ignore[union-attr]
    assert login(other_operator).get(f"{API}/residents").json()["items"] == []


def test_detail_logs_the_view_and_is_404_outside(
    operator: User, other_operator: User, andi: Resident
) -> None:
    body = login(operator).get(f"{API}/residents/{andi.pk}").json()
    assert body["nik"] == andi.nik and body["events"][0]["kind"] == "registered"
    assert (
        LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(andi.pk)).count() == 1
    )
    response = login(other_operator).get(f"{API}/residents/{andi.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert (
        LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(andi.pk)).count() == 1
    )


def test_create_update_and_event(operator: User) -> None:
    client = login(operator)
    kk = kk_for("73.22.03", date(2021, 5, 5), 5)
    response = post(client, f"{API}/residents", new_person(no_kk=kk, nik=" 7322031204950555 "))
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["no_kk"] == kk and response.json()["name"] == "BAHARUDDIN"
    response = client.patch(
        f"{API}/residents/{pk}", {"occupation": 9}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["occupation"] == 9
    response = post(
        client,
        f"{API}/residents/{pk}/events",
        {"kind": "move_out", "event_date": "2025-02-02", "scope": "provinsi", "place": "Makassar"},
    )
    assert response.status_code == 201 and response.json()["kind"] == "move_out"
    person = Resident.objects.get(pk=pk)
    assert person.status == codes.BasicStatus.MOVED
    assert list(person.events.order_by("id").values_list("kind", flat=True)) == [
        EventKind.REGISTERED,
        EventKind.CHANGE,
        EventKind.MOVE_OUT,
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"nik": "7322033102951234"}, "nik"),
        ({"birth_date": "2024-02-31"}, "birth_date"),
        ({"birth_date": "2999-01-01"}, "birth_date"),
        ({"religion": 42}, "religion"),
        ({"no_kk": "1234"}, "no_kk"),
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(
    operator: User, change: dict[str, Any], field: str
) -> None:
    before = (Resident.objects.count(), LifeEvent.objects.count())
    response = post(login(operator), f"{API}/residents", new_person(**change))
    assert response.status_code in (400, 409, 422), response.content
    body = response.json()
    assert body["message"] and any(k.startswith(field) for k in body["errors"]), body
    assert (Resident.objects.count(), LifeEvent.objects.count()) == before


def test_resident_must_live_in_a_village(make_user: Any) -> None:
    from balai.accounts.roles import Role

    admin = make_user(Role.SYSTEM_ADMIN, None)
    response = post(login(admin), f"{API}/residents", new_person(area="73.22.03"))
    assert response.status_code == 400 and "area" in response.json()["errors"]
    assert not Resident.objects.exists()


def test_event_bad_dates(operator: User, andi: Resident) -> None:
    client = login(operator)
    future = post(
        client, f"{API}/residents/{andi.pk}/events", {"kind": "death", "event_date": "2999-01-01"}
    )
    assert future.status_code == 400 and "masa depan" in future.json()["message"]
    early = post(
        client,
        f"{API}/residents/{andi.pk}/events",
        {"kind": "death", "event_date": "2025-01-05", "report_date": "2025-01-01"},
    )
    assert early.status_code == 400 and "sebelum" in early.json()["message"]
    assert andi.events.count() == 1


def test_writes_denied_to_camat_and_other_village(
    camat: User, other_operator: User, andi: Resident
) -> None:
    before = (Resident.objects.count(), LifeEvent.objects.count())
    url = f"{API}/residents/{andi.pk}/events"
    assert post(login(camat), url, {"kind": "death", "event_date": "2025-01-01"}).status_code == 403
    assert (
        post(login(other_operator), url, {"kind": "death", "event_date": "2025-01-01"}).status_code
        == 404
    )
    assert (
        login(other_operator)
        .patch(f"{API}/residents/{andi.pk}", {"name": "X"}, content_type="application/json")
        .status_code
        == 404
    )
    assert post(login(camat), f"{API}/residents", new_person()).status_code == 403
    assert post(login(other_operator), f"{API}/residents", new_person()).status_code == 403
    assert (Resident.objects.count(), LifeEvent.objects.count()) == before
    assert Resident.objects.get(pk=andi.pk).status == codes.BasicStatus.ALIVE


def test_families(operator: User, camat: User, other_operator: User, andi: Resident) -> None:
    family = andi.family
    assert family is not None
    page = login(operator).get(f"{API}/families").json()
    assert (
        page["items"][0]["no_kk"] == family.no_kk and page["items"][0]["head_name"] == "ANDI MAPPA"
    )
    detail = login(camat).get(f"{API}/families/{family.pk}").json()
    assert detail["no_kk"] != family.no_kk and detail["members"][0]["name"] == "ANDI MAPPA"
    assert login(other_operator).get(f"{API}/families/{family.pk}").status_code == 404


def test_duplicate_nik_hides_a_foreign_village(operator: User, tree: None) -> None:
    holder = make_resident(DESA_PATTIMANG, name="PEMILIK", birth_date=date(1995, 4, 12))
    response = post(login(operator), f"{API}/residents", new_person(nik=holder.nik))
    assert response.status_code == 409
    assert "Pattimang" not in response.json()["message"]
