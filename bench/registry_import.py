"""Import N residents (default 1,000,000) from an OpenSID CSV: PostgreSQL and SQLite.

Prints wall time and peak memory of `balai residents import`, and the ratio to a
plain COPY of the same file into a bare table of the same 43 text columns, timed
in the same run, and where the import's time goes on PostgreSQL (staging COPY,
set-based checks, report, writes, and ``write_indexes``: a load this large into
an empty register builds the secondary indexes and the register's own foreign
keys after its rows, see registry/importing/pg_indexes.py). It also prints the
import process's CPU time and the load average: on a shared machine the wall
clock mostly measures the other users. Run:
.venv/bin/python bench/registry_import.py [--rows N] [--db NAME] [--csv FILE] [--skip-sqlite]
    [--keep]   (keep the imported PostgreSQL database)
Goal: <= 3x the COPY time and <= 500 MB peak memory on PostgreSQL.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
DB = "balai_bench_import"
VILLAGE = "73.22.03.2004"


def sh(*args: str, env: dict[str, str]) -> None:
    subprocess.run(args, env=env, check=True, capture_output=True)  # noqa: S603


def make_csv(path: Path, rows: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from balai.registry.importing.columns import COLUMN_NAMES
    from balai.registry.synthpop import Generator

    gen = Generator(seed=42, today=date(2026, 11, 1))
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(COLUMN_NAMES)
        made = 0
        while made < rows:
            dusun = f"Dusun {gen.rng.randint(1, 25)}"
            rt = f"{gen.rng.randint(1, 40):03d}"
            family = gen.family(VILLAGE[:8], "", rt)
            for p in family.members:
                values = {
                    "alamat": family.address,
                    "dusun": dusun,
                    "rw": "-",
                    "rt": rt,
                    "nama": p.name,
                    "no_kk": family.no_kk,
                    "nik": p.nik,
                    "sex": p.sex,
                    "tempatlahir": p.birth_place,
                    "tanggallahir": f"{p.birth_date:%d-%m-%Y}",
                    "agama_id": p.religion,
                    "pendidikan_kk_id": p.education_kk,
                    "pekerjaan_id": p.occupation,
                    "status_kawin": p.marital_status,
                    "kk_level": p.relation,
                    "warganegara_id": 1,
                    "nama_ayah": p.father_name,
                    "ibu_nik": p.mother_nik,
                    "nama_ibu": p.mother_name,
                    "hamil": 1 if p.pregnant else 2,
                    "status_dasar": 1,
                }
                out.writerow([values.get(c, "") for c in COLUMN_NAMES])
                made += 1


def backend_cpu(pid: int) -> float:
    """CPU seconds of a database backend on this machine (0 if it runs elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def plain_copy(path: Path, db: str) -> tuple[float, float]:
    """Return the wall and database CPU seconds of COPYing *path* into a bare table."""
    import psycopg

    cols = ", ".join(f'"c{i}" text' for i in range(43))
    with psycopg.connect(ADMIN.rsplit("/", 1)[0] + "/" + db, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bare_copy")
        conn.execute(f"CREATE TABLE bare_copy ({cols})")
        cpu = backend_cpu(conn.info.backend_pid)
        started = time.perf_counter()
        with (
            conn.cursor() as cur,
            cur.copy("COPY bare_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
            path.open("rb") as src,
        ):
            while chunk := src.read(1 << 20):
                copy.write(chunk)
        seconds = time.perf_counter() - started
        cpu = backend_cpu(conn.info.backend_pid) - cpu
        conn.execute("DROP TABLE bare_copy")
    return seconds, cpu


def index_cost(db: str) -> dict[str, str]:
    """Time INSERT … SELECT of the imported rows into copies without and with the indexes."""
    import psycopg

    found = {}
    with psycopg.connect(ADMIN.rsplit("/", 1)[0] + "/" + db, autocommit=True) as conn:
        for table in ("registry_resident", "registry_lifeevent"):
            times = []
            for including in ("DEFAULTS", "ALL"):
                conn.execute("DROP TABLE IF EXISTS bench_copy")
                conn.execute(f"CREATE TABLE bench_copy (LIKE {table} INCLUDING {including})")
                started = time.perf_counter()
                conn.execute(f"INSERT INTO bench_copy SELECT * FROM {table}")  # noqa: S608
                times.append(time.perf_counter() - started)
            conn.execute("DROP TABLE bench_copy")
            found[table] = f"{times[0]:.1f} s without indexes, {times[1]:.1f} s with them"
    return found


def balai_import(path: Path, env: dict[str, str]) -> tuple[float, float, list[str]]:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    run = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "balai.manage",
            "residents",
            "-v",
            "2",
            "import",
            str(path),
            "--village",
            VILLAGE,
        ],
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    if run.returncode:
        sys.exit(f"import failed:\n{run.stdout[-2000:]}\n{run.stderr[-4000:]}")
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"  the import process's own CPU: {usage.ru_utime + usage.ru_stime - cpu:.1f} s "
        f"(the database server's is not counted); load average {load_average()}"
    )
    return seconds, max(usage.ru_maxrss, before) / 1024, run.stdout.strip().splitlines()


def load_average() -> str:
    """The machine's 1/5/15-minute load average (Linux), to read the times against."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def fresh(env: dict[str, str]) -> None:
    sh(sys.executable, "-m", "balai.manage", "migrate", "--noinput", env=env)
    sh(sys.executable, "-m", "balai.manage", "regions", "load", env=env)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--db", default=DB, help="PostgreSQL database to (re)create")
    parser.add_argument("--csv", type=Path, help="use this CSV instead of generating one")
    parser.add_argument("--keep", action="store_true", help="keep the imported database")
    args = parser.parse_args()
    db = args.db
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = args.csv or Path(tmp) / "penduduk.csv"
        if not args.csv:
            started = time.perf_counter()
            make_csv(csv_path, args.rows)
            print(f"generated {args.rows:,} rows in {time.perf_counter() - started:.0f} s")
        size = csv_path.stat().st_size / 1e6
        print(f"file: {csv_path.name}, {size:,.0f} MB")
        base = {**os.environ, "DEBUG": "True", "BALAI_VAR_DIR": tmp}
        base.pop("DATABASE_URL", None)
        subprocess.run(["psql", ADMIN, "-qc", f"DROP DATABASE IF EXISTS {db}"], check=True)  # noqa: S603, S607
        subprocess.run(["psql", ADMIN, "-qc", f"CREATE DATABASE {db}"], check=True)  # noqa: S603, S607
        pg = {**base, "DATABASE_URL": ADMIN.rsplit("/", 1)[0] + "/" + db}
        fresh(pg)
        copy_s, copy_cpu = plain_copy(csv_path, db)
        print(
            f"PostgreSQL plain COPY into a bare 43-column table: {copy_s:6.1f} s  "
            f"(database CPU {copy_cpu:.1f} s; load average {load_average()})"
        )
        seconds, peak, lines = balai_import(csv_path, pg)
        print(
            f"PostgreSQL balai residents import:                {seconds:6.1f} s  "
            f"({seconds / copy_s:.1f}x COPY), peak memory {peak:,.0f} MB  [{lines[0]}]"
        )
        print(f"  seconds per step: {lines[2]}")
        for line in lines[3:]:  # CPU seconds per step: the import's and the database backend's
            print(f"  {line}")
        copy_again, again_cpu = plain_copy(csv_path, db)
        print(
            f"PostgreSQL plain COPY again, after the import:     {copy_again:6.1f} s  "
            f"(database CPU {again_cpu:.1f} s)"
        )
        for table, seconds in index_cost(db).items():
            print(f"  copying the imported {table} within PostgreSQL: {seconds}")
        if not args.keep:
            subprocess.run(["psql", ADMIN, "-qc", f"DROP DATABASE {db}"], check=True)  # noqa: S603, S607
        if not args.skip_sqlite:
            fresh(base)
            seconds, peak, lines = balai_import(csv_path, base)
            print(
                f"SQLite balai residents import:                    {seconds:6.1f} s, "
                f"peak memory {peak:,.0f} MB  [{lines[0]}]"
            )


if __name__ == "__main__":
    main()
