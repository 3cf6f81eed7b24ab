"""Queue operations under load as counters run them: one OS process per counter, on PostgreSQL.

50 counters (one MPP), 500 residents already waiting (10 per counter). Each
counter is its own process (forked after the data is built, with its own
Django and its own database connection, as each clerk's request is served
by its own worker): ``--rounds`` times a resident takes a number at that
counter and the clerk calls the next. All processes start together on a
barrier. Two concurrent phases:

- *burst*: no pause between operations (a closed loop: 50 clients always
  waiting on the database; on a small machine this measures CPU queueing);
- *paced*: each counter pauses ``--think`` ms (random 0.5x-1.5x) between
  operations, still 50 at once but not all in the same instant (a busy MPP
  does well under one operation a second; this offers far more).

Printed per phase and operation: p50/p95/max wall latency, the Python CPU
per operation (the process's own), the PostgreSQL backend CPU per operation
(read from ``/proc`` of each connection's backend; the server must run on
this machine, else it shows n/a), throughput, and the load average before and
after (the machine may be shared: the load says how much of the wall time
was other people's). Before that: one uncontended serial pass and the SQL
each operation sends. At the end it checks that every counter's numbers of
the day are 1..n without gaps or repeats and no ticket was called twice.

    .venv/bin/python bench/onestop_queue.py [--counters 50] [--waiting 500] [--rounds 20] [--think 300]

``BENCH_PG`` is the server's admin URL (default postgres://postgres@127.0.0.1:5432/postgres);
the script creates and drops its own database ``h5_onestop_bench``.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
ADMIN = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
DB = os.environ.get("BENCH_DB", "h5_onestop_bench")
TICK = os.sysconf("SC_CLK_TCK")


def psql(sql: str) -> None:
    subprocess.run(["psql", ADMIN, "-qc", sql], check=True)  # noqa: S603, S607


def setup() -> None:
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    os.environ["DATABASE_URL"] = ADMIN.rsplit("/", 1)[0] + "/" + DB
    os.environ["DJANGO_SETTINGS_MODULE"] = "balai.config.settings_test"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from balai.regions.loading import load_regions

    call_command("migrate", verbosity=0)
    load_regions(path=ROOT / "src/balai/regions/tests/data/mini_wilayah.csv", retire_missing=False)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(name: str, wall: list[float], cpu: list[float], db_cpu: float | None) -> None:
    ms = [v * 1000 for v in wall]
    n = len(ms)
    db = "n/a" if db_cpu is None else f"{1000 * db_cpu / n:5.2f} ms"
    print(
        f"  {name:<9} n={n:5d}  p50={statistics.median(ms):6.1f}  p95={pct(ms, 95):6.1f}  "
        f"max={max(ms):6.1f} ms | CPU/op: Python {1000 * sum(cpu) / n:5.2f} ms, "
        f"PostgreSQL {db}"
    )


def backend_cpu(pid: int) -> float | None:
    """Return the CPU seconds the PostgreSQL backend *pid* used (None if not readable here)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICK


def machine_busy() -> tuple[int, int]:
    """Return (busy, total) jiffies of the whole machine (``/proc/stat``)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def queries_of(label: str, fn: Any) -> Any:
    """Run *fn*, print how many statements it sent and their first words."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    print(f"  {label}: {len(ctx.captured_queries)} statements")
    for q in ctx.captured_queries:
        sql = " ".join(q["sql"].split())
        print(f"    {q['time']:>6}s  {sql[:150]}")
    return result


