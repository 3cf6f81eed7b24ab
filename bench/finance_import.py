"""Siskeudes import of a whole kabupaten and the public APBDes page: timings on PostgreSQL.

Creates its own PostgreSQL database (``h2_fin_import``, dropped at the end
unless --keep), loads the bundled region tree and, for every village of Luwu
Utara (73.22), builds a Siskeudes export ZIP with ``--lines`` budget lines
(5 income lines, the rest spending across the reference kegiatan list) and
times, per village and in total:

1. the budget import: the dry run (worker read + check, the Python path) and
   the commit (on PostgreSQL the set-based path: COPY, checks in SQL, INSERT … SELECT),
   timed apart;
2. (setup, not timed: the draft is marked enacted and in force)
3. the realisation import: one SPP per spending line and month, one TBP per
   income line and month (``lines x 12`` realisation rows per village);
4. (setup, not timed: VACUUM ANALYZE of the finance tables, as autovacuum would)
5. the public APBDes page of 50 villages, 5 requests each (p50/p95).

Wall time on a shared machine is inflated; CPU time (``time.process_time``),
the database backend's CPU per commit step and the load average are printed
beside it. FIN_BENCH_DB names the scratch database.

    .venv/bin/python bench/finance_import.py [--lines 300] [--villages 0 (all)] [--pg postgres://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = os.environ.get("FIN_BENCH_DB", "h2_fin_import")
KAB = "73.22"
YEAR = 2025
INCOME = ("4.2.1.01.", "4.2.3.01.", "4.2.2.01.", "4.1.1.01.", "4.1.4.01.")
SOURCES = ("DDS", "ADD", "PBH", "PAD", "PAD")
SPEND_JENIS = ("5.1.2", "5.2.1", "5.2.2", "5.2.3", "5.2.5", "5.2.7", "5.3.4", "5.3.5")


def psql(admin: str, sql: str) -> None:
    subprocess.run(["psql", admin, "-qc", sql], check=True)  # noqa: S603, S607


def figures(label: str, wall: float, cpu: float) -> None:
    load = os.getloadavg()
    print(f"{label}: wall {wall:.2f} s, CPU {cpu:.2f} s (load {load[0]:.2f} {load[1]:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=300)
    parser.add_argument("--villages", type=int, default=0)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    args = parser.parse_args()
    psql(args.pg, f"DROP DATABASE IF EXISTS {DB}")
    psql(args.pg, f"CREATE DATABASE {DB}")
    os.environ["DATABASE_URL"] = args.pg.rsplit("/", 1)[0] + "/" + DB
    os.environ["DEBUG"] = "True"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.config.settings")
    sys.path.insert(0, str(ROOT / "src"))
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            psql(args.pg, f"DROP DATABASE IF EXISTS {DB}")


def keys(n: int, kegiatan: list[str]) -> list[tuple[str, str, str]]:
    """(Kd_Keg tail, Kd_Rincian, SumberDana) of *n* distinct lines."""
    out = [("00.00.00.", INCOME[i], SOURCES[i]) for i in range(min(5, n))]
    i = 0
    while len(out) < n:
        keg = kegiatan[i % len(kegiatan)]
        jenis = SPEND_JENIS[(i // len(kegiatan)) % len(SPEND_JENIS)]
        tail = ".".join(f"{int(p):02d}" for p in keg.split(".")) + "."
        obj = i // (len(kegiatan) * len(SPEND_JENIS)) + 1
        out.append((tail, f"{jenis}.{obj:02d}.", "DDS" if i % 3 else "ADD"))
        i += 1
    return out


def export(name: str, lines: list[tuple[str, str, str]], *, realisation: bool) -> bytes:
    desa = "01.2001."
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Ref_Desa.csv", f"Kd_Kec,Kd_Desa,Nama_Desa\n01.,{desa},{name}\n")
        rows = ["Tahun,Kd_Desa,Kd_Keg,Kd_Rincian,SumberDana,Uraian,Anggaran,AnggaranStlhPAK"]
        rows += [
            f"{YEAR},{desa},{desa}{keg},{rinci},{src},Uraian {n},{1_000_000 + n * 1000},0"
            for n, (keg, rinci, src) in enumerate(lines)
        ]
        archive.writestr("Ta_RABRinci.csv", "\n".join(rows) + "\n")
        if realisation:
            spp = ["Tahun,No_SPP,Tgl_SPP,Kd_Desa"]
            spp_rinci = ["Tahun,Kd_Desa,No_SPP,Kd_Keg,Kd_Rincian,Sumberdana,Nilai"]
            tbp = ["Tahun,No_Bukti,Tgl_Bukti,Kd_Desa"]
            tbp_rinci = ["Tahun,No_Bukti,Kd_Desa,Kd_Keg,Kd_Rincian,SumberDana,Nilai"]
            for month in range(1, 13):
                for n, (keg, rinci, src) in enumerate(lines):
                    number = f"{n:04d}/{month:02d}"
                    day = f"{YEAR}-{month:02d}-15"
                    if rinci.startswith("4"):
                        tbp.append(f"{YEAR},{number},{day},{desa}")
                        tbp_rinci.append(f"{YEAR},{number},{desa},{desa}{keg},{rinci},{src},80000")
                    else:
                        spp.append(f"{YEAR},{number},{day},{desa}")
                        spp_rinci.append(f"{YEAR},{desa},{number},{desa}{keg},{rinci},{src},70000")
            for table, body in (
                ("Ta_SPP", spp),
                ("Ta_SPPRinci", spp_rinci),
                ("Ta_TBP", tbp),
                ("Ta_TBPRinci", tbp_rinci),
            ):
                archive.writestr(f"{table}.csv", "\n".join(body) + "\n")
    return buf.getvalue()


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from balai.accounts.services import user_create
    from balai.finance import siskeudes, siskeudes_pg
    from balai.finance.models import Apbdes, Realisation, SiskeudesImport, Status
    from balai.planning.selectors import kegiatan_by_code
    from balai.regions.loading import load_regions
    from balai.regions.models import Area, Level

    call_command("migrate", verbosity=0)
    load_regions()
    villages = list(
        Area.objects.filter(
            code__startswith=KAB, level=Level.DESA_KELURAHAN, is_active=True
        ).order_by("code")
    )
    if args.villages:
        villages = villages[: args.villages]
    user = user_create(actor=None, username="bench", password="Bench-2026-kata", full_name="B")  # noqa: S106
    lines = keys(args.lines, list(kegiatan_by_code()))
    print(f"{len(villages)} villages x {len(lines)} lines, year {YEAR}")

    def dry_run(village: Area, content: bytes) -> SiskeudesImport:
        job = SiskeudesImport.objects.create(
            village=village, year=YEAR, original_name="x.zip", size=len(content), uploaded_by=user
        )
        preview = siskeudes.check_job(job, siskeudes.read_upload("x.zip", content))
        if not preview["ok"]:
            raise SystemExit(f"{village.code}: {preview['errors'][:3]}")
        return job

    for label, realisation in (("budget import", False), ("realisation import", True)):
        files = {v.code: export(v.name, lines, realisation=realisation) for v in villages}
        size = sum(len(c) for c in files.values()) / 1024 / 1024
        print(f"{label}: {len(files)} ZIP files, {size:.1f} MB (built before timing)")
        wall0, cpu0 = time.perf_counter(), time.process_time()
        jobs = [dry_run(v, files[v.code]) for v in villages]
        figures(f"{label}: dry run", time.perf_counter() - wall0, time.process_time() - cpu0)
        steps: dict[str, dict[str, float]] = {}
        wall0, cpu0 = time.perf_counter(), time.process_time()
        written = sum(
            siskeudes_pg.commit_pg(job, files[job.village_id], steps=steps) for job in jobs
        )
        figures(
            f"{label}: commit {written} rows",
            time.perf_counter() - wall0,
            time.process_time() - cpu0,
        )
        for name, got in steps.items():
            print(
                f"  {name}: wall {got['wall']:.2f} s, app CPU {got['cpu']:.2f} s, "
                f"database CPU {got['db_cpu']:.2f} s"
            )
        if not realisation:
            Apbdes.objects.filter(year=YEAR).update(
                status=Status.ENACTED, is_current=True, perdes_number="1"
            )
    print(f"realisation rows stored: {Realisation.objects.count()}")
    # What autovacuum does after a bulk load (it is off on some dev servers): fresh statistics.
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("finance_apbdes", "finance_apbdesline", "finance_realisation"):
            cursor.execute(f"VACUUM ANALYZE {table}")

    client = Client()
    times = []
    sample = villages[:: max(1, len(villages) // 50)][:50]
    client.get(f"/keuangan/publik/{sample[0].code}/?tahun={YEAR}")  # warm-up
    page_steps: dict[str, dict[str, float]] = {}
    clock = siskeudes_pg.Clock(page_steps)  # the database backend's CPU too
    wall0, cpu0 = time.perf_counter(), time.process_time()
    with clock.step("page"):
        for village in sample:
            for _ in range(5):
                t0 = time.perf_counter()
                response = client.get(f"/keuangan/publik/{village.code}/?tahun={YEAR}")
                times.append(time.perf_counter() - t0)
                assert response.status_code == 200
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    figures(f"public page x{len(times)}", time.perf_counter() - wall0, time.process_time() - cpu0)
    n = len(times)
    print(
        f"public page per request: app CPU {page_steps['page']['cpu'] / n * 1000:.1f} ms, "
        f"database CPU {page_steps['page']['db_cpu'] / n * 1000:.1f} ms"
    )
    print(f"public page: p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")


if __name__ == "__main__":
    main()
