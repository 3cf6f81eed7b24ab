"""Musrenbang kecamatan ranking and the public tracking page: timings on PostgreSQL.

Creates its own database (``h1_planning_bench``, dropped at the end unless
--keep), loads the mini region tree, then puts ``--proposals`` proposals
(default 2,000) on the table of the musrenbang kecamatan of Masamba (73.22.03)
with four criteria (manual urgency scored for every proposal, beneficiaries,
cost, and an off-target indicator linked by 10% of the proposals) and a pagu
indikatif kecamatan, and times:

- ``selectors.forum_ranking``: read the proposals and manual scores, score,
  order, and fit them under the pagu (what the forum page and the close run);
- ``ranking.rank`` alone on the same items (pure CPU);
- the public tracking page ``/perencanaan/lacak/<code>/`` through the full
  middleware stack, on random codes.

Targets (issue #14): ranking of 2,000 <= 200 ms; tracking page p95 <= 100 ms.
Wall times on a shared machine are inflated: CPU time (process_time) and the
load average are printed beside them.

    .venv/bin/python bench/planning_musrenbang.py [--proposals 2000] [--requests 300]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = "h1_planning_bench"


def psql(admin: str, sql: str) -> None:
    subprocess.run(["psql", admin, "-qc", sql], check=True)  # noqa: S603, S607


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--proposals", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    psql(args.pg, f"DROP DATABASE IF EXISTS {DB}")
    psql(args.pg, f"CREATE DATABASE {DB}")
    os.environ["DATABASE_URL"] = args.pg.rsplit("/", 1)[0] + "/" + DB
    os.environ["DJANGO_SETTINGS_MODULE"] = "balai.config.settings_test"
    os.environ.setdefault("DEBUG", "True")
    sys.path.insert(0, str(ROOT / "src"))
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            psql(args.pg, f"DROP DATABASE IF EXISTS {DB}")


def timed(fn, repeat: int) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - w) * 1000)
        cpus.append((time.process_time() - c) * 1000)
    return walls, cpus


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def report(name: str, walls: list[float], cpus: list[float]) -> None:
    print(
        f"{name}: wall median {statistics.median(walls):.1f} ms, p95 {p95(walls):.1f} ms; "
        f"CPU median {statistics.median(cpus):.1f} ms, p95 {p95(cpus):.1f} ms (n={len(walls)})"
    )


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from decimal import Decimal

    from django.core.management import call_command
    from django.test import Client

    from balai.planning import ranking, selectors, services
    from balai.planning.models import (
        CriterionBasis,
        ForumEntry,
        ForumLevel,
        Origin,
        Proposal,
        Stage,
    )
    from balai.planning.services.proposals import new_code
    from balai.regions.loading import load_regions
    from balai.regions.models import Area

    call_command("migrate", verbosity=0)
    load_regions(path=ROOT / "src/balai/regions/tests/data/mini_wilayah.csv", retire_missing=False)
    kab = Area.objects.get(code="73.22")
    kec = Area.objects.get(code="73.22.03")
    villages = list(Area.objects.filter(parent=kec))
    year = 2027
    rng = random.Random(14)
    urgency = services.criterion_add(
        actor=None, kabupaten=kab, name="Urgensi", basis=CriterionBasis.MANUAL, weight=3
    )
    for name, basis, weight in (
        ("Penerima manfaat", CriterionBasis.BENEFICIARIES, 2),
        ("Biaya", CriterionBasis.COST, 1),
        ("Indikator", CriterionBasis.INDICATOR, 2),
    ):
        services.criterion_add(actor=None, kabupaten=kab, name=name, basis=basis, weight=weight)
    kegiatan = list(selectors.kegiatan_by_code().values())
    rows = [
        Proposal(
            code=new_code(),
            village=rng.choice(villages),
            year=year,
            origin=Origin.PKK,
            group_name="PKK",
            title=f"Usulan {i}",
            kegiatan=rng.choice(kegiatan),
            location="Dusun",
            volume=Decimal(rng.randint(1, 500)),
            unit="m",
            estimated_cost=Decimal(rng.randint(20, 2000) * 1_000_000),
            beneficiaries=rng.randint(10, 3000),
            village_authority=False,
            indicator="pendidikan.usia_7_12" if rng.random() < 0.1 else "",
            stage=Stage.KECAMATAN,
            support_count=rng.randint(0, 50),
        )
        for i in range(args.proposals)
    ]
    Proposal.objects.bulk_create(rows, batch_size=1000)
    services.pagu_set(actor=None, area=kec, year=year, amount=Decimal(50_000_000_000))
    forum = services.forum_open(actor=None, level=ForumLevel.KECAMATAN, area=kec, year=year)
    ForumEntry.objects.bulk_create(
        [
            ForumEntry(forum=forum, proposal=p, scores={str(urgency.pk): rng.randint(1, 5)})
            for p in Proposal.objects.filter(year=year)
        ],
        batch_size=1000,
    )
    print(f"load average (1, 5, 15 min): {os.getloadavg()}")
    print(
        f"proposals on the kecamatan table: {Proposal.objects.filter(stage=Stage.KECAMATAN).count()}"
    )

    result = selectors.forum_ranking(forum)
    fitting = sum(1 for r in result.rows if r.fits)
    print(f"ranked {len(result.rows)}, {fitting} fit the pagu, Rp{result.used:,.0f} used")
    report(
        "forum_ranking (query + score + fit)", *timed(lambda: selectors.forum_ranking(forum), 20)
    )

    items = [
        ranking.Item(
            pk=p.pk,
            code=p.code,
            cost=p.estimated_cost,
            beneficiaries=p.beneficiaries,
            supports=p.support_count,
            manual={str(urgency.pk): 3},
        )
        for p in selectors.forum_proposals(forum)
    ]
    specs = [
        ranking.CriterionSpec(str(c.pk), c.basis, c.weight)
        for c in selectors.criteria_for(kec.code)
    ]
    report(
        "ranking.rank alone",
        *timed(lambda: ranking.rank(items, specs, Decimal(50_000_000_000)), 20),
    )

    codes = list(Proposal.objects.values_list("code", flat=True))
    client = Client(HTTP_HOST="localhost")
    client.get(f"/perencanaan/lacak/{codes[0]}/")  # warm up templates and URL resolver
    walls, cpus = [], []
    for _ in range(args.requests):
        code = rng.choice(codes)
        w, c = time.perf_counter(), time.process_time()
        response = client.get(f"/perencanaan/lacak/{code}/")
        walls.append((time.perf_counter() - w) * 1000)
        cpus.append((time.process_time() - c) * 1000)
        assert response.status_code == 200
    report("public tracking page", walls, cpus)
    print(f"load average (1, 5, 15 min): {os.getloadavg()}")


if __name__ == "__main__":
    main()
