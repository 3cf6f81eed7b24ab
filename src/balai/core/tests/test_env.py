from __future__ import annotations

from pathlib import Path

import pytest

from balai.core.env import ConfigError, env_bool, env_int, env_list, env_secret, generated_secret


def test_env_bool_is_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X", "True")
    assert env_bool("X") is True
    monkeypatch.setenv("X", "false")
    assert env_bool("X", default=True) is False
    monkeypatch.setenv("X", "1")
    with pytest.raises(ConfigError, match="True or False"):
        env_bool("X")
    monkeypatch.delenv("X")
    assert env_bool("X", default=True) is True


def test_env_int_and_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("N", "12")
    assert env_int("N", 1) == 12
    monkeypatch.setenv("N", "dua")
    with pytest.raises(ConfigError):
        env_int("N", 1)
    monkeypatch.setenv("L", "a.go.id, b.go.id,,")
    assert env_list("L", []) == ["a.go.id", "b.go.id"]


def test_env_secret_reads_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "s"
    secret.write_text("rahasia\n")
    monkeypatch.setenv("S_FILE", str(secret))
    assert env_secret("S") == "rahasia"


def test_generated_secret_is_created_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret_key"
    first = generated_secret(path)
    assert len(first) > 50
    assert generated_secret(path) == first
    assert path.stat().st_mode & 0o777 == 0o600
