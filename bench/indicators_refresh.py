"""Full refresh of every indicator fact, and one write reflected without a full refresh.

Runs on an existing database built with ``balai demo --residents 1000000``
(``engine_1m``): migrates it, prints the sizes (residents, children under five,
visits, letters, complaints), times ``indicator_refresh()`` (every indicator,
the whole history window), then registers one adult with a KTP-el through the
registry service and times what the coalescing task does after the commit
(``indicator_refresh_dirty``), checking that the village's fact moved by one.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/engine_1m .venv/bin/python bench/indicators_refresh.py [--write-only]

``--write-only`` skips the full refresh (the facts of an earlier run are there).
By default the full refresh is what ``balai indicators refresh --all`` runs
(``indicator_refresh_parallel``: the modules' groups in
``BALAI_INDICATOR_REFRESH_WORKERS`` processes; the app and database CPU then
count this process and its connection only); ``--serial`` runs it in one process.
``--by-indicator`` refreshes the indicators one at a time instead and prints,
for the slowest, the wall time, this process's CPU and the database backend's
CPU (parallel query workers off, so the backend's CPU is the database's
work): on a shared machine the CPU sums say what the refresh costs. Add
children with visits first: ``bench/posyandu_prevalence.py --into engine_1m``.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def backend_cpu(pid: int) -> float:
    """Return the CPU seconds of database backend *pid* (the server runs on this machine)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu() -> float:
    """Return the CPU seconds of every PostgreSQL process, with the children it has reaped.

    Counts the backends of the parallel refresh's workers and parallel query
    workers, which end before the refresh does (their time is added to the
    postmaster's children fields when they are reaped). Other databases' work
    on this server counts too: run it on a quiet machine.
    """
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if "(postgres)" not in text:
            continue
        fields = text.rsplit(")", 1)[1].split()
        total += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return total / os.sysconf("SC_CLK_TCK")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def by_indicator() -> None:
    """Refresh every indicator in turn; print where the wall, app and database CPU go."""
    from django.db import connection

    from balai.indicators.registry import all_indicators
    from balai.indicators.services import indicator_refresh, new_run

    with connection.cursor() as cur:
        cur.execute("SET max_parallel_workers_per_gather = 0")
        cur.execute("SELECT pg_backend_pid()")
        (pid,) = cur.fetchone()
    run = new_run()
    rows = []
    load = loadavg()
    t_all, c_all, d_all = time.perf_counter(), time.process_time(), backend_cpu(pid)
    for ind in all_indicators():
        t0, c0, d0 = time.perf_counter(), time.process_time(), backend_cpu(pid)
        report = indicator_refresh(codes=[ind.code], run=run)
        rows.append(
            (
                time.perf_counter() - t0,
                time.process_time() - c0,
                backend_cpu(pid) - d0,
                ind.code,
                report.periods,
                report.written,
            )
        )
    wall, app = time.perf_counter() - t_all, time.process_time() - c_all
    db = backend_cpu(pid) - d_all
    print(
        f"full refresh, one indicator at a time: {len(rows)} indicators in {wall:.1f} s wall; "
        f"app CPU {app:.1f} s + database CPU {db:.1f} s = {app + db:.1f} s "
        f"(load average before {load}, after {loadavg()})"
    )
    for wall_s, app_s, db_s, code, periods, written in sorted(rows, reverse=True)[:20]:
        print(
            f"  {code:40} {wall_s:6.1f} s wall, app {app_s:5.1f} s, db {db_s:5.1f} s "
            f"({periods} periods, {written:,} facts)"
        )


