"""Reads of the supply register: scoped lists and per-village supply figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import areacodes
from balai.core.areacodes import VILLAGE_CODE_LENGTH, kabupaten_code
from balai.facilities.models import PointKind, ServicePoint
from balai.posyandu.selectors import posyandu_in_area, posyandu_list
from balai.regions import geo
from balai.regions.models import Area, AreaBoundary, Level
from balai.registry import codes
from balai.registry.models import Resident


def servicepoint_list(
    *, user: Any, perm: str = Perm.FACILITIES_VIEW, kind: str = "", area: str = ""
) -> QuerySet[ServicePoint]:
    """Service points *user* may see with *perm*, optionally of one kind / under one area."""
    qs = access.scoped(ServicePoint.objects.all(), user, perm)
    if kind:
        qs = qs.filter(kind=kind)
    if area:
        qs = qs.filter(area__within=area)
    return qs.select_related("area", "posyandu").order_by("area_id", "kind", "name")


def servicepoint_get_for_user(
    *, user: Any, pk: int, perm: str = Perm.FACILITIES_VIEW
) -> ServicePoint:
    """One service point inside *user*'s scope for *perm* (404 otherwise, no existence leak)."""
    point = servicepoint_list(user=user, perm=perm).filter(pk=pk).first()
    if point is None:
        raise Http404(_("Titik layanan tidak ditemukan."))
    return point


@dataclass(frozen=True)
class RegisterRow:
    """One line of the register: a service point, or a posyandu unit not yet located."""

    kind: str
    kind_label: str
    name: str
    village_code: str
    village_name: str
    latitude: float | None
    longitude: float | None
    capacity: int | None
    staff_count: int | None
    is_active: bool
    point_id: int | None  # None: a posyandu unit without a service point
    posyandu_id: int | None


def register_rows(*, user: Any, kind: str = "", area: str = "") -> list[RegisterRow]:
    """The register as *user* sees it: service points plus unlocated posyandu units.

    Posyandu units are read from the posyandu app (``posyandu_list``), never
    copied: a unit with a linked service point shows as that point, others
    as a row without coordinates.
    """
    rows = [
        RegisterRow(
            kind=p.kind,
            kind_label=p.get_kind_display(),
            name=p.name,
            village_code=p.area_id,
            village_name=p.area.name,
            latitude=float(p.latitude) if p.latitude is not None else None,
            longitude=float(p.longitude) if p.longitude is not None else None,
            capacity=p.capacity,
            staff_count=p.staff_count,
            is_active=p.is_active,
            point_id=p.pk,
            posyandu_id=p.posyandu_id,
        )
        for p in servicepoint_list(user=user, kind=kind, area=area)
    ]
    if kind in ("", PointKind.POSYANDU) and access.has_perm(user, Perm.POSYANDU_VIEW):
        located = {r.posyandu_id for r in rows if r.posyandu_id is not None}
        units = posyandu_list(user=user).exclude(pk__in=located)
        if area:
            units = units.filter(area__within=area)
        villages = {
            a.code: a.name
            for a in Area.objects.filter(
                code__in={areacodes.village_code(str(u.area_id)) for u in units}
            )
        }
        for unit in units:
            code = areacodes.village_code(str(unit.area_id))
            rows.append(
                RegisterRow(
                    kind=PointKind.POSYANDU,
                    kind_label=str(PointKind.POSYANDU.label),
                    name=unit.name,
                    village_code=code,
                    village_name=villages.get(code, code),
                    latitude=None,
                    longitude=None,
                    capacity=None,
                    staff_count=None,
                    is_active=unit.is_active,
                    point_id=None,
                    posyandu_id=unit.pk,
                )
            )
    rows.sort(key=lambda r: (r.village_code, r.kind, r.name))
    return rows


# ---- supply figures ---------------------------------------------------------------

# Which age band each kind serves: (population key, kind, youngest age, oldest age,
# unit). Children 0-59 months per posyandu; school-age residents per school.
RATIO_BANDS: tuple[tuple[str, str, int, int, str], ...] = (
    ("balita", PointKind.POSYANDU, 0, 59, "months"),
    ("usia_7_12", PointKind.SD, 7, 12, "years"),
    ("usia_13_15", PointKind.SMP, 13, 15, "years"),
    ("usia_16_18", PointKind.SMA, 16, 18, "years"),
)


class KindSupply(TypedDict):
    count: int  # active points of the kind in the village (posyandu: active units)
    nearest_km: float | None  # centroid → nearest located active point (any village)


class Ratio(TypedDict):
    kind: str
    population: int  # alive residents of the village in the age band
    points: int  # active points of the kind in the village
    per_point: float | None  # population ÷ points, None when there is no point


class VillageSupply(TypedDict):
    name: str
    centroid: tuple[float, float] | None  # (lat, lng) from the polygon; None without one
    kinds: dict[str, KindSupply]  # every PointKind value
    ratios: dict[str, Ratio]  # keys: balita, usia_7_12, usia_13_15, usia_16_18


