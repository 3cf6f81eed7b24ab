"""Births are recorded once: who can be a mother, and which births look like one already recorded.

The village office (registry birth form) and the posyandu cadre (newborn form)
both record births; the same baby must not enter the register twice. Both
paths go through ``services.resident_register``, which calls
``similar_births`` and refuses until the user confirms a different birth
(twins, for example).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from balai.registry import codes
from balai.registry.errors import PossibleDuplicateBirthError
from balai.registry.models import Resident
from balai.registry.names import person_name

# Wanita usia subur (WUS): women aged 15-49, the childbearing ages of
# Kemenkes/WHO reporting, used to offer mothers.
CHILDBEARING_AGES = (15, 49)
# A birth reported by two people may carry dates a day or two apart.
SAME_BIRTH_DAYS = 2


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def childbearing_q(on: date) -> Q:
    """Return a filter for living women of childbearing age on *on*."""
    youngest, oldest = CHILDBEARING_AGES
    born_after = _years_before(on, oldest + 1)
    born_by = _years_before(on, youngest)
    return Q(
        sex=codes.Sex.FEMALE,
        status=codes.BasicStatus.ALIVE,
        birth_date__gt=born_after,
        birth_date__lte=born_by,
    )


def _name_key(name: str) -> str:
    return person_name(name)


def similar_births(
    *, mother_nik: str, mother_name: str, birth_date: date, name: str
) -> list[Resident]:
    """Return residents that look like this birth: same mother, date within two days, same name.

    A baby still without a name (``BAYI …``) matches any child of the mother
    born on those days; twins with their own names do not match each other.
    """
    if not (mother_nik or mother_name.strip()):
        return []
    mother = Q(mother_nik=mother_nik) if mother_nik else Q(mother_name__iexact=mother_name.strip())
    window = (
        birth_date - timedelta(days=SAME_BIRTH_DAYS),
        birth_date + timedelta(days=SAME_BIRTH_DAYS),
    )
    candidates: QuerySet[Resident] = Resident.objects.filter(mother, birth_date__range=window)
    key = _name_key(name)
    unnamed = key.startswith("BAYI")
    return [
        r
        for r in candidates.order_by("id")[:20]
        if unnamed or _name_key(r.name).startswith("BAYI") or _name_key(r.name) == key
    ]


def refuse_duplicate_birth(data: dict[str, object]) -> None:
    """Raise ``PossibleDuplicateBirthError`` if *data* (a new child's fields) was recorded already."""
    birth_date = data.get("birth_date")
    if not isinstance(birth_date, date):
        return
    found = similar_births(
        mother_nik=str(data.get("mother_nik") or ""),
        mother_name=str(data.get("mother_name") or ""),
        birth_date=birth_date,
        name=str(data.get("name") or ""),
    )
    if found:
        listed = "; ".join(
            _("%(name)s, lahir %(date)s, di %(area)s")
            % {"name": r.name, "date": date_format(r.birth_date), "area": r.area_id}
            for r in found
            if r.birth_date
        )
        raise PossibleDuplicateBirthError(
            _(
                "Kelahiran ini tampaknya sudah tercatat (ibu yang sama, tanggal lahir berdekatan): "
                "%(list)s. Bila ini kelahiran lain (misalnya kembar), centang konfirmasi lalu simpan lagi."
            )
            % {"list": listed},
            candidates=found,
        )
