"""The demo builder: deterministic for a seed, idempotent, points inside the kabupaten."""

from __future__ import annotations

import pytest

from balai.core.demo import DemoOptions
from balai.facilities import demo
from balai.facilities.models import ServicePoint
from balai.regions import geo
from balai.regions.models import Area, AreaBoundary
from conftest import KAB_LUTRA


def _snapshot() -> list[tuple[str, str, str, object, object]]:
    return list(
        ServicePoint.objects.order_by("area_id", "kind", "name").values_list(
            "area_id", "kind", "name", "latitude", "longitude"
        )
    )


@pytest.mark.django_db
def test_demo_loads_boundaries_and_is_deterministic_and_idempotent(tree: None) -> None:
    kabupaten = Area.objects.get(code=KAB_LUTRA)
    line = demo.build(kabupaten, DemoOptions(seed=7))
    assert AreaBoundary.objects.filter(area_id=KAB_LUTRA).exists()  # loaded on the way
    first = _snapshot()
    assert line == f"{len(first)} titik layanan baru" and len(first) >= 4
    # Every village of the mini Luwu Utara has a school; located points lie in the kabupaten.
    kab = AreaBoundary.objects.get(area_id=KAB_LUTRA).geometry
    assert {row[0] for row in first if row[1] == "sd"} == set(
        Area.objects.filter(code__startswith="73.22.", level="desa_kelurahan").values_list(
            "code", flat=True
        )
    )
    for _v, _k, _n, lat, lng in first:
        assert lat is not None and geo.contains(kab, float(lng), float(lat))  # type: ignore[arg-type]
    assert demo.build(kabupaten, DemoOptions(seed=7)) == "0 titik layanan baru"
    assert _snapshot() == first
    ServicePoint.objects.all().delete()
    demo.build(kabupaten, DemoOptions(seed=7))
    assert _snapshot() == first
