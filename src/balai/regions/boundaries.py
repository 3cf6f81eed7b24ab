"""Load area polygons from the bundled wilayah_boundaries dumps.

The files are MySQL ``INSERT`` rows ``(kode, nama, lat, lng, path)``; they are
parsed as data with a regular expression (never executed). Each polygon is
simplified once here (Douglas-Peucker, ``TOLERANCE`` degrees, then rounded to
5 decimals, about 1 m) so pages never simplify at request time.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data" / "boundaries"
BUNDLED = (
    DATA_DIR / "wilayah_boundaries_kab_73.sql.gz",
    DATA_DIR / "wilayah_boundaries_kec_73.sql.gz",
    DATA_DIR / "wilayah_boundaries_kel_73.22.sql.gz",
)
SOURCE = "cahyadsn/wilayah_boundaries 3c5a796 (MIT)"
# 0.0003° is about 33 m on the ground: village shapes stay recognisable and
# the 172 Luwu Utara villages weigh well under 500 KB as GeoJSON.
TOLERANCE = 0.0003
DIGITS = 5

_STRING = r"'((?:[^'\\]|''|\\.)*)'"
_NUMBER = r"(-?\d+(?:\.\d+)?|NULL)"
ROW = re.compile(
    r"\(\s*"
    + _STRING
    + r"\s*,\s*"
    + _STRING
    + r"\s*,\s*"
    + _NUMBER
    + r"\s*,\s*"
    + _NUMBER
    + r"\s*,\s*"
    + _STRING
    + r"\s*\)"
)
CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


class BoundaryFileError(ValueError):
    """A dump could not be read; nothing was written."""


@dataclass(frozen=True)
class BoundaryRow:
    code: str
    name: str
    path: Any  # rings of [lat, lng], or polygons of them


def _unquote(value: str) -> str:
    return value.replace("''", "'").replace("\\'", "'").replace('\\"', '"')


def read_rows(path: Path) -> Iterator[BoundaryRow]:
    """Yield the rows of one dump (``.sql`` or ``.sql.gz``)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        text = fh.read()
    for match in ROW.finditer(text):
        code, name, _lat, _lng, raw = match.groups()
        if not CODE.match(code):
            raise BoundaryFileError(f"{path.name}: kode wilayah tidak sah: {code!r}")
        if not raw.strip():
            continue  # upstream marks a few areas as having no polygon yet
        try:
            parsed = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise BoundaryFileError(f"{path.name}: poligon {code} bukan JSON: {exc}") from exc
        yield BoundaryRow(code=code, name=_unquote(name), path=parsed)


@dataclass
class BoundaryReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # codes not in the region tree
    payload_bytes: int = 0  # GeoJSON of every stored row, compact


def load_boundaries(
    *, paths: tuple[Path, ...] = BUNDLED, tolerance: float = TOLERANCE
) -> BoundaryReport:
    """Parse, simplify and upsert the polygons in one transaction (idempotent).

    Every file is parsed before anything is written, so a broken file writes
    nothing. Rows whose code is not in the region tree are counted as skipped.
    """
    from django.db import transaction

    from balai.regions import geo
    from balai.regions.models import Area, AreaBoundary

    shapes: dict[str, dict[str, Any]] = {}
    for path in paths:
        for row in read_rows(path):
            geometry = geo.from_latlng_path(row.path, tolerance=tolerance, digits=DIGITS)
            if geometry is not None:
                shapes[row.code] = geometry
    report = BoundaryReport()
    known = set(Area.objects.filter(code__in=list(shapes)).values_list("code", flat=True))
    with transaction.atomic():
        existing = {b.area_id: b for b in AreaBoundary.objects.filter(area_id__in=known)}
        create: list[AreaBoundary] = []
        update: list[AreaBoundary] = []
        for code, geometry in shapes.items():
            if code not in known:
                report.skipped += 1
                continue
            lng, lat = geo.centroid(geometry)
            lat, lng = round(lat, DIGITS), round(lng, DIGITS)
            report.payload_bytes += len(json.dumps(geometry, separators=(",", ":")))
            stored = existing.get(code)
            if stored is None:
                create.append(
                    AreaBoundary(
                        area_id=code,
                        geometry=geometry,
                        centroid_lat=lat,
                        centroid_lng=lng,
                        source=SOURCE,
                    )
                )
            elif (stored.geometry, stored.centroid_lat, stored.centroid_lng) != (
                geometry,
                lat,
                lng,
            ):
                stored.geometry, stored.centroid_lat, stored.centroid_lng = geometry, lat, lng
                stored.source = SOURCE
                update.append(stored)
            else:
                report.unchanged += 1
        AreaBoundary.objects.bulk_create(create, batch_size=200)
        AreaBoundary.objects.bulk_update(
            update,
            ["geometry", "centroid_lat", "centroid_lng", "source", "updated_at"],
            batch_size=200,
        )
        report.created, report.updated = len(create), len(update)
    return report
