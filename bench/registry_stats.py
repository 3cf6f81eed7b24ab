"""Population statistics pages with 1,000,000 residents in Kabupaten Luwu Utara (73.22).

Creates its own PostgreSQL database, migrates it, loads the region tree, COPYs
1,000,000 synthetic residents (valid NIK) into the 173 villages of 73.22, then
times the village and kabupaten statistics pages in-process through Django's
full stack (middleware, access checks, template, SVG): the cold first request,
then p50/p95 of: the kabupaten page cold (a new DB connection and no process
cache, as after a server start), cold on the first view of a new day (every
summary one day old), warm; the kabupaten and kecamatan pages right after a
registry write in one village; the public kecamatan page cold, after a write and
warm. The database is dropped at the end unless --keep.

Run: .venv/bin/python bench/registry_stats.py [--pg postgres://postgres@127.0.0.1:5432/postgres]
     [--residents 1000000] [--keep]
Each line gives the wall clock (p50/p95) and the CPU time spent on the request
in this process and in its database backend (read from /proc; p95): on a shared
machine the wall clock mostly measures the other users.
Goal: p95 <= 200 ms for each page (issue 9).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DB = "h_stats_bench"
BALAI = [sys.executable, "-m", "balai.manage"]
KABUPATEN = "73.22"
REQUESTS = 50


def psql(admin: str, sql: str) -> None:
    subprocess.run(["psql", admin, "-qc", sql], check=True)  # noqa: S603, S607


def prepare(env: dict[str, str]) -> None:
    for args in (("migrate", "--noinput"), ("regions", "load")):
        started = time.perf_counter()
        subprocess.run([*BALAI, *args], env=env, check=True, capture_output=True)  # noqa: S603
        print(f"balai {' '.join(args):<20} {time.perf_counter() - started:6.1f} s")


def insert_residents(total: int) -> None:
    """COPY *total* living (97 %) or dead residents into the kabupaten's villages."""
    from django.db import connection
    from django.utils import timezone

    from balai.regions.models import Area, Level
    from balai.registry import codes
    from balai.registry.models import Resident
    from balai.registry.synth import nik_for

    rng = random.Random(7322)
    villages = list(
        Area.objects.filter(code__within=KABUPATEN, level=Level.DESA_KELURAHAN).values_list(
            "code", flat=True
        )
    )
    weights = [rng.uniform(0.5, 1.5) for _ in villages]
    scale = total / sum(weights)
    sizes = [round(w * scale) for w in weights]
    sizes[-1] += total - sum(sizes)
    today = date.today()  # noqa: DTZ011 -- synthetic birth dates
    now = timezone.now()
    serials: dict[str, int] = {}
    fields = [f for f in Resident._meta.concrete_fields if f.name != "id"]
    columns = ", ".join(f.column for f in fields)
    fixed = {f.name: f.get_default() for f in fields}
    fixed.update(created_at=now, updated_at=now, citizenship=codes.Citizenship.WNI)
    occupations = len(codes.OCCUPATION_CHOICES)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor
        with raw.copy(f"COPY {Resident._meta.db_table} ({columns}) FROM STDIN") as copy:
            for village, size in zip(villages, sizes, strict=True):
                kecamatan = village[:8]
                for _ in range(size):
                    sex = rng.choice((codes.Sex.MALE, codes.Sex.FEMALE))
                    born = today - timedelta(days=int(rng.triangular(0, 36500, 6000)))
                    nik = nik_for(kecamatan, born, sex, 1)[:12]
                    serials[nik] = serials.get(nik, 0) + 1
                    adult = born < today - timedelta(days=17 * 365)
                    row = {
                        **fixed,
                        "nik": f"{nik}{serials[nik]:04d}",
                        "name": "Warga Sintetis",
                        "sex": sex,
                        "birth_date": born,
                        "religion": rng.choices(range(1, 8), (85, 10, 2, 1, 1, 0.5, 0.5))[0],
                        "education_kk": rng.randint(1, 10),
                        "occupation": rng.randint(1, occupations),
                        "marital_status": rng.randint(1, 4) if adult else 1,
                        "disability": rng.choices((7, 1, 2, 3, 4, 5, 6), (97, 1, 1, 1, 0, 0, 0))[0],
                        "insurance": rng.choice((1, 2, 3, 4, 99, None)),
                        "ektp": rng.choice((1, 2)) if adult else None,
                        "ektp_record": rng.randint(1, 8) if adult else 1,
                        "status": 1 if rng.random() < 0.97 else 2,
                        "area": village,
                    }
                    copy.write_row([row[f.name] for f in fields])
        cursor.execute(f"ANALYZE {Resident._meta.db_table}")
    print(
        f"COPY {total:,} residents into {len(villages)} villages  {time.perf_counter() - started:6.1f} s"
    )


CPU: list[float] = []  # this process's CPU time per request (not the database's)
DB_CPU: list[float] = []  # the database backend's CPU per request


