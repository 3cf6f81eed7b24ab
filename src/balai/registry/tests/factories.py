"""Residents and families for tests, with identity numbers that pass validation."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from balai.regions.models import Area
from balai.registry import codes
from balai.registry.models import Family, Resident
from balai.registry.services import family_get_or_create, resident_register
from balai.registry.synth import kk_for, nik_for

_serials = itertools.count(1)


def make_family(area_code: str, *, recorded_on: date = date(2015, 3, 2)) -> Family:
    area = Area.objects.get(code=area_code)
    kecamatan = area_code[:8]
    return family_get_or_create(no_kk=kk_for(kecamatan, recorded_on, next(_serials)), area=area)


def make_resident(
    area_code: str,
    *,
    name: str = "Warga Uji",
    sex: int = codes.Sex.MALE,
    birth_date: date = date(1990, 5, 17),
    family: Family | None = None,
    relation: int = codes.FamilyRelation.HEAD,
    event_date: date | None = None,
    **data: Any,
) -> Resident:
    """Register a resident in *area_code* (first data collection unless told otherwise)."""
    area = Area.objects.get(code=area_code)
    nik = data.pop("nik", None) or nik_for(
        area_code[:8], birth_date, sex, next(_serials) % 9999 + 1
    )
    resident, _warnings = resident_register(
        actor=None,
        area=area,
        family=family,
        event_date=event_date or date(2024, 1, 2),
        data={
            "nik": nik,
            "name": name,
            "sex": sex,
            "birth_date": birth_date,
            "family_relation": relation,
            **data,
        },
    )
    return resident
