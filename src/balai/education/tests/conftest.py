"""Education fixtures: schools of the supply register and children of the mini tree."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine

from balai.facilities.models import PointKind, ServicePoint
from balai.facilities.services import servicepoint_create
from balai.regions.models import Area
from conftest import DESA_PATTIMANG, DESA_PINCARA

# School year 2026/2027 is running: ages are counted on 1 July 2026.
NOW = datetime(2026, 9, 15, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def school_term() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def schools(tree: None) -> dict[str, ServicePoint]:
    pincara = Area.objects.get(code=DESA_PINCARA)
    pattimang = Area.objects.get(code=DESA_PATTIMANG)

    def make(village: Area, kind: str, name: str, npsn: str) -> ServicePoint:
        return servicepoint_create(actor=None, village=village, kind=kind, name=name, npsn=npsn)

    return {
        "paud": make(pincara, PointKind.PAUD, "PAUD Melati", "40300001"),
        "sd": make(pincara, PointKind.SD, "SD Negeri 1 Pincara", "40300002"),
        "smp": make(pincara, PointKind.SMP, "SMP Negeri 1 Masamba", "40300003"),
        "sma": make(pincara, PointKind.SMA, "SMA Negeri 1 Masamba", ""),
        "pkbm": make(pincara, PointKind.PKBM, "PKBM Bina Ilmu", "40300005"),
        "sd_pattimang": make(pattimang, PointKind.SD, "SD Negeri Pattimang", "40300006"),
    }
