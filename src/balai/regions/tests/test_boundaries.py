"""Boundary loader: parsing the dumps, simplification bound, idempotent load."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from balai.regions import geo
from balai.regions.boundaries import BUNDLED, DIGITS, TOLERANCE, BoundaryFileError, read_rows
from balai.regions.models import Area, AreaBoundary
from balai.regions.services import boundaries_load

KAB, KEC, KEL = BUNDLED


def _points(geometry: dict[str, object]) -> int:
    return sum(len(ring) for polygon in geo.polygons(geometry) for ring in polygon)


def test_dumps_parse_every_row_with_quoted_names() -> None:
    assert len(list(read_rows(KAB))) == 24
    kecamatan = {row.code: row.name for row in read_rows(KEC)}
    assert len(kecamatan) == 313
    assert kecamatan["73.10.10"] == "Minasate'ne"  # SQL '' unescaped
    villages = list(read_rows(KEL))
    assert len(villages) == 172  # one of Luwu Utara's 173 villages has no polygon
    assert all(row.code.startswith("73.22.") for row in villages)


def test_simplified_village_payload_stays_under_500_kb_and_drops_points() -> None:
    raw_points = simplified_points = size = 0
    for row in read_rows(KEL):
        geometry = geo.from_latlng_path(row.path, tolerance=TOLERANCE, digits=DIGITS)
        assert geometry is not None
        size += len(json.dumps(geometry, separators=(",", ":")))
        simplified_points += _points(geometry)
        rings = row.path if isinstance(row.path[0][0][0], list) else [row.path]
        raw_points += sum(len(ring) for polygon in rings for ring in polygon)
        # [lng, lat] order and 5 decimals: Luwu Utara is near 120.3 E, 2.6 S
        lng, lat = geo.polygons(geometry)[0][0][0]
        assert 119 < lng < 122 and -4 < lat < -1
        assert round(lng, DIGITS) == lng
    assert size <= 500 * 1024
    assert simplified_points < raw_points * 0.6


def test_simplify_keeps_corners_and_drops_collinear_points() -> None:
    square = [(0.0, 0.0), (0.5, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.5), (0.0, 0.0)]
    assert geo.simplify_ring(square, 0.01) == [
        (0.0, 0.0),
        (1.0, 0.0),
        (1.0, 1.0),
        (0.0, 1.0),
        (0.0, 0.0),
    ]


def test_contains_and_centroid_on_a_square_with_a_hole() -> None:
    outer = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]
    shape = {"type": "Polygon", "coordinates": [outer, hole]}
    assert geo.contains(shape, 3, 3)
    assert not geo.contains(shape, 1.5, 1.5)  # in the hole
    assert not geo.contains(shape, 5, 1)
    assert geo.centroid({"type": "Polygon", "coordinates": [outer]}) == pytest.approx((2, 2))


def test_haversine_known_distances() -> None:
    # One degree along a meridian and along the equator: 2πR/360 with R = 6371.0088 km.
    assert geo.haversine_km((120.0, 0.0), (120.0, 1.0)) == pytest.approx(111.195, abs=0.001)
    assert geo.haversine_km((0.0, 0.0), (1.0, 0.0)) == pytest.approx(111.195, abs=0.001)
    # Makassar (Pantai Losari) to Masamba: about 305 km as the crow flies.
    assert geo.haversine_km((119.4079, -5.1437), (120.3270, -2.5580)) == pytest.approx(
        304.8, abs=1.0
    )


@pytest.mark.django_db
def test_load_stores_known_areas_once_and_second_run_writes_nothing(tree: None) -> None:
    first = boundaries_load()
    # Mini tree codes with a polygon: 73.17, 73.22 (kabupaten), 73.17.01, 73.22.01,
    # 73.22.03 (kecamatan) and the villages Pattimang, Malangke, Kappuna, Pincara.
    assert first.created == 9
    assert set(AreaBoundary.objects.values_list("area_id", flat=True)) == {
        "73.17",
        "73.22",
        "73.17.01",
        "73.22.01",
        "73.22.03",
        "73.22.01.2001",
        "73.22.01.2002",
        "73.22.03.1001",
        "73.22.03.2004",
    }
    assert first.skipped == 24 + 313 + 172 - 9
    pincara = AreaBoundary.objects.get(area_id="73.22.03.2004")
    ring = geo.polygons(pincara.geometry)[0][0]  # a concave village's centroid may lie outside
    assert min(p[0] for p in ring) < pincara.centroid_lng < max(p[0] for p in ring)
    assert min(p[1] for p in ring) < pincara.centroid_lat < max(p[1] for p in ring)
    kab = AreaBoundary.objects.get(area_id="73.22")
    assert geo.contains(kab.geometry, pincara.centroid_lng, pincara.centroid_lat)
    # A village outside the dumps (Kanna, Luwu) stays in the tree without a polygon.
    assert Area.objects.filter(code="73.17.01.2005").exists()
    assert not AreaBoundary.objects.filter(area_id="73.17.01.2005").exists()
    events = LogEntry.objects.filter(additional_data__event="regions.boundaries_loaded").count()
    before = {b.area_id: (b.geometry, b.updated_at) for b in AreaBoundary.objects.all()}
    second = boundaries_load()
    assert (second.created, second.updated, second.unchanged) == (0, 0, 9)
    assert {b.area_id: (b.geometry, b.updated_at) for b in AreaBoundary.objects.all()} == before
    assert (
        LogEntry.objects.filter(additional_data__event="regions.boundaries_loaded").count()
        == events
    )


@pytest.mark.django_db
def test_command_reports_and_a_broken_file_writes_nothing(tree: None, tmp_path: Path) -> None:
    out = StringIO()
    call_command("boundaries", "load", "--file", str(KAB), stdout=out)
    assert "baru 2" in out.getvalue()
    broken = tmp_path / "broken.sql"
    broken.write_text(
        "INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES\n"
        "('73.22.03.2004','Pincara',-2.6,120.3,'[[[-2.6,120.3],[-2.7,120.4],[-2.6,120.5],[-2.6,120.3]]]'),\n"
        "('73.22.01','Malangke',-2.8,120.4,'[[[-2.8,120.4],[oops]]]');\n"
    )
    with pytest.raises(BoundaryFileError):
        boundaries_load(paths=(broken,))
    assert not AreaBoundary.objects.filter(area_id="73.22.03.2004").exists()
