"""The demo builder: rolls of two school years with some children missing, idempotent."""

from __future__ import annotations

import pytest

from balai.core.demo import DemoOptions
from balai.education import demo
from balai.education.models import Enrolment
from balai.education.selectors import children_of_band
from balai.facilities import demo as facilities_demo
from balai.facilities.models import SCHOOL_KINDS, ServicePoint
from balai.regions.models import Area
from balai.registry import demo as registry_demo
from conftest import KAB_LUTRA

pytestmark = pytest.mark.django_db


def test_demo_rolls_leave_some_children_out_and_are_idempotent(tree: None) -> None:
    kabupaten = Area.objects.get(code=KAB_LUTRA)
    options = DemoOptions(seed=3, residents=400)
    registry_demo.build(kabupaten, options)
    facilities_demo.build(kabupaten, options)
    demo.build(kabupaten, options)
    rows = list(Enrolment.objects.values_list("resident_id", "school_year"))
    years = {year for _r, year in rows}
    assert years == {2025, 2026}
    children = children_of_band(2026, 5, 18, within=KAB_LUTRA).count()
    this_year = sum(1 for _r, year in rows if year == 2026)
    assert 0 < this_year < children  # some children are missing from the roll
    schools = ServicePoint.objects.filter(kind__in=SCHOOL_KINDS)
    assert not schools.filter(npsn="").exists()
    assert demo.build(kabupaten, options).startswith("0 murid")
    assert sorted(Enrolment.objects.values_list("resident_id", "school_year")) == sorted(rows)
