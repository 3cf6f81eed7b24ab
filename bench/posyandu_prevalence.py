"""Server time of the kabupaten prevalence page: 100,000 children, 24 months of visits.

Creates its own PostgreSQL database (dropped at the end), loads the region tree,
gives the demo kabupaten (Luwu Utara, 73.22) its dusun/RW/RT, bulk-inserts
100,000 registry children and about 24 monthly visits each (z-scores computed by
the WHO engine, vectorised), refreshes the posyandu indicator facts, then requests the
kabupaten prevalence page 50 times through Django's test Client (the real view,
middleware and template) and prints p50/p95.

    .venv/bin/python bench/posyandu_prevalence.py [--children 100000] [--pg postgres://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

DB = "h_posyandu_bench"
KAB = "73.22"


def psql(admin: str, sql: str) -> None:
    subprocess.run(["psql", admin, "-qc", sql], check=True)  # noqa: S603, S607


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument("--db", default=DB, help="name of the database to create")
    parser.add_argument(
        "--konvergensi",
        action="store_true",
        help="also time the refresh of the KPM convergence indicators (posyandu.konvergensi*)",
    )
    parser.add_argument(
        "--into",
        metavar="DB",
        help="add the children and their visits (months up to last month) to this existing, "
        "migrated database with its region tree (e.g. engine_1m, built by balai demo) and stop",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse the database kept by an earlier --keep run: only time the konvergensi refresh",
    )
    args = parser.parse_args()
    if args.into:
        args.db, args.keep, args.reuse = args.into, True, False
    elif not args.reuse:
        psql(args.pg, f"DROP DATABASE IF EXISTS {args.db}")
        psql(args.pg, f"CREATE DATABASE {args.db}")
    os.environ["DATABASE_URL"] = args.pg.rsplit("/", 1)[0] + "/" + args.db
    os.environ["DEBUG"] = "True"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.config.settings")
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            psql(args.pg, f"DROP DATABASE IF EXISTS {args.db}")


def konvergensi(months: int) -> None:
    """Time the refresh of the three KPM convergence indicators over the bench's quarters."""
    from balai.indicators.periods import Period as FactPeriod
    from balai.indicators.services import indicator_refresh
    from balai.posyandu.periods import add_months

    last_month = date(2025, 12, 1)
    quarters = sorted(
        {
            date(m.year, (m.month - 1) // 3 * 3 + 1, 1)
            for m in (add_months(last_month, -i) for i in range(months))
        }
    )
    load = Path("/proc/loadavg").read_text().strip()
    t0, c0 = time.perf_counter(), time.process_time()
    report = indicator_refresh(
        codes=["posyandu.konvergensi", "posyandu.konvergensi_ibu", "posyandu.konvergensi_anak"],
        periods=[FactPeriod("Q", q) for q in quarters],
    )
    took, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"konvergensi facts refreshed ({len(quarters)} quarters): {report.written:,} facts in "
        f"{took:.1f} s (app CPU {cpu:.1f} s); loadavg before {load}, "
        f"after {Path('/proc/loadavg').read_text().strip()}"
    )


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    if args.reuse:
        konvergensi(args.months)
        return
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from balai.accounts.roles import Role
    from balai.accounts.services import role_assign, user_create
    from balai.indicators.periods import Period as FactPeriod
    from balai.indicators.services import indicator_refresh
    from balai.posyandu.growth import (
        classify_bbtb,
        classify_bbu,
        classify_imtu,
        classify_tbu,
        compute_zscores,
    )
    from balai.posyandu.growth.tables import load_table
    from balai.posyandu.models import Posyandu
    from balai.posyandu.periods import Period, add_months
    from balai.regions.models import Area, Level
    from balai.registry.models import Resident
    from balai.web.demo import build_subareas

    t0 = time.perf_counter()
    if not args.into:
        call_command("migrate", verbosity=0)
        call_command("regions", "load", verbosity=0)
    kab = Area.objects.get(code=KAB)
    build_subareas(kab, seed=1)
    print(f"schema + region tree + sub-areas: {time.perf_counter() - t0:.1f} s")

    rng = np.random.default_rng(7)
    leaves = list(
        Area.objects.filter(code__startswith=KAB + ".", level=Level.RT).values_list(
            "code", flat=True
        )
    )
    villages = sorted({c[:13] for c in leaves})
    unit_of = dict(
        Posyandu.objects.filter(area_id__in=villages).order_by("-pk").values_list("area_id", "pk")
    )
    units = Posyandu.objects.bulk_create(
        [Posyandu(area_id=v, name=f"Posyandu {v}") for v in villages if v not in unit_of]
    )
    unit_of.update({u.area_id: u.pk for u in units})
    last_month = date(2025, 12, 1)
    if args.into:  # the months up to the last complete one: inside the refresh's window
        last_month = add_months(date.today().replace(day=1), -1)  # noqa: DTZ011 -- a calendar date
    first_month = add_months(last_month, -(args.months - 1))
    end = add_months(last_month, 1) - timedelta(days=1)
    n = args.children
    t0 = time.perf_counter()
    span = 5 * 365  # every child is under five at the end of the last month
    offsets = rng.integers(0, span, n)
    births = [end - timedelta(days=int(o)) for o in offsets]
    areas = rng.choice(np.array(leaves), n)
    sexes = rng.integers(1, 3, n)
    residents = [
        Resident(
            nik=f"99{i:014d}",
            name=f"Anak {i}",
            sex=int(sexes[i]),
            birth_date=births[i],
            area_id=str(areas[i]),
        )
        for i in range(n)
    ]
    Resident.objects.bulk_create(residents, batch_size=5000)
    ids = np.array(
        Resident.objects.filter(nik__startswith="99").order_by("id").values_list("id", flat=True)
    )
    print(f"{n:,} children inserted: {time.perf_counter() - t0:.1f} s")

    t0 = time.perf_counter()
    birth_ord = np.array([b.toordinal() for b in births])
    z_len = rng.normal(-1.0, 1.1, n)
    z_wei = 0.6 * z_len + rng.normal(-0.4, 0.9, n)
    total = 0
    buf = io.StringIO()
    months = [add_months(first_month, i) for i in range(args.months)]
    for month in months:
        day = month.toordinal() + rng.integers(4, 25, n)
        age = day - birth_ord
        present = (age > 0) & (age / 30.4375 < 60) & (rng.random(n) < 0.75)
        rows = np.flatnonzero(present)
        a, s = age[rows], sexes[rows]

        def from_z(table: str, z: np.ndarray, a: np.ndarray = a, s: np.ndarray = s) -> np.ndarray:
            t = load_table(table)
            col = np.minimum(a, t.l.shape[1] - 1)
            el, m, sd = t.l[s - 1, col], t.m[s - 1, col], t.s[s - 1, col]
            return np.asarray(m * (1 + el * sd * z) ** (1 / el))

        weight = np.round(from_z("wfa", z_wei[rows] + rng.normal(0, 0.2, rows.size)), 1)
        measured = (month.month in (2, 8)) | (rng.random(rows.size) < 0.35)
        length = np.where(measured, np.round(from_z("lhfa", z_len[rows]), 1), np.nan)
        measure = np.where(a < 731, "L", "H")
        res = compute_zscores(s, age_days=a, weight_kg=weight, lenhei_cm=length, measure=measure)
        statuses = [
            classify_tbu(res.zlen),
            classify_bbu(res.zwei),
            classify_bbtb(res.zwfl),
            classify_imtu(res.zbmi),
        ]
        for j, i in enumerate(rows.tolist()):
            d = date.fromordinal(int(day[i])).isoformat()
            zs = [res.zlen[j], res.zwei[j], res.zwfl[j], res.zbmi[j]]
            fl = [res.flag_zlen[j], res.flag_zwei[j], res.flag_zwfl[j], res.flag_zbmi[j]]
            area = str(areas[i])
            buf.write(
                "\t".join(
                    [
                        "2026-01-01 00:00:00+00",
                        "2026-01-01 00:00:00+00",
                        str(unit_of[area[:13]]),
                        str(ids[i]),
                        area,
                        d,
                        str(sexes[i]),
                        str(int(a[j])),
                        f"{weight[j]:.2f}",
                        "\\N" if np.isnan(length[j]) else f"{length[j]:.1f}",
                        str(measure[j]),
                        "f",
                        "[]",
                        "f",
                        "f",
                        "f",
                        "f",
                        "f",
                        "",
                        *("\\N" if np.isnan(z) else f"{z:.2f}" for z in zs),
                        *("\\N" if np.isnan(f) else ("t" if f else "f") for f in fl),
                        *(str(st[j]) for st in statuses),
                        "",
                    ]
                )
                + "\n"
            )
        total += rows.size
    columns = (
        "created_at, updated_at, posyandu_id, resident_id, area_id, visit_date, sex, age_days, "
        "weight_kg, lenhei_cm, measure, oedema, immunisations, vitamin_a, counselling, pmt, "
        "home_visit, parenting_class, note, zlen, zwei, zwfl, zbmi, flag_zlen, flag_zwei, "
        "flag_zwfl, flag_zbmi, status_tbu, status_bbu, status_bbtb, status_imtu, growth"
    )
    with connection.cursor() as cur:
        with cur.connection.cursor().copy(
            f"COPY posyandu_childvisit ({columns}) FROM STDIN"
        ) as copy:
            copy.write(buf.getvalue())
        cur.execute("ANALYZE")
    print(
        f"{total:,} visits over {args.months} months generated and copied: {time.perf_counter() - t0:.1f} s"
    )
    if args.into:
        return

    t0 = time.perf_counter()
    periods = [Period("M", m) for m in months] + sorted(
        {Period("Q", date(m.year, (m.month - 1) // 3 * 3 + 1, 1)) for m in months}
    )
    report = indicator_refresh(
        codes=[
            "posyandu.stunting", "posyandu.sangat_pendek", "posyandu.wasting",
            "posyandu.gizi_buruk", "posyandu.underweight", "posyandu.overweight",
            "posyandu.cakupan",
        ],
        periods=[FactPeriod(p.kind, p.start) for p in periods],
    )  # fmt: skip
    took = time.perf_counter() - t0
    print(
        f"posyandu indicator facts refreshed from the visits ({len(periods)} periods): "
        f"{report.written:,} facts in {took:.1f} s ({took / len(periods) * 1000:.0f} ms per period)"
    )

    if args.konvergensi:
        konvergensi(args.months)

    user = user_create(
        actor=None,
        username="dinkes_bench",
        password="Bench#Pass-2026",  # noqa: S106
        full_name="Dinkes",
    )
    role_assign(actor=None, user=user, role=Role.KABUPATEN_STAFF, area=kab, office="dinkes")
    client = Client()
    client.force_login(user)
    url = f"/posyandu/prevalensi/{KAB}/?periode={last_month:%Y-%m}"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    from balai.posyandu.dashboard import prevalence_page

    page = prevalence_page(kab, Period("M", last_month))
    print(
        f"kabupaten {last_month:%Y-%m}: {page.total.counts['measured']:,} children measured, "
        f"stunting {page.total.stunting:.1f}%, coverage {page.total.coverage:.1f}%, "
        f"{len(page.rows)} kecamatan rows"
    )
    for label, target in (
        ("month", url),
        ("quarter", f"/posyandu/prevalensi/{KAB}/?periode=2025-Q4"),
    ):
        times = []
        for _ in range(args.requests):
            t0 = time.perf_counter()
            r = client.get(target)
            times.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200
        arr = np.array(times)
        print(
            f"prevalence page ({label}), {args.requests} requests: p50 {np.percentile(arr, 50):.1f} ms, "
            f"p95 {np.percentile(arr, 95):.1f} ms, max {arr.max():.1f} ms (goal p95 <= 200 ms)"
        )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
