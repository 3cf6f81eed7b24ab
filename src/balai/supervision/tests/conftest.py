"""Binwas fixtures: a camat of Masamba leading an activity in its two villages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import time_machine

from balai.accounts.models import User
from balai.accounts.roles import Office, Role
from balai.regions.models import Area
from balai.supervision import services
from balai.supervision.models import Activity, ActivityKind
from conftest import DESA_PINCARA, KAB_LUTRA, KEC_MALANGKE, KEC_MASAMBA, KEL_KAPPUNA, MakeUser

# Wednesday 7 October 2026, 10:00 WITA: no holiday in the two weeks around it.
NOW = datetime(2026, 10, 7, 2, 0, tzinfo=UTC)
TODAY = date(2026, 10, 7)


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def kecamatan_staff(make_user: MakeUser) -> User:
    return make_user(Role.KECAMATAN_STAFF, KEC_MASAMBA, username="staf_masamba")


@pytest.fixture
def other_kecamatan(make_user: MakeUser) -> User:
    return make_user(Role.KECAMATAN_STAFF, KEC_MALANGKE, username="staf_malangke")


@pytest.fixture
def dpmd(make_user: MakeUser) -> User:
    return make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DPMD, username="dpmd_lutra")


@pytest.fixture
def activity(camat: User) -> Activity:
    return services.activity_create(
        actor=camat,
        kecamatan=Area.objects.get(code=KEC_MASAMBA),
        kind=ActivityKind.PENGAWASAN,
        title="Pengawasan SPM Desa",
        topics="papan SPM, jam layanan",
        starts_on=TODAY,
        ends_on=TODAY,
        villages=Area.objects.filter(code__in=[DESA_PINCARA, KEL_KAPPUNA]),
        leader=camat,
    )
