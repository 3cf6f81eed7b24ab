"""Puskesmas service import and health indicator refresh on the configured database.

Run against a database with the demo kabupaten (``balai demo``), e.g.

    DEBUG=True BALAI_VAR_DIR=/tmp/h1var .venv/bin/python bench/health_import.py [--rows 20000]

Writes a CSV of N rows (residents of 73.22, random service codes and dates of
this year, no duplicates), then prints the time of the worker's steps: the
bounded read (``imports.read_rows``), the per-row check (``check_rows``) and
the commit (``commit_rows``, inside a transaction that is rolled back, so the
database is left as it was), and a refresh of the 12 health SPM indicators
for this year, with the peak memory of the process.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import sys
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.config.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from balai.health import imports
    from balai.health.models import ServiceCode, ServiceImport
    from balai.indicators import registry
    from balai.indicators.periods import PeriodType, period_of
    from balai.indicators.services import indicator_refresh
    from balai.regions.models import Area
    from balai.registry.models import Resident

    today = timezone.localdate()
    niks = list(Resident.objects.filter(area__within="73.22").values_list("nik", flat=True))
    if not niks:
        sys.exit("no residents in 73.22: run balai demo first")
    rng = random.Random(1)
    seen: set[tuple[str, str, int]] = set()
    buf = io.StringIO()
    buf.write("nik,layanan,tanggal,tempat\n")
    start = today.replace(month=1, day=1)
    span = (today - start).days + 1
    while len(seen) < args.rows:
        key = (rng.choice(niks), rng.choice(ServiceCode.values), rng.randrange(span))
        if key not in seen:
            seen.add(key)
            buf.write(f"{key[0]},{key[1]},{start + timedelta(days=key[2])},Puskesmas\n")
    data = buf.getvalue().encode()
    print(f"rows: {args.rows}, file: {len(data) / 1024:.0f} KB, residents: {len(niks)}")
    t = time.perf_counter()
    raw = imports.read_rows("bench.csv", io.BytesIO(data))
    print(f"read_rows: {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    rows = imports.check_rows("73.22", raw, today=today)
    print(f"check_rows: {time.perf_counter() - t:.2f} s ({sum(r.ok for r in rows)} ok)")
    good = {r.line for r in rows if r.ok}  # random rows may repeat a demo record
    raw = [(line, cells) for line, cells in raw if line in good]
    with transaction.atomic():
        job = ServiceImport.objects.create(
            area=Area.objects.get(code="73.22"), original_name="bench.csv", size=len(data)
        )
        t = time.perf_counter()
        try:
            count = imports.commit_rows(job=job, raw=raw, today=today)
            print(
                f"commit_rows (re-check + write): {time.perf_counter() - t:.2f} s, {count} records"
            )
        except Exception as exc:
            print(f"commit refused: {exc}")
        codes = list(registry.get_set(registry.BASIC_HEALTH).codes)
        t = time.perf_counter()
        indicator_refresh(codes=codes, periods=[period_of(today, PeriodType.YEAR)])
        print(f"refresh of 12 health indicators, this year: {time.perf_counter() - t:.2f} s")
        transaction.set_rollback(True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MB")


if __name__ == "__main__":
    main()
