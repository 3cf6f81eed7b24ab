"""Indicators declared above the village: facts keyed to a kecamatan or kabupaten, summed up.

uji.kec (kecamatan level, 2026): Masamba 3/4, Malangke 1/6; a village key
(Pincara 5/5) from a wrong selector is not a fact. Kabupaten Luwu Utara
= 4/10, province 73 = 4/10.
uji.kab (kabupaten level, 2026): Luwu Utara 7/10, Luwu 2/10 -> province 9/20.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from balai.indicators import registry
from balai.indicators.models import IndicatorFact, IndicatorRollup
from balai.indicators.periods import Period
from balai.indicators.registry import AreaLevel, Indicator
from balai.indicators.selectors import fact_sums, indicator_table
from balai.indicators.services import (
    indicator_refresh,
    indicator_refresh_dirty,
    mark_dirty,
    rollup_rebuild,
)
from balai.indicators.testing import declare, fixed_counts
from balai.regions.models import Area
from conftest import DESA_PINCARA, KAB_LUTRA, KAB_LUWU, KEC_MALANGKE, KEC_MASAMBA

pytestmark = pytest.mark.django_db
YEAR = Period("Y", date(2026, 1, 1))


def _indicator(code: str, num: dict[Any, int], den: dict[Any, int], level: str) -> Indicator:
    return Indicator(
        code=code,
        name=code,
        definition="uji",
        numerator=fixed_counts(num),
        denominator=fixed_counts(den),
        numerator_label="selesai",
        denominator_label="jatuh tempo",
        source="uji",
        period_types=("Y",),
        zoned=False,
        target=100.0,
        level=level,
        owner="uji",
    )


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch, tree: None) -> dict[str, dict[Any, int]]:
    y = "2026"
    kec_num = {(y, KEC_MASAMBA): 3, (y, KEC_MALANGKE): 1, (y, DESA_PINCARA): 5}
    kec_den = {(y, KEC_MASAMBA): 4, (y, KEC_MALANGKE): 6, (y, DESA_PINCARA): 5}
    kab_num = {(y, KAB_LUTRA): 7, (y, KAB_LUWU): 2}
    kab_den = {(y, KAB_LUTRA): 10, (y, KAB_LUWU): 10}
    declare(
        monkeypatch,
        _indicator("uji.kec", kec_num, kec_den, AreaLevel.KECAMATAN),
        _indicator("uji.kab", kab_num, kab_den, AreaLevel.KABUPATEN),
    )
    indicator_refresh(codes=["uji.kec", "uji.kab"], periods=[YEAR])
    return {"kec_num": kec_num, "kec_den": kec_den}


def _sum(code: str, area: str) -> tuple[int, int]:
    sums = fact_sums(codes=[code], periods=[YEAR], within=area, length=len(area))
    return sums.get((code, "Y", YEAR.start, area), (0, 0))


def test_kabupaten_value_of_a_kecamatan_indicator_is_the_sum_of_its_kecamatan(counts) -> None:
    # Facts are keyed to the kecamatan; the village key of the selector is dropped.
    facts = IndicatorFact.objects.filter(indicator="uji.kec")
    assert sorted(facts.values_list("area_id", "numerator", "denominator")) == [
        (KEC_MALANGKE, 1, 6),
        (KEC_MASAMBA, 3, 4),
    ]
    assert _sum("uji.kec", KEC_MASAMBA) == (3, 4)
    assert _sum("uji.kec", KEC_MALANGKE) == (1, 6)
    assert _sum("uji.kec", KAB_LUTRA) == (3 + 1, 4 + 6)
    assert _sum("uji.kec", "73") == (4, 10)
    # No value per village: not 0/0 from a village fact, and the readers say so.
    assert _sum("uji.kec", DESA_PINCARA) == (0, 0)
    kabupaten = Area.objects.get(code=KAB_LUTRA)
    table = indicator_table(
        indicators=[registry.get("uji.kec")], area=kabupaten, periods=[YEAR], children=True
    )
    assert [(c, table.cell(c, "uji.kec", YEAR).display) for c, _n in table.rows] == [
        (KEC_MALANGKE, "16,7%"),
        (KEC_MASAMBA, "75,0%"),
    ]
    villages = indicator_table(
        indicators=[registry.get("uji.kec")], area=kabupaten, periods=[YEAR], rows_at=13
    )
    pincara = villages.cell(DESA_PINCARA, "uji.kec", YEAR)
    assert pincara.below_level and pincara.value is None and pincara.status is None
    assert pincara.display == "tidak ada nilai per desa"
    assert pincara.note == "Indikator ini dihitung per kecamatan: tidak ada nilai per desa."
    # The roll-ups rebuilt from the facts are the same sums.
    rollup_rebuild()
    assert _sum("uji.kec", KAB_LUTRA) == (4, 10)
    assert _sum("uji.kec", KEC_MASAMBA) == (3, 4)


def test_kabupaten_indicator_has_no_kecamatan_rows_and_sums_to_the_province(counts) -> None:
    assert _sum("uji.kab", KAB_LUTRA) == (7, 10)
    assert _sum("uji.kab", "73") == (7 + 2, 10 + 10)
    assert not IndicatorRollup.objects.filter(indicator="uji.kab", level=8).exists()
    assert _sum("uji.kab", KEC_MASAMBA) == (0, 0)
    masamba = Area.objects.get(code=KEC_MASAMBA)
    value = indicator_table(indicators=[registry.get("uji.kab")], area=masamba, periods=[YEAR])
    cell = value.cell(KEC_MASAMBA, "uji.kab", YEAR)
    assert cell.display == "tidak ada nilai per kecamatan"
    assert "dihitung per kabupaten/kota" in cell.note


def test_a_village_mark_refreshes_its_kecamatan_fact(counts) -> None:
    counts["kec_num"][("2026", KEC_MASAMBA)] = 4  # one more decision done in Masamba
    counts["kec_num"][("2026", KEC_MALANGKE)] = 6  # not marked: stays 1 until refreshed
    mark_dirty(["uji.kec"], DESA_PINCARA, [date(2026, 5, 1)])
    indicator_refresh_dirty()
    assert _sum("uji.kec", KEC_MASAMBA) == (4, 4)
    assert _sum("uji.kec", KEC_MALANGKE) == (1, 6)
    assert _sum("uji.kec", KAB_LUTRA) == (5, 10)
