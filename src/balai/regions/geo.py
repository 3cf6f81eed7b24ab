"""Plain-Python geometry for area polygons: parsing, simplification, tests.

Boundaries are GeoJSON geometries (``Polygon`` or ``MultiPolygon``) whose
positions are ``[longitude, latitude]``. Everything here is pure functions on
lists, so it runs the same on SQLite and PostgreSQL (no PostGIS).
"""

from __future__ import annotations

import itertools
import math
from typing import Any

Point = tuple[float, float]  # (lng, lat)
Ring = list[Point]

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius
# Indonesia's extent (Sabang to Merauke, Miangas to Rote), with a small margin.
INDONESIA_BBOX = (94.7, -11.2, 141.2, 6.3)  # min lng, min lat, max lng, max lat


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance in km between two (lng, lat) points."""
    lng1, lat1 = map(math.radians, a)
    lng2, lat2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _perpendicular(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)
    t = max(0.0, min(1.0, t))
    return math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy))


def simplify_ring(ring: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker on a closed ring (iterative); keeps at least 4 points."""
    if len(ring) <= 4:
        return list(ring)
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    # A closed ring starts and ends at the same point: split it at the point
    # farthest from the start so the two halves have distinct end points.
    far = max(range(len(ring)), key=lambda i: math.dist(ring[0], ring[i]))
    keep[far] = True
    stack = [(0, far), (far, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _perpendicular(ring[i], ring[first], ring[last])
            if d > best:
                best, index = d, i
        if index != -1 and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    out = [p for p, k in zip(ring, keep, strict=True) if k]
    if len(out) < 4:  # degenerate after simplification: keep the original
        return list(ring)
    return out


def _round_ring(ring: Ring, digits: int) -> list[list[float]]:
    out: list[list[float]] = []
    for lng, lat in ring:
        point = [round(lng, digits), round(lat, digits)]
        if not out or out[-1] != point:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def from_latlng_path(path: Any, *, tolerance: float, digits: int = 5) -> dict[str, Any] | None:
    """Turn an upstream ``path`` (rings or polygons of rings of [lat, lng]) into GeoJSON.

    Each ring is simplified (*tolerance* in degrees) and rounded to *digits*
    decimals. Returns None when nothing usable is left.
    """
    if not isinstance(path, list) or not path:
        return None
    # Depth 3 ([[[lat, lng], ...]]) is one polygon's rings; depth 4 a multipolygon.
    polygons = path if isinstance(path[0][0][0], list) else [path]
    out: list[list[list[list[float]]]] = []
    for polygon in polygons:
        rings = []
        for raw in polygon:
            ring: Ring = [(float(p[1]), float(p[0])) for p in raw]
            if len(ring) < 3:
                continue
            if ring[0] != ring[-1]:
                ring.append(ring[0])
            rounded = _round_ring(simplify_ring(ring, tolerance), digits)
            if len(rounded) >= 4:
                rings.append(rounded)
        if rings:
            out.append(rings)
    if not out:
        return None
    if len(out) == 1:
        return {"type": "Polygon", "coordinates": out[0]}
    return {"type": "MultiPolygon", "coordinates": out}


def polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    """The polygons of a Polygon or MultiPolygon geometry."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def _in_ring(lng: float, lat: float, ring: list[list[float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and lng < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def contains(geometry: dict[str, Any], lng: float, lat: float) -> bool:
    """Tell whether (lng, lat) lies inside the geometry (holes excluded)."""
    for polygon in polygons(geometry):
        if _in_ring(lng, lat, polygon[0]) and not any(_in_ring(lng, lat, h) for h in polygon[1:]):
            return True
    return False


def centroid(geometry: dict[str, Any]) -> Point:
    """Area-weighted centroid (lng, lat) of the outer rings (planar, fine at this scale)."""
    total = cx = cy = 0.0
    for polygon in polygons(geometry):
        ring = polygon[0]
        for (x0, y0), (x1, y1) in itertools.pairwise(ring):
            cross = x0 * y1 - x1 * y0
            total += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
    if total == 0:
        ring = polygons(geometry)[0][0]
        return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    return (cx / (3 * total), cy / (3 * total))


def in_indonesia(lng: float, lat: float) -> bool:
    min_lng, min_lat, max_lng, max_lat = INDONESIA_BBOX
    return min_lng <= lng <= max_lng and min_lat <= lat <= max_lat
