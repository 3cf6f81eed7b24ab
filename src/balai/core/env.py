"""Typed readers for environment variables: the only source of configuration."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class ConfigError(Exception):
    """A configuration variable has a value that cannot be used."""


def env_str(name: str, default: str = "") -> str:
    """Return the variable *name*, or *default* when it is unset or empty."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    """Return a strict boolean: only ``True``/``False`` (any case) are accepted."""
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    if raw.lower() == "true":
        return True
    if raw.lower() == "false":
        return False
    raise ConfigError(f"{name} must be True or False, not {raw!r}")


def env_int(name: str, default: int) -> int:
    """Return the variable *name* as an integer."""
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list of non-empty items."""
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str) -> str:
    """Return a secret from *name*, or from the file named by ``<name>_FILE``."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, "")


def generated_secret(path: Path) -> str:
    """Return the secret kept in *path*, creating it (mode 0600) on first use.

    Lets a fresh checkout run without a committed key while keeping sessions
    valid across restarts.
    """
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value


CACHE_TABLE = "balai_cache"


def cache_config(url: str) -> dict[str, object]:
    """Return Django's cache settings for *url* (the ``CACHE_URL`` variable).

    Empty or ``db://``: a table in the main database, shared by every process
    (``balai migrate`` creates it). ``redis://host:port/db`` or ``rediss://``:
    Redis through Django's own backend. Both hold counters across processes,
    which the rate limits and login throttles need; a per-process memory
    cache would not, so it is not offered.
    """
    scheme = url.split("://", 1)[0].lower() if url else "db"
    if scheme == "db":
        # Counters per address and per user: far more than Django's default
        # 300 entries, whose culling would reset counts at random.
        return {
            "BACKEND": "balai.core.cache.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": 200_000},
        }
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ConfigError(f"CACHE_URL must start with db:// or redis://, not {url!r}")
