from __future__ import annotations

import pytest

from balai.core.areacodes import ancestor_codes
from balai.regions.models import Area


@pytest.mark.django_db
def test_within_selects_the_area_and_exactly_its_subtree(tree: None) -> None:
    codes = set(Area.objects.filter(code__within="73.22.03").values_list("code", flat=True))
    assert "73.22.03" in codes
    assert "73.22.03.2004.01.001" in codes
    assert "73.22.01" not in codes
    assert "73.22.01.2001" not in codes
    assert all(c == "73.22.03" or c.startswith("73.22.03.") for c in codes)


@pytest.mark.django_db
def test_within_respects_segment_boundaries(tree: None) -> None:
    # "73.2" is a string prefix of "73.22" but not an ancestor of it.
    assert not Area.objects.filter(code__within="73.2").exists()
    assert not Area.objects.filter(code__within="73.22.0").exists()


@pytest.mark.django_db
def test_within_works_through_a_foreign_key(tree: None) -> None:
    children = Area.objects.filter(parent__within="73.22.03.2004")
    assert set(children.values_list("level", flat=True)) == {"dusun", "rt"}


def test_ancestor_codes_are_the_dotted_prefixes() -> None:
    assert ancestor_codes("73.22.03.2004.01.001") == [
        "73",
        "73.22",
        "73.22.03",
        "73.22.03.2004",
        "73.22.03.2004.01",
    ]
    assert ancestor_codes("73") == []
