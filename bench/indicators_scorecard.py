"""Read time of the kabupaten scorecard grid: every village x every indicator x 24 months.

Creates its own PostgreSQL database (dropped at the end unless --keep), loads
the bundled region tree, and **synthesises** indicator facts (random
numerator ≤ denominator) for every village of Luwu Utara (73.22, 173 villages)
and, as padding so the table is not tiny, for the other villages of its
province — every declared indicator, every declared period type, 24 months.
Builds the roll-ups from them (``services.rollup_rebuild``, what the refresh
writes with the facts). Then it reads the grid (``selectors.grid``: one query,
all village facts of the kabupaten for all indicators and periods) N times and
prints p50/p95, the same for the kabupaten scorecard (``indicator_table`` of
the kecamatan, read from the roll-ups, with trend) and for the full table of
village Values (targets, status) the page would build. Wall times depend on
the machine's load: give ``/proc/loadavg`` beside them.

    .venv/bin/python bench/indicators_scorecard.py [--runs 50] [--db NAME] [--keep] [--reuse]
        [--pg postgres://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = "engine_bench_scorecard"
KAB = "73.22"
PROVINCE = "73"


def psql(admin: str, sql: str) -> None:
    subprocess.run(["psql", admin, "-qc", sql], check=True)  # noqa: S603, S607


def timed(fn: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Run *fn* *runs* times; return its wall times and this process's CPU times (ms)."""
    wall, cpu = [], []
    for _ in range(runs):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return wall, cpu


