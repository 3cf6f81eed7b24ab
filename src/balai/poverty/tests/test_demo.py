"""The demo builder: a DTSEN round, programmes with recipients and errors, cases; idempotent."""

from __future__ import annotations

from balai.core.demo import DemoOptions
from balai.poverty import checks, demo
from balai.poverty.models import ExtremeCase, Programme, Recipient, VerificationRound, WelfareEntry
from balai.regions.models import Area
from balai.registry import demo as registry_demo
from conftest import KAB_LUTRA


def test_demo_fills_every_part_and_runs_once(tree: None) -> None:
    kabupaten = Area.objects.get(code=KAB_LUTRA)
    options = DemoOptions(seed=3, residents=300)
    registry_demo.build(kabupaten, options)
    line = demo.build(kabupaten, options)
    assert "entri DTSEN" in line
    assert set(Programme.objects.values_list("code", flat=True)) == {
        "pkh",
        "bpnt",
        "pbi-jk",
        "pip",
        "blt-dd",
    }
    assert WelfareEntry.objects.filter(current=True).exists()
    recipients = Recipient.objects.count()
    assert recipients > 0
    assert VerificationRound.objects.get().proposals.count() >= 1
    village = VerificationRound.objects.get().area_id
    totals = checks.inclusion_counts(within=[village])
    assert sum(c["nik_tidak_valid"] for c in totals.values()) == 1  # the unknown NIK
    assert ExtremeCase.objects.filter(area_id=village).count() >= 0
    assert demo.build(kabupaten, options) == "sudah ada"
    assert Recipient.objects.count() == recipients
