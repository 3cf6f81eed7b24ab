"""Map page: polygon payload of the kabupaten's villages and page/data response times.

Creates its own PostgreSQL database (dropped at the end unless --keep), loads
the bundled region tree and boundaries (``balai boundaries load``), builds
the demo service points of Luwu Utara (73.22), and **synthesises** facts of
one indicator (spm.surat, random numerator ≤ denominator) for every village
in the current month. Then, as a kabupaten officer through Django's test
client (full middleware, templates, CSP), it requests N times:

- the map page ``/sarana/peta/`` (village level) and prints p50/p95;
- its data endpoint ``/sarana/peta/data.json`` (polygons + points) and prints
  p50/p95 and the size of the JSON, and of the polygon part alone.

    .venv/bin/python bench/map_page.py [--runs 50] [--pg postgres://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = "maps_bench_map"
KAB = "73.22"


def psql(admin: str, sql: str) -> None:
    subprocess.run(["psql", admin, "-qc", sql], check=True)  # noqa: S603, S607


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    args = parser.parse_args()
    psql(args.pg, f"DROP DATABASE IF EXISTS {DB}")
    psql(args.pg, f"CREATE DATABASE {DB}")
    os.environ["DATABASE_URL"] = args.pg.rsplit("/", 1)[0] + "/" + DB
    os.environ["DEBUG"] = "True"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.config.settings")
    sys.path.insert(0, str(ROOT / "src"))
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            psql(args.pg, f"DROP DATABASE IF EXISTS {DB}")


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import reset_queries
    from django.test import Client
    from django.utils import timezone

    from balai.accounts.roles import Office, Role
    from balai.accounts.services import role_assign, user_create
    from balai.core.demo import DemoOptions
    from balai.facilities import demo
    from balai.facilities.models import ServicePoint
    from balai.indicators.models import IndicatorFact
    from balai.indicators.periods import period_of
    from balai.regions.loading import load_regions
    from balai.regions.models import Area, Level
    from balai.regions.services import boundaries_load

    call_command("migrate", verbosity=0)
    load_regions()
    t0 = time.perf_counter()
    report = boundaries_load()
    print(f"boundaries load: {report.created} areas in {time.perf_counter() - t0:.1f} s")
    kabupaten = Area.objects.get(code=KAB)
    print(f"demo points: {demo.build(kabupaten, DemoOptions(seed=1))}")
    villages = list(
        Area.objects.filter(code__startswith=KAB + ".", level=Level.DESA_KELURAHAN).values_list(
            "code", flat=True
        )
    )
    period = period_of(timezone.localdate(), "M")
    rng = random.Random(1)
    facts = []
    for code in villages:
        den = rng.randint(5, 40)
        facts.append(
            IndicatorFact(
                indicator="spm.surat",
                area_id=code,
                period_type="M",
                period_start=period.start,
                numerator=rng.randint(0, den),
                denominator=den,
                computed_at=timezone.now(),
            )
        )
    IndicatorFact.objects.bulk_create(facts)
    user = user_create(
        actor=None,
        username="bench_kab",
        password="Bench-2026-kata",  # noqa: S106 -- throwaway bench database
        full_name="Bench",
    )
    role_assign(
        actor=None, user=user, role=Role.KABUPATEN_STAFF, area=kabupaten, office=Office.BAPPEDA
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    page_url = f"/sarana/peta/?wilayah={KAB}&indikator=spm.surat&periode={period.key}"
    data_url = f"/sarana/peta/data.json?wilayah={KAB}&indikator=spm.surat&periode={period.key}"

    def timed(url: str) -> tuple[list[float], bytes]:
        times: list[float] = []
        body = b""
        for _ in range(3):  # warm-up
            client.get(url)
        for _ in range(args.runs):
            reset_queries()
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
            body = response.content
        return times, body

    page_times, _page = timed(page_url)
    data_times, body = timed(data_url)
    payload = json.loads(body)
    polygons = len(json.dumps(payload["areas"], separators=(",", ":")).encode())
    print(
        f"villages: {len(villages)}, with polygon: {len(payload['areas']['features'])}, "
        f"located points: {len(payload['points'])} of {ServicePoint.objects.count()}"
    )
    print(
        f"polygon payload (villages of {KAB}): {polygons / 1024:.0f} KB "
        f"(data.json total {len(body) / 1024:.0f} KB)"
    )
    for name, times in (("map page", page_times), ("map data.json", data_times)):
        print(
            f"{name}: p50 {percentile(times, 0.5):.0f} ms, p95 {percentile(times, 0.95):.0f} ms "
            f"({args.runs} runs)"
        )


if __name__ == "__main__":
    main()
