"""School roll import and SPM pendidikan refresh: timings on PostgreSQL.

Creates its own PostgreSQL database (``h2_edu_roll``, dropped at the end
unless --keep), loads the bundled region tree, builds the demo residents
(``--residents``) and service points of Luwu Utara (73.22), then writes a
school roll CSV holding every child aged 5-18 of the kabupaten (schools by
NPSN, ~90% of the children, plus 1% unknown NIKs) and times, as the Disdik
office would meet them:

- the worker's read (bounded reader) and dry-run check of the file;
- the commit (re-check + bulk write, one transaction);
- a refresh of the four SPM pendidikan indicators for the school year;
- the out-of-school list of the largest village (by name, audited).

    .venv/bin/python bench/education_roll.py [--residents 20000] [--pg postgres://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = "h2_edu_roll"
KAB = "73.22"


def psql(admin: str, sql: str) -> None:
    subprocess.run(["psql", admin, "-qc", sql], check=True)  # noqa: S603, S607


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=20000)
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
    from django.db.models import Count

    from balai.accounts.roles import Office, Role
    from balai.accounts.services import role_assign, user_create
    from balai.core.demo import DemoOptions
    from balai.education import imports, schooling
    from balai.education.models import RollImport
    from balai.education.selectors import children_of_band, current_school_year, out_of_school
    from balai.facilities import demo as facilities_demo
    from balai.facilities.models import ServicePoint
    from balai.facilities.services import servicepoint_update
    from balai.indicators.periods import parse_period
    from balai.indicators.services import indicator_refresh
    from balai.regions.loading import load_regions
    from balai.regions.models import Area
    from balai.registry import demo as registry_demo
    from balai.registry.models import Resident

    call_command("migrate", verbosity=0)
    load_regions()
    kabupaten = Area.objects.get(code=KAB)
    options = DemoOptions(seed=1, residents=args.residents)
    t0 = time.perf_counter()
    print(f"demo residents: {registry_demo.build(kabupaten, options)}")
    print(f"demo points: {facilities_demo.build(kabupaten, options)}")
    print(f"(setup {time.perf_counter() - t0:.0f} s)")
    by_kind: dict[str, list[str]] = {}
    for point in ServicePoint.objects.filter(
        area__within=KAB, kind__in=["paud", "sd", "smp", "sma"]
    ):
        point = servicepoint_update(actor=None, point=point, npsn=f"{40000000 + point.pk}")
        by_kind.setdefault(point.kind, []).append(point.npsn)
    year = current_school_year()
    rng = random.Random(1)
    lines = ["nik,npsn,jenjang,tahun_ajaran"]
    for youngest, oldest, level in (
        (5, 6, "paud"),
        (7, 12, "sd"),
        (13, 15, "smp"),
        (16, 18, "sma"),
    ):
        for nik in children_of_band(year, youngest, oldest, within=KAB).values_list(
            "nik", flat=True
        ):
            if rng.random() < 0.9:
                lines.append(f"{nik},{rng.choice(by_kind[level])},{level},{schooling.label(year)}")
    for i in range(len(lines) // 100):
        lines.append(f"73220399{i:08d},{by_kind['sd'][0]},sd,{schooling.label(year)}")
    content = ("\n".join(lines) + "\n").encode()
    print(f"roll: {len(lines) - 1} rows, {len(content) / 1024:.0f} KB")

    t0 = time.perf_counter()
    raw = imports.read_upload("roll.csv", content)
    t_read = time.perf_counter() - t0
    t0 = time.perf_counter()
    checked = imports.check_rows(KAB, raw)
    t_check = time.perf_counter() - t0
    counts: dict[str, int] = {}
    for row in checked.rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    print(f"read {t_read:.2f} s, check {t_check:.2f} s: {counts}")
    good = [line for line in lines if not line.startswith("73220399")]
    raw = imports.read_upload("roll.csv", ("\n".join(good) + "\n").encode())
    user = user_create(actor=None, username="disdik", password="Bench-2026-kata", full_name="B")  # noqa: S106
    role_assign(
        actor=None, user=user, role=Role.KABUPATEN_STAFF, area=kabupaten, office=Office.DISDIK
    )
    job = RollImport.objects.create(
        area=kabupaten, original_name="roll.csv", size=len(content), uploaded_by=user
    )
    t0 = time.perf_counter()
    written = imports.commit_job(job, raw)
    print(f"commit (re-check + write) {written} rows: {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    report = indicator_refresh(
        codes=[b.code for b in schooling.BANDS], periods=[parse_period(str(year))]
    )
    print(
        f"refresh of 4 indicators, year {year}: {time.perf_counter() - t0:.2f} s ({report.as_dict()})"
    )
    village = (
        Resident.objects.filter(area__within=KAB)
        .values("area_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    code = str(village["area_id"])[:13] if village else KAB
    from balai.accounts import access

    access.act_as(user, user.roles.get())  # type: ignore[attr-defined]
    t0 = time.perf_counter()
    rows = out_of_school(user=user, village=Area.objects.get(code=code), school_year=year)
    print(
        f"out-of-school list of {code}: {len(rows)} children in {(time.perf_counter() - t0) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
