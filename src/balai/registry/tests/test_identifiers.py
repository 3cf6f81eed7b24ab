"""Tests for NIK / No. KK validation (pure Python, no database)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from balai.registry.identifiers import (
    SEX_FEMALE,
    SEX_MALE,
    Msg,
    is_temporary_nik,
    normalise_number,
    temporary_nik,
    validate_kk,
    validate_nik,
)

TODAY = date(2026, 3, 1)
# A few real kecamatan of Luwu Utara (Sulawesi Selatan) and Kota Jayapura.
CURRENT = {"73.22.01", "73.22.04", "91.71.01"}  # Malangke, Sabbang, Jayapura Utara
RETIRED = {"91.01.01"}  # Merauke before Papua Selatan (93) was split off in 2022

MALE = "7322040508900003"  # Sabbang, born 05-08-1990, serial 0003
FEMALE = "7322044508900002"  # same date, day + 40


def nik(raw: str, **kwargs: object):
    kwargs.setdefault("today", TODAY)
    return validate_nik(
        raw,
        kecamatan_exists=CURRENT.__contains__,
        retired_kecamatan=RETIRED.__contains__,
        **kwargs,  # type: ignore[arg-type]
    )


def kk(raw: str, today: date = TODAY):
    return validate_kk(
        raw,
        kecamatan_exists=CURRENT.__contains__,
        retired_kecamatan=RETIRED.__contains__,
        today=today,
    )


# --- valid numbers --------------------------------------------------------------------


def test_valid_male_nik_is_parsed():
    check = nik(MALE)
    assert check.is_valid
    assert check.errors == []
    assert check.warnings == []
    assert check.value == MALE
    assert check.kecamatan_code == "73.22.04"
    assert check.birth_date == date(1990, 8, 5)
    assert check.sex == SEX_MALE
    assert check.serial == "0003"
    assert check.region_retired is False


def test_valid_female_nik_has_day_plus_40():
    check = nik(FEMALE)
    assert check.is_valid
    assert check.sex == SEX_FEMALE
    assert check.birth_date == date(1990, 8, 5)


def test_female_born_on_the_31st_uses_day_71():
    check = nik("7322017101850001")
    assert check.is_valid
    assert check.kecamatan_code == "73.22.01"
    assert (check.sex, check.birth_date) == (SEX_FEMALE, date(1985, 1, 31))


def test_leap_day_birth_is_valid_in_leap_year():
    check = nik("7322042902000001")
    assert check.is_valid
    assert check.birth_date == date(2000, 2, 29)


def test_check_result_is_frozen():
    check = nik(MALE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        check.value = "x"  # type: ignore[misc]


# --- format errors --------------------------------------------------------------------


def test_fifteen_digits_is_rejected_with_count():
    check = nik(MALE[:-1])
    assert not check.is_valid
    assert check.errors == ["NIK harus 16 digit angka, bukan 15."]
    assert check.birth_date is None
    assert check.kecamatan_code is None


def test_seventeen_digits_is_rejected():
    assert nik(MALE + "1").errors == ["NIK harus 16 digit angka, bukan 17."]


@pytest.mark.parametrize("raw", ["", "   ", "\u00a0\u200b"])
def test_empty_nik_is_rejected(raw):
    assert nik(raw).errors == [Msg.EMPTY % {"label": "NIK"}]


def test_letter_o_is_not_read_as_zero():
    check = nik("732204050890000O")
    assert check.value == "732204050890000O"
    assert check.errors == ["NIK hanya boleh berisi angka; ditemukan karakter lain: 'O'."]


def test_fullwidth_digits_are_rejected():
    fullwidth = "".join(chr(0xFF10 + int(ch)) for ch in MALE)  # e.g. from a phone IME
    assert fullwidth.isdigit()
    check = nik(fullwidth)
    assert not check.is_valid
    assert "hanya boleh berisi angka" in check.errors[0]


@pytest.mark.parametrize("raw", ["7.32204E+15", "7,32204E+15", "'7.32204e15"])
def test_excel_scientific_notation_is_explained(raw):
    check = nik(raw)
    assert len(check.errors) == 1
    assert "notasi ilmiah" in check.errors[0]


# --- region ---------------------------------------------------------------------------


def test_unknown_kecamatan_is_an_error():
    check = nik("7322990508900003")
    assert check.errors == ["Kode kecamatan 73.22.99 dalam NIK tidak dikenal."]
    assert check.kecamatan_code == "73.22.99"
    assert check.birth_date == date(1990, 8, 5)  # other parts are still read


def test_retired_papua_kecamatan_is_accepted_with_warning():
    check = nik("9101010508900003")
    assert check.is_valid
    assert check.region_retired is True
    assert check.kecamatan_code == "91.01.01"
    assert check.warnings == [Msg.REGION_RETIRED % {"code": "91.01.01", "label": "NIK"}]


def test_current_code_wins_over_retired_list():
    check = nik("9171010508900003")
    assert check.is_valid
    assert check.warnings == []
    assert check.region_retired is False


# --- birth date -----------------------------------------------------------------------


@pytest.mark.parametrize("dd", ["00", "32", "40", "72", "99"])
def test_impossible_day_codes_are_errors(dd):
    check = nik(f"732204{dd}08900003")
    assert check.errors == [Msg.BIRTH_DAY_INVALID % {"dd": dd}]
    assert check.sex is None
    assert check.birth_date is None


def test_thirtieth_of_february_does_not_exist():
    check = nik("7322043002900001")
    assert check.errors == ["Tanggal lahir dalam NIK (30-02-1990) tidak ada."]


def test_thirty_first_of_february_for_women_does_not_exist():
    check = nik("7322047102900001")
    assert check.errors == ["Tanggal lahir dalam NIK (31-02-1990) tidak ada."]
    assert check.sex == SEX_FEMALE


def test_month_thirteen_does_not_exist():
    assert nik("7322040513900001").errors == ["Tanggal lahir dalam NIK (05-13-1990) tidak ada."]


def test_leap_day_in_common_year_does_not_exist():
    assert nik("7322042902010001").errors == ["Tanggal lahir dalam NIK (29-02-2001) tidak ada."]


@pytest.mark.parametrize(
    ("yymmdd", "today", "expected"),
    [
        ("010126", date(2026, 3, 1), date(2026, 1, 1)),  # this year, already past
        ("010326", date(2026, 3, 1), date(2026, 3, 1)),  # born today
        (
            "150826",
            date(2026, 3, 1),
            date(1926, 8, 15),
        ),  # later this year: last century
        ("010127", date(2026, 3, 1), date(1927, 1, 1)),  # next year's YY: last century
        ("010100", date(2026, 3, 1), date(2000, 1, 1)),
        ("311299", date(2026, 3, 1), date(1999, 12, 31)),
        ("010128", date(2030, 6, 1), date(2028, 1, 1)),  # the cut moves with today
    ],
)
def test_century_is_inferred_so_birth_is_not_in_future(yymmdd, today, expected):
    dd, mm, yy = yymmdd[:2], yymmdd[2:4], yymmdd[4:]
    check = nik(f"732204{dd}{mm}{yy}0001", today=today)
    assert check.is_valid
    assert check.birth_date == expected


def test_recorded_birth_date_settles_century_for_centenarians():
    check = nik("7322040103250001", birth_date=date(1925, 3, 1))
    assert check.birth_date == date(1925, 3, 1)
    assert check.warnings == []
    assert nik("7322040103250001").birth_date == date(2025, 3, 1)


# --- serial ---------------------------------------------------------------------------


def test_serial_0000_is_an_error():
    check = nik("7322040508900000")
    assert check.errors == [Msg.SERIAL_ZERO % {"label": "NIK"}]
    assert check.serial == "0000"


def test_several_errors_are_reported_together():
    check = nik("7322993002900000")
    assert len(check.errors) == 3  # region, date, serial


# --- consistency with recorded data ---------------------------------------------------


def test_sex_mismatch_is_a_warning_naming_both_values():
    check = nik(FEMALE, sex="L")
    assert check.is_valid
    assert check.warnings == [
        "Jenis kelamin tercatat laki-laki (L), tetapi NIK menunjukkan perempuan (P)."
    ]


def test_birth_date_mismatch_is_a_warning_naming_both_values():
    check = nik(MALE, birth_date=date(1991, 8, 5))
    assert check.is_valid
    assert check.warnings == [
        "Tanggal lahir tercatat 05-08-1991, tetapi NIK menunjukkan 05-08-1990."
    ]


def test_matching_recorded_values_give_no_warning():
    check = nik(FEMALE, sex="p", birth_date=date(1990, 8, 5))
    assert check.is_valid
    assert check.warnings == []


def test_both_mismatches_and_retired_code_give_three_warnings():
    check = nik("9101014508900003", sex="L", birth_date=date(1990, 8, 6))
    assert check.is_valid
    assert len(check.warnings) == 3


def test_unknown_sex_code_is_a_programming_error():
    with pytest.raises(ValueError, match="sex"):
        nik(MALE, sex="X")


# --- normalisation --------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        f"'{MALE}",  # Excel text apostrophe
        f"\u2019{MALE}",  # typographic apostrophe
        f"\ufeff{MALE}",  # BOM from a UTF-8 CSV
        f" {MALE}\u00a0",  # NBSP
        "7322\u200b0405\u200c0890\u200d0003",  # zero-width characters
        "7322 0405 0890 0003",
        "7322.0405.0890.0003",
        "732204-050890-0003",
        "732204\u2013050890\u20130003",  # en dash
        f'="{MALE}"',  # Excel formula wrapper
        f"{MALE}.0",  # float artefact
        f"\t{MALE}\r\n",
    ],
)
def test_hidden_characters_and_separators_are_removed(raw):
    assert normalise_number(raw) == MALE
    assert nik(raw).is_valid


def test_normalise_keeps_letters_for_validation_to_reject():
    assert normalise_number("32O1 l2") == "32O1l2"


# --- No. KK ---------------------------------------------------------------------------

KK = "7322041503120004"  # issued in Sabbang, recorded 15-03-2012, serial 0004


def test_valid_kk_is_parsed():
    check = kk(KK)
    assert check.is_valid
    assert check.warnings == []
    assert check.region_code == "73.22.04"
    assert check.recorded_on == date(2012, 3, 15)
    assert check.serial == "0004"


def test_kk_with_hidden_characters_is_normalised():
    check = kk(f"'{KK[:8]}\u00a0{KK[8:]}\u200b")
    assert check.is_valid
    assert check.value == KK


def test_kk_wrong_length_names_the_kk():
    assert kk(KK[:-1]).errors == ["No. KK harus 16 digit angka, bukan 15."]


def test_kk_unknown_region_is_an_error():
    assert kk("7322991503120004").errors == ["Kode kecamatan 73.22.99 dalam No. KK tidak dikenal."]


def test_kk_retired_region_is_a_warning():
    check = kk("9101011503120004")
    assert check.is_valid
    assert check.region_retired is True
    assert len(check.warnings) == 1


@pytest.mark.parametrize(
    ("ddmmyy", "shown"),
    [("300212", "30-02-2012"), ("001012", "00-10-2012"), ("451012", "45-10-2012")],
)
def test_kk_recording_date_must_exist(ddmmyy, shown):
    # No +40 offset in a KK: day 45 is simply invalid.
    check = kk(f"732204{ddmmyy}0004")
    assert check.errors == [f"Tanggal pencatatan dalam No. KK ({shown}) tidak ada."]
    assert check.recorded_on is None


def test_kk_recording_date_in_future_is_an_error():
    check = kk("7322041504260004", today=date(2026, 3, 1))
    assert check.errors == ["Tanggal pencatatan dalam No. KK (15-04-2026) belum terjadi."]
    assert check.recorded_on is None


def test_kk_recorded_today_is_valid():
    assert kk("7322040103260004", today=date(2026, 3, 1)).recorded_on == date(2026, 3, 1)


def test_kk_two_digit_year_after_today_means_last_century():
    assert kk("7322040101990004").recorded_on == date(1999, 1, 1)


def test_kk_serial_0000_is_an_error():
    assert kk("7322041503120000").errors == [Msg.SERIAL_ZERO % {"label": "No. KK"}]


# --- temporary NIK --------------------------------------------------------------------


def test_temporary_nik_format():
    value = temporary_nik("73.22.04.2002", 7)
    assert value == "0732204200200007"
    assert len(value) == 16
    assert is_temporary_nik(value)


def test_temporary_nik_is_never_a_valid_nik_even_if_every_region_exists():
    for village, seq in [("73.22.04.2002", 1), ("11.01.01.2001", 99_999)]:
        value = temporary_nik(village, seq)
        check = validate_nik(
            value,
            kecamatan_exists=lambda _code: True,
            retired_kecamatan=lambda _code: True,
            today=TODAY,
        )
        assert not check.is_valid
        assert check.errors == [Msg.TEMPORARY % {"value": value}]


def test_real_niks_are_never_temporary():
    for value in (MALE, FEMALE):
        assert not is_temporary_nik(value)
    # Real NIKs start with a province code (11..96), so never with 0.
    for province in range(11, 100):
        assert not is_temporary_nik(f"{province}01010101900001")


def test_temporary_niks_are_unique_across_villages_and_sequences():
    values = {
        temporary_nik(village, seq)
        for village in ("73.22.04.2002", "73.22.04.2003", "73.22.01.2001")
        for seq in range(1, 200)
    }
    assert len(values) == 3 * 199


@pytest.mark.parametrize("value", ["0", "", "073220420020001", "O732204200200007"])
def test_malformed_values_are_not_temporary(value):
    assert not is_temporary_nik(value)


@pytest.mark.parametrize(
    ("village", "seq"),
    [
        ("73.22.04", 1),
        ("73.22.04.20021", 1),
        ("73.22.04.2002", 0),
        ("73.22.04.2002", 100_000),
    ],
)
def test_temporary_nik_rejects_bad_input(village, seq):
    with pytest.raises(ValueError, match="must"):
        temporary_nik(village, seq)
