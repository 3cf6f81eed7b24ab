"""Targeting checks and the welfare-register import: timings on PostgreSQL.

Creates its own PostgreSQL database (``h3_poverty_bench``, dropped at the end
unless --keep), loads the bundled region tree and fills Luwu Utara (73.22)
with SQL (``generate_series``, no Python loop per row): ``--residents``
people in ``--residents / 3.33`` families (the issue's scale: 1,000,000 and
300,000), one DTSEN round covering everyone, five programmes (PKH, BPNT,
PBI-JK, PIP, BLT Dana Desa) and about half a recipient row per resident
(500,000 at full scale) with 1% dead, 1% moved, 1% civil servants and 1%
unknown NIKs among them. Then it times, printing wall and CPU time
(``time.process_time``: this process only; PostgreSQL's own work shows in
the wall time) and the load average beside them, since the machine is shared:

- every targeting check for the whole kabupaten (inclusion: one grouped
  query over all recipients; exclusion: one grouped query per programme);
- the refresh of the nine poverty indicators for the current quarter;
- the village page's checks for the largest village;
- a welfare import of ``--import-rows`` rows (the issue's 300,000): the
  worker's read (bounded reader), dry run (match by NIK) and commit as the
  worker runs it (set-based on PostgreSQL: COPY into staging, checks in SQL,
  one UPDATE of the current flags, INSERT … SELECT; the deferred foreign-key
  checks of a real COMMIT run, then it is rolled back so a kept database can be
  measured again), and with ``--python-commit`` the
  row-by-row commit as well. The commit also prints the PostgreSQL backend's
  CPU time (from ``/proc``; parallel workers not counted).

    .venv/bin/python bench/poverty_checks.py [--residents 1000000] [--import-rows 300000]
    .venv/bin/python bench/poverty_checks.py --keep            # then, on the kept data:
    .venv/bin/python bench/poverty_checks.py --reuse --skip-checks
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DB = "h3_poverty_bench"
KAB = "73.22"


def psql(admin: str, sql: str) -> None:
    subprocess.run(["psql", admin, "-qc", sql], check=True)  # noqa: S603, S607


def backend_cpu() -> float:
    """Return the CPU seconds used so far by this connection's PostgreSQL backend (0 if unknown)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(label: str, fn: Callable[[], Any], *, db_cpu: bool = False) -> Any:
    load = os.getloadavg()[0]
    db = backend_cpu() if db_cpu else 0.0
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    db_text = f", db cpu {backend_cpu() - db:.1f} s" if db_cpu else ""
    print(
        f"{label}: wall {time.perf_counter() - wall:.1f} s, cpu {time.process_time() - cpu:.1f} s"
        f"{db_text}, load {load:.1f} -> {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument("--import-rows", type=int, default=300_000)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument("--db", default=DB, help="name of the bench database")
    parser.add_argument("--skip-refresh", action="store_true", help="skip the indicator refresh")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the kept database as it is (no fill; implies --keep)",
    )
    parser.add_argument(
        "--skip-checks", action="store_true", help="skip the kabupaten-wide checks and refresh"
    )
    parser.add_argument(
        "--python-commit", action="store_true", help="also time the row-by-row welfare commit"
    )
    args = parser.parse_args()
    args.keep = args.keep or args.reuse
    if not args.reuse:
        psql(args.pg, f"DROP DATABASE IF EXISTS {args.db}")
        psql(args.pg, f"CREATE DATABASE {args.db}")
    os.environ["DATABASE_URL"] = args.pg.rsplit("/", 1)[0] + "/" + args.db
    os.environ["DEBUG"] = "True"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.config.settings")
    sys.path.insert(0, str(ROOT / "src"))
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            psql(args.pg, f"DROP DATABASE IF EXISTS {args.db}")


def _fill(cursor: Any, table: str, given: dict[str, str], source: str) -> None:
    """INSERT INTO *table* SELECT *given* columns, plain defaults for every other NOT NULL one."""
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s"
        " AND is_nullable = 'NO' AND column_default IS NULL",
        [table],
    )
    defaults = {
        "character varying": "''",
        "text": "''",
        "boolean": "false",
        "smallint": "0",
        "integer": "0",
        "bigint": "0",
        "date": "current_date",
        "timestamp with time zone": "now()",
        "jsonb": "'{}'::jsonb",
    }
    columns = dict(given)
    for name, kind in cursor.fetchall():
        columns.setdefault(name, defaults[kind])
    names = ", ".join(columns)
    values = ", ".join(columns.values())
    cursor.execute(f"INSERT INTO {table} ({names}) SELECT {values} {source}")