def figures(wall: list[float], cpu: list[float]) -> str:
    load = Path("/proc/loadavg").read_text().split()[0]
    return (
        f"p50 {percentile(wall, 0.5):.1f} ms, p95 {percentile(wall, 0.95):.1f} ms "
        f"(process CPU p50 {percentile(cpu, 0.5):.1f} ms, p95 {percentile(cpu, 0.95):.1f} ms; "
        f"load average {load})"
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument("--db", default=DB, help="name of the database to create")
    parser.add_argument(
        "--reuse", action="store_true", help="time the facts a --keep run left (no rebuild)"
    )
    args = parser.parse_args()
    if args.reuse:
        args.keep = True
    else:
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


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from balai.indicators import registry
    from balai.indicators.periods import Period, add_months, period_of
    from balai.indicators.selectors import grid, indicator_table
    from balai.indicators.services import rollup_rebuild
    from balai.regions.loading import load_regions
    from balai.regions.models import Area, Level

    call_command("migrate", verbosity=0)
    # As the web server does after start-up (config/wsgi.py): what Django and
    # the registries loaded moves to the permanent generation.
    gc.freeze()
    if not args.reuse:
        t0 = time.perf_counter()
        load_regions()
        print(f"region tree loaded: {time.perf_counter() - t0:.1f} s")
    villages = list(
        Area.objects.filter(code__startswith=PROVINCE + ".", level=Level.DESA_KELURAHAN)
        .order_by("code")
        .values_list("code", flat=True)
    )
    in_kab = [v for v in villages if v.startswith(KAB + ".")]
    indicators = registry.all_indicators()
    last = date(2026, 11, 1)
    months = [add_months(last, -i) for i in range(args.months)][::-1]
    periods: dict[str, list[Period]] = {
        t: sorted({period_of(m, t) for m in months}) for t in ("M", "Q", "Y")
    }
    from balai.indicators.models import IndicatorFact

    if args.reuse:  # time only the indicators a previous run synthesised
        indicators = [
            i for i in indicators if IndicatorFact.objects.filter(indicator=i.code).exists()
        ]
    rng = random.Random(7)
    buf = io.StringIO()
    rows = 0
    for ind in indicators if not args.reuse else []:
        # An indicator declared above the village has facts keyed to that level.
        areas = sorted({v[: ind.level_length] for v in villages})
        for type_ in ind.period_types:
            for p in periods[type_]:
                for village in areas:
                    den = rng.randint(1, 400)
                    buf.write(
                        f"{ind.code}\t{village}\t{type_}\t{p.start}\t{rng.randint(0, den)}\t{den}"
                        "\t2026-11-30 00:00:00+00\n"
                    )
                    rows += 1
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        if args.reuse:
            rows = IndicatorFact.objects.count()
        else:
            with cur.copy(
                "COPY indicators_indicatorfact (indicator, area_id, period_type, period_start, "
                "numerator, denominator, computed_at) FROM STDIN"
            ) as copy:
                copy.write(buf.getvalue())
        # What autovacuum does to a table after a bulk load (visibility map:
        # index-only scans).
        cur.execute("VACUUM ANALYZE indicators_indicatorfact")
    if not args.reuse:  # the roll-ups the refresh would have written with the facts
        t1 = time.perf_counter()
        rollups = rollup_rebuild()
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE indicators_indicatorrollup")
        print(
            f"roll-ups rebuilt from the facts: {rollups:,} rows in {time.perf_counter() - t1:.1f} s"
        )
    print(
        ("REUSED " if args.reuse else "")
        + f"SYNTHESISED facts (not computed from records): {rows:,} rows for {len(villages):,} "
        f"villages of province {PROVINCE} ({len(in_kab)} in {KAB}), {len(indicators)} indicators, "
        f"{args.months} months: copied in {time.perf_counter() - t0:.1f} s"
    )
    codes = [i.code for i in indicators]
    wanted = [p for t in ("M", "Q", "Y") for p in periods[t]]
    cells = len(grid(codes=codes, within=KAB, periods=wanted))
    timings = timed(lambda: grid(codes=codes, within=KAB, periods=wanted), args.runs)
    print(
        f"grid read ({cells:,} facts: {len(in_kab)} villages x {len(codes)} indicators x "
        f"{args.months} months and their quarters/years), {args.runs} runs: {figures(*timings)}"
    )
    kab = Area.objects.get(code=KAB)
    kec = indicator_table(indicators=indicators, area=kab, periods=wanted, children=True)
    # Only its size is printed: a server process holds no earlier request's table,
    # and tens of thousands of live Values would be walked by every full collection.
    kec_rows, kec_values = len(kec.rows), len(kec.cells)
    del kec

    def kabupaten_table() -> None:
        """The table and what a page reads of every cell: value, status, trend, display."""
        table = indicator_table(indicators=indicators, area=kab, periods=wanted, children=True)
        shown = [(v.status, v.trend, v.display) for v in table.cells.values()]
        assert len(shown) == len(table.cells)

    timings = timed(kabupaten_table, args.runs)
    print(
        f"kabupaten scorecard ({kec_rows} kecamatan x {len(codes)} indicators x "
        f"{args.months} months and their quarters/years, each in the period types it is "
        f"computed for = {kec_values:,} values, with "
        f"status and trend; from the roll-ups), {args.runs} runs: {figures(*timings)}"
    )
    from balai.boards.selectors import KECAMATAN, scorecard

    month = periods["M"][-1]
    every_monthly = [i for i in indicators if "M" in i.period_types]

    def kabupaten_page() -> None:
        """The kabupaten scorecard page's read: kecamatan x every monthly indicator, one month."""
        card = scorecard(area=kab, indicators=every_monthly, period=month, rows_at=KECAMATAN)
        shown = [(row.met, [(v.display, v.trend) for v in row.cells]) for row in card.rows]
        assert len(shown) == len(card.rows)

    timings = timed(kabupaten_page, args.runs)
    print(
        f"kabupaten scorecard page read (boards.selectors.scorecard: kecamatan x "
        f"{len(every_monthly)} monthly indicators, {month.key} and the month before), "
        f"{args.runs} runs: {figures(*timings)}"
    )
    monthly = [i for i in indicators if "M" in i.period_types]
    runs = max(5, args.runs // 5)
    timings = timed(
        lambda: indicator_table(
            indicators=monthly, area=kab, periods=periods["M"], rows_at=13, trend=False
        ),
        runs,
    )
    print(
        f"full Value table (targets, status; {len(in_kab)} villages x {len(monthly)} monthly "
        f"indicators x {args.months} months), {runs} runs: {figures(*timings)}"
    )


if __name__ == "__main__":
    main()
