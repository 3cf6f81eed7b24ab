"""Lookups the identifier rules need from the region tree (cached per process)."""

from __future__ import annotations

import time
from collections.abc import Callable

from balai.core.areacodes import village_code as village_code  # one home: core.areacodes
from balai.regions.models import Area, Level
from balai.regions.selectors import retired_kecamatan_codes

_TTL_SECONDS = 300.0
_cache: dict[str, tuple[float, frozenset[str]]] = {}


def _kecamatan_codes() -> frozenset[str]:
    # 7,285 codes, read at most every five minutes: a region load shows up
    # without a restart, and bulk imports do not query per row.
    hit = _cache.get("kecamatan")
    if hit and time.monotonic() - hit[0] < _TTL_SECONDS and hit[1]:
        return hit[1]
    codes = frozenset(Area.objects.filter(level=Level.KECAMATAN).values_list("code", flat=True))
    _cache["kecamatan"] = (time.monotonic(), codes)
    return codes


def identity_checkers() -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    """Return (kecamatan_exists, retired_kecamatan) for NIK / No. KK validation."""
    return _kecamatan_codes().__contains__, retired_kecamatan_codes().__contains__


def forget_region_cache() -> None:
    """Drop cached region codes (tests that load other trees)."""
    _cache.clear()


def village_of(area: Area) -> Area:
    """Return the desa/kelurahan *area* belongs to."""
    if area.level == Level.DESA_KELURAHAN:
        return area
    return Area.objects.get(code=village_code(area.code))
