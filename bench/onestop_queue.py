"""Queue operations under load: take a number and call the next, on PostgreSQL.

50 counters (one MPP), 500 residents already waiting (10 per counter), then
one thread per counter doing ``--rounds`` times: a resident takes a number at
that counter, the clerk calls the next. Each operation's wall latency is
recorded with the thread's own CPU time (Python side; the database's work
is not in it); the script prints p50/p95/max per operation, the process CPU time
and the load average (the machine is shared), and checks that every
counter's numbers of the day are 1..n without gaps or repeats and that no
ticket was called twice. Also a serial pass (one thread) for the
uncontended latency.

    .venv/bin/python bench/onestop_queue.py [--counters 50] [--waiting 500] [--rounds 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
ADMIN = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
DB = "h_onestop_bench"


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


def report(name: str, values: list[float]) -> None:
    ms = [v * 1000 for v in values]
    print(
        f"  {name:<10} n={len(ms):5d}  p50={statistics.median(ms):6.1f} ms  "
        f"p95={pct(ms, 95):6.1f} ms  max={max(ms):6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counters", type=int, default=50)
    parser.add_argument("--waiting", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    setup()
    from datetime import time as clock

    from django.db import close_old_connections, connection

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
    # Every operation happens "today" at noon local time, whatever the real clock says.
    noon = datetime.combine(datetime.now(ZoneInfo("Asia/Makassar")).date(), clock(12, 0))
    now = noon.replace(tzinfo=ZoneInfo("Asia/Makassar"))
    for i in range(args.waiting):
        queue.ticket_take(counter=counters[i % len(counters)], service_id=service.pk, now=now)
    for c in counters:
        queue.counter_set_open(actor=None, counter=c, is_open=True)
    connection.close()

    takes: list[float] = []
    calls: list[float] = []
    take_cpu: list[float] = []
    call_cpu: list[float] = []
    called: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(counter_index: int, rounds: int, barrier: threading.Barrier | None) -> None:
        counter = counters[counter_index]
        try:
            if barrier:
                barrier.wait()
            for r in range(rounds):
                moment = now + timedelta(seconds=r)
                c0, t0 = time.thread_time(), time.perf_counter()
                queue.ticket_take(counter=counter, service_id=service.pk, now=moment)
                c1, t1 = time.thread_time(), time.perf_counter()
                ticket = queue.counter_call_next(actor=None, counter=counter, now=moment)
                c2, t2 = time.thread_time(), time.perf_counter()
                with lock:
                    takes.append(t1 - t0)
                    calls.append(t2 - t1)
                    take_cpu.append(c1 - c0)
                    call_cpu.append(c2 - c1)
                    if ticket is not None:
                        called.append(ticket.pk)
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    load0 = os.getloadavg()
    print(f"onestop queue bench: {args.counters} counters, {args.waiting} waiting, "
          f"{args.rounds} rounds per counter; PostgreSQL; load avg before {load0[0]:.2f}")  # fmt: skip
    # Serial: one counter at a time (uncontended latency).
    cpu0, wall0 = time.process_time(), time.perf_counter()
    work(0, args.rounds, None)
    print(f"serial (1 thread): wall {time.perf_counter() - wall0:.2f} s, "
          f"CPU {time.process_time() - cpu0:.2f} s")  # fmt: skip
    report("take", takes)
    report("call-next", calls)
    report("take CPU", take_cpu)
    report("call CPU", call_cpu)
    for values in (takes, calls, take_cpu, call_cpu):
        values.clear()
    barrier = threading.Barrier(len(counters))
    threads = [
        threading.Thread(target=work, args=(i, args.rounds, barrier)) for i in range(len(counters))
    ]
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - wall0
    print(f"concurrent ({len(counters)} threads): wall {wall:.2f} s, "
          f"CPU {time.process_time() - cpu0:.2f} s, "
          f"{2 * len(takes) / wall:.0f} ops/s, load avg after {os.getloadavg()[0]:.2f}")  # fmt: skip
    report("take", takes)
    report("call-next", calls)
    report("take CPU", take_cpu)
    report("call CPU", call_cpu)
    assert not errors, errors
    assert len(called) == len(set(called)), "a ticket was called twice"
    for c in counters:
        seqs = list(
            Ticket.objects.filter(counter=c).order_by("pk").values_list("sequence", flat=True)
        )
        assert seqs == list(range(1, len(seqs) + 1)), f"counter {c.prefix}: {seqs[:20]}"
    print("numbers: unique, gapless and in order of creation at every counter; no double calls")
    connection.close()
    psql(f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    main()
