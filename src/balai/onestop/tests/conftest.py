"""Fixtures of the one-stop tests: a small catalogue, an MPP, a PATEN desk and a village desk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from balai.onestop.models import Counter, Location, LocationKind, ProviderKind, Service
from balai.onestop.services import catalogue
from balai.regions.models import Area
from conftest import DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, KEL_KAPPUNA

WITA = ZoneInfo("Asia/Makassar")
# A Monday morning in Masamba.
MONDAY = datetime(2026, 3, 16, 9, 0, tzinfo=WITA)
CHANNEL = "Loket pengaduan, SP4N-LAPOR!"


@pytest.fixture(autouse=True)
def _clear_rate_limits(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("django_db") is None:  # the cache lives in the database
        yield
        return
    cache.clear()
    yield
    cache.clear()


def make_service(code: str = "ktp-el", *, wait: int = 30, serve: int = 10) -> Service:
    kab = Area.objects.get(code=KAB_LUTRA)
    provider = catalogue.provider_save(
        actor=None,
        kabupaten=kab,
        code="disdukcapil",
        name="Disdukcapil",
        kind=ProviderKind.DUKCAPIL,
    )
    return catalogue.service_save(
        actor=None,
        provider=provider,
        code=code,
        name=f"Layanan {code}",
        requirements="KK asli\nSurat pengantar desa",
        procedure="Ambil nomor\nSerahkan berkas",
        time_value=1,
        cost=0,
        product="KTP-el",
        complaint_channel=CHANNEL,
        wait_minutes=wait,
        serve_minutes=serve,
        letter_types=["pengantar_ktp"],
    )


@pytest.fixture
def service(tree: None) -> Service:
    return make_service()


@pytest.fixture
def mpp(tree: None) -> Location:
    return catalogue.location_save(
        actor=None,
        code="mpp-7322",
        name="MPP Luwu Utara",
        kind=LocationKind.MPP,
        owner=Area.objects.get(code=KAB_LUTRA),
        area=Area.objects.get(code=KEL_KAPPUNA),
    )


@pytest.fixture
def paten(tree: None) -> Location:
    return catalogue.location_save(
        actor=None,
        code="paten-732203",
        name="PATEN Masamba",
        kind=LocationKind.PATEN,
        owner=Area.objects.get(code=KEC_MASAMBA),
        area=Area.objects.get(code=KEL_KAPPUNA),
    )


@pytest.fixture
def desk(tree: None) -> Location:
    pincara = Area.objects.get(code=DESA_PINCARA)
    return catalogue.location_save(
        actor=None, code="desa-pincara", name="Loket Desa Pincara", kind=LocationKind.DESA,
        owner=pincara, area=pincara,
    )  # fmt: skip


def make_counter(location: Location, services: list[Service], prefix: str = "A", **kw) -> Counter:  # type: ignore[no-untyped-def]
    values = {"daily_quota": 3, "slot_capacity": 2, "slot_minutes": 30}
    values.update(kw)
    return catalogue.counter_save(
        actor=None, location=location, prefix=prefix, name=f"Loket {prefix}", services=services,
        opens_at=time(8, 0), closes_at=time(15, 0), **values,
    )  # fmt: skip


@pytest.fixture
def counter(mpp: Location, service: Service) -> Counter:
    return make_counter(mpp, [service])
