"""Demo data: plausible service points in every village of the demo kabupaten.

Deterministic for a seed (one ``random.Random`` per village code) and
idempotent: points are found by (village, kind, name). Loads the bundled
boundaries first when the kabupaten has none, so points get coordinates near
their village's centroid (inside the kabupaten polygon); villages without a
polygon get points without coordinates. Posyandu units made by the posyandu
builder are located (linked) for about three in four of them.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction

from balai.core.areacodes import village_code
from balai.core.demo import DemoOptions
from balai.facilities.models import PointKind, ServicePoint
from balai.facilities.services import servicepoint_create
from balai.posyandu.selectors import posyandu_in_area
from balai.regions import geo
from balai.regions.models import Area, AreaBoundary, Level
from balai.regions.selectors import area_descendants
from balai.regions.services import boundaries_load

JITTER = 0.006  # degrees, about 650 m around the village centroid


def _plan(rng: random.Random, index_in_kecamatan: int) -> list[tuple[str, str]]:
    """(kind, name) of the points one village gets."""
    plan: list[tuple[str, str]] = [(PointKind.SD, "SD Negeri 1")]
    if rng.random() < 0.35:
        plan.append((PointKind.SD, "MI Al-Ikhlas"))
    if rng.random() < 0.7:
        plan.append((PointKind.PAUD, "PAUD Tunas Harapan"))
    if rng.random() < 0.6:
        plan.append((PointKind.POSKESDES, "Poskesdes"))
    if index_in_kecamatan == 0:
        plan += [(PointKind.PUSKESMAS, "Puskesmas"), (PointKind.SMA, "SMA Negeri")]
    if index_in_kecamatan % 3 == 0:
        plan.append((PointKind.SMP, "SMP Negeri"))
    elif rng.random() < 0.2:
        plan.append((PointKind.SMP, "MTs Nurul Huda"))
    if index_in_kecamatan % 4 == 2:
        plan.append((PointKind.PUSTU, "Pustu"))
    if index_in_kecamatan == 1 and rng.random() < 0.5:
        plan.append((PointKind.SMA, "SMK Negeri"))
    if rng.random() < 0.15:
        plan.append((PointKind.PKBM, "PKBM Bina Ilmu"))
    return plan


def _spot(
    rng: random.Random, centre: tuple[float, float] | None, kab: dict[str, object] | None
) -> tuple[Decimal | None, Decimal | None]:
    if centre is None:
        return None, None
    lat, lng = centre
    for _try in range(5):
        plat = lat + rng.uniform(-JITTER, JITTER)
        plng = lng + rng.uniform(-JITTER, JITTER)
        if kab is None or geo.contains(kab, plng, plat):  # type: ignore[arg-type]
            return Decimal(f"{plat:.5f}"), Decimal(f"{plng:.5f}")
    return None, None


def build(kabupaten: Area, options: DemoOptions) -> str:
    """Top up the service points of *kabupaten*; return one summary line."""
    if not AreaBoundary.objects.filter(area_id=kabupaten.code).exists():
        boundaries_load()
    kab_boundary = AreaBoundary.objects.filter(area_id=kabupaten.code).first()
    kab_geometry = kab_boundary.geometry if kab_boundary is not None else None
    centroids = {
        b.area_id: (b.centroid_lat, b.centroid_lng)
        for b in AreaBoundary.objects.filter(area__within=kabupaten.code)
    }
    existing = set(
        ServicePoint.objects.filter(area__within=kabupaten.code).values_list(
            "area_id", "kind", "name"
        )
    )
    located = set(
        ServicePoint.objects.filter(
            area__within=kabupaten.code, posyandu__isnull=False
        ).values_list("posyandu_id", flat=True)
    )
    units: dict[str, list[tuple[int, str]]] = {}
    for unit in posyandu_in_area(within=kabupaten.code):
        units.setdefault(village_code(str(unit.area_id)), []).append((unit.pk, unit.name))
    from balai.posyandu.models import Posyandu

    created = 0
    with transaction.atomic():
        for kecamatan in area_descendants(kabupaten.code, level=Level.KECAMATAN):
            villages = area_descendants(kecamatan.code, level=Level.DESA_KELURAHAN).filter(
                is_active=True
            )
            for index, village in enumerate(villages):
                rng = random.Random(f"{options.seed}:{village.code}")
                centre = centroids.get(village.code)
                for kind, name in _plan(rng, index):
                    lat, lng = _spot(rng, centre, kab_geometry)
                    if (village.code, kind, name) in existing:
                        continue
                    servicepoint_create(
                        actor=None,
                        village=village,
                        kind=kind,
                        name=name,
                        latitude=lat,
                        longitude=lng,
                        capacity=rng.randint(60, 360)
                        if kind in (PointKind.SD, PointKind.SMP, PointKind.SMA)
                        else None,
                        staff_count=rng.randint(2, 18),
                    )
                    created += 1
                for pk, name in units.get(village.code, []):
                    lat, lng = _spot(rng, centre, kab_geometry)
                    if pk in located or rng.random() >= 0.75 or lat is None:
                        continue
                    if (village.code, PointKind.POSYANDU, name) in existing:
                        continue
                    servicepoint_create(
                        actor=None,
                        village=village,
                        kind=PointKind.POSYANDU,
                        name=name,
                        posyandu=Posyandu.objects.get(pk=pk),
                        latitude=lat,
                        longitude=lng,
                        staff_count=rng.randint(3, 7),
                    )
                    created += 1
    return f"{created} titik layanan baru"
