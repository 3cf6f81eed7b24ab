"""Fixtures of the letters tests: a village with settings, residents, users per role."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from balai.accounts.models import User
from balai.accounts.roles import Role
from balai.letters.models import LetterRequest, VillageLetterSettings
from balai.letters.services.requests import letter_request_create
from balai.regions.models import Area
from balai.registry import codes
from balai.registry.models import Resident
from balai.registry.tests.factories import make_family, make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA, KEC_MASAMBA, MakeUser


@pytest.fixture
def pincara(tree: None) -> Area:
    return Area.objects.get(code=DESA_PINCARA)


@pytest.fixture
def village_settings(pincara: Area) -> VillageLetterSettings:
    return VillageLetterSettings.objects.update_or_create(
        area=pincara,
        defaults={
            "head_name": "Andi Baso",
            "secretary_name": "Sitti Aminah",
            "camat_name": "Drs. Camat Masamba",
            "address": "Jl. Poros Masamba No. 1",
        },
    )[0]


@pytest.fixture
def family(pincara: Area) -> Any:
    return make_family(f"{DESA_PINCARA}.01.001")


@pytest.fixture
def head(family: Any) -> Resident:
    return make_resident(
        f"{DESA_PINCARA}.01.001",
        name="Budi Santoso",
        family=family,
        relation=codes.FamilyRelation.HEAD,
        birth_place="Masamba",
        religion=codes.Religion.ISLAM,
    )


@pytest.fixture
def child(family: Any) -> Resident:
    return make_resident(
        f"{DESA_PINCARA}.01.001",
        name="Ani Santoso",
        sex=codes.Sex.FEMALE,
        birth_date=date(2012, 3, 4),
        family=family,
        relation=codes.FamilyRelation.CHILD,
    )


@pytest.fixture
def outsider(tree: None) -> Resident:
    return make_resident(DESA_PATTIMANG, name="Orang Desa Lain")


@pytest.fixture
def kades(make_user: MakeUser) -> User:
    return make_user(Role.KEPALA_DESA, DESA_PINCARA, username="kades_pincara")


@pytest.fixture
def sekdes(make_user: MakeUser) -> User:
    return make_user(Role.SEKRETARIS_DESA, DESA_PINCARA, username="sekdes_pincara")


@pytest.fixture
def camat_user(make_user: MakeUser) -> User:
    return make_user(Role.CAMAT, KEC_MASAMBA, username="camat_masamba")


MakeRequest = Callable[..., LetterRequest]


@pytest.fixture
def make_request(operator: User, pincara: Area, village_settings: Any) -> MakeRequest:
    def make(subject: Resident, letter_type: str = "domisili", **kwargs: Any) -> LetterRequest:
        kwargs.setdefault("purpose", "melamar pekerjaan")
        kwargs.setdefault("data", {})
        return letter_request_create(
            actor=operator, village=pincara, letter_type=letter_type, subject=subject, **kwargs
        )

    return make
