"""Demo data: school rolls of the last and the running school year, some children missing.

Deterministic for a seed (one ``random.Random`` per NIK) and idempotent:
children already on a roll of a year are left as they are. Demo school points
without an NPSN get one (``40`` + their number), so the template's NPSN column
can be tried on the demo. About 88% of the children 5-18 are on this year's
roll and 92% on last year's, so the out-of-school list shows both reasons.
"""

from __future__ import annotations

import random
from collections import defaultdict

from django.db import transaction

from balai.core import areacodes
from balai.core.demo import DemoOptions
from balai.education import imports, schooling
from balai.education.models import Enrolment, Level
from balai.education.selectors import children_of_band, current_school_year
from balai.facilities.models import SCHOOL_KINDS, ServicePoint
from balai.facilities.services import servicepoint_update
from balai.regions.models import Area

BAND_LEVELS = ((5, 6, Level.PAUD), (7, 12, Level.SD), (13, 15, Level.SMP), (16, 18, Level.SMA))
SHARE = {0: 0.88, 1: 0.92}  # years back -> share enrolled


def _schools(kabupaten: Area) -> dict[str, dict[str, list[ServicePoint]]]:
    """{kind: {area prefix (village, kecamatan, kabupaten): points}}."""
    found: dict[str, dict[str, list[ServicePoint]]] = defaultdict(lambda: defaultdict(list))
    for point in ServicePoint.objects.filter(
        area__within=kabupaten.code, kind__in=SCHOOL_KINDS, is_active=True
    ).order_by("pk"):
        if not point.npsn:
            point = servicepoint_update(actor=None, point=point, npsn=f"{40000000 + point.pk}")
        code = str(point.area_id)
        for prefix in (code, areacodes.kecamatan_code(code), areacodes.kabupaten_code(code)):
            found[point.kind][prefix].append(point)
    return found


def _nearest(
    found: dict[str, dict[str, list[ServicePoint]]], kind: str, village: str
) -> ServicePoint | None:
    for prefix in (village, areacodes.kecamatan_code(village), areacodes.kabupaten_code(village)):
        points = found.get(kind, {}).get(prefix)
        if points:
            return points[0]
    return None


def build(kabupaten: Area, options: DemoOptions) -> str:
    """Top up the school rolls of *kabupaten*; return one summary line."""
    current = current_school_year()
    written = 0
    with transaction.atomic():
        found = _schools(kabupaten)
        for back in (1, 0):
            year = current - back
            on_roll = set(
                Enrolment.objects.filter(
                    school_year=year, resident__area__within=kabupaten.code
                ).values_list("resident_id", flat=True)
            )
            rows: list[imports.RollRow] = []
            for youngest, oldest, level in BAND_LEVELS:
                for child in children_of_band(year, youngest, oldest, within=kabupaten.code):
                    if child.pk in on_roll:
                        continue
                    rng = random.Random(f"{options.seed}:{child.nik}:{year}")
                    if rng.random() >= SHARE[back]:
                        continue
                    school = _nearest(
                        found,
                        schooling.LEVEL_KINDS[level],
                        areacodes.village_code(str(child.area_id)),
                    )
                    if school is None:
                        continue
                    rows.append(
                        imports.RollRow(
                            line=0,
                            cells={},
                            resident=child,
                            school=school,
                            level=level,
                            year=year,
                        )
                    )
            written += imports.enrolment_save_rows(actor=None, rows=rows, job=None)
    return f"{written} murid di daftar murid {schooling.label(current - 1)} dan {schooling.label(current)}"
