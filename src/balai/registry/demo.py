"""Demo population for ``balai demo --residents N`` (fast bulk insert, deterministic)."""

from __future__ import annotations

import random
import time
from collections import defaultdict
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from balai.core.areacodes import village_code
from balai.core.demo import DemoOptions
from balai.regions.models import Area, Level
from balai.regions.selectors import area_descendants
from balai.registry.bulk import insert_rows
from balai.registry.models import POPULATION_DELTA, Family, LifeEvent, Resident
from balai.registry.synthpop import Generator, village_families

FLUSH_PEOPLE = 20_000


def build(kabupaten: Area, options: DemoOptions) -> str:
    """Fill the kabupaten with about ``options.residents`` people (once; later runs add none)."""
    if Resident.objects.filter(area__within=kabupaten.code).exists():
        n = Resident.objects.filter(area__within=kabupaten.code).count()
        return f"{n:,} penduduk sudah ada (tidak ditambah)"
    if options.residents <= 0:
        return "tanpa penduduk"
    started = time.perf_counter()
    people = populate(kabupaten, residents=options.residents, seed=options.seed)
    _invalidate(kabupaten)
    return f"{people:,} penduduk dibuat dalam {time.perf_counter() - started:.1f} dtk"


def _invalidate(kabupaten: Area) -> None:
    try:
        from balai.registry.stats.summary import invalidate
    except ImportError:
        return
    invalidate(
        area_descendants(kabupaten.code, level=Level.DESA_KELURAHAN).values_list("code", flat=True)
    )


def populate(kabupaten: Area, *, residents: int, seed: int) -> int:
    """Generate and insert about *residents* people across the kabupaten's villages."""
    rng = random.Random(seed)
    villages = list(area_descendants(kabupaten.code, level=Level.DESA_KELURAHAN).order_by("code"))
    rts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, name in Area.objects.filter(code__within=kabupaten.code, level=Level.RT).values_list(
        "code", "name"
    ):
        rts[village_code(code)].append((code, name))
    weights = [rng.lognormvariate(0, 0.5) for _v in villages]
    total = sum(weights)
    gen = Generator(seed=seed, today=timezone.localdate())
    batch = _Batch()
    made = 0
    with transaction.atomic():
        for village, weight in zip(villages, weights, strict=True):
            share = round(residents * weight / total)
            for household in village_families(gen, village.code, rts.get(village.code, []), share):
                batch.add(household)
                made += len(household.members)
                if batch.people >= FLUSH_PEOPLE:
                    batch.flush()
        batch.flush()
    return made


class _Batch:
    def __init__(self) -> None:
        self.households: list[Any] = []
        self.people = 0

    def add(self, household: Any) -> None:
        self.households.append(household)
        self.people += len(household.members)

    def flush(self) -> None:
        if not self.households:
            return
        families = insert_rows(
            Family,
            [
                {
                    "no_kk": h.no_kk,
                    "area_id": h.area_code,
                    "address": h.address,
                    "kk_is_temporary": False,
                }
                for h in self.households
            ],
        )
        resident_rows, owners = [], []
        for family_id, household in zip(families, self.households, strict=True):
            for p in household.members:
                resident_rows.append(
                    {
                        "nik": p.nik,
                        "nik_is_temporary": False,
                        "name": p.name,
                        "sex": p.sex,
                        "birth_place": p.birth_place,
                        "birth_date": p.birth_date,
                        "religion": p.religion,
                        "education_kk": p.education_kk,
                        "occupation": p.occupation,
                        "marital_status": p.marital_status,
                        "family_relation": p.relation,
                        "citizenship": 1,
                        "pregnant": p.pregnant,
                        "father_name": p.father_name,
                        "mother_name": p.mother_name,
                        "mother_nik": p.mother_nik,
                        "status": p.status,
                        "area_id": household.area_code,
                        "family_id": family_id,
                    }
                )
                owners.append((p, household.area_code))
        ids = insert_rows(Resident, resident_rows)
        events = []
        for resident_id, (person, area) in zip(ids, owners, strict=True):
            for kind, happened, reported, scope in person.events:
                events.append(
                    {
                        "resident_id": resident_id,
                        "kind": kind,
                        "event_date": happened,
                        "report_date": reported,
                        "entry_date": reported,
                        "area_id": area,
                        "sex": person.sex,
                        "delta": POPULATION_DELTA.get(kind, 0),
                        "move_scope": scope,
                    }
                )
        insert_rows(LifeEvent, events, returning=False)
        self.households, self.people = [], 0


__all__ = ["build", "connection", "populate"]
