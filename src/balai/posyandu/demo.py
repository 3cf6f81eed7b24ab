"""Demo data: one posyandu per dusun/RW of the demo villages, and a year of visits.

Deterministic for a seed and idempotent: posyandu are found by name, children
who already have visits are left alone. Visits are made only for registry
children under five (the registry builder runs first); without residents,
none are made and the summary says so.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from balai.accounts.models import RoleAssignment, User
from balai.accounts.roles import Role
from balai.core.areacodes import village_code
from balai.core.demo import DemoOptions
from balai.posyandu import services
from balai.posyandu.growth.tables import load_table
from balai.posyandu.models import ChildVisit, Enrolment, EnrolmentKind, Posyandu
from balai.posyandu.periods import add_months
from balai.regions.models import Area, Level
from balai.regions.selectors import area_descendants
from balai.registry import codes
from balai.registry.models import Resident

FLOWERS = ("Mawar", "Melati", "Anggrek", "Kenanga", "Cempaka", "Dahlia", "Teratai", "Kamboja")
DEMO_MONTHS = 12


def _posyandu_units(kabupaten: Area) -> int:
    created = 0
    units = area_descendants(kabupaten.code, level=Level.DUSUN) | area_descendants(
        kabupaten.code, level=Level.RW
    )
    existing = set(
        Posyandu.objects.filter(area__within=kabupaten.code).values_list("area_id", flat=True)
    )
    rows = []
    for i, area in enumerate(units.order_by("code")):
        if area.code in existing or len(area.code) > 16:  # RW under a dusun: the dusun has one
            continue
        rows.append(Posyandu(area=area, name=f"Posyandu {FLOWERS[i % len(FLOWERS)]} {area.name}"))
    Posyandu.objects.bulk_create(rows, batch_size=1000)
    created += len(rows)
    kader = User.objects.filter(username="kader").first()
    if kader is not None:
        role = RoleAssignment.objects.filter(user=kader, role=Role.POSYANDU_CADRE).first()
        if role is not None and role.area_id:
            unit = Posyandu.objects.filter(area__within=role.area_id).order_by("area_id").first()
            if unit is not None:
                services.cadre_link(actor=None, posyandu=unit, user=kader)
    return created


def _median(table: str, sex: int, day: int, z: float) -> float:
    t = load_table(table)
    day = min(day, t.l.shape[1] - 1)
    el, m, s = t.l[sex - 1, day], t.m[sex - 1, day], t.s[sex - 1, day]
    return float(m * (1 + el * s * z) ** (1 / el))


def _visits(kabupaten: Area, seed: int, today: date) -> tuple[int, int]:
    born_after = today - timedelta(days=1826)
    children = list(
        Resident.objects.filter(
            area__within=kabupaten.code, status=codes.BasicStatus.ALIVE, birth_date__gt=born_after
        )
        .exclude(posyandu_visits__isnull=False)
        .order_by("id")
    )
    units: dict[str, list[Posyandu]] = {}
    for unit in Posyandu.objects.filter(area__within=kabupaten.code).order_by("area_id"):
        units.setdefault(unit.village_code, []).append(unit)
    enrolled = set(
        Enrolment.objects.filter(resident__in=children).values_list("resident_id", flat=True)
    )
    made, days, touched = [], set(), set()
    enrolments = []
    for child in children:
        village = village_code(str(child.area_id))
        options = units.get(village)
        if not options or child.birth_date is None:
            continue
        unit = next(
            (u for u in options if str(child.area_id).startswith(str(u.area_id))), options[0]
        )
        if child.pk not in enrolled:
            enrolments.append(
                Enrolment(
                    resident=child, posyandu=unit, kind=EnrolmentKind.CHILD, area_id=child.area_id
                )
            )
        rng = random.Random(f"{seed}:{child.pk}")
        z_len, z_wei = rng.gauss(-1.0, 1.1), rng.gauss(-0.6, 1.0)
        for back in range(DEMO_MONTHS, 0, -1):
            if rng.random() < 0.2:  # missed a month
                continue
            day = add_months(today, -back + 1).replace(day=min(rng.randint(5, 25), 28))
            if day > today or day <= child.birth_date:
                continue
            age = (day - child.birth_date).days
            if age / 30.4375 >= 60:
                continue
            z_wei += rng.gauss(0, 0.15)
            weight = Decimal(str(round(_median("wfa", child.sex, age, z_wei), 1)))
            length = None
            measure = "L" if age < 731 else "H"
            if day.month in (2, 8) or rng.random() < 0.3:
                length = Decimal(str(round(_median("lhfa", child.sex, age, z_len), 1)))
            data = services.ChildVisitData(
                visit_date=day,
                weight_kg=weight,
                lenhei_cm=length,
                measure=measure,
                counselling=rng.random() < 0.6,
                vitamin_a=day.month in (2, 8),
            )
            result = services.child_assess(child, data)
            if not result.ok:
                continue
            made.append(
                services.child_visit_build(
                    actor=None, posyandu=unit, resident=child, data=data, result=result
                )
            )
            days.add(day)
            touched.add(child.pk)
    Enrolment.objects.bulk_create(enrolments, batch_size=1000)
    ChildVisit.objects.bulk_create(made, batch_size=1000)
    # The prevalence facts are computed by the indicators' demo step, after this one.
    for resident_id in touched:
        services.growth_refresh(resident_id)
    return len(touched), len(made)


def build(kabupaten: Area, options: DemoOptions) -> str:
    """Top up posyandu units and visits in *kabupaten*; return one summary line."""
    with transaction.atomic():
        units = _posyandu_units(kabupaten)
        children, visits = _visits(kabupaten, options.seed, services.today())
    if not Resident.objects.filter(area__within=kabupaten.code).exists():
        return f"{units} posyandu baru; belum ada penduduk, jadi tidak ada kunjungan dibuat"
    return f"{units} posyandu baru, {visits} kunjungan untuk {children} balita"
