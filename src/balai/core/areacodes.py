"""Area-code arithmetic: the one place that knows how Kemendagri codes are built.

A code is a dotted path: ``73`` province, ``73.22`` kabupaten/kota,
``73.22.03`` kecamatan, ``73.22.03.2004`` desa/kelurahan; a village's dusun,
RW and RT extend it (``73.22.03.2004.01``, ``73.22.03.2004.01.001``). The
Kemendagri prefixes have fixed lengths, so every level's code is a prefix of
the codes below it. Use these helpers instead of bare slices (``code[:8]``).
"""

from __future__ import annotations

PROVINCE_CODE_LENGTH = 2  # "73"
KABUPATEN_CODE_LENGTH = 5  # "73.22"
KECAMATAN_CODE_LENGTH = 8  # "73.22.03"
VILLAGE_CODE_LENGTH = 13  # "73.22.03.2004"


def ancestor_codes(code: str) -> list[str]:
    """Return the codes above *code*, root first (codes are dotted paths)."""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def province_code(code: str) -> str:
    """Return the province code of *code* (any level)."""
    return code[:PROVINCE_CODE_LENGTH]


def kabupaten_code(code: str) -> str:
    """Return the kabupaten/kota code of *code* (kabupaten level or below)."""
    return code[:KABUPATEN_CODE_LENGTH]


def kecamatan_code(code: str) -> str:
    """Return the kecamatan code of *code* (kecamatan level or below)."""
    return code[:KECAMATAN_CODE_LENGTH]


def village_code(code: str) -> str:
    """Return the desa/kelurahan code of *code* (village level or a dusun/RW/RT below it)."""
    return code[:VILLAGE_CODE_LENGTH]


def is_at_least_village(code: str) -> bool:
    """Tell whether *code* is a village or lies below one (a dusun, RW or RT)."""
    return len(code) >= VILLAGE_CODE_LENGTH


def is_at_least_kabupaten(code: str) -> bool:
    """Tell whether *code* is a kabupaten/kota or lies below one."""
    return len(code) >= KABUPATEN_CODE_LENGTH