def build(args: argparse.Namespace) -> None:
    from django.db import connection, transaction

    from balai.regions.models import Area, Level

    villages = list(
        Area.objects.filter(code__startswith=KAB + ".", level=Level.DESA_KELURAHAN)
        .order_by("code")
        .values_list("code", flat=True)
    )
    n = args.residents
    families = max(n * 3 // 10, 1)
    array = "ARRAY[" + ",".join(f"'{v}'" for v in villages) + "]"
    with transaction.atomic(), connection.cursor() as cursor:
        _fill(
            cursor,
            "registry_family",
            {
                "id": "i",
                "no_kk": "'7322' || lpad(i::text, 12, '0')",
                "area_id": f"({array})[1 + i % {len(villages)}]",
            },
            f"FROM generate_series(1, {families}) AS i",
        )
        # Resident i lives in family 1 + i % families; the first of each family is its head.
        _fill(
            cursor,
            "registry_resident",
            {
                "id": "i",
                "nik": "'7322' || lpad((500000000000 + i)::text, 12, '0')",
                "name": "'WARGA ' || i",
                "sex": "1 + i % 2",
                "birth_date": "date '1950-01-01' + (i::bigint * 7919 % 25000)::int",
                "status": "CASE WHEN i % 100 = 11 THEN 2 WHEN i % 100 = 21 THEN 3 ELSE 1 END",
                "occupation": "CASE WHEN i % 100 = 31 THEN 5 ELSE 9 END",
                "family_relation": f"CASE WHEN i <= {families} THEN 1 ELSE 4 END",
                "family_id": f"1 + (i - 1) % {families}",
                "area_id": f"({array})[1 + (1 + (i - 1) % {families}) % {len(villages)}]",
                "pregnant": "false",
            },
            f"FROM generate_series(1, {n}) AS i",
        )
        cursor.execute(
            "SELECT setval('registry_resident_id_seq', %s), setval('registry_family_id_seq', %s)",
            [n, families],
        )
        cursor.execute(
            "INSERT INTO poverty_welfaresnapshot (created_at, updated_at, area_id, source,"
            " snapshot_date, rows) VALUES (now(), now(), %s, 'dtsen', current_date - 40, %s)"
            " RETURNING id",
            [KAB, n],
        )
        snapshot = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO poverty_welfareentry (snapshot_id, resident_id, area_id, household_ref,"
            " no_kk, desil, current) SELECT %s, r.id, r.area_id, 'H' || r.family_id, '',"
            " 1 + (r.family_id::bigint * 7919) %% 10, true FROM registry_resident r",
            [snapshot],
        )
    print(f"{n} residents, {families} families, {len(villages)} villages", flush=True)


def programmes() -> dict[str, Any]:
    import datetime as dt

    from balai.poverty import services
    from balai.poverty.models import FundSource, TargetUnit
    from balai.regions.models import Area

    kabupaten = Area.objects.get(code=KAB)
    spec = (
        ("pkh", TargetUnit.FAMILY, 1, 4, None, None),
        ("bpnt", TargetUnit.FAMILY, 1, 5, None, None),
        ("pbi-jk", TargetUnit.PERSON, 1, 5, None, None),
        ("pip", TargetUnit.PERSON, 1, 4, 6, 21),
        ("blt-dd", TargetUnit.FAMILY, 1, 3, None, None),
    )
    made = {}
    for code, unit, low, high, age_min, age_max in spec:
        made[code] = services.programme_create(
            actor=None,
            area=kabupaten,
            code=code,
            name=code.upper(),
            unit=unit,
            fund_source=FundSource.PUSAT,
            start=dt.date(2026, 1, 1),
            desil_min=low,
            desil_max=high,
            age_min=age_min,
            age_max=age_max,
            exclude_officials=True,
            is_active=True,
        )
    made["blt-dd"].not_combined_with.set([made["pkh"], made["bpnt"]])
    return made


def recipients(made: dict[str, Any], n: int) -> int:
    from django.db import connection, transaction

    families = max(n * 3 // 10, 1)
    # Heads are residents 1..families; family desil = 1 + family * 7919 % 10.
    rules = (
        (
            "pkh",
            f"r.id <= {families} AND 1 + (r.family_id::bigint * 7919) % 10 <= 5 AND r.id % 10 < 8",
        ),
        (
            "bpnt",
            f"r.id <= {families} AND 1 + (r.family_id::bigint * 7919) % 10 <= 6 AND r.id % 10 < 7",
        ),
        ("pbi-jk", "r.id % 10 < 2"),
        ("pip", "r.id % 100 < 5"),
        (
            "blt-dd",
            f"r.id <= {families} AND 1 + (r.family_id::bigint * 7919) % 10 <= 4 AND r.id % 10 = 7",
        ),
    )
    with transaction.atomic(), connection.cursor() as cursor:
        insert = (
            "INSERT INTO poverty_recipient (created_at, updated_at, programme_id, area_id,"
            " resident_id, nik, name, member_no, source) SELECT now(), now(), %s,"
            " r.area_id, r.id, r.nik, r.name, '', 'import' FROM registry_resident r WHERE "
        )
        for code, where in rules:
            cursor.execute(insert + where.replace("%", "%%"), [made[code].pk])
        cursor.execute(
            "INSERT INTO poverty_recipient (created_at, updated_at, programme_id, area_id,"
            " resident_id, nik, name, member_no, source) SELECT now(), now(), %s, r.area_id, NULL,"
            " '9922' || lpad(r.id::text, 12, '0'), 'TIDAK DIKENAL', '', 'import'"
            " FROM registry_resident r WHERE r.id %% 100 = 3",
            [made["bpnt"].pk],
        )
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM poverty_recipient")
        return int(cursor.fetchone()[0])


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count

    from balai.poverty import checks
    from balai.regions.loading import load_regions
    from balai.registry.models import Resident

    call_command("migrate", verbosity=0)  # a kept database gets this branch's indexes
    if not args.reuse:
        load_regions()
        timed("fill (SQL)", lambda: build(args))
        made = programmes()
        count = timed("recipients (SQL)", lambda: recipients(made, args.residents))
        print(f"{count} recipient rows", flush=True)
    if not args.skip_checks:
        kabupaten_checks(args)
    biggest = Resident.objects.values("area_id").annotate(n=Count("pk")).order_by("-n").first()
    if biggest:
        for attempt in ("first", "again"):
            timed(
                f"village page checks ({biggest['area_id']}, {biggest['n']} people, {attempt})",
                lambda: checks.village_table(biggest["area_id"]),
                db_cpu=True,
            )
    if args.import_rows:
        welfare_import(args)


def kabupaten_checks(args: argparse.Namespace) -> None:
    from django.utils import timezone

    from balai.indicators.periods import PeriodType, period_of
    from balai.indicators.registry import get_set
    from balai.indicators.services import indicator_refresh
    from balai.poverty import checks, indicators

    inclusion = timed(
        "inclusion checks, whole kabupaten", lambda: checks.inclusion_counts(within=[KAB])
    )
    flagged = {
        check: sum(c[check] for c in inclusion.values()) for check in checks.INCLUSION_CHECKS
    }
    print(f"  flagged: {flagged}")
    exclusion = timed(
        "exclusion checks, whole kabupaten", lambda: checks.exclusion_counts(within=[KAB])
    )
    print(
        f"  eligible units {sum(c['eligible'] for c in exclusion.values())}, "
        f"left out {sum(c['eksklusi'] for c in exclusion.values())}"
    )
    codes = list(get_set(indicators.SET_CODE).codes)
    period = period_of(timezone.localdate(), PeriodType.QUARTER)
    if not args.skip_refresh:
        timed(
            f"indicator refresh ({len(codes)} indicators, {period.key})",
            lambda: indicator_refresh(codes=codes, periods=[period]),
        )


def welfare_import(args: argparse.Namespace) -> None:
    import datetime as dt

    from django.db import connection, transaction
    from django.utils import timezone

    from balai.poverty import welfare, welfare_sql
    from balai.poverty.models import WelfareImport
    from balai.registry.models import Resident

    rows = args.import_rows
    lines = ["nik,id_rumah_tangga,desil"]
    for nik, family in Resident.objects.order_by("pk").values_list("nik", "family_id")[:rows]:
        lines.append(f"{nik},H{family},{1 + (family * 31) % 10}")
    content = ("\n".join(lines) + "\n").encode()
    print(f"welfare import: {rows} rows, {len(content) / 1e6:.1f} MB", flush=True)
    day = timezone.localdate() - dt.timedelta(days=1)
    raw = timed("  read (bounded reader)", lambda: welfare.read_upload("dtsen.csv", content))
    checked = timed(
        "  dry run (match by NIK)",
        lambda: welfare.check_rows(KAB, "dtsen", day, raw),
        db_cpu=True,
    )
    print(f"  matched {len(checked.matched)}, errors {len(checked.errors)}")

    def commit(set_based: bool) -> int:
        # Rolled back: a kept database stays as filled, so the next run measures the same work.
        with transaction.atomic():
            job = WelfareImport.objects.create(
                area_id=KAB,
                source="dtsen",
                snapshot_date=day,
                original_name="dtsen.csv",
                size=len(content),
            )
            extract = welfare.open_extract("dtsen.csv", content)  # parsed again, as the worker does
            written = (welfare_sql.commit_job if set_based else welfare.commit_job)(job, extract)
            # Run the deferred foreign-key checks a real COMMIT would run, then roll back.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            transaction.set_rollback(True)
        return written

    written = timed(
        "  commit, worker path (read + COPY + SQL checks + one UPDATE + INSERT)",
        lambda: commit(True),
        db_cpu=True,
    )
    print(f"  written {written}")
    if args.python_commit:
        timed(
            "  commit, row by row (re-check + snapshot + flags)", lambda: commit(False), db_cpu=True
        )


if __name__ == "__main__":
    main()
