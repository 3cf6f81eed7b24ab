"""Facilities fixtures: boundaries of the mini tree, loaded once per test that needs them."""

from __future__ import annotations

import pytest

from balai.regions.boundaries import BUNDLED
from balai.regions.services import boundaries_load


@pytest.fixture
def boundaries(tree: None) -> None:
    """Polygons of the mini tree's Sulawesi Selatan areas (kabupaten, kecamatan, villages)."""
    boundaries_load(paths=BUNDLED)
