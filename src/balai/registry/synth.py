"""Valid identity numbers for synthetic people (demo data and tests)."""

from __future__ import annotations

from datetime import date

from balai.registry import codes


def nik_for(kecamatan_code: str, birth_date: date, sex: int, serial: int) -> str:
    """Return a NIK that passes the Dukcapil rules (women's day + 40)."""
    day = birth_date.day + (40 if sex == codes.Sex.FEMALE else 0)
    return f"{kecamatan_code.replace('.', '')}{day:02d}{birth_date:%m%y}{serial:04d}"


def kk_for(kecamatan_code: str, recorded_on: date, serial: int) -> str:
    """Return a No. KK: issuing kecamatan + recording date + 4-digit serial."""
    return f"{kecamatan_code.replace('.', '')}{recorded_on:%d%m%y}{serial:04d}"
