"""Backup and restore drills: make data, back up, destroy, restore, compare."""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from balai.accounts.roles import Role
from balai.core import backup as bk
from balai.core.backup import BackupError, Target
from conftest import DESA_PINCARA, KEC_MASAMBA


def _digest(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


CONTENT = [
    "SELECT code, name, level, parent_id FROM regions_area ORDER BY code",
    "SELECT username, password, first_name, phone FROM accounts_user ORDER BY username",
    "SELECT user_id, role, area_id FROM accounts_roleassignment ORDER BY user_id, role",
]


def _content() -> list[str]:
    return [_digest(sql) for sql in CONTENT]


def _backup_path(*args: str) -> Path:
    out = io.StringIO()
    call_command("backup", *args, stdout=out)
    return Path(out.getvalue().strip())


@pytest.fixture
def data(make_user: Any) -> None:
    make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA, username="drill_operator")
    make_user(Role.CAMAT, KEC_MASAMBA, username="drill_camat")


@pytest.mark.django_db(transaction=True)
def test_drill_backup_destroy_restore_gives_back_every_row(tmp_path: Path, data: None) -> None:
    target = Target.default()
    counts = bk.table_counts(target)
    content = _content()
    assert counts["accounts_user"] == 2
    assert counts["regions_area"] > 10

    path = _backup_path("--output", str(tmp_path), "--no-media")
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["tables"] == counts
    assert manifest["engine"] == connection.vendor.replace("postgresql", "postgresql")
    assert "core.0002_worker_heartbeat" in manifest["migrations"]
    dump = next(iter(manifest["files"]))
    assert manifest["files"][dump]["sha256"] == bk.sha256_of(path / dump)

    with connection.cursor() as cursor:  # the disaster
        cursor.execute("UPDATE accounts_user SET active_role_id = NULL, password = 'x'")
        cursor.execute("DELETE FROM accounts_roleassignment")
        cursor.execute("DROP TABLE core_workerheartbeat")
    damaged = bk.table_counts(target)
    assert damaged["accounts_roleassignment"] == 0
    assert "core_workerheartbeat" not in damaged

    with pytest.raises(CommandError, match="tidak kosong"):
        call_command("restore", str(path), "--no-media")
    assert bk.table_counts(target) == damaged  # refused: nothing changed

    out = io.StringIO()
    call_command("restore", str(path), "--no-media", "--force", stdout=out)
    assert "jumlah baris sama dengan manifest" in out.getvalue()
    assert bk.table_counts(target) == counts
    assert _content() == content


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_is_touched(tmp_path: Path, data: None) -> None:
    path = _backup_path("--output", str(tmp_path), "--no-media")
    dump = next(p for p in path.iterdir() if p.name.startswith("database"))
    with dump.open("r+b") as handle:
        handle.seek(100)
        handle.write(b"\x00broken\x00")
    counts = bk.table_counts(Target.default())
    with pytest.raises(CommandError, match="rusak"):
        call_command("restore", str(path), "--no-media", "--force")
    assert bk.table_counts(Target.default()) == counts


def test_a_backup_of_another_engine_is_refused(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps({"engine": "oracle", "files": {}}))
    with pytest.raises(BackupError, match="oracle"):
        bk.restore(path=tmp_path, target=Target(vendor="sqlite", name=str(tmp_path / "x.db")))
    assert not (tmp_path / "x.db").exists()


def test_a_folder_without_manifest_is_not_a_backup(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="bukan cadangan"):
        bk.read_manifest(tmp_path)


def _sqlite_db(path: Path, rows: int) -> Target:
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
        conn.executemany("INSERT INTO t (v) VALUES (?)", [(f"v{i}",) for i in range(rows)])
        conn.execute("CREATE TABLE django_migrations (app TEXT, name TEXT)")
        conn.execute("INSERT INTO django_migrations VALUES ('core', '0001_holidays')")
    return Target(vendor="sqlite", name=str(path))


