"""Full refresh of every indicator fact, and one write reflected without a full refresh.

Runs on an existing database built with ``balai demo --residents 1000000``
(``engine_1m``): migrates it, prints the sizes (residents, children under five,
visits, letters, complaints), times ``indicator_refresh()`` (every indicator,
the whole history window), then registers one adult with a KTP-el through the
registry service and times what the coalescing task does after the commit
(``indicator_refresh_dirty``), checking that the village's fact moved by one.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/engine_1m .venv/bin/python bench/indicators_refresh.py [--write-only]

``--write-only`` skips the full refresh (the facts of an earlier run are there).
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


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
    from balai.indicators.services import indicator_refresh, today

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
    if "--write-only" in sys.argv:  # the facts of an earlier run are there: time the write only
        one_write(on)
        return
    load = loadavg()
    t0, c0 = time.perf_counter(), time.process_time()
    report = indicator_refresh()
    took, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"full refresh: {report.indicators} indicators, {report.periods} indicator-periods, "
        f"{report.written:,} facts written, {report.deleted:,} deleted in {took:.1f} s "
        f"(app CPU {cpu:.1f} s; load average before {load}, after {loadavg()}; "
        f"{IndicatorFact.objects.count():,} facts stored)"
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