def main() -> None:
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/engine_1m")
    os.environ.setdefault("DEBUG", "True")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.config.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from balai.indicators.models import DirtyFact, IndicatorFact
    from balai.indicators.services import indicator_refresh, indicator_refresh_parallel, today

    call_command("migrate", verbosity=0)
    with connection.cursor() as cur:
        on = today()
        cur.execute("SELECT count(*) FROM registry_resident WHERE status = 1")
        (alive,) = cur.fetchone()
        cur.execute(
            "SELECT count(*) FROM registry_resident WHERE status = 1 AND birth_date > %s",
            [on.replace(year=on.year - 5)],
        )
        (under_five,) = cur.fetchone()
        sizes = {}
        for table in ("posyandu_childvisit", "letters_letterrequest", "complaints_complaint"):
            cur.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 -- fixed names
            sizes[table] = cur.fetchone()[0]
        cur.execute("ANALYZE")
    print(
        f"database {connection.settings_dict['NAME']}: {alive:,} living residents, "
        f"{under_five:,} children under five, {sizes['posyandu_childvisit']:,} child visits, "
        f"{sizes['letters_letterrequest']:,} letter requests, "
        f"{sizes['complaints_complaint']:,} complaints"
    )
    DirtyFact.objects.all().delete()
    if "--by-indicator" in sys.argv:
        by_indicator()
        return
    if "--write-only" in sys.argv:  # the facts of an earlier run are there: time the write only
        one_write(on)
        return
    load = loadavg()
    t0, c0, k0, d0 = time.perf_counter(), time.process_time(), children_cpu(), postgres_cpu()
    if "--serial" in sys.argv:
        report, how = indicator_refresh(), "one process"
    else:  # what `balai indicators refresh --all` runs: the module groups in parallel
        report, how = indicator_refresh_parallel(), "BALAI_INDICATOR_REFRESH_WORKERS processes"
    took = time.perf_counter() - t0
    cpu = time.process_time() - c0 + children_cpu() - k0
    db = postgres_cpu() - d0
    print(
        f"full refresh ({how}): {report.indicators} indicators, {report.periods} indicator-periods, "
        f"{report.written:,} facts written, {report.deleted:,} deleted in {took:.1f} s "
        f"(app CPU {cpu:.1f} s, PostgreSQL CPU {db:.1f} s; load average before {load}, "
        f"after {loadavg()}; {IndicatorFact.objects.count():,} facts stored)"
    )
    one_write(on)


def one_write(on: date) -> None:
    """Register one adult with a KTP-el and time the coalesced refresh of the marked facts."""
    from django.db import transaction

    from balai.indicators.models import DirtyFact
    from balai.indicators.services import indicator_refresh_dirty
    from balai.indicators.testing import fact
    from balai.regions.models import Area
    from balai.registry import codes
    from balai.registry.services import resident_register

    village = Area.objects.filter(code__startswith="73.22.", level="desa_kelurahan").order_by(
        "code"
    )[0]
    key = on.strftime("%Y-%m")
    before = fact("spm.kependudukan", village.code, key, refresh=False)
    t0 = time.perf_counter()
    with transaction.atomic():
        resident_register(
            actor=None,
            area=village,
            data={
                "nik": "",
                "name": "Warga Bench",
                "sex": codes.Sex.MALE,
                "birth_date": date(1990, 1, 1),
                "ektp": codes.EKtp.YES,
            },
        )
    write = time.perf_counter() - t0
    marks = DirtyFact.objects.count()
    t0, c0 = time.perf_counter(), time.process_time()
    dirty = indicator_refresh_dirty()
    refresh, refresh_cpu = time.perf_counter() - t0, time.process_time() - c0
    after = fact("spm.kependudukan", village.code, key, refresh=False)
    assert after == (before[0] + 1, before[1] + 1), (before, after)
    print(
        f"one write (a resident registered in {village.code}): write {write * 1000:.0f} ms with "
        f"{marks} stale marks; the task's refresh of the marked facts {refresh * 1000:.0f} ms "
        f"(app CPU {refresh_cpu * 1000:.0f} ms; {dirty.written} facts; load average {loadavg()}); "
        f"spm.kependudukan {before} -> {after}"
    )


if __name__ == "__main__":
    main()
