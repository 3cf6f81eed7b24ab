"""Rate limits count in a cache every process shares (database table or Redis).

Each "process" here is a real ``balai`` process on the same database (or
Redis), as gunicorn workers or two servers would be.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

from balai.core.env import cache_config

BALAI = str(Path(sys.executable).with_name("balai"))
REDIS_URL = "redis://127.0.0.1:6379/2"


def run(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 -- our own console script
        [BALAI, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def attempts(
    env: dict[str, str], ip: str, count: int, limit: int, start: float = 0.0
) -> subprocess.Popen[str]:
    """Start a process that makes *count* filings from *ip* (from time *start*).

    It prints how many passed.
    """
    code = (
        "import time\n"
        "from django.test.utils import override_settings\n"
        "from balai.complaints import ratelimit\n"
        f"time.sleep(max(0.0, {start} - time.time()))\n"
        f"with override_settings(COMPLAINTS_RATE_LIMIT=({limit}, 600)):\n"
        f"    print(sum(ratelimit.allow({ip!r}) for _i in range({count})))\n"
    )
    return run(env, "shell", "-c", code)


def passed(process: subprocess.Popen[str]) -> int:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return int(out.strip().splitlines()[-1])


def environment(tmp_path: Path, cache_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="balai.config.settings",
        BALAI_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'balai.sqlite3'}",
        CACHE_URL=cache_url,
        DEBUG="True",
    )
    return env


def check_shared(env: dict[str, str]) -> None:
    ip = f"203.0.113.{secrets.randbelow(250) + 1}"
    assert passed(attempts(env, ip, 3, 5)) == 3
    assert passed(attempts(env, ip, 3, 5)) == 2  # the other process's 3 count here
    # Two processes at once: exactly the limit passes, no lost increments.
    ip = f"198.51.100.{secrets.randbelow(250) + 1}"
    start = time.time() + 4  # both started up by then
    both = [attempts(env, ip, 60, 80, start), attempts(env, ip, 60, 80, start)]
    assert sum(passed(p) for p in both) == 80


def test_database_cache_is_shared_by_processes_and_made_by_migrate(tmp_path: Path) -> None:
    env = environment(tmp_path, "")
    migrate = run(env, "migrate", "--noinput", "-v0")
    _out, err = migrate.communicate(timeout=300)
    assert migrate.returncode == 0, err
    check_shared(env)


def redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


@pytest.mark.skipif(not redis_available(), reason="no Redis at 127.0.0.1:6379")
def test_redis_cache_is_shared_by_processes(tmp_path: Path) -> None:
    check_shared(environment(tmp_path, REDIS_URL))


def test_cache_url_picks_the_backend() -> None:
    from balai.core.env import ConfigError

    assert cache_config("")["BACKEND"] == "balai.core.cache.DatabaseCache"
    assert cache_config("db://")["LOCATION"] == "balai_cache"
    assert cache_config(REDIS_URL) == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }
    with pytest.raises(ConfigError):
        cache_config("locmem://")


@pytest.mark.django_db
def test_database_counter_counts_in_a_fixed_window() -> None:
    import time_machine
    from django.core.cache import cache

    from balai.core.cache import count_hit, hits

    with time_machine.travel("2026-03-02 08:00:00+07:00", tick=False) as clock:
        assert [count_hit("uji", 60) for _i in range(3)] == [1, 2, 3]
        clock.shift(59)
        assert count_hit("uji", 60) == 4  # a hit does not move the window's end
        clock.shift(2)
        assert hits("uji") == 0
        assert count_hit("uji", 60) == 1
        cache.set("lain", 5, timeout=10)
        assert cache.incr("lain") == 6
        clock.shift(11)
        assert cache.get("lain") is None  # incr kept the expiry
        with pytest.raises(ValueError, match="not found"):
            cache.incr("lain")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_counter_loses_no_hit_under_concurrency_on_postgresql() -> None:
    import threading

    from django.db import close_old_connections, connection

    from balai.core.cache import count_hit

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    barrier = threading.Barrier(8)
    counts: list[int] = []
    errors: list[BaseException] = []

    def hammer() -> None:
        try:
            barrier.wait()
            counts.extend(count_hit("serbu", 600) for _i in range(25))
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=hammer) for _i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(counts) == list(range(1, 201))  # every hit saw its own count
