"""Demo data: a puskesmas service register imported for the demo kabupaten.

A few hundred services this year (screenings by age, estimated-group care,
ANC and neonatal visits), written through the import's own check and commit
(``imports.commit_rows``) as one finished import job, so the health SPM
indicators show values. Deterministic for a seed; idempotent: a kabupaten
that already has imported services is left alone.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from balai.core.demo import DemoOptions
from balai.facilities.models import PointKind, ServicePoint
from balai.health import demand, imports
from balai.health.models import ImportStatus, ServiceCode, ServiceImport, ServiceRecord
from balai.indicators.periods import PeriodType, period_of
from balai.posyandu.models import Pregnancy
from balai.regions.models import Area

# (service, age band, how many people); None band: picked another way.
PLAN: tuple[tuple[str, int, int | None, int], ...] = (
    (ServiceCode.PRODUKTIF, 15, 59, 160),
    (ServiceCode.LANSIA, 60, None, 70),
    (ServiceCode.PENJARINGAN, 7, 15, 70),
    (ServiceCode.HIPERTENSI, 18, None, 45),
    (ServiceCode.DIABETES, 15, None, 12),
    (ServiceCode.ODGJ, 15, None, 3),
    (ServiceCode.TB, 0, None, 8),
    (ServiceCode.HIV, 15, 49, 10),
)


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max((end - start).days, 0) + 1))


def build(kabupaten: Area, options: DemoOptions) -> str:
    """Import a register of services for *kabupaten*; return one summary line."""
    if ServiceRecord.objects.filter(area__within=kabupaten.code).exists():
        return "layanan kesehatan: sudah ada"
    today = timezone.localdate()
    year = period_of(today, PeriodType.YEAR)
    rng = random.Random(f"{options.seed}:kesehatan:{kabupaten.code}")
    puskesmas = {
        area[:8]: name
        for area, name in ServicePoint.objects.filter(
            area__within=kabupaten.code, kind=PointKind.PUSKESMAS
        ).values_list("area_id", "name")
    }
    rows: list[tuple[str, str, date, str]] = []
    for service, low, high, count in PLAN:
        people = list(
            demand.age_band_residents(year, low, high)
            .filter(area__within=kabupaten.code)
            .order_by("pk")
            .values_list("nik", "area_id")[:5000]
        )
        for nik, area in rng.sample(people, min(count, len(people))):
            rows.append((nik, service, _day(rng, year.start, today), puskesmas.get(area[:8], "")))
    for nik, born, area in (
        demand.births(year)
        .filter(area__within=kabupaten.code, birth_date__lte=today)
        .values_list("nik", "birth_date", "area_id")
    ):
        if born is not None and rng.random() < 0.7:
            seen: date = min(born + timedelta(days=rng.randrange(1, 8)), today)
            rows.append((nik, ServiceCode.NEONATAL, seen, puskesmas.get(area[:8], "")))
    for nik, first_day, area in Pregnancy.objects.filter(
        area__within=kabupaten.code, first_day__lte=today
    ).values_list("mother__nik", "first_day", "area_id"):
        visits = {
            _day(rng, first_day, min(first_day + timedelta(days=270), today))
            for _ in range(rng.randint(2, 6))
        }
        for day in sorted(visits):
            rows.append((nik, ServiceCode.ANC, day, puskesmas.get(area[:8], "")))
    for nik, area in (
        demand.flagged_pregnant(year)
        .filter(area__within=kabupaten.code)
        .values_list("nik", "area_id")
    ):
        start = max(year.start, today - timedelta(days=240))
        for day in sorted({_day(rng, start, today) for _ in range(rng.randint(2, 6))}):
            rows.append((nik, ServiceCode.ANC, day, puskesmas.get(area[:8], "")))
    for mother_nik, born, area in (
        demand.births(year)
        .filter(area__within=kabupaten.code, birth_date__lte=today)
        .exclude(mother_nik="")
        .values_list("mother_nik", "birth_date", "area_id")
    ):
        if born is not None and rng.random() < 0.85:
            rows.append((mother_nik, ServiceCode.PERSALINAN, born, puskesmas.get(area[:8], "")))
    seen_keys: set[tuple[str, str, date]] = set()
    raw = []
    for line, (nik, service, day, place) in enumerate(rows, start=2):
        if (nik, service, day) in seen_keys or len(nik) != 16:
            continue
        seen_keys.add((nik, service, day))
        raw.append(
            (line, {"nik": nik, "layanan": service, "tanggal": day.isoformat(), "tempat": place})
        )
    # Only rows the import accepts (a mother's NIK may not be in the register).
    checked = imports.check_rows(kabupaten.code, raw, today=today)
    good = {row.line for row in checked if row.ok}
    raw = [(line, cells) for line, cells in raw if line in good]
    if not raw:
        return "layanan kesehatan: tidak ada penduduk"
    job = ServiceImport(
        area=kabupaten,
        original_name="register-puskesmas-demo.csv",
        size=0,
        status=ImportStatus.COMMITTING,
    )
    job.full_clean()
    job.save()
    count = imports.commit_rows(job=job, raw=raw, today=today)
    ServiceImport.objects.filter(pk=job.pk).update(status=ImportStatus.DONE, created_records=count)
    return f"layanan kesehatan: {count} layanan diimpor"
