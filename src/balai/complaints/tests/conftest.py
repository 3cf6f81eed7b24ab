"""Fixtures of the complaints tests: default categories and a filing helper."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from balai.complaints import services
from balai.complaints.models import Category, Channel, Complaint
from balai.complaints.services.categories import category_defaults_ensure
from balai.regions.models import Area
from conftest import DESA_PINCARA

WITA = ZoneInfo("Asia/Makassar")
# Monday before Nyepi and Idul Fitri 2026: the next working days are
# Tue 17 Mar, then (cuti bersama, holidays, weekend) Wed 25 and Thu 26 Mar.
MONDAY = datetime(2026, 3, 16, 10, 0, tzinfo=WITA)


@pytest.fixture(autouse=True)
def _clear_rate_limits(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("django_db") is None:  # the cache lives in the database
        yield
        return
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def categories(tree: None) -> dict[str, Category]:
    category_defaults_ensure()
    return {c.code: c for c in Category.objects.filter(kabupaten=None)}


FileComplaint = Callable[..., Complaint]


@pytest.fixture
def file_complaint(categories: dict[str, Category]) -> FileComplaint:
    """Return ``make(category="infrastruktur", area=DESA_PINCARA, now=MONDAY, **kw)``."""

    def make(
        category: str = "infrastruktur",
        area: str = DESA_PINCARA,
        now: datetime = MONDAY,
        **kwargs: Any,
    ) -> Complaint:
        defaults: dict[str, Any] = {
            "title": "Jalan rusak",
            "description": "Jalan tani berlubang.",
            "channel": Channel.WEB,
            "reporter_name": "Andi",
            "reporter_phone": "081234567890",
            "reporter_email": "andi@example.org",
        }
        defaults.update(kwargs)
        filed = services.complaint_file(
            actor=None,
            area=Area.objects.get(code=area),
            category=categories[category],
            now=now,
            **defaults,
        )
        filed.complaint.tracking_code = filed.tracking_code  # type: ignore[attr-defined]
        return filed.complaint

    return make
