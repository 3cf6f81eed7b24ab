"""The deployment files parse and run real commands; every setting is documented."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command, get_commands

from balai.core.management.commands.serve import server_argv

ROOT = Path(__file__).resolve().parents[4]
DEPLOY = ROOT / "deploy"
SETTINGS = ROOT / "src/balai/config/settings.py"
UNITS = sorted((DEPLOY / "systemd").glob("*.service")) + sorted(
    (DEPLOY / "systemd").glob("*.timer")
)


def _unit(path: Path) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text())
    return parser


def _balai_command(argv: list[str]) -> str | None:
    """Return the management command of a ``balai ...`` command line, if it is one."""
    for i, word in enumerate(argv):
        if word == "balai" or word.endswith("/bin/balai"):
            return argv[i + 1].rstrip(";")
    return None


def test_the_units_have_their_sections_and_run_real_balai_commands() -> None:
    names = {p.name for p in UNITS}
    assert {
        "balai-web.service",
        "balai-worker.service",
        "balai-escalate.service",
        "balai-escalate.timer",
        "balai-apbdes-clock.service",
        "balai-apbdes-clock.timer",
        "balai-indicators.service",
        "balai-indicators.timer",
        "balai-backup.service",
        "balai-backup.timer",
    } <= names
    commands = get_commands()
    for path in UNITS:
        unit = _unit(path)
        assert unit.has_section("Unit"), path.name
        assert unit.get("Unit", "Description"), path.name
        if path.suffix == ".timer":
            assert unit.get("Timer", "Unit") in names, path.name
            assert unit.get("Install", "WantedBy") == "timers.target"
            continue
        service = dict(unit.items("Service"))
        argv = shlex.split(service["ExecStart"])
        assert argv[0] == "/opt/balai/.venv/bin/balai", path.name
        assert argv[1] in commands, path.name
        assert service["User"] == "balai"
        # Secrets come from credential files, never from the unit itself.
        assert "SECRET_KEY=" not in path.read_text().replace("SECRET_KEY_FILE=", "")


def test_the_escalation_runs_every_five_minutes() -> None:
    timer = _unit(DEPLOY / "systemd/balai-escalate.timer")
    assert timer.get("Timer", "OnCalendar") == "*:0/5"
    service = _unit(DEPLOY / "systemd/balai-escalate.service")
    assert service.get("Service", "Type") == "oneshot"
    assert "complaints_escalate" in service.get("Service", "ExecStart")


def test_the_apbdes_evaluation_clock_runs_every_hour_on_both_deployments() -> None:
    timer = _unit(DEPLOY / "systemd/balai-apbdes-clock.timer")
    assert timer.get("Timer", "OnCalendar") == "hourly"
    service = _unit(DEPLOY / "systemd/balai-apbdes-clock.service")
    assert service.get("Service", "Type") == "oneshot"
    assert service.get("Service", "ExecStart").endswith("balai apbdes_evaluation_clock")
    script = _compose()["services"]["apbdes-clock"]["command"][-1]
    assert "balai apbdes_evaluation_clock" in script and "sleep 3600" in script
    assert "balai-apbdes-clock.timer" in (ROOT / "docs/deploy.md").read_text()


def test_every_indicator_fact_is_refreshed_nightly_on_both_deployments() -> None:
    timer = _unit(DEPLOY / "systemd/balai-indicators.timer")
    assert timer.get("Timer", "OnCalendar") == "*-*-* 02:30"
    service = _unit(DEPLOY / "systemd/balai-indicators.service")
    assert service.get("Service", "Type") == "oneshot"
    assert service.get("Service", "ExecStart").endswith("balai indicators refresh --all")
    script = _compose()["services"]["indicators"]["command"][-1]
    assert "balai indicators refresh --all" in script and "sleep 86400" in script
    assert "balai-indicators.timer" in (ROOT / "docs/deploy.md").read_text()


def _compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return data


def test_the_compose_file_has_the_database_web_worker_and_escalation() -> None:
    compose = _compose()
    services = compose["services"]
    assert {"db", "migrate", "web", "worker", "escalate"} <= set(services)
    commands = get_commands()
    for name in ("migrate", "web", "worker", "escalate", "apbdes-clock", "indicators"):
        service = services[name]
        assert service["build"]["dockerfile"] == "deploy/Dockerfile"
        script = service["command"]
        words = shlex.split(script[-1]) if script[0] == "sh" else script
        assert _balai_command(words) in commands, name
        env = service["environment"]
        assert env["SECRET_KEY_FILE"] == "/run/secrets/secret_key"
        assert env["DATABASE_PASSWORD_FILE"] == "/run/secrets/db_password"
        assert "SECRET_KEY" not in env
        assert "PASSWORD" not in env["DATABASE_URL"].split("@")[0].split("//")[1]
        assert set(service["secrets"]) == {"secret_key", "db_password"}
    assert services["db"]["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/db_password"
    assert "readyz" in " ".join(services["web"]["healthcheck"]["test"])
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]
    assert set(compose["secrets"]) == {"secret_key", "db_password"}
    assert (DEPLOY / "Dockerfile").exists()


def test_serve_builds_the_gunicorn_and_granian_command_lines() -> None:
    gunicorn = server_argv("gunicorn", host="127.0.0.1", port=8131, workers=3, threads=2)
    assert gunicorn[1:4] == ["-m", "gunicorn", "balai.config.wsgi:application"]
    assert "python:balai.config.gunicorn" in gunicorn
    assert gunicorn[gunicorn.index("--bind") + 1] == "127.0.0.1:8131"
    granian = server_argv("granian", host="0.0.0.0", port=8000, workers=2, threads=4)  # noqa: S104
    assert granian[granian.index("--interface") + 1] == "wsgi"
    assert granian[granian.index("--blocking-threads") + 1] == "4"
    assert Path(granian[granian.index("--log-config") + 1]).exists()


def test_serve_print_shows_the_command_without_running_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("serve", "--print", "--server", "granian", "--port", "8139", "--workers", "1")
    out = capsys.readouterr().out
    assert "-m granian balai.config.wsgi:application" in out
    assert "--port 8139" in out


def test_every_setting_read_from_the_environment_is_documented() -> None:
    read = set(re.findall(r'env_\w+\(\s*"([A-Z0-9_]+)"', SETTINGS.read_text()))
    documented = set(
        re.findall(r"^([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), flags=re.MULTILINE)
    )
    assert read - documented == set()
    assert {"DATABASE_REPLICA_URL", "LOG_FORMAT", "BACKUP_DIR", "DATABASE_PASSWORD"} <= read
