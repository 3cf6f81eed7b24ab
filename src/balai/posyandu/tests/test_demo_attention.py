from __future__ import annotations

from datetime import date

import pytest

from balai.accounts import access
from balai.core.demo import DemoOptions
from balai.posyandu import demo
from balai.posyandu.attention import followup_items
from balai.posyandu.models import ChildVisit, Posyandu
from balai.posyandu.tests.conftest import visit
from balai.regions.models import Area
from conftest import KAB_LUTRA

pytestmark = pytest.mark.django_db


def test_demo_builder_is_idempotent_and_makes_visits_for_registry_children(tree, make_child):
    make_child(None, date(2024, 2, 1), area="73.22.03.2004.01")
    kab = Area.objects.get(code=KAB_LUTRA)
    first = demo.build(kab, DemoOptions(seed=3))
    units, visits = Posyandu.objects.count(), ChildVisit.objects.count()
    assert units >= 1 and visits > 0
    second = demo.build(kab, DemoOptions(seed=3))
    assert (Posyandu.objects.count(), ChildVisit.objects.count()) == (units, visits)
    assert "0 posyandu baru" in second and first != second


def test_attention_gives_followup_counts_to_the_cadre(cadre, posyandu, make_child):
    child = make_child(posyandu, date(2023, 5, 1))
    visit(posyandu, child, date(2025, 6, 3), "10.0", "75.0", "H")
    items = followup_items(cadre, access.acting_role(cadre))
    assert [(i.count, i.priority) for i in items if "stunting" in i.text] == [(1, "tinggi")]


def test_attention_is_empty_for_roles_without_posyandu_view(make_user):
    from balai.accounts.roles import Role

    user = make_user(Role.RESIDENT, "73.22.03.2004")
    assert followup_items(user, access.acting_role(user)) == []
