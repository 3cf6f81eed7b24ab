"""The boards' test indicators (counts declared by hand, see ``test_boards``), for the
board tests and the browser test."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from balai.facilities.models import PointKind
from balai.indicators.periods import Period
from balai.indicators.registry import (
    BASIC_EDUCATION,
    BASIC_HEALTH,
    Direction,
    Indicator,
    IndicatorSet,
)
from balai.indicators.services import indicator_refresh
from balai.indicators.testing import declare, fixed_counts
from balai.registry.models import Resident
from conftest import DESA_PATTIMANG, DESA_PINCARA, KEL_KAPPUNA

WITA = ZoneInfo("Asia/Makassar")
NOW = datetime(2026, 3, 20, 9, tzinfo=WITA)
DESA_MALANGKE = "73.22.01.2002"
MARCH, FEBRUARY = Period("M", date(2026, 3, 1)), Period("M", date(2026, 2, 1))
YEAR = Period("Y", date(2026, 1, 1))


def _indicator(code: str, num: dict[Any, int], den: dict[Any, int], **kw: Any) -> Indicator:
    return Indicator(
        code=code,
        name=kw.pop("name", code),
        definition="uji",
        numerator=fixed_counts(num),
        denominator=fixed_counts(den),
        numerator_label="terlayani",
        denominator_label="sasaran",
        source="uji",
        zoned=False,
        owner="uji",
        **kw,
    )


def _not_served(period: Period, area_code: str) -> Any:
    return Resident.objects.filter(area__within=area_code)


@pytest.fixture
def declared(monkeypatch: pytest.MonkeyPatch, tree: None) -> None:
    y = "2026"
    imun = _indicator(
        "uji.imunisasi",
        {(y, DESA_PINCARA): 16, (y, KEL_KAPPUNA): 10, (y, DESA_PATTIMANG): 5},
        {(y, DESA_PINCARA): 20, (y, KEL_KAPPUNA): 10, (y, DESA_PATTIMANG): 8},
        name="Imunisasi uji",
        period_types=("Y",),
        target=95.0,
        supply_kinds=(PointKind.PUSTU, PointKind.PUSKESMAS),
        not_served=_not_served,
        not_served_label="Belum diimunisasi",
    )
    sd = _indicator(
        "uji.sd",
        {(y, DESA_PINCARA): 27, (y, KEL_KAPPUNA): 12, (y, DESA_PATTIMANG): 20, (y, DESA_MALANGKE): 5},
        {(y, DESA_PINCARA): 30, (y, KEL_KAPPUNA): 12, (y, DESA_PATTIMANG): 25, (y, DESA_MALANGKE): 5},
        name="Sekolah dasar uji",
        period_types=("Y",),
        target=100.0,
        supply_kinds=(PointKind.SD,),
    )  # fmt: skip
    m, f = "2026-03", "2026-02"
    surat = _indicator(
        "uji.surat",
        {(m, DESA_PINCARA): 3, (m, KEL_KAPPUNA): 19, (m, DESA_PATTIMANG): 2, (f, DESA_PINCARA): 4},
        {(m, DESA_PINCARA): 4, (m, KEL_KAPPUNA): 20, (m, DESA_PATTIMANG): 2, (f, DESA_PINCARA): 4},
        name="Surat uji",
        target=100.0,
    )  # fmt: skip
    stunting = _indicator(
        "uji.stunting",
        {(m, DESA_PINCARA): 2, (m, KEL_KAPPUNA): 3, (m, DESA_PATTIMANG): 1, (f, DESA_PINCARA): 2},
        {(m, DESA_PINCARA): 20, (m, KEL_KAPPUNA): 10, (m, DESA_PATTIMANG): 10, (f, DESA_PINCARA): 20},
        name="Stunting uji",
        target=14.0,
        direction=Direction.AT_MOST,
    )  # fmt: skip
    declare(
        monkeypatch,
        imun,
        sd,
        surat,
        stunting,
        sets=(
            IndicatorSet(BASIC_HEALTH, "Kesehatan", ("uji.imunisasi",)),
            IndicatorSet(BASIC_EDUCATION, "Pendidikan", ("uji.sd",)),
            IndicatorSet("uji.tema", "Tema uji", ("uji.surat", "uji.stunting")),
        ),
    )
    with time_machine.travel(NOW, tick=False):
        codes = ["uji.imunisasi", "uji.sd", "uji.surat", "uji.stunting"]
        indicator_refresh(codes=codes, periods=[YEAR, MARCH, FEBRUARY], on=NOW.date())
