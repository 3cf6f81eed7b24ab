"""Retired kecamatan codes: the derivation, the shipped file, and NIKs that carry them."""

from __future__ import annotations

from datetime import date

from balai.regions import retired
from balai.regions.selectors import retired_kecamatan_codes
from balai.registry.identifiers import Msg, validate_kk, validate_nik


def test_shipped_derived_file_is_up_to_date():
    text = retired.render(retired.derive(retired.current_regions(), retired.read_splits()))
    shipped = (retired._data_path(retired.DERIVED_FILE)).read_text(encoding="utf-8")
    assert shipped == text


def test_gaps_and_moved_kabupaten_are_derived():
    regions = [
        ("11.01", "Kabupaten A", "kabupaten_kota"),
        ("11.01.01", "Satu", "kecamatan"),
        ("11.01.03", "Tiga", "kecamatan"),
        ("11.01.06", "Enam", "kecamatan"),
        ("12.71", "Kota B", "kabupaten_kota"),
        ("12.71.01", "B Satu", "kecamatan"),
        ("12.71.02", "B Dua", "kecamatan"),
    ]
    splits = [
        retired.Split("11.01", "Kabupaten A", "11.09", "Kabupaten C", 2013, "split"),
        retired.Split("11.73", "Kota B", "12.71", "Kota B", 2012, "moved"),
    ]
    rows = retired.derive(regions, splits)
    assert [(r["code"], r["basis"], r["now_in"]) for r in rows] == [
        ("11.01.02", retired.GAP, ""),
        ("11.01.04", retired.GAP, ""),
        ("11.01.05", retired.GAP, ""),
        ("11.73.01", retired.MOVED, "12.71.01"),
        ("11.73.02", retired.MOVED, "12.71.02"),
    ]
    assert rows[0]["note"] == "pemekaran Kabupaten C (11.09) 2013"


def test_kabupaten_that_moved_together_accept_each_others_numbers():
    regions = [
        ("22.01", "Kabupaten A", "kabupaten_kota"),
        ("22.01.01", "A1", "kecamatan"),
        ("22.02", "Kabupaten B", "kabupaten_kota"),
        ("22.02.01", "B1", "kecamatan"),
        ("22.02.02", "B2", "kecamatan"),
    ]
    splits = [
        retired.Split("21.04", "lama", "22.01", "Kabupaten A", 2012, "moved"),
        retired.Split("21.05", "lama", "22.02", "Kabupaten B", 2012, "moved"),
    ]
    rows = retired.derive(regions, splits)
    assert [(r["code"], r["now_in"]) for r in rows] == [
        ("21.04.01", ""),
        ("21.04.02", ""),
        ("21.05.01", ""),
        ("21.05.02", ""),
    ]


def _current_kecamatan() -> set[str]:
    return {code for code, _n, level in retired.current_regions() if level == "kecamatan"}


def test_retired_set_covers_splits_beyond_papua_and_no_current_code():
    codes = retired_kecamatan_codes()
    current = _current_kecamatan()
    assert not codes & current
    for code in (
        "91.01.01",  # Merauke before Papua Selatan (2022), from older lists
        "32.07.20",  # Ciamis numbers given to Pangandaran (2012)
        "32.07.36",
        "18.04.01",  # Lampung Barat numbers given to Pesisir Barat (2012)
        "53.04.06",  # Belu numbers given to Malaka (2013)
        "64.04.01",  # Bulungan under its Kalimantan Timur code (Kalimantan Utara, 2012)
        "64.73.01",  # Kota Tarakan under its Kalimantan Timur code
    ):
        assert code in codes, code
    assert "32.07.19" not in codes  # Pamarican is still Ciamis 32.07.19
    assert "32.07.38" not in codes  # above Ciamis's highest number: not derivable


def test_niks_with_retired_codes_are_accepted_with_a_warning():
    current = _current_kecamatan()
    retired_codes = retired_kecamatan_codes()
    cases = {
        "3207204506850001": "32.07.20",  # Pangandaran resident, old Ciamis code
        "1804011203800002": "18.04.01",  # Pesisir Barat resident, old Lampung Barat code
        "5304064107900003": "53.04.06",  # Malaka resident, old Belu code
        "6473010101700004": "64.73.01",  # Tarakan resident, old Kalimantan Timur code
    }
    for nik, code in cases.items():
        check = validate_nik(
            nik,
            kecamatan_exists=current.__contains__,
            retired_kecamatan=retired_codes.__contains__,
            today=date(2026, 12, 3),
        )
        assert not check.errors, (nik, check.errors)
        assert check.region_retired
        assert check.warnings == [Msg.REGION_RETIRED % {"code": code, "label": "NIK"}]


def test_nik_with_a_code_that_never_existed_is_refused():
    check = validate_nik(
        "3207380101900001",
        kecamatan_exists=_current_kecamatan().__contains__,
        retired_kecamatan=retired_kecamatan_codes().__contains__,
        today=date(2026, 12, 3),
    )
    assert check.errors
    assert check.errors == [Msg.REGION_UNKNOWN % {"code": "32.07.38", "label": "NIK"}]


def test_old_kk_number_with_a_retired_code_is_accepted_with_a_warning():
    check = validate_kk(
        "3207200101120001",
        kecamatan_exists=_current_kecamatan().__contains__,
        retired_kecamatan=retired_kecamatan_codes().__contains__,
        today=date(2026, 12, 3),
    )
    assert not check.errors
    assert check.region_retired
