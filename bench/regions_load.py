"""Time `balai regions load` (first load and idempotent re-run) on SQLite and PostgreSQL.

Run: .venv/bin/python bench/regions_load.py [--pg postgres://postgres@127.0.0.1:5432/test]
Each database is created fresh; prints seconds per run. Goal: <= 30 s per load.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BALAI = [sys.executable, "-m", "balai.manage"]


def run(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([*BALAI, *args], env=env, check=True, capture_output=True)  # noqa: S603
    return time.perf_counter() - started


def measure(label: str, env: dict[str, str]) -> None:
    run(env, "migrate", "--noinput")
    first = run(env, "regions", "load")
    second = run(env, "regions", "load")
    print(f"{label:<11} first load {first:5.1f} s   second run (no changes) {second:5.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = {**os.environ, "DEBUG": "True", "BALAI_VAR_DIR": tmp}
        base.pop("DATABASE_URL", None)
        print("balai regions load: 91,599 Kemendagri areas (wall time incl. process start)")
        measure("SQLite", base)
        admin = args.pg
        db = "balai_bench_regions"
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {db}"], check=True)  # noqa: S603, S607
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {db}"], check=True)  # noqa: S603, S607
        url = admin.rsplit("/", 1)[0] + "/" + db
        measure("PostgreSQL", {**base, "DATABASE_URL": url})
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE {db}"], check=True)  # noqa: S603, S607


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
