"""Shared fixtures: a small real region tree, users per role, clients."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from balai.accounts.models import User
from balai.accounts.roles import Role
from balai.accounts.services import role_assign, user_create
from balai.regions.loading import load_regions
from balai.regions.models import Area, Level
from balai.regions.services import subarea_create

MINI_TREE = Path(__file__).parent / "src/balai/regions/tests/data/mini_wilayah.csv"
PASSWORD = "Uji-Kata-Sandi-2026"

# Codes in the mini tree (real Kemendagri codes).
KAB_LUTRA = "73.22"
KEC_MALANGKE = "73.22.01"
KEC_MASAMBA = "73.22.03"
DESA_PINCARA = "73.22.03.2004"
KEL_KAPPUNA = "73.22.03.1001"
DESA_PATTIMANG = "73.22.01.2001"
KAB_LUWU = "73.17"


def ensure_tree() -> None:
    """Load the mini tree and a few sub-areas (idempotent)."""
    load_regions(path=MINI_TREE, retire_missing=False)
    if not Area.objects.filter(code=f"{DESA_PINCARA}.01").exists():
        pincara = Area.objects.get(code=DESA_PINCARA)
        dusun = subarea_create(actor=None, parent=pincara, level=Level.DUSUN, name="Dusun Satu")
        subarea_create(actor=None, parent=dusun, level=Level.RT)
        subarea_create(actor=None, parent=dusun, level=Level.RT)
        kappuna = Area.objects.get(code=KEL_KAPPUNA)
        rw = subarea_create(actor=None, parent=kappuna, level=Level.RW)
        subarea_create(actor=None, parent=rw, level=Level.RT)
        pattimang = Area.objects.get(code=DESA_PATTIMANG)
        subarea_create(actor=None, parent=pattimang, level=Level.DUSUN)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        ensure_tree()


def ensure_reference_lists() -> None:
    """Put back the reference lists data migrations seed (transactional tests flush them)."""
    import importlib

    from django.apps import apps

    from balai.finance.models import EarmarkRule
    from balai.innovation.models import RuleSet
    from balai.planning.models import Kegiatan

    seeds = (
        (Kegiatan, "balai.planning.migrations.0002_load_kegiatan_reference"),
        (RuleSet, "balai.innovation.migrations.0002_seed_iid_2023_method"),
        (EarmarkRule, "balai.finance.migrations.0002_earmark_rules_2024_2026"),
    )
    for model, migration in seeds:
        if not model.objects.exists():
            module = importlib.import_module(migration)
            forward = next(op.code for op in module.Migration.operations if hasattr(op, "code"))
            forward(apps, None)


@pytest.fixture
def tree(db: None) -> None:
    """The mini tree and the seeded reference lists (re-created after transactional tests flush them)."""
    ensure_tree()
    ensure_reference_lists()


MakeUser = Callable[..., User]


@pytest.fixture
def make_user(tree: None) -> MakeUser:
    """Return a factory: ``make_user(role, area_code, office="")``."""
    counter = iter(range(1, 10_000))

    def make(
        role: str, area_code: str | None = None, *, office: str = "", username: str = ""
    ) -> User:
        name = username or f"{role}{next(counter)}"
        user = User.objects.filter(username=name).first() or user_create(
            actor=None, username=name, password=PASSWORD, full_name=f"Uji {role}"
        )
        area = Area.objects.get(code=area_code) if area_code else None
        role_assign(actor=None, user=user, role=role, area=area, office=office)
        return user

    return make


@pytest.fixture
def operator(make_user: MakeUser) -> User:
    return make_user(Role.VILLAGE_OPERATOR, DESA_PINCARA, username="op_pincara")


@pytest.fixture
def other_operator(make_user: MakeUser) -> User:
    return make_user(Role.VILLAGE_OPERATOR, DESA_PATTIMANG, username="op_pattimang")


@pytest.fixture
def camat(make_user: MakeUser) -> User:
    return make_user(Role.CAMAT, KEC_MASAMBA, username="camat_masamba")


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def csrf_client() -> Client:
    """A client that enforces CSRF like a browser would meet it (Django's test client skips it).

    Use it for every test of a write that anonymous or bearer callers make.
    """
    return Client(enforce_csrf_checks=True)


def with_csrf(client: Client) -> dict[str, str]:
    """Give *client* a CSRF cookie; return the header that proves it, as a page's script would."""
    from django.middleware.csrf import _get_new_csrf_string

    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    return {"X-CSRFToken": secret}


def close_response(response: Any) -> None:
    """Read and close a test response (downloads hold an open file) without closing the
    test's database connection: Django's ``request_finished`` would close it, as the test
    client itself avoids during a request."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
