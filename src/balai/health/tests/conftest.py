"""Health fixtures: a pinned clock, a Dinkes user of Luwu Utara, residents made by services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from balai.accounts.models import User
from balai.accounts.roles import Office, Role
from balai.health import demand, import_jobs, services
from balai.posyandu import services as posyandu_services
from balai.registry import codes
from balai.registry.models import Resident
from balai.registry.tests.factories import make_resident
from conftest import KAB_LUTRA, MakeUser

TODAY = date(2025, 12, 20)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(demand, "today", lambda: TODAY)
    monkeypatch.setattr(import_jobs, "today", lambda: TODAY)
    monkeypatch.setattr(posyandu_services, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def dinkes(make_user: MakeUser) -> User:
    return make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DINKES, username="dinkes")


MakePerson = Callable[..., Resident]


@pytest.fixture
def person(tree: None) -> MakePerson:
    """Return ``person(area_code, born, sex=..., **data)``: a resident registered by the service."""
    counter = iter(range(1, 10_000))

    def make(area_code: str, born: date, *, sex: int = codes.Sex.MALE, **data: Any) -> Resident:
        return make_resident(
            area_code,
            name=data.pop("name", f"Warga {next(counter)}"),
            sex=sex,
            birth_date=born,
            event_date=data.pop("event_date", max(born, date(2024, 1, 2))),
            **data,
        )

    return make


def record(resident: Resident, service: str, day: date) -> None:
    """Record one service through the service layer."""
    services.service_records_create(
        actor=None,
        entries=[
            services.ServiceEntry(
                resident_id=resident.pk,
                area_id=str(resident.area_id),
                service=service,
                service_date=day,
            )
        ],
    )
