"""Backups and restores of Balai's database and uploaded files.

PostgreSQL: ``pg_dump`` in custom format and ``pg_restore``, with the client
programs of the server's major version. SQLite: the online backup API, so the
site can keep running during a backup. Each backup is a directory
``balai-<UTC time>`` holding the database file, ``media.tar.gz`` (uploads) and
``manifest.json``: checksums, Balai's version, the applied migrations and the
row count of every table, which a restore checks against the result.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
PG_DUMP_FILE = "database.dump"
SQLITE_FILE = "database.sqlite3"
MEDIA_FILE = "media.tar.gz"
FORMAT_VERSION = 1
_BACKUP_NAME = re.compile(r"^balai-\d{8}T\d{6}Z(-\d+)?$")


class BackupError(Exception):
    """A backup or restore cannot go ahead; the message says why (in Indonesian)."""


@dataclass(frozen=True)
class Target:
    """A database to back up or restore into."""

    vendor: str  # "postgresql" or "sqlite"
    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, settings_dict: dict[str, Any]) -> Target:
        engine = settings_dict["ENGINE"]
        if "postgresql" in engine:
            vendor = "postgresql"
        elif "sqlite3" in engine:
            vendor = "sqlite"
        else:
            raise BackupError(_("Basis data %(engine)s tidak didukung.") % {"engine": engine})
        return cls(
            vendor=vendor,
            name=str(settings_dict["NAME"]),
            host=str(settings_dict.get("HOST") or ""),
            port=str(settings_dict.get("PORT") or ""),
            user=str(settings_dict.get("USER") or ""),
            password=str(settings_dict.get("PASSWORD") or ""),
        )

    @classmethod
    def from_url(cls, url: str) -> Target:
        return cls.from_settings(dict(dj_database_url.parse(url)))

    @classmethod
    def default(cls) -> Target:
        return cls.from_settings(connections[DEFAULT_DB_ALIAS].settings_dict)

    def pg_env(self) -> dict[str, str]:
        """Return the environment for the PostgreSQL client programs (password not on argv)."""
        env = dict(os.environ)
        for key, value in (
            ("PGHOST", self.host),
            ("PGPORT", self.port),
            ("PGUSER", self.user),
            ("PGPASSWORD", self.password),
            ("PGDATABASE", self.name),
        ):
            if value:
                env[key] = value
        return env

    def pg_connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(
            dbname=self.name,
            host=self.host or None,
            port=self.port or None,
            user=self.user or None,
            password=self.password or None,
            autocommit=True,
        )

    def sqlite_connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.name, uri=self.name.startswith("file:"), timeout=30)


@dataclass
class RestoreReport:
    """What a restore did and found."""

    path: Path
    tables: int = 0
    rows: int = 0
    media_files: int = 0
    unapplied_migrations: list[str] = field(default_factory=list)


# ---- reading a database's state -------------------------------------------------------


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [row[0] for row in rows]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_counts(target: Target) -> dict[str, int]:
    """Return the exact row count of every table of *target*."""
    if target.vendor == "postgresql":
        with target.pg_connect() as conn, conn.cursor() as cursor:
            counts = {}
            for table in _pg_tables(cursor):
                cursor.execute(f"SELECT count(*) FROM {_quote(table)}")  # noqa: S608
                counts[table] = int(cursor.fetchone()[0])  # type: ignore[index]
            return counts
    with closing(target.sqlite_connect()) as lite:
        return {
            table: int(lite.execute(f"SELECT count(*) FROM {_quote(table)}").fetchone()[0])  # noqa: S608
            for table in _sqlite_tables(lite)
        }


def applied_migrations(target: Target) -> list[str]:
    """Return ``app.migration`` for every migration recorded in *target*."""
    sql = "SELECT app, name FROM django_migrations ORDER BY app, name"
    try:
        if target.vendor == "postgresql":
            with target.pg_connect() as conn, conn.cursor() as cursor:
                cursor.execute(sql)
                rows = cursor.fetchall()
        else:
            with closing(target.sqlite_connect()) as lite:
                rows = lite.execute(sql).fetchall()
    except (psycopg.Error, sqlite3.Error):
        return []
    return [f"{app}.{name}" for app, name in rows]


def code_migrations() -> set[str]:
    """Return ``app.migration`` for every migration in the installed code."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