def _db_cpu() -> tuple[int | None, float]:
    """Return (backend pid, its CPU ms so far) of Django's connection (Linux /proc)."""
    from django.db import connection

    raw = connection.connection
    if raw is None:
        return None, 0.0
    pid = raw.info.backend_pid
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return pid, (int(stat[11]) + int(stat[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def timed(client: Any, url: str) -> float:
    db_pid, db_cpu = _db_cpu()
    cpu, started = time.process_time(), time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    CPU.append((time.process_time() - cpu) * 1000)
    pid, db_after = _db_cpu()
    DB_CPU.append(db_after - (db_cpu if pid == db_pid else 0.0))
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def report(label: str, times: list[float]) -> None:
    p95 = statistics.quantiles(times, n=20)[18]
    cpu = statistics.median(CPU[-len(times) :]) if CPU else 0.0
    both = [a + b for a, b in zip(CPU[-len(times) :], DB_CPU[-len(times) :], strict=True)]
    cpu_p95 = statistics.quantiles(both, n=20)[18]
    print(
        f"{label:<48} p50 {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms"
        f"   (CPU here p50 {cpu:5.1f} ms; here + database p95 {cpu_p95:5.1f} ms)"
    )


def measure() -> None:
    from django.test import Client

    from balai.accounts.models import User
    from balai.accounts.roles import Role
    from balai.accounts.services import role_assign, user_create
    from balai.regions.models import Area
    from balai.registry.models import Resident
    from balai.registry.services import resident_update
    from balai.registry.stats.models import PopulationSummary

    village = Resident.objects.filter(area__within=KABUPATEN).values_list("area", flat=True)[0]
    users = {}
    for role, code in ((Role.VILLAGE_OPERATOR, village), (Role.KABUPATEN_STAFF, KABUPATEN)):
        User.objects.filter(username=role).delete()
        user = user_create(actor=None, username=role, password=None)
        office = "DPMD" if role == Role.KABUPATEN_STAFF else ""
        role_assign(
            actor=None, user=user, role=role, area=Area.objects.get(code=code), office=office
        )
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        users[role] = client
    PopulationSummary.objects.all().delete()
    kab = users[Role.KABUPATEN_STAFF]
    kab_url = f"/penduduk/statistik/{KABUPATEN}/"
    kec_url = f"/penduduk/statistik/{village[:8]}/"
    public_url = f"/penduduk/publik/statistik/{village[:8]}/"
    for role, code, label in (
        (Role.VILLAGE_OPERATOR, village, "village"),
        (Role.KABUPATEN_STAFF, KABUPATEN, "kabupaten"),
    ):
        url = f"/penduduk/statistik/{code}/"
        print(f"{label + ' statistics, no summary at all':<48} {timed(users[role], url):8.1f} ms")
    print("  (only after a bulk load that bypassed the services; every write keeps them)")

    def cold(url: str, client: Any) -> float:
        """A first view after server start: no process cache, a new DB connection."""
        from django.db import connections

        from balai.registry import selectors
        from balai.registry.stats import tables

        getattr(tables, "_SUPPRESSED", {}).clear()
        selectors._AREA_CHOICES.clear()
        connections.close_all()
        return timed(client, url)

    def new_day() -> None:
        """Make every summary one day old, as at midnight (versions unchanged)."""
        yesterday = date.today() - timedelta(days=1)  # noqa: DTZ011
        PopulationSummary.objects.update(computed_on=yesterday)
        PopulationSummary.objects.exclude(fingerprint="").update(fingerprint="old")

    report(
        "kabupaten, cold (after server start)",
        [cold(kab_url, kab) for _ in range(REQUESTS // 5)],
    )
    first_of_day = []
    for _ in range(REQUESTS // 5):
        new_day()
        first_of_day.append(cold(kab_url, kab))
    report("kabupaten, cold, first view of a new day", first_of_day)
    for label, url in (("kabupaten", kab_url), ("kecamatan", kec_url)):
        report(f"{label}, warm ({REQUESTS} requests)", [timed(kab, url) for _ in range(REQUESTS)])
    person = Resident.objects.filter(area_id=village, status=1).first()
    assert person is not None
    for label, url in (("kabupaten", kab_url), ("kecamatan", kec_url)):
        after_write = []
        for i in range(REQUESTS // 5):
            resident_update(actor=None, resident=person, data={"religion": 1 + i % 2})
            after_write.append(timed(kab, url))
        report(f"{label} right after a write (cold for it)", after_write)
    anonymous = Client(SERVER_NAME="localhost")
    report(
        "public kecamatan page, cold (after server start)",
        [cold(public_url, anonymous) for _ in range(REQUESTS // 5)],
    )
    after_write = []
    for i in range(REQUESTS // 5):
        resident_update(actor=None, resident=person, data={"religion": 1 + i % 2})
        after_write.append(timed(anonymous, public_url))
    report("public kecamatan page right after a write", after_write)
    report(
        f"public kecamatan page, warm ({REQUESTS} requests)",
        [timed(anonymous, public_url) for _ in range(REQUESTS)],
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--db", default=DB, help="name of the benchmark database")
    parser.add_argument("--reuse", action="store_true", help="measure a kept database again")
    args = parser.parse_args()
    if not args.reuse:
        psql(args.pg, f"DROP DATABASE IF EXISTS {args.db}")
        psql(args.pg, f"CREATE DATABASE {args.db}")
    url = args.pg.rsplit("/", 1)[0] + "/" + args.db
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DEBUG": "True", "BALAI_VAR_DIR": tmp, "DATABASE_URL": url}
        try:
            if not args.reuse:
                prepare(env)
            os.environ.update(env)
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.config.settings")
            import django

            django.setup()
            if not args.reuse:
                insert_residents(args.residents)
            measure()
        finally:
            from django.db import connections

            connections.close_all()
            if not args.keep:
                psql(args.pg, f"DROP DATABASE IF EXISTS {args.db}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