def _subtract(on: date, *, years: int = 0, months: int = 0) -> date:
    total = on.year * 12 + on.month - 1 - years * 12 - months
    year, month = divmod(total, 12)
    day = on.day
    while True:
        try:
            return date(year, month + 1, day)
        except ValueError:
            day -= 1


def _band_counts(within: str, today: date) -> dict[str, dict[str, int]]:
    """Alive residents per village in each ratio band, one query."""
    aggregates: dict[str, Any] = {}
    for key, _kind, low, high, unit in RATIO_BANDS:
        if unit == "months":
            oldest = _subtract(today, months=high + 1)  # born after: at most `high` months old
            youngest = _subtract(today, months=low)
        else:
            oldest = _subtract(today, years=high + 1)
            youngest = _subtract(today, years=low)
        aggregates[key] = Count("id", filter=Q(birth_date__gt=oldest, birth_date__lte=youngest))
    rows = (
        Resident.objects.filter(area__within=within, status=codes.BasicStatus.ALIVE)
        .annotate(village=Substr("area_id", 1, VILLAGE_CODE_LENGTH))
        .values("village")
        .annotate(**aggregates)
    )
    out: dict[str, dict[str, int]] = {}
    for r in rows:
        row: dict[str, Any] = dict(r)
        out[row["village"]] = {key: row[key] for key, *_rest in RATIO_BANDS}
    return out


def supply_by_village(*, within: str, today: date | None = None) -> dict[str, VillageSupply]:
    """Supply figures for every village (desa/kelurahan) under *within*.

    Shape (one entry per active village, keyed by its code)::

        {"73.22.03.2004": {
            "name": "Pincara",
            "centroid": (-2.61234, 120.21345) | None,
            "kinds": {"posyandu": {"count": 3, "nearest_km": 0.41}, "sd": {...}, ...},
            "ratios": {"balita": {"kind": "posyandu", "population": 87, "points": 3,
                                  "per_point": 29.0}, "usia_7_12": {...}, ...},
        }, ...}

    - ``count``: active service points of the kind in the village; for
      posyandu, the active posyandu *units* (posyandu app), located or not.
    - ``nearest_km``: haversine distance from the village centroid (of its
      polygon) to the nearest active, located point of the kind anywhere in
      the kabupaten (a school across the border still serves); None without
      a polygon or without any located point.
    - ``ratios``: alive residents in the age band (0-59 months; 7-12, 13-15,
      16-18 years, as of *today*) per point; ``per_point`` None when 0 points.

    No user scope: callers check access to *within* first.
    """
    today = today or timezone.localdate()
    villages = {
        a.code: a.name
        for a in Area.objects.filter(
            code__within=within, level=Level.DESA_KELURAHAN, is_active=True
        ).only("code", "name")
    }
    centroids = {
        b["area_id"]: (b["centroid_lat"], b["centroid_lng"])
        for b in AreaBoundary.objects.filter(area_id__in=list(villages)).values(
            "area_id", "centroid_lat", "centroid_lng"
        )
    }
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in (
        ServicePoint.objects.filter(area__within=within, is_active=True)
        .exclude(kind=PointKind.POSYANDU)
        .values("area_id", "kind")
        .annotate(n=Count("id"))
    ):
        counts[row["area_id"]][row["kind"]] = row["n"]
    for unit in (
        posyandu_in_area(within=within)
        .annotate(village=Substr("area_id", 1, VILLAGE_CODE_LENGTH))
        .values("village")
        .annotate(n=Count("id"))
        .order_by()
    ):
        unit_row: dict[str, Any] = dict(unit)
        counts[unit_row["village"]][PointKind.POSYANDU] = unit_row["n"]
    located: dict[str, list[tuple[float, float]]] = defaultdict(list)
    kabupaten = kabupaten_code(within)
    for kind, lat, lng in ServicePoint.objects.filter(
        area__within=kabupaten, is_active=True, latitude__isnull=False
    ).values_list("kind", "latitude", "longitude"):
        if lat is not None and lng is not None:
            located[kind].append((float(lng), float(lat)))
    bands = _band_counts(within, today)
    out: dict[str, VillageSupply] = {}
    for code, name in sorted(villages.items()):
        centre = centroids.get(code)
        kinds: dict[str, KindSupply] = {}
        for kind in PointKind.values:
            nearest = None
            if centre is not None and located[kind]:
                here = (centre[1], centre[0])
                nearest = round(min(geo.haversine_km(here, p) for p in located[kind]), 2)
            kinds[kind] = {"count": counts[code].get(kind, 0), "nearest_km": nearest}
        ratios: dict[str, Ratio] = {}
        for key, kind, *_rest in RATIO_BANDS:
            population = bands.get(code, {}).get(key, 0)
            points = kinds[kind]["count"]
            ratios[key] = {
                "kind": kind,
                "population": population,
                "points": points,
                "per_point": round(population / points, 1) if points else None,
            }
        out[code] = {"name": name, "centroid": centre, "kinds": kinds, "ratios": ratios}
    return out