# ---- PostgreSQL client programs ---------------------------------------------------------


def _server_major(target: Target) -> int:
    with target.pg_connect() as conn, conn.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000  # type: ignore[index]


def pg_program(name: str, server_major: int) -> str:
    """Return the path of *name* (pg_dump, pg_restore) for a server of *server_major*.

    ``PG_BIN_DIR`` wins; then Debian's ``/usr/lib/postgresql/<major>/bin``; then PATH.
    """
    candidates = []
    if os.environ.get("PG_BIN_DIR"):
        candidates.append(Path(os.environ["PG_BIN_DIR"]) / name)
    candidates.append(Path(f"/usr/lib/postgresql/{server_major}/bin") / name)
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise BackupError(_("Program %(name)s tidak ditemukan.") % {"name": name})
    return found


def program_major(program: str) -> int:
    """Return the major version of a PostgreSQL client program."""
    out = subprocess.run(  # noqa: S603
        [program, "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"\(PostgreSQL\) (\d+)", out)
    if not match:
        raise BackupError(_("Versi %(program)s tidak dikenali.") % {"program": program})
    return int(match.group(1))


def _checked_program(name: str, target: Target) -> tuple[str, int, int]:
    server = _server_major(target)
    program = pg_program(name, server)
    major = program_major(program)
    if major < server:
        raise BackupError(
            _(
                "%(name)s versi %(client)s tidak dapat bekerja dengan server PostgreSQL "
                "%(server)s. Pasang klien versi %(server)s atau atur PG_BIN_DIR."
            )
            % {"name": name, "client": major, "server": server}
        )
    return program, major, server


def _run(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(
            _("%(program)s gagal: %(error)s")
            % {"program": Path(argv[0]).name, "error": done.stderr.strip()[-2000:]}
        )


# ---- files ------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _new_backup_dir(parent: Path, now: datetime) -> Path:
    parent.mkdir(parents=True, exist_ok=True)
    base = f"balai-{now:%Y%m%dT%H%M%SZ}"
    path = parent / base
    n = 1
    while path.exists():
        n += 1
        path = parent / f"{base}-{n}"
    path.mkdir(mode=0o700)
    return path


def _media_files(media_root: Path) -> Iterator[Path]:
    if media_root.is_dir():
        yield from (p for p in sorted(media_root.rglob("*")) if p.is_file())


def _prune(parent: Path, keep: int) -> list[Path]:
    backups = sorted(p for p in parent.iterdir() if p.is_dir() and _BACKUP_NAME.match(p.name))
    removed = backups[:-keep] if keep > 0 else []
    for old in removed:
        shutil.rmtree(old)
    return removed


# ---- backup -----------------------------------------------------------------------------


def backup(
    *,
    target: Target,
    parent: Path,
    media_root: Path | None = None,
    keep: int = 0,
    now: datetime | None = None,
) -> Path:
    """Back *target* (and the uploads under *media_root*) up into a new directory of *parent*.

    With *keep* > 0, older backups beyond the newest *keep* are removed afterwards.
    Returns the new backup directory.
    """
    now = now or datetime.now(tz=UTC)
    path = _new_backup_dir(parent, now)
    manifest: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "balai_version": importlib.metadata.version("balai"),
        "created_at": now.isoformat(timespec="seconds"),
        "engine": target.vendor,
        "database": Path(target.name).name if target.vendor == "sqlite" else target.name,
        "files": {},
    }
    try:
        if target.vendor == "postgresql":
            program, client, server = _checked_program("pg_dump", target)
            manifest["pg_dump_version"] = client
            manifest["server_version"] = server
            _run(
                [
                    program,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={path / PG_DUMP_FILE}",
                    target.name,
                ],
                target.pg_env(),
            )
            files = [path / PG_DUMP_FILE]
        else:
            with (
                closing(target.sqlite_connect()) as source,
                closing(sqlite3.connect(path / SQLITE_FILE)) as copy,
            ):
                source.backup(copy)
            files = [path / SQLITE_FILE]
        manifest["tables"] = table_counts(target)
        manifest["migrations"] = applied_migrations(target)
        if media_root is not None and any(True for _p in _media_files(media_root)):
            with tarfile.open(path / MEDIA_FILE, "w:gz") as archive:
                for file in _media_files(media_root):
                    archive.add(file, arcname=str(file.relative_to(media_root)))
            files.append(path / MEDIA_FILE)
        for file in files:
            manifest["files"][file.name] = {"sha256": sha256_of(file), "bytes": file.stat().st_size}
        (path / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    if keep:
        _prune(parent, keep)
    return path


# ---- restore ----------------------------------------------------------------------------


def read_manifest(path: Path) -> dict[str, Any]:
    """Return the manifest of backup *path* after checking every file's checksum."""
    try:
        manifest: dict[str, Any] = json.loads((path / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(_("%(path)s bukan cadangan Balai.") % {"path": path}) from exc
    for name, meta in manifest.get("files", {}).items():
        file = path / name
        if not file.exists() or sha256_of(file) != meta["sha256"]:
            raise BackupError(_("Berkas %(name)s rusak atau hilang.") % {"name": name})
    return manifest


def _clear_pg(target: Target) -> None:
    with target.pg_connect() as conn, conn.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")


def _clear_media(media_root: Path) -> None:
    for file in _media_files(media_root):
        file.unlink()


@contextmanager
def _django_connections_closed() -> Iterator[None]:
    """Close Django's connections around a restore, so none holds an old view."""
    connections.close_all()
    yield
    connections.close_all()


def restore(
    *, path: Path, target: Target, media_root: Path | None = None, force: bool = False
) -> RestoreReport:
    """Restore backup *path* into *target*, then check every table's row count.

    Refuses a target that already has tables (or a media directory with files)
    unless *force*, which replaces what is there.
    """
    manifest = read_manifest(path)
    if manifest.get("engine") != target.vendor:
        raise BackupError(
            _("Cadangan ini dari %(backup)s, sedangkan tujuan %(target)s.")
            % {"backup": manifest.get("engine"), "target": target.vendor}
        )
    existing = table_counts(target)
    if existing and not force:
        raise BackupError(
            _("Basis data tujuan tidak kosong (%(n)d tabel). Pakai --force untuk menimpanya.")
            % {"n": len(existing)}
        )
    has_media = MEDIA_FILE in manifest["files"] and media_root is not None
    media_in_use = media_root is not None and any(True for _p in _media_files(media_root))
    if has_media and media_in_use and not force:
        raise BackupError(
            _("Folder berkas unggahan %(path)s tidak kosong. Pakai --force untuk menimpanya.")
            % {"path": media_root}
        )
    with _django_connections_closed():
        if target.vendor == "postgresql":
            program, _client, _server = _checked_program("pg_restore", target)
            if existing:
                _clear_pg(target)
            _run(
                [
                    program,
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    f"--dbname={target.name}",
                    str(path / PG_DUMP_FILE),
                ],
                target.pg_env(),
            )
        else:
            with (
                closing(sqlite3.connect(path / SQLITE_FILE)) as source,
                closing(target.sqlite_connect()) as dest,
            ):
                source.backup(dest)
    report = RestoreReport(path=path)
    if has_media and media_root is not None:
        media_root.mkdir(parents=True, exist_ok=True)
        _clear_media(media_root)
        with tarfile.open(path / MEDIA_FILE, "r:gz") as archive:
            members = archive.getmembers()
            archive.extractall(media_root, filter="data")
        report.media_files = sum(1 for m in members if m.isfile())
    restored = table_counts(target)
    if restored != manifest["tables"]:
        differ = sorted(
            t
            for t in set(restored) | set(manifest["tables"])
            if restored.get(t) != manifest["tables"].get(t)
        )
        raise BackupError(
            _("Hasil pemulihan berbeda dari cadangan pada tabel: %(tables)s")
            % {"tables": ", ".join(differ[:20])}
        )
    report.tables = len(restored)
    report.rows = sum(restored.values())
    report.unapplied_migrations = sorted(code_migrations() - set(applied_migrations(target)))
    return report


def default_parent() -> Path:
    """Return ``BACKUP_DIR``, or ``backups`` under Balai's var directory."""
    configured = getattr(settings, "BACKUP_DIR", "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "backups"