def test_uploads_are_backed_up_and_restored_with_the_database(tmp_path: Path) -> None:
    source = _sqlite_db(tmp_path / "src.db", 3)
    media = tmp_path / "media"
    (media / "complaints/2026/12").mkdir(parents=True)
    (media / "complaints/2026/12/foto.jpg").write_bytes(b"\xff\xd8jpeg")
    path = bk.backup(target=source, parent=tmp_path / "backups", media_root=media)
    assert set(json.loads((path / "manifest.json").read_text())["files"]) == {
        "database.sqlite3",
        "media.tar.gz",
    }

    restored_media = tmp_path / "media2"
    (restored_media / "old").mkdir(parents=True)
    (restored_media / "old/stale.txt").write_text("x")
    empty = Target(vendor="sqlite", name=str(tmp_path / "new.db"))
    with pytest.raises(BackupError, match="tidak kosong"):
        bk.restore(path=path, target=empty, media_root=restored_media)
    assert (restored_media / "old/stale.txt").exists()
    report = bk.restore(path=path, target=empty, media_root=restored_media, force=True)
    assert report.media_files == 1
    assert (restored_media / "complaints/2026/12/foto.jpg").read_bytes() == b"\xff\xd8jpeg"
    assert not (restored_media / "old/stale.txt").exists()
    assert bk.table_counts(empty) == {"django_migrations": 1, "t": 3}
    assert "core.0002_worker_heartbeat" in report.unapplied_migrations


def test_keep_removes_only_the_oldest_backups(tmp_path: Path) -> None:
    source = _sqlite_db(tmp_path / "src.db", 1)
    parent = tmp_path / "backups"
    (parent / "not-a-backup").mkdir(parents=True)
    made = [
        bk.backup(target=source, parent=parent, keep=2, now=datetime(2026, 12, d, tzinfo=UTC))
        for d in (1, 2, 3)
    ]
    assert sorted(p.name for p in parent.iterdir()) == [
        "balai-20261202T000000Z",
        "balai-20261203T000000Z",
        "not-a-backup",
    ]
    assert not made[0].exists()


def test_two_backups_in_one_second_get_two_directories(tmp_path: Path) -> None:
    source = _sqlite_db(tmp_path / "src.db", 1)
    now = datetime(2026, 12, 3, 1, 2, 3, tzinfo=UTC)
    first = bk.backup(target=source, parent=tmp_path, now=now)
    second = bk.backup(target=source, parent=tmp_path, now=now)
    assert (first.name, second.name) == ("balai-20261203T010203Z", "balai-20261203T010203Z-2")


def test_pg_dump_older_than_the_server_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    target = Target(vendor="postgresql", name="x")
    monkeypatch.setattr(bk, "_server_major", lambda t: 17)
    monkeypatch.setattr(bk, "pg_program", lambda name, major: "/usr/bin/pg_dump")
    monkeypatch.setattr(bk, "program_major", lambda program: 15)
    with pytest.raises(
        BackupError, match="versi 15 tidak dapat bekerja dengan server PostgreSQL 17"
    ):
        bk._checked_program("pg_dump", target)


# ---- PostgreSQL: the same drill into a scratch database ------------------------------


@pytest.fixture
def scratch_database() -> Iterator[Target]:
    source = Target.default()
    name = f"{source.name}_drill_{os.getpid()}"
    admin = Target(**{**source.__dict__, "name": "postgres"})
    with admin.pg_connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Target(**{**source.__dict__, "name": name})
    finally:
        with admin.pg_connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_content(target: Target) -> list[str]:
    with target.pg_connect() as conn, conn.cursor() as cursor:
        digests = []
        for sql in CONTENT:
            cursor.execute(sql)
            digests.append(hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest())
        return digests


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_drill_on_postgresql_restores_into_a_scratch_database(
    tmp_path: Path, data: None, request: pytest.FixtureRequest
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (pg_dump, pg_restore)")
    scratch: Target = request.getfixturevalue("scratch_database")
    source = Target.default()
    counts = bk.table_counts(source)
    content = _pg_content(source)

    path = bk.backup(target=source, parent=tmp_path)
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["pg_dump_version"] >= manifest["server_version"]
    report = bk.restore(path=path, target=scratch)
    assert bk.table_counts(scratch) == counts
    assert _pg_content(scratch) == content
    assert report.unapplied_migrations == []

    with scratch.pg_connect() as conn:  # the disaster
        conn.execute("DROP TABLE accounts_roleassignment CASCADE")
        conn.execute("DELETE FROM regions_area WHERE length(code) > 13")
    damaged = bk.table_counts(scratch)
    with pytest.raises(BackupError, match="tidak kosong"):
        bk.restore(path=path, target=scratch)
    assert bk.table_counts(scratch) == damaged

    bk.restore(path=path, target=scratch, force=True)
    assert bk.table_counts(scratch) == counts
    assert _pg_content(scratch) == content
    with psycopg.connect(
        dbname=scratch.name,
        host=scratch.host or None,
        port=scratch.port or None,
        user=scratch.user or None,
    ) as conn:
        # The trigram index of the registry came back with its extension.
        assert conn.execute(
            "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"
        ).fetchone() == (1,)
