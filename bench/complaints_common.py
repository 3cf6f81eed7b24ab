"""Shared setup of the complaints benchmarks: a fresh PostgreSQL database with the mini tree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADMIN = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
DB = "h_complaints_bench"


def psql(sql: str) -> None:
    subprocess.run(["psql", ADMIN, "-qc", sql], check=True)  # noqa: S603, S607


def setup() -> None:
    """Create the bench database, point Django at it, migrate, load the mini tree."""
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    os.environ["DATABASE_URL"] = ADMIN.rsplit("/", 1)[0] + "/" + DB
    os.environ["DJANGO_SETTINGS_MODULE"] = "balai.config.settings_test"
    os.environ.setdefault("DEBUG", "True")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from balai.complaints.services.categories import category_defaults_ensure
    from balai.regions.loading import load_regions

    call_command("migrate", verbosity=0)
    load_regions(path=ROOT / "src/balai/regions/tests/data/mini_wilayah.csv", retire_missing=False)
    category_defaults_ensure()


def teardown() -> None:
    from django.db import connections

    connections.close_all()
    psql(f"DROP DATABASE IF EXISTS {DB}")
