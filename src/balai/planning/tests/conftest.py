"""Planning fixtures: villages of the mini tree and a year to plan."""

from __future__ import annotations

import pytest

from balai.regions.models import Area
from conftest import DESA_PATTIMANG, DESA_PINCARA

YEAR = 2027


@pytest.fixture
def pincara(tree: None) -> Area:
    return Area.objects.get(code=DESA_PINCARA)


@pytest.fixture
def pattimang(tree: None) -> Area:
    return Area.objects.get(code=DESA_PATTIMANG)
