"""Poverty fixtures: a small village whose targeting errors are counted by hand.

Pincara (73.22.03.2004), DTSEN round of 2026-06-30, programmes of Luwu Utara:

- family A, desil 1: head ``a_head`` and a child; receives PKH and BLT Dana Desa
  (BLT may not be combined with PKH: a duplicate in both);
- family B, desil 3: head ``b_head``; receives nothing (PKH exclusion);
- family C, desil 8: head ``c_head``; receives PKH (above the desil limit);
- family D, desil 2: head ``d_head`` is a PNS; receives BPNT (official);
- family E, desil 2: ``e_head`` alone, dead; receives PKH (dead);
- a BPNT recipient whose NIK is nobody's (invalid NIK).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine

from balai.accounts.models import User
from balai.accounts.roles import Office, Role
from balai.poverty import services, welfare
from balai.poverty.models import FundSource, Programme, Recipient, RecipientSource, TargetUnit
from balai.regions.models import Area
from balai.registry import codes
from balai.registry.models import Resident
from balai.registry.services import resident_record_death
from balai.registry.tests.factories import make_family, make_resident
from conftest import DESA_PINCARA, KAB_LUTRA, MakeUser

NOW = datetime(2026, 9, 15, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class World:
    village: Area
    kabupaten: Area
    people: dict[str, Resident]
    pkh: Programme
    bpnt: Programme
    blt: Programme
    actor: User


def programme(
    kabupaten: Area, code: str, unit: str, low: int, high: int, **extra: Any
) -> Programme:
    return services.programme_create(
        actor=None,
        area=kabupaten,
        code=code,
        name=code.upper(),
        unit=unit,
        fund_source=FundSource.PUSAT,
        start=date(2026, 1, 1),
        desil_min=low,
        desil_max=high,
        exclude_officials=True,
        is_active=True,
        **extra,
    )


def give(prog: Programme, person: Resident) -> Recipient:
    return services.recipient_add(
        actor=None, programme=prog, village=Area.objects.get(code=DESA_PINCARA), resident=person
    )


@pytest.fixture
def world(tree: None, make_user: MakeUser) -> World:
    village = Area.objects.get(code=DESA_PINCARA)
    kabupaten = Area.objects.get(code=KAB_LUTRA)
    people: dict[str, Resident] = {}
    desils = {"a": 1, "b": 3, "c": 8, "d": 2, "e": 2}
    matched = []
    for key, desil in desils.items():
        family = make_family(DESA_PINCARA)
        head = make_resident(
            DESA_PINCARA,
            name=f"KEPALA {key.upper()}",
            family=family,
            occupation=5 if key == "d" else 9,
        )
        people[f"{key}_head"] = head
        matched.append((head.pk, DESA_PINCARA, f"RT-{key}", family.no_kk, desil))
        if key == "a":
            child = make_resident(
                DESA_PINCARA,
                name="ANAK A",
                family=family,
                birth_date=date(2015, 2, 3),
                relation=codes.FamilyRelation.CHILD,
            )
            people["a_child"] = child
            matched.append((child.pk, DESA_PINCARA, "RT-a", family.no_kk, desil))
    welfare.snapshot_save(
        actor=None,
        area_code=KAB_LUTRA,
        source="dtsen",
        snapshot_date=date(2026, 6, 30),
        matched=matched,
    )
    pkh = programme(kabupaten, "pkh", TargetUnit.FAMILY, 1, 4)
    bpnt = programme(kabupaten, "bpnt", TargetUnit.FAMILY, 1, 5)
    blt = programme(kabupaten, "blt-dd", TargetUnit.FAMILY, 1, 3, conflicts=[pkh])
    give(pkh, people["a_head"])
    give(blt, people["a_head"])
    give(pkh, people["c_head"])
    give(bpnt, people["d_head"])
    give(pkh, people["e_head"])
    resident_record_death(actor=None, resident=people["e_head"], event_date=date(2026, 8, 1))
    Recipient.objects.create(
        programme=bpnt,
        area=village,
        nik="7322039999990001",
        name="TIDAK DIKENAL",
        source=RecipientSource.IMPORT,
    )
    actor = make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA, username="op_pincara")
    return World(village, kabupaten, people, pkh, bpnt, blt, actor)


@pytest.fixture
def dinsos(make_user: MakeUser) -> User:
    return make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DINSOS, username="dinsos_lutra")
