"""Reads of the region tree."""

from __future__ import annotations

from functools import cache

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from balai.core.areacodes import ancestor_codes
from balai.regions import retired
from balai.regions.models import KEMENDAGRI_LEVELS, Area, Level

LEVEL_ORDER = [
    Level.PROVINSI,
    Level.KABUPATEN_KOTA,
    Level.KECAMATAN,
    Level.DESA_KELURAHAN,
    Level.DUSUN,
    Level.RW,
    Level.RT,
]


def area_get(code: str) -> Area:
    """Return the active area with *code*, or raise 404 with an Indonesian message."""
    area = Area.objects.filter(code=code.strip(), is_active=True).first()
    if area is None:
        raise Http404(_("Wilayah dengan kode %(code)s tidak ditemukan.") % {"code": code})
    return area


def area_ancestors(area: Area) -> list[Area]:
    """Return the areas above *area*, province first, in one query."""
    codes = ancestor_codes(area.code)
    return list(Area.objects.filter(code__in=codes).order_by("code"))


def area_children(area: Area | None, *, include_subvillage: bool) -> QuerySet[Area]:
    """Return the active areas directly below *area* (provinces for None)."""
    if area is None:
        return Area.objects.filter(level=Level.PROVINSI, is_active=True)
    children = Area.objects.filter(parent=area, is_active=True)
    if not include_subvillage:
        children = children.filter(level__in=KEMENDAGRI_LEVELS)
    return children.order_by("code")


def area_descendants(code: str, *, level: str | None = None) -> QuerySet[Area]:
    """Return the active areas below *code* (optionally only of one level)."""
    qs = Area.objects.filter(code__within=code, is_active=True).exclude(code=code)
    return qs.filter(level=level) if level else qs


def area_search(
    query: str,
    *,
    within: str | None = None,
    levels: tuple[str, ...] = KEMENDAGRI_LEVELS,
    limit: int = 20,
) -> list[Area]:
    """Return active areas whose name contains *query*, higher levels first."""
    query = " ".join(query.split())
    if len(query) < 2:
        return []
    qs = Area.objects.filter(name__icontains=query, is_active=True, level__in=levels)
    if within:
        qs = qs.filter(code__within=within)
    depth = Case(
        *(When(level=lvl, then=Value(i)) for i, lvl in enumerate(LEVEL_ORDER)),
        output_field=IntegerField(),
    )
    qs = qs.annotate(depth=depth).order_by("depth", "name", "code")
    return list(qs[:limit])


def area_counts(code: str) -> dict[str, int]:
    """Return how many active areas of each level lie below *code*."""
    from django.db.models import Count

    rows = area_descendants(code).values("level").annotate(n=Count("code")).order_by()
    return {r["level"]: r["n"] for r in rows}


@cache
def retired_kecamatan_codes() -> frozenset[str]:
    """Return the retired kecamatan codes that older NIKs and KK numbers still carry.

    The codes read from older Kemendagri lists (Papua before 2022) and those
    derived from numbering gaps and moved kabupaten (``regions/retired.py``).
    """
    return frozenset(
        retired.read_codes("kecamatan_codes_retired.csv") | retired.read_codes(retired.DERIVED_FILE)
    )


def kecamatan_exists(code: str) -> bool:
    """Tell whether *code* (``PP.KK.CC``) is a kecamatan in the current tree."""
    return Area.objects.filter(code=code, level=Level.KECAMATAN).exists()
