"""Spending-quality indicators: rupiah numerators and denominators per village, summed up."""

from __future__ import annotations

import datetime as dt

from balai.finance import services
from balai.finance.models import Apbdes
from balai.indicators.testing import fact
from balai.regions.models import Area
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA

from .conftest import build_draft, enact

M = 1_000_000


def test_shares_of_the_version_in_force(enacted: Apbdes) -> None:
    assert fact("keuangan.blt_dd", DESA_PINCARA, "2025") == (100 * M, 800 * M)
    assert fact("keuangan.pangan_dd", DESA_PINCARA, "2025") == (200 * M, 800 * M)
    assert fact("keuangan.operasional_dd", DESA_PINCARA, "2025") == (20 * M, 800 * M)
    assert fact("keuangan.layanan_dasar", DESA_PINCARA, "2025") == (80 * M, 950 * M)
    assert fact("keuangan.stunting", DESA_PINCARA, "2025") == (80 * M, 950 * M)
    assert fact("keuangan.silpa", DESA_PINCARA, "2025") == (50 * M, 950 * M)
    assert fact("keuangan.apbdes_seimbang", DESA_PINCARA, "2025") == (1, 1)
    assert fact("keuangan.prioritas_dd", DESA_PINCARA, "2025") == (1, 1)


def test_a_draft_counts_nothing(draft: Apbdes) -> None:
    assert fact("keuangan.blt_dd", DESA_PINCARA, "2025") == (0, 0)


def test_realisation_rate_and_kabupaten_sum(enacted: Apbdes, tree: None) -> None:
    road = enacted.lines.get(account_code="5.3.5.01")
    services.realisation_record(actor=None, line=road, month=4, amount=190 * M)
    pattimang = Area.objects.get(code=DESA_PATTIMANG)
    other = build_draft(pattimang, 2025)
    blt = other.lines.get(account_code="5.2.7.03")
    road2 = other.lines.get(account_code="5.3.5.01")
    services.line_update(actor=None, line=blt, amount=300 * M)  # BLT 37.5% of DD: breaks 15%
    services.line_update(actor=None, line=road2, amount=200 * M)
    enact(
        other,
        agreed=dt.date(2024, 10, 21),
        submitted=dt.date(2024, 10, 22),
        evaluated=dt.date(2024, 11, 5),
    )
    assert fact("keuangan.realisasi_belanja", DESA_PINCARA, "2025") == (190 * M, 950 * M)
    # Kabupaten: sums of the two villages, never an average of their percentages.
    assert fact("keuangan.blt_dd", KAB_LUTRA, "2025") == (400 * M, 1600 * M)
    assert fact("keuangan.prioritas_dd", KAB_LUTRA, "2025") == (1, 2)
