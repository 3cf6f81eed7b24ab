"""The innovation indicators, counted by hand from records made through services."""

from __future__ import annotations

from decimal import Decimal

import pytest

from balai.indicators import registry
from balai.indicators.models import IndicatorFact
from balai.indicators.periods import parse_period
from balai.indicators.selectors import value_for
from balai.indicators.services import indicator_refresh, indicator_refresh_dirty
from balai.indicators.testing import fact
from balai.innovation import services
from balai.innovation.selectors import iid
from balai.innovation.tests.conftest import answer, fill, make_innovation
from balai.regions.models import Area
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA, login

pytestmark = pytest.mark.django_db

APPLIED, EVIDENCE = "inovasi.diterapkan", "inovasi.kelengkapan_bukti"
IID = "inovasi.iid"


def test_applied_and_evidence_completeness_per_village(assessment, bappeda) -> None:
    # Pincara: 3 innovations; 1 applied and submitted, 1 applied draft, 1 in trial.
    submitted = make_innovation(assessment, name="A")
    fill(submitted)  # 5 of 20 answers proven
    services.innovation_submit(actor=None, innovation=submitted)
    draft = make_innovation(assessment, name="B")
    fill(draft, ("16", "17", "18"))  # 3 of 20
    make_innovation(assessment, name="C", tahapan="uji_coba", applied_on=None)  # 0 of 20
    # Pattimang: 1 applied, submitted; its 16 rejected -> 4 of 20 count.
    other = make_innovation(assessment, owner="other_village", name="D")
    fill(other)
    services.innovation_submit(actor=None, innovation=other)
    services.answer_review(actor=bappeda, answer=answer(other, "16"), accept=False, note="SK?")
    # Office and kecamatan innovations are not village facts.
    office = make_innovation(assessment, owner="dinkes", name="E")
    fill(office)
    services.innovation_submit(actor=None, innovation=office)
    make_innovation(assessment, owner="kecamatan", name="F")

    indicator_refresh(codes=[APPLIED, EVIDENCE], periods=[parse_period("2023")])
    assert fact(APPLIED, DESA_PINCARA, "2023", refresh=False) == (1, 3)
    assert fact(APPLIED, DESA_PATTIMANG, "2023", refresh=False) == (1, 1)
    assert fact(APPLIED, KEC_MASAMBA, "2023", refresh=False) == (1, 3)
    assert fact(APPLIED, KAB_LUTRA, "2023", refresh=False) == (2, 4)
    assert fact(EVIDENCE, DESA_PINCARA, "2023", refresh=False) == (8, 60)
    assert fact(EVIDENCE, DESA_PATTIMANG, "2023", refresh=False) == (4, 20)
    assert fact(EVIDENCE, KAB_LUTRA, "2023", refresh=False) == (12, 80)
    # Another year's round counts nothing here.
    assert fact(APPLIED, KAB_LUTRA, "2024", refresh=False) == (0, 0)


def test_writes_mark_the_facts_stale(assessment) -> None:
    innovation = make_innovation(assessment)
    fill(innovation, ("16",))
    assert fact(EVIDENCE, DESA_PINCARA, "2023") == (1, 20)
    fill(innovation, ("17",))
    assert fact(EVIDENCE, DESA_PINCARA, "2023") == (2, 20)


def test_iid_is_a_kabupaten_indicator_with_the_method_predicate(assessment, bappeda) -> None:
    # SPD: all 15 indicators at parameter 2 with evidence: 21 bobot x 2 = 42.
    for spd in assessment.answers.filter(innovation=None):
        services.answer_set(actor=bappeda, answer=spd, parameter=2)
        services.evidence_add(actor=bappeda, answer=spd, url="https://contoh.id/spd")
    # Two applied, submitted innovations with the 5 mandatory at 3: (3+2+2+3+4) x 3 = 42
    # each; a draft does not enter the score.
    office = make_innovation(assessment, owner="dinkes", name="A")
    village = make_innovation(assessment, name="B")
    for item in (office, village):
        fill(item)
        services.innovation_submit(actor=None, innovation=item)
    fill(make_innovation(assessment, owner="disdik", name="C"))
    # SID = 84 / MAX(10, 2) + 2 x 0.38 = 9.16; total 42 + 9.16 = 51.16 of 250:
    # IID = 20.464 -> 20.46, "Kurang Inovatif". Facts in hundredths of a point.
    assert fact(IID, KAB_LUTRA, "2023") == (5116, 25000)
    assert fact(IID, "73", "2023", refresh=False) == (5116, 25000)
    assert fact(IID, KEC_MASAMBA, "2023", refresh=False) == (0, 0)
    assert IndicatorFact.objects.get(indicator=IID).area_id == KAB_LUTRA
    value = value_for(registry.get(IID), Area.objects.get(code=KAB_LUTRA), parse_period("2023"))
    assert value.display == "20,46 (Kurang Inovatif)"
    assert (value.band, iid(assessment).score.iid) == ("Kurang Inovatif", Decimal("20.46"))
    # A rejected mandatory indicator zeroes B (still in n): 42 / 10 + 0.38 = 4.58;
    # total 46.58 -> IID 18.632; the write marked the kabupaten's fact stale.
    services.answer_review(actor=bappeda, answer=answer(village, "16"), accept=False, note="SK?")
    assert fact(IID, KAB_LUTRA, "2023") == (4658, 25000)
    # An SPD answer (no innovation) marks the kabupaten too: one SPD indicator to 3.
    first = assessment.answers.filter(innovation=None).select_related("indicator").first()
    services.answer_set(actor=bappeda, answer=first, parameter=3)
    raised = 4658 + int(first.indicator.weight * 100)
    assert fact(IID, KAB_LUTRA, "2023") == (raised, 25000)
    # Below the kabupaten the readers say there is no value (not 0).
    masamba = value_for(registry.get(IID), Area.objects.get(code=KEC_MASAMBA), parse_period("2023"))
    assert masamba.display == "tidak ada nilai per kecamatan" and masamba.band == ""


def test_iid_api_gives_value_band_and_level(assessment, bappeda) -> None:
    for spd in assessment.answers.filter(innovation=None):
        services.answer_set(actor=bappeda, answer=spd, parameter=3)
        services.evidence_add(actor=bappeda, answer=spd, url="https://contoh.id/spd")
    indicator_refresh_dirty()
    client = login(bappeda)
    body = client.get(f"/api/v1/indicators/values?indicator={IID}&area={KAB_LUTRA}&period=2023")
    # SPD 63, no innovation: SID 0 -> 63 / 250 = 25.2 %.
    row = body.json()[0]
    assert (row["numerator"], row["denominator"], row["value"]) == (6300, 25000, 25.2)
    assert row["band"] == "Kurang Inovatif" and row["note"] == ""
    below = client.get(
        f"/api/v1/indicators/values?indicator={IID}&area={KAB_LUTRA}&period=2023&level=children"
    ).json()
    assert below and all(r["value"] is None and "per kecamatan" in r["note"] for r in below)
    defs = {d["code"]: d for d in client.get("/api/v1/indicators/").json()}
    assert defs[IID]["level"] == "kabupaten"
