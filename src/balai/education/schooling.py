"""School years, the SPM age bands and what counts as enrolled (pure rules).

The indicator period is the calendar year ``Y`` and stands for the school
year that starts in July of ``Y`` (``Y/Y+1``): SPM achievement is planned,
budgeted and reported per budget (calendar) year (PP 2/2018, Permendagri
59/2021), and the school year starting in that budget year is the one the
year's enrolment drive (PPDB) fills. Ages are completed years on 1 July of
``Y``, the reference day of the school-admission age rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from balai.education.models import Level
from balai.facilities.models import PointKind
from balai.registry import codes

REFERENCE_MONTH = 7  # school years start in July; ages are counted on 1 July


def school_year_of(day: date) -> int:
    """Return the school year (its first calendar year) running on *day*."""
    return day.year if day.month >= REFERENCE_MONTH else day.year - 1


def reference_day(school_year: int) -> date:
    """Return 1 July of *school_year*: the day ages are counted on."""
    return date(school_year, REFERENCE_MONTH, 1)


def label(school_year: int) -> str:
    """Return ``2026/2027``."""
    return f"{school_year}/{school_year + 1}"


def birth_bounds(school_year: int, youngest: int, oldest: int) -> tuple[date, date]:
    """Return (born after, born on or before) for ages *youngest*..*oldest* on 1 July."""
    ref = reference_day(school_year)
    return date(ref.year - oldest - 1, ref.month, ref.day), date(
        ref.year - youngest, ref.month, ref.day
    )


def age_on_reference(birth: date, school_year: int) -> int:
    """Return the completed years of someone born on *birth* on 1 July of *school_year*."""
    ref = reference_day(school_year)
    return ref.year - birth.year - ((ref.month, ref.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class Band:
    """An SPM age band: its indicator code, ages and the supply kinds that serve it."""

    code: str
    youngest: int
    oldest: int
    supply_kinds: tuple[str, ...]


BANDS = (
    Band("pendidikan.paud_5_6", 5, 6, (PointKind.PAUD,)),
    Band("pendidikan.usia_7_12", 7, 12, (PointKind.SD, PointKind.PKBM)),
    Band("pendidikan.usia_13_15", 13, 15, (PointKind.SMP, PointKind.PKBM)),
    Band("pendidikan.usia_16_18", 16, 18, (PointKind.SMA, PointKind.PKBM)),
)
OUT_OF_SCHOOL_AGES = (7, 18)

# Roll levels and the facilities kinds whose points may carry them.
LEVEL_KINDS: dict[str, str] = {
    Level.PAUD: PointKind.PAUD,
    Level.SD: PointKind.SD,
    Level.SMP: PointKind.SMP,
    Level.SMA: PointKind.SMA,
    Level.PKBM: PointKind.PKBM,
}
# Usual ages (on 1 July) per level; outside them a roll row gets a warning only
# (late starters, repeaters and equivalence learners are real).
LEVEL_AGES: dict[str, tuple[int, int]] = {
    Level.PAUD: (2, 6),
    Level.SD: (6, 13),
    Level.SMP: (12, 16),
    Level.SMA: (15, 19),
    Level.PKBM: (7, 25),
}
LEVEL_ALIASES: dict[str, str] = {
    "paud": Level.PAUD,
    "tk": Level.PAUD,
    "ra": Level.PAUD,
    "kb": Level.PAUD,
    "sd": Level.SD,
    "mi": Level.SD,
    "smp": Level.SMP,
    "mts": Level.SMP,
    "sma": Level.SMA,
    "smk": Level.SMA,
    "ma": Level.SMA,
    "pkbm": Level.PKBM,
    "paket a": Level.PKBM,
    "paket b": Level.PKBM,
    "paket c": Level.PKBM,
    "kesetaraan": Level.PKBM,
}

# The registry's "pendidikan sedang ditempuh" (OpenSID codes) values that mean
# the resident is in school now: the second source of enrolment, for the
# running school year only.
CURRENTLY_STUDYING = (
    codes.EducationCurrent.TK,
    codes.EducationCurrent.SD,
    codes.EducationCurrent.SLTP,
    codes.EducationCurrent.SLTA,
    codes.EducationCurrent.D1,
    codes.EducationCurrent.D2,
    codes.EducationCurrent.D3,
    codes.EducationCurrent.S1,
    codes.EducationCurrent.S2,
    codes.EducationCurrent.S3,
    codes.EducationCurrent.SLB_A,
    codes.EducationCurrent.SLB_B,
    codes.EducationCurrent.SLB_C,
)


class Reason:
    """Why a child of 7-18 is out of school (the list's reason column)."""

    DROPPED = "dropped"
    LEFT_EARLIER = "left_earlier"
    NEVER = "never"

    LABELS = {
        DROPPED: _("Putus sekolah: terdaftar tahun ajaran lalu, tidak tahun ini"),
        LEFT_EARLIER: _("Keluar sebelumnya: terakhir terdaftar sebelum tahun ajaran lalu"),
        NEVER: _("Belum pernah terdaftar di daftar murid"),
    }
