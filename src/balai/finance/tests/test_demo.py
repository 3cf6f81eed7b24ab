"""The finance demo: every village gets a balanced, enacted APBDes for last year; idempotent."""

from __future__ import annotations

from balai.core.demo import DemoOptions
from balai.finance import demo
from balai.finance.models import Apbdes
from balai.finance.totals import budget_totals
from balai.regions.models import Area
from conftest import KAB_LUTRA


def test_demo_budgets_balance_and_rerun_adds_nothing(tree: None) -> None:
    kabupaten = Area.objects.get(code=KAB_LUTRA)
    demo.build(kabupaten, DemoOptions(seed=1))
    enacted = list(Apbdes.objects.filter(year=2025, is_current=True))
    assert enacted
    for apbdes in enacted:
        assert budget_totals(apbdes.lines.all()).net == 0, apbdes
    count = Apbdes.objects.count()
    assert demo.build(kabupaten, DemoOptions(seed=1)).startswith("0 desa")
    assert Apbdes.objects.count() == count
