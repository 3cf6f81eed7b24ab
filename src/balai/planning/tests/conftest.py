"""Planning fixtures: villages of the mini tree and a year to plan."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from balai.planning.models import Origin, Proposal
from balai.planning.selectors import kegiatan_by_code
from balai.planning.services import proposal_submit
from balai.regions.models import Area, Level
from balai.regions.services import subarea_create
from balai.registry.models import Resident
from balai.registry.tests.factories import make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA

YEAR = 2027


@pytest.fixture
def pincara(tree: None) -> Area:
    return Area.objects.get(code=DESA_PINCARA)


@pytest.fixture
def pattimang(tree: None) -> Area:
    return Area.objects.get(code=DESA_PATTIMANG)


@pytest.fixture
def resident(pincara: Area) -> Resident:
    return make_resident(DESA_PINCARA, name="Siti Aminah", email="siti@example.org")


@pytest.fixture
def dusun(pincara: Area) -> Area:
    return subarea_create(actor=None, parent=pincara, level=Level.DUSUN, name="Tampa")


def submit(village: Area, **extra: Any) -> Proposal:
    """Submit a plausible group proposal for *village* (fields overridable)."""
    values: dict[str, Any] = {
        "actor": None,
        "village": village,
        "year": YEAR,
        "origin": Origin.PKK,
        "group_name": "PKK Pincara",
        "title": "Rabat beton jalan tani Dusun Tampa",
        "kegiatan": kegiatan_by_code()["2.3.12"],
        "location": "Dusun Tampa",
        "volume": Decimal(300),
        "unit": "m",
        "estimated_cost": Decimal(90_000_000),
        "beneficiaries": 120,
    }
    values.update(extra)
    return proposal_submit(**values)
