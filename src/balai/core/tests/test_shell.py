from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from balai.accounts.models import User
from balai.accounts.roles import Role
from balai.core import audit
from balai.regions.models import Area, Level
from balai.regions.services import subarea_create
from balai.web.demo import build_demo
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, MakeUser, login

SNAPSHOT = Path(__file__).parent / "openapi.json"


@pytest.mark.django_db
def test_home_shows_role_area_and_what_needs_attention(make_user: MakeUser) -> None:
    op = make_user(Role.VILLAGE_OPERATOR, "73.22.01.2002")
    page = login(op).get("/")
    body = page.content.decode()
    assert "Operator Desa" in body
    assert "73.22.01.2002" in body
    assert "belum memiliki data dusun/RW/RT" in body
    Area.objects.get(code="73.22.01.2002")
    subarea_create(actor=None, parent=Area.objects.get(code="73.22.01.2002"), level=Level.DUSUN)
    assert "belum memiliki data" not in login(op).get("/").content.decode()


@pytest.mark.django_db
def test_camat_home_counts_villages_without_subareas(camat: object) -> None:
    items = login(camat).get("/").context["items"]  # type: ignore[arg-type]
    assert [(i.count, i.url) for i in items] == [(0, "")] or items == []
    Area.objects.filter(parent__code=DESA_PINCARA).update(
        parent=Area.objects.get(code=DESA_PATTIMANG)
    )
    items = login(camat).get("/").context["items"]  # type: ignore[arg-type]
    assert [i.count for i in items] == [1]


@pytest.mark.django_db
def test_friendly_404_page_is_indonesian(tree: None) -> None:
    response = Client().get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


@pytest.mark.django_db
def test_403_page_is_indonesian(operator: object) -> None:
    response = login(operator).post(f"/wilayah/{DESA_PATTIMANG}/tambah/", {"level": "dusun"})  # type: ignore[arg-type]
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


@pytest.mark.django_db
def test_english_is_available(tree: None) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/akun/masuk/")
    assert page.status_code == 200
    assert '<html lang="en">' in page.content.decode()


@pytest.mark.django_db
def test_forwarded_for_is_ignored_unless_behind_a_proxy(operator: object) -> None:
    client = login(operator)  # type: ignore[arg-type]
    client.post(
        f"/wilayah/{DESA_PINCARA}/tambah/",
        {"level": "dusun"},
        headers={"x-forwarded-for": "6.6.6.6"},
    )
    entry = LogEntry.objects.filter(
        action=LogEntry.Action.CREATE, object_pk=f"{DESA_PINCARA}.02"
    ).get()
    assert entry.remote_addr == "127.0.0.1"
    with override_settings(BEHIND_PROXY=True, TRUSTED_PROXY_COUNT=1):
        client.post(
            f"/wilayah/{DESA_PINCARA}/tambah/",
            {"level": "dusun"},
            headers={"x-forwarded-for": "6.6.6.6, 10.1.2.3"},  # forged, then what nginx saw
        )
    entry = LogEntry.objects.filter(
        action=LogEntry.Action.CREATE, object_pk=f"{DESA_PINCARA}.03"
    ).get()
    assert entry.remote_addr == "10.1.2.3"


@pytest.mark.django_db
def test_record_view_logs_who_looked(operator: object) -> None:
    area = Area.objects.get(code=DESA_PINCARA)
    audit.record_view(actor=operator, obj=area, purpose="uji")
    entry = audit.entries_for(area).get(action=LogEntry.Action.ACCESS)
    assert entry.actor == operator
    assert entry.additional_data == {"event": "viewed", "purpose": "uji"}


@pytest.mark.django_db
def drop_subareas() -> None:
    from balai.accounts.models import RoleAssignment

    User.objects.filter(roles__area__level__in=["dusun", "rw", "rt"]).update(active_role=None)
    RoleAssignment.objects.filter(area__level__in=["dusun", "rw", "rt"]).delete()
    for level in ("rt", "rw", "dusun"):  # children first: parents are protected
        Area.objects.filter(code__within=KAB_LUTRA, level=level).delete()


@pytest.mark.django_db
def test_demo_is_idempotent_and_deterministic(tree: None) -> None:
    drop_subareas()
    created, logins, _lines = build_demo(seed=7, modules=False)
    snapshot = list(Area.objects.filter(code__within=KAB_LUTRA).values_list("code", "name"))
    again, logins_again, _lines = build_demo(seed=7, modules=False)
    assert again == 0
    assert logins == logins_again
    assert list(Area.objects.filter(code__within=KAB_LUTRA).values_list("code", "name")) == snapshot
    assert created == len([c for c, _n in snapshot if c.count(".") > 3])
    assert {u.username for u in User.objects.all()} >= {
        "admin",
        "camat",
        "operator",
        "rt",
        "warga",
        "dinkes",
    }
    camat = User.objects.get(username="camat")
    assert camat.roles.get().area_id == KEC_MASAMBA
    assert User.objects.get(username="rw").roles.get().area.level == Level.RW
    assert User.objects.get(username="sekdes").roles.count() == 2


@pytest.mark.django_db
def test_demo_seed_changes_the_structure(tree: None) -> None:
    def structure(seed: int) -> list[str]:
        drop_subareas()
        build_demo(seed=seed, modules=False)
        return list(Area.objects.filter(code__within=KAB_LUTRA).values_list("code", flat=True))

    assert structure(1) != structure(2)


@pytest.mark.django_db(transaction=True)
def test_worker_runs_a_queued_task(tree: None) -> None:
    from balai.regions.tasks import regions_load_task

    mini = Path(__file__).parents[2] / "regions/tests/data/mini_wilayah.csv"
    backend = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with override_settings(TASKS=backend):
        result = regions_load_task.enqueue(str(mini))
        call_command("worker", "--batch")
        result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value["unchanged"]["desa_kelurahan"] == 9


def test_openapi_matches_the_snapshot() -> None:
    from balai.config.api import api

    schema = json.loads(json.dumps(api.get_openapi_schema(), sort_keys=True, default=str))
    if not SNAPSHOT.exists():  # first run writes it; review the file in the diff
        SNAPSHOT.write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert schema == json.loads(SNAPSHOT.read_text(encoding="utf-8")), (
        "API contract changed: delete src/balai/core/tests/openapi.json, rerun, review the diff"
    )


def test_check_deploy_passes_with_production_settings(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "balai.config.settings",
        "SECRET_KEY": "k" * 64 + "-production-like-secret-value",
        "ALLOWED_HOSTS": "balai.example.go.id",
        "BALAI_VAR_DIR": str(tmp_path),
    }
    run = subprocess.run(
        [sys.executable, "-m", "balai.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    # The only warning allowed is the missing holiday data of next year
    # (core.W001), which depends on today's date.
    issues = set(re.findall(r"\(([a-z_]+\.[EW]\d+)\)", run.stdout + run.stderr))
    assert issues <= {"core.W001"}, run.stdout + run.stderr
    assert run.returncode == 0 or issues, run.stdout + run.stderr


@pytest.mark.django_db
def test_unknown_url_shows_the_plain_404_text_not_an_exception_name(tree: None) -> None:
    body = Client().get("/tidak/ada/").content.decode()
    assert "Resolver404" not in body
    assert "Halaman atau data yang Anda cari tidak ada." in body
