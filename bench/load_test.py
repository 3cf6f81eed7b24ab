"""Load test: 200 users of one kabupaten against Balai's web servers, loopback only.

Run (needs the bench extra: ``make bench-load`` installs it and runs this):

    .venv/bin/python bench/load_test.py --database-url postgres://postgres@127.0.0.1:5432/balai_load \\
        [--servers granian,gunicorn,runserver] [--users 200] [--minutes 5] [--port 8131]

For each server it starts ``balai serve --server S`` (or one ``runserver``
process, DEBUG off) on 127.0.0.1, runs ``bench/load/locustfile.py`` headless
against it for the given time, stops it and prints requests per second,
errors and the p95 per endpoint, then the ratio of each server's throughput
to the development server's. The database must hold the demo kabupaten
(``balai demo``); the run files complaints into it. Everything is bounded:
each run stops after --minutes, and the server is stopped after it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOCUSTFILE = ROOT / "bench" / "load" / "locustfile.py"
P95_TARGET_MS = 300


@dataclass
class Row:
    name: str
    requests: int
    failures: int
    p50: float
    p95: float
    rps: float


def server_env(database_url: str, var_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "BALAI_VAR_DIR": var_dir,
            "DEBUG": "False",
            # Plain http on loopback: no HTTPS redirect, cookies without Secure.
            "SECURE_SSL_REDIRECT": "False",
            "SESSION_COOKIE_SECURE": "False",
            "CSRF_COOKIE_SECURE": "False",
            "SECURE_HSTS_SECONDS": "0",
            # As behind the reverse proxy: filers' addresses come from X-Forwarded-For.
            "BEHIND_PROXY": "True",
        }
    )
    return env


def start(server: str, port: int, workers: int, threads: int, env: dict[str, str], log: Path):
    balai = str(BIN / "balai")
    if server == "runserver":
        # One process, one thread: one request (and one database connection) at a time.
        argv = [balai, "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"]
    else:
        argv = [balai, "serve", "--server", server, "--port", str(port)]
        argv += ["--workers", str(workers), "--threads", str(threads)]
    handle = log.open("w")
    proc = subprocess.Popen(  # noqa: S603
        argv, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.5)
    stop(proc)
    raise SystemExit(f"{server} did not become ready; see {log}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def warm(port: int) -> None:
    """Touch the pages every worker renders first, so start-up is not measured."""
    for path in ("/akun/masuk/", "/pengaduan/", "/healthz") * 10:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30):
            pass


def run_locust(port: int, users: int, minutes: float, spawn_rate: float, prefix: Path) -> None:
    argv = [
        str(BIN / "locust"),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        f"{int(minutes * 60)}s",
        "--stop-timeout",
        "15",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    subprocess.run(argv, check=False, timeout=minutes * 60 + 120)  # noqa: S603


def read_stats(prefix: Path) -> list[Row]:
    rows = []
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for rec in csv.DictReader(handle):
            rows.append(
                Row(
                    name=f"{rec['Type']} {rec['Name']}".strip(),
                    requests=int(rec["Request Count"]),
                    failures=int(rec["Failure Count"]),
                    p50=float(rec["50%"] or 0),
                    p95=float(rec["95%"] or 0),
                    rps=float(rec["Requests/s"]),
                )
            )
    return rows


def report(server: str, rows: list[Row]) -> float:
    total = next(r for r in rows if r.name.endswith("Aggregated"))
    print(
        f"\n== {server}: {total.rps:.1f} req/s, {total.requests} requests, "
        f"{total.failures} errors, p50 {total.p50:.0f} ms, p95 {total.p95:.0f} ms"
    )
    print(f"{'endpoint':<52} {'n':>6} {'err':>4} {'p50':>6} {'p95':>6}")
    for r in sorted(rows, key=lambda r: -r.p95):
        if r is total:
            continue
        flag = "  > 300 ms" if r.p95 > P95_TARGET_MS else ""
        print(f"{r.name:<52} {r.requests:>6} {r.failures:>4} {r.p50:>6.0f} {r.p95:>6.0f}{flag}")
    return total.rps


def server_side(log: Path) -> str:
    """Return the p50/p95 of the time spent inside Balai, from its JSON access lines."""
    durations = []
    for line in log.read_text(errors="replace").splitlines():
        if '"balai.access"' in line:
            try:
                durations.append(float(json.loads(line)["duration_ms"]))
            except (ValueError, KeyError):
                continue
    if not durations:
        return "no access lines"
    durations.sort()
    p50 = durations[len(durations) // 2]
    p95 = durations[int(len(durations) * 0.95)]
    return (
        f"inside Balai (access log, {len(durations)} requests): p50 {p50:.0f} ms, p95 {p95:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--servers", default="granian,gunicorn,runserver")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--spawn-rate", type=float, default=4)
    parser.add_argument("--port", type=int, default=8131)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", default="", help="keep CSVs and server logs here")
    args = parser.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="balai-load-"))
    out.mkdir(parents=True, exist_ok=True)
    var_dir = out / "var"
    env = server_env(args.database_url, str(var_dir))
    subprocess.run(  # noqa: S603
        [str(BIN / "balai"), "collectstatic", "--noinput", "-v0"], env=env, check=True
    )
    print(
        f"{args.users} users, {args.minutes} min each, spawn {args.spawn_rate}/s, "
        f"{args.workers} workers x {args.threads} threads, {os.cpu_count()} CPUs; files in {out}"
    )
    results: dict[str, float] = {}
    for server in [s.strip() for s in args.servers.split(",") if s.strip()]:
        proc = start(server, args.port, args.workers, args.threads, env, out / f"{server}.log")
        try:
            warm(args.port)
            run_locust(args.port, args.users, args.minutes, args.spawn_rate, out / server)
        finally:
            stop(proc)
        results[server] = report(server, read_stats(out / server))
        print(server_side(out / f"{server}.log"))
    base = results.get("runserver")
    if base:
        print()
        for server, rps in results.items():
            print(f"{server}: {rps:.1f} req/s = {rps / base:.2f} x one runserver process")


if __name__ == "__main__":
    main()