def worker(
    index: int,
    counter_pk: int,
    service_pk: int,
    now: datetime,
    rounds: int,
    think: float,
    barrier: Any,
    out: Any,
) -> None:
    """Run one counter's clerk and kiosk: *rounds* times take a number, then call the next."""
    from django.db import connection, connections

    from balai.onestop.models import Counter
    from balai.onestop.services import queue

    connections.close_all()  # never share the parent's socket
    counter = Counter.objects.select_related("location__area").get(pk=counter_pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = int(cursor.fetchone()[0])
    rng = random.Random(index)
    takes: list[float] = []
    calls: list[float] = []
    take_cpu: list[float] = []
    call_cpu: list[float] = []
    called: list[int] = []
    error = ""
    db0 = backend_cpu(backend)
    barrier.wait()
    try:
        for r in range(rounds):
            moment = now + timedelta(seconds=r)
            if think:
                time.sleep(think * rng.uniform(0.5, 1.5))
            c0, t0 = time.process_time(), time.perf_counter()
            queue.ticket_take(counter=counter, service_id=service_pk, now=moment)
            c1, t1 = time.process_time(), time.perf_counter()
            takes.append(t1 - t0)
            take_cpu.append(c1 - c0)
            if think:
                time.sleep(think * rng.uniform(0.5, 1.5))
            c1, t1 = time.process_time(), time.perf_counter()
            ticket = queue.counter_call_next(actor=None, counter=counter, now=moment)
            c2, t2 = time.process_time(), time.perf_counter()
            calls.append(t2 - t1)
            call_cpu.append(c2 - c1)
            if ticket is not None:
                called.append(ticket.pk)
    except Exception as exc:  # reported by the parent
        error = repr(exc)
    db1 = backend_cpu(backend)
    db = None if db0 is None or db1 is None else db1 - db0
    connection.close()
    out.put((takes, calls, take_cpu, call_cpu, called, db, error))


def phase(
    name: str, args: argparse.Namespace, setup_data: dict[str, Any], think: float
) -> list[int]:
    """Run every counter in its own process at once; print the figures; return called ticket ids."""
    from django.db import connections

    connections.close_all()
    ctx = mp.get_context("fork")
    counters = setup_data["counters"]
    barrier = ctx.Barrier(len(counters) + 1)
    out = ctx.Queue()
    procs = [
        ctx.Process(
            target=worker,
            args=(
                i,
                pk,
                setup_data["service"],
                setup_data["now"] + timedelta(minutes=setup_data["shift"]),
                args.rounds,
                think,
                barrier,
                out,
            ),
        )
        for i, pk in enumerate(counters)
    ]
    setup_data["shift"] += 1
    for p in procs:
        p.start()
    load0 = os.getloadavg()
    busy0 = machine_busy()
    barrier.wait()  # every process has its connection: go
    wall0 = time.perf_counter()
    results = [out.get() for _p in procs]
    wall = time.perf_counter() - wall0
    busy1 = machine_busy()
    for p in procs:
        p.join()
    load1 = os.getloadavg()
    takes = [v for r in results for v in r[0]]
    calls = [v for r in results for v in r[1]]
    take_cpu = [v for r in results for v in r[2]]
    call_cpu = [v for r in results for v in r[3]]
    called = [v for r in results for v in r[4]]
    dbs = [r[5] for r in results]
    errors = [r[6] for r in results if r[6]]
    db_total = None if None in dbs else sum(dbs)  # type: ignore[arg-type]
    share = (busy1[0] - busy0[0]) / max(1, busy1[1] - busy0[1])
    print(
        f"{name}: {len(counters)} processes x {args.rounds} rounds, think {think * 1000:.0f} ms; "
        f"wall {wall:.2f} s, {(len(takes) + len(calls)) / wall:.0f} ops/s; "
        f"load avg {load0[0]:.2f} -> {load1[0]:.2f}; machine CPU busy {100 * share:.0f}% "
        f"of {os.cpu_count()} cores"
    )
    # The database CPU is not split by operation: shown per operation of both kinds.
    per_op = None if db_total is None else db_total / (len(takes) + len(calls)) * len(takes)
    report("take", takes, take_cpu, per_op)
    report("call-next", calls, call_cpu, per_op and db_total - per_op)  # type: ignore[operator]
    if db_total is not None:
        cpu = sum(take_cpu) + sum(call_cpu) + db_total
        ops = len(takes) + len(calls)
        cores = os.cpu_count() or 1
        # Were the CPU all ours: what this machine could serve, and the least mean
        # latency of these counters in a closed loop (each waits for the others' CPU).
        print(
            f"  PostgreSQL backends CPU in total {db_total:.2f} s; all CPU per operation "
            f"{1000 * cpu / ops:.2f} ms -> at most {ops * cores / cpu:.0f} ops/s on {cores} "
            f"cores; {len(counters)} counters in a closed loop wait >= "
            f"{1000 * len(counters) * cpu / ops / cores:.0f} ms per operation on average"
        )
    assert not errors, errors
    return called


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--counters", type=int, default=50)
    parser.add_argument("--waiting", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--think", type=int, default=300, help="ms between a paced counter's ops")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    setup()
    from datetime import time as clock

    from django.db import connection

    from balai.onestop.models import LocationKind, ProviderKind, Ticket
    from balai.onestop.services import catalogue, queue
    from balai.regions.models import Area

    kab = Area.objects.get(code="73.22")
    provider = catalogue.provider_save(
        actor=None, kabupaten=kab, code="dukcapil", name="Dukcapil", kind=ProviderKind.DUKCAPIL
    )
    service = catalogue.service_save(
        actor=None, provider=provider, code="ktp", name="KTP-el", requirements="KK",
        procedure="Ambil nomor", time_value=1, cost=0, product="KTP-el",
        complaint_channel="LAPOR",
    )  # fmt: skip
    mpp = catalogue.location_save(
        actor=None, code="mpp", name="MPP", kind=LocationKind.MPP, owner=kab,
        area=Area.objects.get(code="73.22.03.1001"),
    )  # fmt: skip
    prefixes = [f"{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(args.counters)]
    counters = [
        catalogue.counter_save(
            actor=None,
            location=mpp,
            prefix=p,
            name=f"Loket {p}",
            services=[service],
            opens_at=clock(0, 0),
            closes_at=clock(23, 59),
        )
        for p in prefixes
    ]
    # Every operation happens "today" at 09:00 local time, whatever the real clock says.
    day = datetime.now(ZoneInfo("Asia/Makassar")).date()
    now = datetime.combine(day, clock(9, 0), tzinfo=ZoneInfo("Asia/Makassar"))
    for i in range(args.waiting):
        queue.ticket_take(counter=counters[i % len(counters)], service_id=service.pk, now=now)
    for c in counters:
        queue.counter_set_open(actor=None, counter=c, is_open=True)

    print(
        f"onestop queue bench: {args.counters} counters (one process each), {args.waiting} "
        f"waiting, {args.rounds} rounds per counter; PostgreSQL "
        f"{connection.cursor().connection.info.server_version}; "
        f"{os.cpu_count()} cores; load avg {' '.join(f'{v:.2f}' for v in os.getloadavg())}"
    )
    print("SQL of one operation (counter loaded once per clerk, as a request loads it):")
    from balai.onestop.models import Counter

    first = Counter.objects.select_related("location__area").get(pk=counters[0].pk)
    queries_of(
        "take",
        lambda: queue.ticket_take(counter=first, service_id=service.pk, now=now),
    )
    queries_of("call-next", lambda: queue.counter_call_next(actor=None, counter=first, now=now))

    # Serial: one counter, uncontended.
    takes: list[float] = []
    calls: list[float] = []
    take_cpu: list[float] = []
    call_cpu: list[float] = []
    for r in range(args.rounds * 5):
        moment = now + timedelta(seconds=r)
        c0, t0 = time.process_time(), time.perf_counter()
        queue.ticket_take(counter=first, service_id=service.pk, now=moment)
        c1, t1 = time.process_time(), time.perf_counter()
        queue.counter_call_next(actor=None, counter=first, now=moment)
        c2, t2 = time.process_time(), time.perf_counter()
        takes.append(t1 - t0)
        calls.append(t2 - t1)
        take_cpu.append(c1 - c0)
        call_cpu.append(c2 - c1)
    print(f"serial (1 process, uncontended); load avg {os.getloadavg()[0]:.2f}")
    report("take", takes, take_cpu, None)
    report("call-next", calls, call_cpu, None)

    data = {"counters": [c.pk for c in counters], "service": service.pk, "now": now, "shift": 1}
    called = phase("burst", args, data, 0.0)
    called += phase("paced", args, data, args.think / 1000)

    connection.connect()
    assert len(called) == len(set(called)), "a ticket was called twice"
    for c in counters:
        seqs = list(
            Ticket.objects.filter(counter=c).order_by("pk").values_list("sequence", flat=True)
        )
        assert seqs == list(range(1, len(seqs) + 1)), f"counter {c.prefix}: {seqs[:20]}"
    print("numbers: unique, gapless and in order of creation at every counter; no double calls")
    connection.close()
    if not args.keep:
        psql(f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    main()
