"""Supervision boards: gap table, scorecards, village profile; exports, access, bad input.

The test indicators' counts are declared by hand (``boards_fixtures``) and written to the
facts by the engine's refresh service; every expected figure is counted here.

uji.imunisasi (health, per year, target ≥ 95, supply: pustu + puskesmas), 2026 served/demand:
    Pincara 16/20 · Kappuna 10/10 · Pattimang 5/8 · Malangke 0/0
uji.sd (education, per year, supply: SD), 2026: Pincara 27/30 · Kappuna 12/12 ·
    Pattimang 20/25 · Malangke 5/5
uji.surat (theme uji.tema, monthly, ≥ 100, near band 5): March 2026 Pincara 3/4 ·
    Kappuna 19/20 · Pattimang 2/2; February Pincara 4/4
uji.stunting (theme uji.tema, monthly, ≤ 14, near band 5): March Pincara 2/20 ·
    Kappuna 3/10 · Pattimang 1/10; February Pincara 2/20
Service points: Pincara 1 puskesmas + 2 SD (one on the village centroid), Pattimang 1 pustu.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from balai.accounts.roles import Office, Role
from balai.boards.tests.boards_fixtures import MARCH, NOW, WITA
from balai.facilities.models import PointKind
from balai.facilities.services import servicepoint_create
from balai.indicators.models import IndicatorFact
from balai.indicators.registry import BASIC_HEALTH
from balai.indicators.services import rollup_rebuild
from balai.regions.geo import haversine_km
from balai.regions.models import Area, AreaBoundary
from conftest import (
    DESA_PATTIMANG,
    DESA_PINCARA,
    KAB_LUTRA,
    KEC_MALANGKE,
    KEC_MASAMBA,
    KEL_KAPPUNA,
    MakeUser,
    login,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def supply(declared: None, boundaries: None) -> None:
    pincara = Area.objects.get(code=DESA_PINCARA)
    centre = AreaBoundary.objects.get(area_id=DESA_PINCARA)
    servicepoint_create(actor=None, village=pincara, kind=PointKind.PUSKESMAS, name="PKM Pincara")
    servicepoint_create(
        actor=None,
        village=pincara,
        kind=PointKind.SD,
        name="SD 1",
        latitude=Decimal(f"{centre.centroid_lat:.5f}"),
        longitude=Decimal(f"{centre.centroid_lng:.5f}"),
    )
    servicepoint_create(actor=None, village=pincara, kind=PointKind.SD, name="SD 2")
    servicepoint_create(
        actor=None,
        village=Area.objects.get(code=DESA_PATTIMANG),
        kind=PointKind.PUSTU,
        name="Pustu Pattimang",
    )


@pytest.fixture(autouse=True)
def _now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode())))


# ---- gap table -----------------------------------------------------------------------


def test_gap_table_counts_demand_served_gap_and_supply(supply: None, make_user: MakeUser) -> None:
    client = login(make_user(Role.CAMAT, KEC_MASAMBA))
    response = client.get("/indikator/kesenjangan.csv?tahun=2026")
    assert response.status_code == 200
    rows = _rows(response.content)
    got = [
        (
            r["desa"], r["indikator"], r["periode"], r["kebutuhan"], r["terlayani"],
            r["kesenjangan"], r["cakupan"], r["status"], r["jumlah_sarana"], r["orang_per_sarana"],
        )
        for r in rows
    ]  # fmt: skip
    # Largest gap first; Kappuna's two rows (gap 0) keep village-then-indicator order.
    assert got == [
        ("Pincara", "uji.imunisasi", "2026", "20", "16", "4", "80.0", "B", "1", "20.0"),
        ("Pincara", "uji.sd", "2026", "30", "27", "3", "90.0", "B", "2", "15.0"),
        ("Kappuna", "uji.imunisasi", "2026", "10", "10", "0", "100.0", "T", "0", ""),
        ("Kappuna", "uji.sd", "2026", "12", "12", "0", "100.0", "T", "0", ""),
    ]
    # The SD sits on Pincara's centroid: 0 km from Pincara, centroid to centroid from
    # Kappuna; no pustu/puskesmas is located.
    kappuna = AreaBoundary.objects.get(area_id=KEL_KAPPUNA)
    sd = AreaBoundary.objects.get(area_id=DESA_PINCARA)
    km = haversine_km(
        (kappuna.centroid_lng, kappuna.centroid_lat),
        (round(sd.centroid_lng, 5), round(sd.centroid_lat, 5)),
    )
    assert [r["jarak_terdekat_km"] for r in rows] == ["", "0.0", "", str(round(km, 2))]


def test_gap_table_filters_by_sector_and_sorts(supply: None, make_user: MakeUser) -> None:
    client = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DINKES))
    body = client.get(
        f"/indikator/kesenjangan.csv?wilayah={KAB_LUTRA}&sektor=pendidikan&urut=cakupan&arah=naik"
    ).content
    got = [(r["desa"], r["kebutuhan"], r["terlayani"], r["cakupan"]) for r in _rows(body)]
    assert got == [
        ("Pattimang", "25", "20", "80.0"),
        ("Pincara", "30", "27", "90.0"),
        ("Kappuna", "12", "12", "100.0"),
        ("Malangke", "5", "5", "100.0"),
    ]
    health = _rows(
        client.get(f"/indikator/kesenjangan.csv?wilayah={KAB_LUTRA}&sektor=kesehatan").content
    )
    pattimang = next(r for r in health if r["desa"] == "Pattimang")
    assert (pattimang["kesenjangan"], pattimang["jumlah_sarana"], pattimang["orang_per_sarana"]) == (
        "3", "1", "8.0",
    )  # fmt: skip
    # Malangke has no facts: 0/0, no coverage, still listed.
    malangke = next(r for r in health if r["desa"] == "Malangke")
    assert (malangke["kebutuhan"], malangke["cakupan"]) == ("0", "")


def test_gap_page_links_villages_and_the_not_served_list(supply: None, make_user: MakeUser) -> None:
    client = login(make_user(Role.CAMAT, KEC_MASAMBA))
    page = client.get("/indikator/kesenjangan/?sektor=kesehatan").content.decode()
    assert f'href="/indikator/desa/{DESA_PINCARA}/"' in page
    # Pincara has a gap and the indicator declares a by-name list: the gap links to it.
    assert (
        f'href="/indikator/uji.imunisasi/belum-terlayani/?wilayah={DESA_PINCARA}&periode=2026"'
        in page
    )
    assert f"belum-terlayani/?wilayah={KEL_KAPPUNA}" not in page  # no gap, no list


def test_gap_xlsx_holds_numbers(supply: None, make_user: MakeUser) -> None:
    client = login(make_user(Role.CAMAT, KEC_MASAMBA))
    response = client.get("/indikator/kesenjangan.xlsx?sektor=pendidikan")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:7] == (
        "kode_desa",
        "desa",
        "indikator",
        "periode",
        "kebutuhan",
        "terlayani",
        "kesenjangan",
    )
    assert [r[:8] for r in rows[1:]] == [
        (DESA_PINCARA, "Pincara", "uji.sd", "2026", 30, 27, 3, 90),
        (KEL_KAPPUNA, "Kappuna", "uji.sd", "2026", 12, 12, 0, 100),
    ]  # fmt: skip


def test_gap_table_bad_input_is_a_clear_400(declared: None, make_user: MakeUser) -> None:
    client = login(make_user(Role.CAMAT, KEC_MASAMBA))
    for query, text in (
        ("sektor=gizi", "Sektor &#x27;gizi&#x27; tidak dikenal"),
        ("tahun=1999", "Tahun &#x27;1999&#x27; di luar data"),
        ("tahun=2027", "Tahun &#x27;2027&#x27; di luar data"),
        ("tahun=abc", "Tahun &#x27;abc&#x27; di luar data"),
    ):
        response = client.get(f"/indikator/kesenjangan/?{query}")
        assert response.status_code == 400, query
        assert text in response.content.decode(), query


def test_gap_table_denied_outside_scope_and_below_kecamatan(
    declared: None, make_user: MakeUser
) -> None:
    camat = login(make_user(Role.CAMAT, KEC_MASAMBA))
    assert camat.get(f"/indikator/kesenjangan/?wilayah={KEC_MALANGKE}").status_code == 403
    response = camat.get(f"/indikator/kesenjangan.csv?wilayah={KEC_MALANGKE}")
    assert response.status_code == 403 and b"Pattimang" not in response.content
    kades = login(make_user(Role.KEPALA_DESA, DESA_PINCARA))
    assert kades.get("/indikator/kesenjangan/").status_code == 404
    assert Client().get("/indikator/kesenjangan/").status_code == 302


# ---- scorecards ----------------------------------------------------------------------


def test_kecamatan_scorecard_cells_status_and_sort(declared: None, make_user: MakeUser) -> None:
    client = login(make_user(Role.CAMAT, KEC_MASAMBA))
    response = client.get("/indikator/kartu-skor/kecamatan/?tema=uji.tema&periode=2026-03")
    card, rows = response.context["card"], response.context["rows"]
    assert [i.code for i in card.indicators] == ["uji.surat", "uji.stunting"]
    got = [(r.name, [(v.num, v.den, v.status) for v in r.cells], r.met) for r in rows]
    assert got == [
        ("Kappuna", [(19, 20, "near"), (3, 10, "not_met")], 0),
        ("Pincara", [(3, 4, "not_met"), (2, 20, "met")], 1),
    ]
    page = response.content.decode()
    assert f'href="/indikator/desa/{DESA_PINCARA}/"' in page
    ordered = client.get(
        "/indikator/kartu-skor/kecamatan/?tema=uji.tema&periode=2026-03&urut=uji.surat&arah=naik"
    ).context["rows"]
    assert [r.name for r in ordered] == ["Pincara", "Kappuna"]
    by_stunting = client.get(
        "/indikator/kartu-skor/kecamatan/?tema=uji.tema&periode=2026-03&urut=uji.stunting&arah=turun"
    ).context["rows"]
    assert [r.name for r in by_stunting] == ["Kappuna", "Pincara"]


def test_kabupaten_scorecard_sums_villages_and_drills_to_kecamatan(
    declared: None, make_user: MakeUser
) -> None:
    client = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.BAPPEDA))
    response = client.get("/indikator/kartu-skor/kabupaten/?tema=uji.tema&periode=2026-03")
    got = [(r.name, [(v.num, v.den, v.status) for v in r.cells]) for r in response.context["rows"]]
    # Masamba: surat 3+19 / 4+20 = 91,7% (8,3 points short: not met); stunting 2+3 / 20+10
    # = 16,7% (2,7 above 14, within the band: near). Malangke: only Pattimang's counts.
    assert got == [
        ("Malangke", [(2, 2, "met"), (1, 10, "met")]),
        ("Masamba", [(22, 24, "not_met"), (5, 30, "near")]),
    ]
    page = response.content.decode()
    assert f"/indikator/kartu-skor/kecamatan/?wilayah={KEC_MASAMBA}&tema=uji.tema" in page
    drill = client.get(
        f"/indikator/kartu-skor/kecamatan/?wilayah={KEC_MASAMBA}&tema=uji.tema&periode=2026-03"
    )
    assert [r.name for r in drill.context["rows"]] == ["Kappuna", "Pincara"]


def test_scorecard_exports_pdf_and_xlsx(declared: None, make_user: MakeUser) -> None:
    client = login(make_user(Role.CAMAT, KEC_MASAMBA))
    pdf = client.get("/indikator/kartu-skor/kecamatan.pdf?tema=uji.tema&periode=2026-03")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(
        "/indikator/kartu-skor/kecamatan.xlsx?tema=uji.tema&periode=2026-03&urut=uji.surat"
    )
    rows = list(
        load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert rows[1] == (
        "kode_wilayah",
        "wilayah",
        "uji.surat",
        "uji.surat status",
        "uji.stunting",
        "uji.stunting status",
    )
    assert rows[2:4] == [
        (DESA_PINCARA, "Pincara", 75, "B", 10, "T"),
        (KEL_KAPPUNA, "Kappuna", 95, "H", 30, "B"),
    ]  # fmt: skip


def test_scorecards_deny_other_areas_and_wrong_levels(declared: None, make_user: MakeUser) -> None:
    camat = login(make_user(Role.CAMAT, KEC_MASAMBA))
    for url in ("/indikator/kartu-skor/kecamatan/", "/indikator/kartu-skor/kecamatan.xlsx"):
        response = camat.get(f"{url}?wilayah={KEC_MALANGKE}&tema=uji.tema&periode=2026-03")
        assert response.status_code == 403 and b"Pattimang" not in response.content
    assert camat.get("/indikator/kartu-skor/kabupaten/").status_code == 404
    kades = login(make_user(Role.KEPALA_DESA, DESA_PINCARA))
    assert kades.get("/indikator/kartu-skor/kecamatan/").status_code == 404
    resident_like = login(make_user(Role.RT_HEAD, f"{DESA_PINCARA}.01.001"))
    assert resident_like.get("/indikator/kartu-skor/kecamatan/").status_code == 403


def test_scorecard_bad_theme_and_period(declared: None, make_user: MakeUser) -> None:
    client = login(make_user(Role.CAMAT, KEC_MASAMBA))
    unknown = client.get("/indikator/kartu-skor/kecamatan/?tema=tidak.ada")
    assert unknown.status_code == 404
    for period in ("2026-13", "2026-05", "2020-01"):
        response = client.get(f"/indikator/kartu-skor/kecamatan/?tema=uji.tema&periode={period}")
        assert response.status_code == 400, period


def test_kabupaten_staff_is_asked_to_pick_a_kecamatan(declared: None, make_user: MakeUser) -> None:
    client = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.BAPPEDA))
    page = client.get("/indikator/kartu-skor/kecamatan/?tema=uji.tema").content.decode()
    assert f"wilayah={KEC_MASAMBA}" in page and f"wilayah={KEC_MALANGKE}" in page


# ---- village profile -----------------------------------------------------------------


def test_village_profile_values_gaps_changes_and_open_work(
    declared: None, make_user: MakeUser, make_request: Any, head: Any
) -> None:
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=WITA), tick=False):
        make_request(head)  # due within days: past its standard by 20 March
    client = login(make_user(Role.CAMAT, KEC_MASAMBA))
    response = client.get(f"/indikator/desa/{DESA_PINCARA}/")
    assert response.status_code == 200
    profile = response.context["profile"]
    lines = {line.indicator.code: line for line in profile.lines}
    surat, stunting, imun = lines["uji.surat"], lines["uji.stunting"], lines["uji.imunisasi"]
    assert (surat.value.num, surat.value.den, surat.value.status) == (3, 4, "not_met")
    assert surat.target_gap == pytest.approx(25.0)  # 100 - 75
    assert stunting.target_gap == 0.0  # 10% under the 14% ceiling
    assert (imun.value.period.key, imun.unserved) == ("2026", 4)  # 20 - 16 children
    assert [v.value for v in surat.history[-2:]] == [100.0, 75.0]
    # Surat fell from 100% (met) to 75% (not met); stunting stayed 2/20.
    changed = {line.indicator.code for line in profile.changes}
    assert "uji.surat" in changed and "uji.stunting" not in changed
    work = {item.label: item.count for item in profile.work}
    assert work["Permohonan surat melewati standar waktu layanan"] == 1
    assert work["Pengaduan lewat batas waktu"] == 0
    page = response.content.decode()
    assert page.count('<svg class="sparkline"') >= 4
    assert "4 orang belum terlayani" in page


def test_village_profile_access(declared: None, make_user: MakeUser) -> None:
    kades = login(make_user(Role.KEPALA_DESA, DESA_PINCARA))
    assert kades.get(f"/indikator/desa/{DESA_PINCARA}/").status_code == 200
    assert kades.get(f"/indikator/desa/{KEL_KAPPUNA}/").status_code == 403
    camat = login(make_user(Role.CAMAT, KEC_MASAMBA))
    assert camat.get(f"/indikator/desa/{DESA_PATTIMANG}/").status_code == 403
    assert camat.get(f"/indikator/desa/{KEC_MASAMBA}/").status_code == 404
    assert camat.get("/indikator/desa/99.99.99.9999/").status_code == 404
    assert Client().get(f"/indikator/desa/{DESA_PINCARA}/").status_code == 302


def test_menus_offer_the_boards_by_role(declared: None, make_user: MakeUser) -> None:
    def links(user: Any) -> str:
        return login(user).get("/").content.decode()

    camat = links(make_user(Role.CAMAT, KEC_MASAMBA))
    assert 'data-testid="menu-scorecard-kec"' in camat and 'data-testid="menu-gap"' in camat
    assert 'data-testid="menu-scorecard-kab"' not in camat
    kab = links(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DINKES))
    assert 'data-testid="menu-scorecard-kab"' in kab and 'data-testid="menu-gap"' in kab
    kades = links(make_user(Role.KEPALA_DESA, DESA_PINCARA))
    assert f'href="/indikator/desa/{DESA_PINCARA}/"' in kades
    assert 'data-testid="menu-scorecard-kec"' not in kades


def test_indicator_pages_link_villages_to_their_profile(
    declared: None, make_user: MakeUser
) -> None:
    client = login(make_user(Role.CAMAT, KEC_MASAMBA))
    page = client.get("/indikator/uji.surat/?periode=2026-03").content.decode()
    assert f'href="/indikator/desa/{DESA_PINCARA}/"' in page
    IndicatorFact.objects.create(
        indicator="spm.surat", area_id=DESA_PINCARA, period_type="M",
        period_start=MARCH.start, numerator=1, denominator=2, computed_at=NOW,
    )  # fmt: skip
    rollup_rebuild()  # a fact written outside the refresh
    spm = client.get("/indikator/spm-desa/?bulan=2026-03").content.decode()
    assert f'href="/indikator/desa/{DESA_PINCARA}/"' in spm


def test_a_yearly_theme_opens_on_its_year(declared: None, make_user: MakeUser) -> None:
    client = login(make_user(Role.CAMAT, KEC_MASAMBA))
    response = client.get(f"/indikator/kartu-skor/kecamatan/?tema={BASIC_HEALTH}")
    assert response.context["period"].key == "2026"
    got = [(r.name, [(v.num, v.den, v.status) for v in r.cells]) for r in response.context["rows"]]
    assert got == [("Kappuna", [(10, 10, "met")]), ("Pincara", [(16, 20, "not_met")])]


def test_scorecard_queries_do_not_grow_with_villages_or_indicators(
    declared: None, make_user: MakeUser, django_assert_max_num_queries: Any
) -> None:
    client = login(make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.BAPPEDA))
    url = f"/indikator/kartu-skor/kecamatan/?wilayah={KEC_MASAMBA}&periode=2026-03"
    client.get(url)  # warm the session and role caches
    # Session, user and role, the area, one grid read of all the facts, the area names,
    # the targets: no query per village or per indicator.
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert len(response.context["rows"]) == 2


# ---- API -----------------------------------------------------------------------------


def test_api_gap_table_counts_as_the_page(supply: None, make_user: MakeUser) -> None:
    client = login(make_user(Role.CAMAT, KEC_MASAMBA))
    response = client.get(f"/api/v1/boards/gap?area={KEC_MASAMBA}&year=2026")
    assert response.status_code == 200
    got = [
        (r["village_name"], r["indicator"], r["period"], r["demand"], r["served"], r["gap"],
         r["coverage"], r["status"], r["points"], r["per_point"])
        for r in response.json()
    ]  # fmt: skip
    assert got == [
        ("Pincara", "uji.imunisasi", "2026", 20, 16, 4, 80.0, "not_met", 1, 20.0),
        ("Pincara", "uji.sd", "2026", 30, 27, 3, 90.0, "not_met", 2, 15.0),
        ("Kappuna", "uji.imunisasi", "2026", 10, 10, 0, 100.0, "met", 0, None),
        ("Kappuna", "uji.sd", "2026", 12, 12, 0, 100.0, "met", 0, None),
    ]
    first = response.json()[0]
    assert first["target"] == {
        "value": 95.0, "direction": "ge", "near_band": first["target"]["near_band"],
        "source": "bawaan",
    }  # fmt: skip
    assert {s["kind"]: s["count"] for s in first["supply"]} == {"pustu": 0, "puskesmas": 1}
    body = client.get(
        f"/api/v1/boards/gap?area={KEC_MASAMBA}&sector=pendidikan&sort=cakupan&descending=false"
    ).json()
    assert [(r["village_name"], r["coverage"]) for r in body] == [
        ("Pincara", 90.0),
        ("Kappuna", 100.0),
    ]


def test_api_gap_table_denials_and_bad_input(declared: None, make_user: MakeUser) -> None:
    camat = login(make_user(Role.CAMAT, KEC_MASAMBA))
    response = camat.get(f"/api/v1/boards/gap?area={KEC_MALANGKE}")
    assert response.status_code == 403 and b"Pattimang" not in response.content
    response = camat.get(f"/api/v1/boards/gap?area={DESA_PINCARA}")
    assert response.status_code == 404
    for query, text in (
        ("sector=gizi", "Sektor 'gizi' tidak dikenal"),
        ("year=1999", "Tahun '1999' di luar data"),
        ("year=2027", "Tahun '2027' di luar data"),
        ("year=abc", "Tahun 'abc' di luar data"),
    ):
        response = camat.get(f"/api/v1/boards/gap?area={KEC_MASAMBA}&{query}")
        assert response.status_code == 400, query
        assert text in response.json()["message"], query
    kades = login(make_user(Role.KEPALA_DESA, DESA_PINCARA))
    assert kades.get(f"/api/v1/boards/gap?area={KEC_MASAMBA}").status_code == 403
    assert Client().get(f"/api/v1/boards/gap?area={KEC_MASAMBA}").status_code == 401


def test_api_village_profile_as_the_page(declared: None, make_user: MakeUser) -> None:
    client = login(make_user(Role.CAMAT, KEC_MASAMBA))
    response = client.get(f"/api/v1/boards/village/{DESA_PINCARA}")
    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["name"]) == (DESA_PINCARA, "Pincara")
    lines = {line["indicator"]: line for line in body["lines"]}
    surat, stunting, imun = lines["uji.surat"], lines["uji.stunting"], lines["uji.imunisasi"]
    assert (surat["period"], surat["numerator"], surat["denominator"]) == ("2026-03", 3, 4)
    assert (surat["value"], surat["status"], surat["previous_value"]) == (75.0, "not_met", 100.0)
    assert (surat["trend"], surat["changed"], surat["target_gap"]) == ("worse", True, 25.0)
    assert (stunting["value"], stunting["target_gap"], stunting["changed"]) == (10.0, 0.0, False)
    assert (imun["period"], imun["unserved"]) == ("2026", 4)  # 20 - 16 children
    assert len(surat["history"]) == 12
    assert [h["value"] for h in surat["history"][-2:]] == [100.0, 75.0]
    work = {w["label"]: w["count"] for w in body["open_work"]}
    assert work["Pengaduan lewat batas waktu"] == 0


def test_api_village_profile_access(declared: None, make_user: MakeUser) -> None:
    kades = login(make_user(Role.KEPALA_DESA, DESA_PINCARA))
    assert kades.get(f"/api/v1/boards/village/{DESA_PINCARA}").status_code == 200
    assert kades.get(f"/api/v1/boards/village/{KEL_KAPPUNA}").status_code == 403
    camat = login(make_user(Role.CAMAT, KEC_MASAMBA))
    assert camat.get(f"/api/v1/boards/village/{DESA_PATTIMANG}").status_code == 403
    response = camat.get(f"/api/v1/boards/village/{KEC_MASAMBA}")
    assert response.status_code == 404
    assert "desa/kelurahan" in response.json()["message"]
    assert camat.get("/api/v1/boards/village/99.99.99.9999").status_code == 404
