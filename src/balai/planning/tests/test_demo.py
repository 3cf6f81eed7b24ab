"""The planning demo builder: forums held in some villages, proposals waiting, idempotent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from balai.core.demo import DemoOptions
from balai.planning import demo
from balai.planning.models import Forum, OpdPagu, Proposal, RkpdesActivity, Stage
from balai.regions.models import Area
from conftest import KAB_LUTRA

pytestmark = pytest.mark.django_db


def test_demo_builds_a_planning_round_once(tree: None) -> None:
    kabupaten = Area.objects.get(code=KAB_LUTRA)
    line = demo.build(kabupaten, DemoOptions(seed=2))
    assert "usulan musrenbang" in line
    proposals = Proposal.objects.filter(village__within=KAB_LUTRA)
    assert proposals.count() % 6 == 0 and proposals.exists()
    stages = set(proposals.values_list("stage", flat=True))
    assert Stage.DESA_ACCEPTED in stages and Stage.KECAMATAN in stages
    accepted = proposals.filter(stage=Stage.DESA_ACCEPTED)
    assert RkpdesActivity.objects.filter(proposal__in=accepted).count() == accepted.count()
    assert Forum.objects.filter(level="kecamatan", status="open").count() == 1
    assert not proposals.filter(stage=Stage.KECAMATAN, village_authority=True).exists()
    # Every OPD of the demo kabupaten has a pagu for the plan year (four OPDs, 2 M each).
    year = proposals.first().year
    assert (
        list(
            OpdPagu.objects.filter(opd__kabupaten_id=KAB_LUTRA, year=year).values_list(
                "amount", flat=True
            )
        )
        == [Decimal(2_000_000_000)] * 4
    )
    before = proposals.count()
    assert demo.build(kabupaten, DemoOptions(seed=2)) == "usulan musrenbang sudah ada"
    assert proposals.count() == before
