"""Every reader of an indicator declared at kecamatan level: no crash, no 0 per village.

uji.rakor (kecamatan level, 2026, target ≥ 100): Masamba 3/4, Malangke 1/2;
Luwu Utara = 4/6. It has no village facts at all.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
import time_machine
from openpyxl import load_workbook

from balai.accounts.roles import Office, Role
from balai.boards.tests.boards_fixtures import NOW
from balai.indicators.periods import Period
from balai.indicators.registry import AreaLevel, Indicator, IndicatorSet
from balai.indicators.services import indicator_refresh
from balai.indicators.testing import declare, fixed_counts
from conftest import DESA_PINCARA, KAB_LUTRA, KEC_MALANGKE, KEC_MASAMBA, MakeUser, login

pytestmark = pytest.mark.django_db
YEAR = Period("Y", date(2026, 1, 1))
NO_VILLAGE = "tidak ada nilai per desa"


@pytest.fixture(autouse=True)
def rakor(monkeypatch: pytest.MonkeyPatch, tree: None, boundaries: None) -> Any:
    y = "2026"
    indicator = Indicator(
        code="uji.rakor",
        name="Rakor uji",
        definition="uji",
        numerator=fixed_counts({(y, KEC_MASAMBA): 3, (y, KEC_MALANGKE): 1}),
        denominator=fixed_counts({(y, KEC_MASAMBA): 4, (y, KEC_MALANGKE): 2}),
        numerator_label="selesai",
        denominator_label="jatuh tempo",
        source="uji",
        period_types=("Y",),
        zoned=False,
        target=100.0,
        level=AreaLevel.KECAMATAN,
        owner="uji",
    )
    declare(monkeypatch, indicator, sets=(IndicatorSet("uji.tingkat", "Uji", ("uji.rakor",)),))
    with time_machine.travel(NOW, tick=False):
        indicator_refresh(codes=["uji.rakor"], periods=[YEAR], on=NOW.date())
        yield


def test_scorecards_say_no_value_per_village_and_sum_the_kecamatan(make_user: MakeUser) -> None:
    camat = login(make_user(Role.CAMAT, KEC_MASAMBA))
    query = f"?wilayah={KEC_MASAMBA}&tema=uji.tingkat&periode=2026"
    page = camat.get(f"/indikator/kartu-skor/kecamatan/{query}")
    assert page.status_code == 200
    # One cell per village (Pincara and Kappuna), the note in its title.
    assert page.content.decode().count('data-testid="below-level"') == 2
    assert camat.get(f"/indikator/kartu-skor/kecamatan.pdf{query}").status_code == 200
    xlsx = camat.get(f"/indikator/kartu-skor/kecamatan.xlsx{query}")
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row]
    assert "Indikator ini dihitung per kecamatan: tidak ada nilai per desa." in cells
    dpmd = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DPMD))
    kab = dpmd.get(f"/indikator/kartu-skor/kabupaten/?wilayah={KAB_LUTRA}&tema=uji.tingkat")
    assert kab.status_code == 200
    text = kab.content.decode()
    assert "75,0%" in text and "50,0%" in text and NO_VILLAGE not in text


def test_village_profile_detail_and_map_do_not_crash(make_user: MakeUser) -> None:
    camat = login(make_user(Role.CAMAT, KEC_MASAMBA))
    profile = camat.get(f"/indikator/desa/{DESA_PINCARA}/")
    assert profile.status_code == 200 and NO_VILLAGE in profile.content.decode()
    detail = camat.get(f"/indikator/uji.rakor/?wilayah={DESA_PINCARA}&periode=2026")
    assert detail.status_code == 200 and NO_VILLAGE in detail.content.decode()
    own = camat.get(f"/indikator/uji.rakor/?wilayah={KEC_MASAMBA}&periode=2026")
    assert own.status_code == 200 and "75,0%" in own.content.decode()
    query = f"?wilayah={KEC_MASAMBA}&indikator=uji.rakor&periode=2026"
    page = camat.get(f"/sarana/peta/{query}")
    assert page.status_code == 200
    assert "Indikator ini dihitung per kecamatan" in page.content.decode()
    data = camat.get(f"/sarana/peta/data.json{query}").json()
    shown = {f["properties"]["code"]: f["properties"]["display"] for f in data["areas"]["features"]}
    assert shown and set(shown.values()) == {NO_VILLAGE}
    kab = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DPMD))
    by_kec = kab.get(
        f"/sarana/peta/?wilayah={KAB_LUTRA}&indikator=uji.rakor&periode=2026&tingkat=kecamatan"
    ).content.decode()
    assert "75,0%" in by_kec and "50,0%" in by_kec and "map-note" not in by_kec


def test_api_exports_and_dhis2_give_the_kecamatan_not_village_zeros(make_user: MakeUser) -> None:
    client = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DPMD))
    base = f"indicator=uji.rakor&area={KAB_LUTRA}&period=2026"
    villages = client.get(f"/api/v1/indicators/values?{base}&level=villages").json()
    assert villages and all(r["value"] is None and r["note"] for r in villages)
    own = client.get(f"/api/v1/indicators/values?{base}").json()
    assert [(r["numerator"], r["denominator"], r["note"]) for r in own] == [(4, 6, "")]
    rows = list(csv.reader(io.StringIO(client.get(f"/api/v1/indicators/export.csv?{base}").text)))
    assert [(r[2], r[4], r[5]) for r in rows[1:]] == [
        (KEC_MALANGKE, "1", "2"),
        (KEC_MASAMBA, "3", "4"),
    ]
    xlsx = client.get(f"/api/v1/indicators/export.xlsx?{base}")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [r[2] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        KEC_MALANGKE,
        KEC_MASAMBA,
    ]
    dhis2 = client.get(f"/api/v1/indicators/dhis2/dataValueSets?{base}").json()
    assert {(v["dataElement"], v["orgUnit"], v["value"]) for v in dhis2["dataValues"]} == {
        ("uji.rakor.num", KEC_MALANGKE, "1"),
        ("uji.rakor.den", KEC_MALANGKE, "2"),
        ("uji.rakor.num", KEC_MASAMBA, "3"),
        ("uji.rakor.den", KEC_MASAMBA, "4"),
    }
