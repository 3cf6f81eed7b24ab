"""Posyandu fixtures: a posyandu in Desa Pincara, its cadre, children and a clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from balai.accounts.models import User
from balai.accounts.roles import Role
from balai.posyandu import services
from balai.posyandu.models import Posyandu
from balai.regions.models import Area
from balai.registry import codes
from balai.registry.models import Resident
from balai.registry.tests.factories import make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA, MakeUser

TODAY = date(2025, 6, 20)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """Pin the posyandu services' notion of today."""
    monkeypatch.setattr(services, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def posyandu(tree: None) -> Posyandu:
    area = Area.objects.get(code=f"{DESA_PINCARA}.01")
    return services.posyandu_create(actor=None, area=area, name="Posyandu Mawar")


@pytest.fixture
def other_posyandu(tree: None) -> Posyandu:
    area = Area.objects.get(code=DESA_PINCARA)
    return services.posyandu_create(actor=None, area=area, name="Posyandu Melati")


@pytest.fixture
def far_posyandu(tree: None) -> Posyandu:
    area = Area.objects.get(code=f"{DESA_PATTIMANG}.01")
    return services.posyandu_create(actor=None, area=area, name="Posyandu Pattimang")


@pytest.fixture
def cadre(make_user: MakeUser, posyandu: Posyandu) -> User:
    user = make_user(Role.POSYANDU_CADRE, DESA_PINCARA, username="kader_mawar")
    services.cadre_link(actor=None, posyandu=posyandu, user=user)
    return user


MakeChild = Callable[..., Resident]


@pytest.fixture
def make_child(tree: None) -> MakeChild:
    """Return ``make_child(posyandu, birth_date, sex=1, area=None, name=...)`` (enrolled)."""
    counter = iter(range(1, 10_000))

    def make(
        posyandu: Posyandu | None,
        birth_date: date = date(2024, 1, 10),
        *,
        sex: int = codes.Sex.MALE,
        area: str | None = None,
        name: str = "",
        **data: Any,
    ) -> Resident:
        code = area or (str(posyandu.area_id) if posyandu else DESA_PINCARA)
        child = make_resident(
            code,
            name=name or f"Anak {next(counter)}",
            sex=sex,
            birth_date=birth_date,
            relation=codes.FamilyRelation.CHILD,
            event_date=data.pop("event_date", birth_date),
            **data,
        )
        if posyandu is not None:
            services.enrol(actor=None, posyandu=posyandu, resident=child, kind="child")
        return child

    return make


def visit(
    posyandu: Posyandu,
    child: Resident,
    day: date,
    weight: str | None = None,
    length: str | None = None,
    measure: str = "",
    **extra: Any,
) -> Any:
    confirm = extra.pop("confirm", True)
    data = services.ChildVisitData(
        visit_date=day,
        weight_kg=Decimal(weight) if weight else None,
        lenhei_cm=Decimal(length) if length else None,
        measure=measure,
        **extra,
    )
    return services.child_visit_record(
        actor=None, posyandu=posyandu, resident=child, data=data, confirm_implausible=confirm
    )[0]
