"""A kabupaten officer opens the map on a phone: polygons, points, legend, no console error."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from balai.accounts.roles import Office, Role
from balai.facilities.models import PointKind
from balai.facilities.services import servicepoint_create
from balai.indicators.models import IndicatorFact
from balai.indicators.periods import period_of
from balai.indicators.services import rollup_rebuild
from balai.regions.models import Area, AreaBoundary
from balai.regions.services import boundaries_load
from conftest import DESA_PINCARA, KAB_LUTRA, KEL_KAPPUNA, PASSWORD, MakeUser

pytestmark = pytest.mark.django_db(transaction=True)


def test_map_page_draws_polygons_points_and_legend(page: Any, make_user: MakeUser) -> None:
    boundaries_load()
    make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.BAPPEDA, username="bappeda")
    centre = AreaBoundary.objects.get(area_id=DESA_PINCARA)
    servicepoint_create(
        actor=None,
        village=Area.objects.get(code=DESA_PINCARA),
        kind=PointKind.SD,
        name="SD Negeri 1",
        latitude=Decimal(f"{centre.centroid_lat:.5f}"),
        longitude=Decimal(f"{centre.centroid_lng:.5f}"),
    )
    period = period_of(timezone.localdate(), "M")
    IndicatorFact.objects.bulk_create(
        IndicatorFact(
            indicator="spm.surat",
            area_id=code,
            period_type="M",
            period_start=period.start,
            numerator=n,
            denominator=10,
            computed_at=timezone.now(),
        )
        for code, n in ((DESA_PINCARA, 10), (KEL_KAPPUNA, 6))
    )
    rollup_rebuild()  # facts written outside the refresh

    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("bappeda")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page_errors: list[str] = []  # uncaught exceptions are not console messages
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    page.goto("/sarana/peta/?indikator=spm.surat")
    expect(page.get_by_test_id("map")).to_have_attribute("data-ready", "1")
    # Four villages of the mini tree's Luwu Utara have polygons; one SD marker.
    expect(page.locator("#map path.area-shape")).to_have_count(4)
    expect(page.locator("#map path.c-met")).to_have_count(1)
    expect(page.locator("#map path.point")).to_have_count(1)
    expect(page.get_by_test_id("legend")).to_contain_text("Memenuhi target")
    expect(page.get_by_test_id("map-table")).to_contain_text("Pincara")
    box = page.get_by_test_id("map").bounding_box()
    assert box is not None and box["width"] <= 390 and box["height"] >= 200
    assert page_errors == []
