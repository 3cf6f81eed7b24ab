"""The innovation indicators, counted by hand from records made through services."""

from __future__ import annotations

import pytest

from balai.indicators.periods import parse_period
from balai.indicators.services import indicator_refresh
from balai.indicators.testing import fact
from balai.innovation import services
from balai.innovation.tests.conftest import answer, fill, make_innovation
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MASAMBA

pytestmark = pytest.mark.django_db

APPLIED, EVIDENCE = "inovasi.diterapkan", "inovasi.kelengkapan_bukti"


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
