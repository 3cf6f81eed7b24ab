"""Resident list and search with 1,000,000 residents in Kabupaten Luwu Utara (73.22).

Creates its own PostgreSQL database (h_people_bench), migrates it (including the
pg_trgm index on UPPER(name)), loads the region tree, COPYs 250,000 families and
1,000,000 synthetic residents (valid NIK/No. KK, names drawn from 240 given
names x 200 family names) into the 173 villages of 73.22, then times requests
in-process through Django's full stack (session, access checks, selectors,
template) as a village operator and as kabupaten staff:

* the resident list's first page filtered to one village,
* a NIK search (a different full NIK each request; a 12-digit prefix for staff),
* a name search (two words of a random resident's name, different each request),
  one word, the commonest words (the worst cases: ranked top 50, count capped at
  1,000) and a mix of those.

p50/p95 over 50 requests each; EXPLAIN of the kabupaten-wide name search.
The database is dropped at the end unless --keep.

Run: .venv/bin/python bench/registry_people.py [--pg postgres://postgres@127.0.0.1:5432/postgres]
     [--residents 1000000] [--keep]
Each line gives the wall clock (p50/p95) and the CPU time spent on the request
in this process and in its database backend (read from /proc; p95): on a shared
machine the wall clock mostly measures the other users.
Goal: p95 <= 100 ms for each.
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
from urllib.parse import urlencode

DB = "h_people_bench"
BALAI = [sys.executable, "-m", "balai.manage"]
KABUPATEN = "73.22"
REQUESTS = 50
GIVEN = [
    "ANDI",
    "AHMAD",
    "ABDUL",
    "MUHAMMAD",
    "SITTI",
    "SITI",
    "NUR",
    "HASAN",
    "HUSAIN",
    "RAHMAN",
    "RAHMAT",
    "ARIF",
    "AGUS",
    "BUDI",
    "DEWI",
    "SRI",
    "RINA",
    "WAHYU",
    "YUSUF",
    "IBRAHIM",
    "ISMAIL",
    "HALIMAH",
    "FATIMAH",
    "AMINAH",
    "ZAINAL",
    "SYAMSUL",
    "BAHAR",
    "BAHARUDDIN",
    "SALEH",
    "SUKARDI",
    "SUPARMAN",
    "HERMAN",
    "HENDRA",
    "IRWAN",
    "JUMRIAH",
    "KARTINI",
    "LESTARI",
    "MARLINA",
    "NURHAYATI",
    "NURDIN",
    "PUTRI",
    "RATNA",
    "SAHARUDDIN",
    "SUDIRMAN",
    "TAHIR",
    "UMAR",
    "WATI",
    "YULIANA",
    "ZULKIFLI",
]
FAMILY = [
    "BACO",
    "MAPPA",
    "LAPA",
    "SOMBA",
    "TAHIR",
    "LATIF",
    "RAUF",
    "KADIR",
    "SALAM",
    "HAMID",
    "MADE",
    "DAENG",
    "TOLA",
    "SAID",
    "PATANGARI",
    "RAHIM",
    "MUIN",
    "LAMBA",
    "SULTAN",
    "PANGERANG",
    "TOMBOLO",
    "NGALLE",
    "PARAMMA",
    "KAMARUDDIN",
    "MANGGABARANI",
    "SAMAD",
    "TANDI",
    "TORO",
    "RANTE",
    "LINGGI",
    "PASAU",
    "BATARA",
    "TAPPE",
    "LEMBANG",
    "PATULAK",
    "BAUSAT",
    "RUMPANG",
]


def psql(admin: str, sql: str) -> None:
    subprocess.run(["psql", admin, "-qc", sql], check=True)  # noqa: S603, S607


def prepare(env: dict[str, str]) -> None:
    for args in (("migrate", "--noinput"), ("regions", "load")):
        started = time.perf_counter()
        subprocess.run([*BALAI, *args], env=env, check=True, capture_output=True)  # noqa: S603
        print(f"balai {' '.join(args):<20} {time.perf_counter() - started:6.1f} s")


def _names(rng: random.Random) -> list[str]:
    # 240 x 200 distinct-looking names: real given/family names with a suffix letter group.
    given = [g + s for g in GIVEN for s in ("", "A", "I", "U", "AH")][:240]
    family = [f + s for f in FAMILY for s in ("", "NG", "RI", "LA", "TO", "SA")][:200]
    return [f"{rng.choice(given)} {rng.choice(family)}" for _ in range(50_000)]


def insert(total: int) -> None:
    """COPY total/4 families and *total* residents (4 per family) into the villages."""
    from django.db import connection
    from django.utils import timezone

    from balai.regions.models import Area, Level
    from balai.registry import codes
    from balai.registry.models import Family, Resident
    from balai.registry.synth import kk_for, nik_for

    rng = random.Random(7322)
    villages = list(
        Area.objects.filter(code__within=KABUPATEN, level=Level.DESA_KELURAHAN)
        .order_by("code")
        .values_list("code", flat=True)
    )
    names = _names(rng)
    today = date.today()  # noqa: DTZ011 -- synthetic birth dates
    now = timezone.now()
    started = time.perf_counter()
    families_per_village = total // 4 // len(villages)
    kk_serial: dict[str, int] = {}
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor
        with raw.copy(
            "COPY registry_family (no_kk, kk_is_temporary, area_id, address, created_at, updated_at) FROM STDIN"
        ) as copy:
            for village in villages:
                for _ in range(families_per_village):
                    recorded = today - timedelta(days=rng.randint(30, 6000))
                    prefix = kk_for(village[:8], recorded, 1)[:12]
                    kk_serial[prefix] = kk_serial.get(prefix, 0) + 1
                    copy.write_row(
                        [f"{prefix}{kk_serial[prefix]:04d}", False, village, "", now, now]
                    )
        cursor.execute("SELECT id, area_id FROM registry_family ORDER BY id")
        families = cursor.fetchall()
    print(f"COPY {len(families):,} families  {time.perf_counter() - started:6.1f} s")
    fields = [f for f in Resident._meta.concrete_fields if f.name != "id"]
    columns = ", ".join(f.column for f in fields)
    fixed = {f.name: f.get_default() for f in fields}
    fixed.update(created_at=now, updated_at=now, citizenship=codes.Citizenship.WNI)
    serials: dict[str, int] = {}
    started = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {Resident._meta.db_table} ({columns}) FROM STDIN") as copy:
            for i in range(total):
                family_id, village = families[i // 4 % len(families)]
                sex = codes.Sex.MALE if i % 2 == 0 else codes.Sex.FEMALE
                born = today - timedelta(days=int(rng.triangular(0, 36500, 6000)))
                prefix = nik_for(village[:8], born, sex, 1)[:12]
                serials[prefix] = serials.get(prefix, 0) + 1
                row = {
                    **fixed,
                    "nik": f"{prefix}{serials[prefix]:04d}",
                    "name": rng.choice(names),
                    "sex": sex,
                    "birth_date": born,
                    "status": 1 if rng.random() < 0.95 else 2,
                    "family_relation": codes.FamilyRelation.HEAD if i % 4 == 0 else 4,
                    "family": family_id,
                    "area": village,
                }
                copy.write_row([row[f.name] for f in fields])
        cursor.execute("ANALYZE registry_resident")
        cursor.execute("ANALYZE registry_family")
    print(
        f"COPY {total:,} residents into {len(villages)} villages  {time.perf_counter() - started:6.1f} s"
    )
    del Family


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


def timed(client: Any, url: str, expect: str = "") -> float:
    db_pid, db_cpu = _db_cpu()
    cpu, started = time.process_time(), time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    CPU.append((time.process_time() - cpu) * 1000)
    pid, db_after = _db_cpu()
    DB_CPU.append(db_after - (db_cpu if pid == db_pid else 0.0))
    assert response.status_code == 200, (url, response.status_code)
    assert expect in response.content.decode(), (url, expect)
    return elapsed


def report(label: str, times: list[float]) -> None:
    p95 = statistics.quantiles(times, n=20)[18]
    cpu = statistics.median(CPU[-len(times) :]) if CPU else 0.0
    both = [a + b for a, b in zip(CPU[-len(times) :], DB_CPU[-len(times) :], strict=True)]
    cpu_p95 = statistics.quantiles(both, n=20)[18]
    print(
        f"{label:<52} p50 {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms"
        f"   (CPU here p50 {cpu:5.1f} ms; here + database p95 {cpu_p95:5.1f} ms)"
    )


def measure() -> None:
    from django.db import connection
    from django.test import Client

    from balai.accounts.models import User
    from balai.accounts.roles import Role
    from balai.accounts.services import role_assign, user_create
    from balai.regions.models import Area
    from balai.registry.models import Resident

    rng = random.Random(1)
    village = "73.22.03.2004"  # Pincara
    clients = {}
    for role, code in ((Role.VILLAGE_OPERATOR, village), (Role.KABUPATEN_STAFF, KABUPATEN)):
        User.objects.filter(username=role).delete()
        user = user_create(actor=None, username=role, password=None)
        office = "DPMD" if role == Role.KABUPATEN_STAFF else ""
        area = Area.objects.get(code=code)
        role_assign(actor=None, user=user, role=role, area=area, office=office)
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        clients[role] = client
    op, kab = clients[Role.VILLAGE_OPERATOR], clients[Role.KABUPATEN_STAFF]
    here = list(
        Resident.objects.filter(area_id=village, status=1).values_list("nik", "name")[:2000]
    )
    anywhere = list(
        Resident.objects.filter(status=1).order_by("?").values_list("nik", "name")[:REQUESTS]
    )
    print(f"{village}: {Resident.objects.filter(area_id=village).count():,} residents")
    q = urlencode
    report(
        "operator: list, first page (own village)",
        [timed(op, "/penduduk/") for _ in range(REQUESTS)],
    )
    report(
        "kabupaten: list, first page filtered to one village",
        [timed(kab, "/penduduk/?" + q({"area": village})) for _ in range(REQUESTS)],
    )
    sample = rng.sample(here, REQUESTS)
    report(
        "operator: NIK search (full NIK)",
        [timed(op, "/penduduk/?" + q({"q": nik}), nik) for nik, _n in sample],
    )
    report(
        "kabupaten: NIK search (full NIK, masked result)",
        [timed(kab, "/penduduk/?" + q({"q": nik})) for nik, _n in anywhere],
    )
    report(
        "kabupaten: NIK prefix search (12 digits)",
        [timed(kab, "/penduduk/?" + q({"q": nik[:12]})) for nik, _n in anywhere],
    )
    report(
        "operator: name search (two words)",
        [timed(op, "/penduduk/?" + q({"q": name}), name) for _nik, name in sample],
    )
    report(
        "kabupaten: name search (two words)",
        [timed(kab, "/penduduk/?" + q({"q": name}), name) for _nik, name in anywhere],
    )
    report(
        "kabupaten: name search (one word, first page)",
        [timed(kab, "/penduduk/?" + q({"q": name.split()[1]})) for _nik, name in anywhere],
    )
    # The worst cases of a kabupaten-wide name search: one very common word.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT split_part(name, ' ', 1), COUNT(*) FROM registry_resident"
            " GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
        )
        commonest, _n = cursor.fetchone()
    for word in ("MUHAMMAD", commonest, "AND", "SRI"):
        report(
            f"kabupaten: name search, common word {word!r}",
            [timed(kab, "/penduduk/?" + q({"q": word.lower()})) for _ in range(REQUESTS // 5)],
        )
    mix = [name for _nik, name in anywhere[:20]]
    mix += [name.split()[1] for _nik, name in anywhere[20:35]]
    mix += [name.split()[0][:3] for _nik, name in anywhere[35:45]]
    mix += ["MUHAMMAD", commonest, "AND", "SRI", "NUR"]
    report(
        "kabupaten: name search, mixed queries (50)",
        [timed(kab, "/penduduk/?" + q({"q": text})) for text in mix],
    )
    page = kab.get("/penduduk/?" + q({"q": "muhammad"})).content.decode()
    summary = page.split('data-testid="name-search-summary">', 1)[-1].split("</p>", 1)[0]
    print(
        "   page says:", " ".join(summary.replace("<strong>", "").replace("</strong>", "").split())
    )
    report(
        "kabupaten: families list, first page",
        [timed(kab, "/penduduk/keluarga/") for _ in range(REQUESTS)],
    )
    # The database's own time for the worst case, apart from Python and the load.
    family_word = anywhere[0][1].split()[1]
    with connection.cursor() as cursor:
        for label, sql, params in (
            (
                f"capped probe, {commonest!r}",
                'SELECT id, UPPER(name::text) COLLATE "C" FROM registry_resident'
                " WHERE (area_id = %s OR area_id LIKE %s) AND status = 1"
                " AND UPPER(name::text) LIKE %s LIMIT 1001",
                [KABUPATEN, KABUPATEN + ".%", f"%{commonest}%"],
            ),
            (
                f"capped probe, {family_word!r}",
                'SELECT id, UPPER(name::text) COLLATE "C" FROM registry_resident'
                " WHERE (area_id = %s OR area_id LIKE %s) AND status = 1"
                " AND UPPER(name::text) LIKE %s LIMIT 1001",
                [KABUPATEN, KABUPATEN + ".%", f"%{family_word}%"],
            ),
            (
                f"names starting with {commonest!r}, first page",
                "SELECT id FROM registry_resident WHERE (area_id = %s OR area_id LIKE %s)"
                ' AND status = 1 AND UPPER(name::text) COLLATE "C" LIKE %s'
                ' ORDER BY UPPER(name::text) COLLATE "C", id LIMIT 51',
                [KABUPATEN, KABUPATEN + ".%", f"{commonest}%"],
            ),
        ):
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
            plan = [line for (line,) in cursor.fetchall()]
            print(f"EXPLAIN ANALYZE {label}: {plan[-1].strip()}  [{plan[0].strip()[:60]}]")


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
                insert(args.residents)
            measure()
        finally:
            from django.db import connections

            connections.close_all()
            if not args.keep:
                psql(args.pg, f"DROP DATABASE IF EXISTS {args.db}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
