"""Validate and normalise NIK and No. KK numbers, and issue temporary NIKs.

Pure Python (no Django) so that importers, forms and the API share one rule set.

Layout of both numbers (16 digits, domain reference §10):

* NIK: ``PPKKCC`` kecamatan of first registration + ``DDMMYY`` birth date (women:
  day + 40) + ``SSSS`` serial from 0001.
* No. KK: ``PPKKCC`` issuing kecamatan + ``DDMMYY`` date of recording + ``SSSS`` serial.

Region codes are looked up through callables so that this module needs neither the
database nor the region file: ``kecamatan_exists("73.22.04")`` for the current tree and
``retired_kecamatan("32.07.20")`` for codes retired by splits and recodings (e.g.
Pangandaran's old Ciamis codes), which older NIKs still carry for life.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

__all__ = [
    "SEX_FEMALE",
    "SEX_MALE",
    "KkCheck",
    "Msg",
    "NikCheck",
    "is_temporary_nik",
    "normalise_number",
    "temporary_nik",
    "validate_kk",
    "validate_nik",
]

RegionCheck = Callable[[str], bool]

NUMBER_LENGTH = 16
SEX_MALE = "L"
SEX_FEMALE = "P"
FEMALE_DAY_OFFSET = 40
TEMPORARY_PREFIX = "0"
TEMPORARY_MAX_SEQUENCE = 99_999


class Msg:
    """Hold every user-visible message of this module (Indonesian).

    Named %-placeholders (never f-strings) so each constant can later be wrapped in
    ``gettext`` unchanged: ``_(Msg.WRONG_LENGTH) % {...}``.
    """

    EMPTY = "%(label)s belum diisi."
    WRONG_LENGTH = "%(label)s harus 16 digit angka, bukan %(count)d."
    NOT_DIGITS = "%(label)s hanya boleh berisi angka; ditemukan karakter lain: %(chars)s."
    SCIENTIFIC = (
        "%(label)s tertulis dalam notasi ilmiah (%(raw)s) sehingga digit terakhirnya "
        "hilang. Ketik ulang dari KTP/KK dan simpan kolomnya sebagai teks di Excel."
    )
    TEMPORARY = "%(value)s adalah NIK sementara buatan Balai, bukan NIK dari Dukcapil."
    REGION_UNKNOWN = "Kode kecamatan %(code)s dalam %(label)s tidak dikenal."
    REGION_RETIRED = (
        "Kode kecamatan %(code)s dalam %(label)s adalah kode lama dari sebelum pemekaran "
        "atau perubahan kode wilayah. Nomor lama tetap berlaku; periksa bila ragu."
    )
    BIRTH_DAY_INVALID = (
        "Tanggal lahir dalam NIK (%(dd)s) tidak valid: harus 01-31 untuk laki-laki "
        "atau 41-71 untuk perempuan."
    )
    BIRTH_DATE_MISSING = "Tanggal lahir dalam NIK (%(date)s) tidak ada."
    SERIAL_ZERO = "Nomor urut dalam %(label)s (4 digit terakhir) tidak boleh 0000."
    SEX_MISMATCH = "Jenis kelamin tercatat %(recorded)s, tetapi NIK menunjukkan %(encoded)s."
    BIRTH_DATE_MISMATCH = "Tanggal lahir tercatat %(recorded)s, tetapi NIK menunjukkan %(encoded)s."
    KK_DATE_MISSING = "Tanggal pencatatan dalam No. KK (%(date)s) tidak ada."
    KK_DATE_FUTURE = "Tanggal pencatatan dalam No. KK (%(date)s) belum terjadi."
    LABEL_NIK = "NIK"
    LABEL_KK = "No. KK"
    SEX_NAMES: ClassVar[Mapping[str, str]] = {
        SEX_MALE: "laki-laki (L)",
        SEX_FEMALE: "perempuan (P)",
    }


@dataclass(frozen=True)
class NikCheck:
    """Outcome of :func:`validate_nik`: the normalised number, findings and parts.

    Parts are None when the number is too malformed to read them.
    """

    value: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kecamatan_code: str | None = None  # dotted "PP.KK.CC"
    birth_date: date | None = None
    sex: str | None = None  # SEX_MALE or SEX_FEMALE
    serial: str | None = None
    region_retired: bool = False

    @property
    def is_valid(self) -> bool:
        """Return True when there are no errors (warnings are allowed)."""
        return not self.errors


@dataclass(frozen=True)
class KkCheck:
    """Outcome of :func:`validate_kk`: the normalised number, findings and parts."""

    value: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    region_code: str | None = None  # dotted "PP.KK.CC" of the issuing kecamatan
    recorded_on: date | None = None
    serial: str | None = None
    region_retired: bool = False

    @property
    def is_valid(self) -> bool:
        """Return True when there are no errors (warnings are allowed)."""
        return not self.errors


# Apostrophes (Excel's text marker and its typographic cousins) and quotes.
_QUOTES = frozenset("'\u2018\u2019\u201b`\u00b4\"\u201c\u201d")
# A float artefact such as "3201010101900001.0" (pandas / Excel number columns).
_FLOAT_TAIL = re.compile(r"^(\d{16})\.0+$")
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE][+]?\d+$")


def _strip_invisible(raw: str) -> str:
    # Whitespace (incl. NBSP, narrow NBSP) and Unicode format characters
    # (zero-width space/joiners, BOM, soft hyphen, direction marks).
    return "".join(ch for ch in raw if not ch.isspace() and unicodedata.category(ch) != "Cf")


def normalise_number(raw: str) -> str:
    """Return *raw* with the noise around NIK/KK numbers removed.

    Remove whitespace (also NBSP), zero-width characters, BOM, apostrophes and quotes
    that Excel adds, an Excel ``="..."`` wrapper, a ``.0`` float tail, and dots or
    dashes used as separators. Letters and other characters are kept, never guessed
    into digits (``O`` stays ``O``), so validation can reject them.
    """
    if raw.isascii() and raw.isdigit():  # the usual case: nothing to clean
        return raw
    text = _strip_invisible(raw)
    text = text.removeprefix("=")  # Excel's ="3201..." trick to keep a number as text
    text = "".join(ch for ch in text if ch not in _QUOTES)
    if match := _FLOAT_TAIL.match(text):
        text = match.group(1)
    return "".join(
        ch for ch in text if ch != "." and ch != "\u2212" and unicodedata.category(ch) != "Pd"
    )


def _is_ascii_digits(value: str) -> bool:
    return value.isascii() and value.isdigit()


def _format_errors(raw: str, value: str, label: str) -> list[str]:
    """Return the errors that stop a number from being parsed at all."""
    if not value:
        return [Msg.EMPTY % {"label": label}]
    if len(value) == NUMBER_LENGTH and _is_ascii_digits(value):
        return []  # the usual case: nothing to explain
    compact = _strip_invisible(raw).strip("'")
    if _SCIENTIFIC.match(compact):
        return [Msg.SCIENTIFIC % {"label": label, "raw": compact}]
    if not _is_ascii_digits(value):
        odd = sorted({ch for ch in value if not ("0" <= ch <= "9")})
        chars = ", ".join(repr(ch) for ch in odd)
        return [Msg.NOT_DIGITS % {"label": label, "chars": chars}]
    if len(value) != NUMBER_LENGTH:
        return [Msg.WRONG_LENGTH % {"label": label, "count": len(value)}]
    return []


def _check_region(
    digits: str,
    label: str,
    kecamatan_exists: RegionCheck,
    retired_kecamatan: RegionCheck,
    errors: list[str],
    warnings: list[str],
) -> tuple[str, bool]:
    code = f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}"
    if kecamatan_exists(code):
        return code, False
    if retired_kecamatan(code):
        warnings.append(Msg.REGION_RETIRED % {"code": code, "label": label})
        return code, True
    errors.append(Msg.REGION_UNKNOWN % {"code": code, "label": label})
    return code, False


def _latest_year_ending(yy: int, today: date) -> int:
    """Return the latest year <= today's year whose last two digits are *yy*."""
    return today.year - (today.year - yy) % 100


def _show(d: date) -> str:
    return d.strftime("%d-%m-%Y")


def _resolve_birth_date(
    day: int, month: int, yy: int, *, today: date, recorded: date | None
) -> date:
    """Return the birth date encoded as DD/MM/YY; raise ValueError if it cannot exist.

    The century is the latest one that does not put the birth in the future. A
    recorded birth date with the same day, month and two-digit year settles the
    century instead, so residents aged 100+ are read correctly.
    """
    if (
        recorded is not None
        and (recorded.day, recorded.month, recorded.year % 100) == (day, month, yy)
        and recorded <= today
    ):
        return recorded
    year = _latest_year_ending(yy, today)
    born = date(year, month, day)
    if born > today:  # same two-digit year as today but a later day: last century
        born = date(year - 100, month, day)
    return born


def validate_nik(
    raw: str,
    *,
    kecamatan_exists: RegionCheck,
    retired_kecamatan: RegionCheck,
    sex: str | None = None,
    birth_date: date | None = None,
    today: date,
) -> NikCheck:
    """Validate a NIK and return its normalised value, findings and parts.

    Errors: not 16 digits, unknown kecamatan code, impossible birth date, serial 0000,
    a Balai temporary NIK. Warnings (the number is still accepted): a retired
    kecamatan code, and recorded *sex* ("L"/"P") or *birth_date* that differ from
    what the NIK encodes; registries carry such legacy errors and Dukcapil decides.
    """
    if sex is not None:
        sex = sex.strip().upper()
        if sex not in Msg.SEX_NAMES:
            raise ValueError(f"sex must be {SEX_MALE!r} or {SEX_FEMALE!r}, not {sex!r}")
    label = Msg.LABEL_NIK
    value = normalise_number(raw)
    errors = _format_errors(raw, value, label)
    if errors:
        return NikCheck(value=value, errors=errors)
    if is_temporary_nik(value):
        return NikCheck(value=value, errors=[Msg.TEMPORARY % {"value": value}])

    warnings: list[str] = []
    code, retired = _check_region(
        value[:6], label, kecamatan_exists, retired_kecamatan, errors, warnings
    )

    encoded_day, month, yy = int(value[6:8]), int(value[8:10]), int(value[10:12])
    encoded_sex: str | None = None
    born: date | None = None
    if 1 <= encoded_day <= 31:
        encoded_sex, day = SEX_MALE, encoded_day
    elif 1 + FEMALE_DAY_OFFSET <= encoded_day <= 31 + FEMALE_DAY_OFFSET:
        encoded_sex, day = SEX_FEMALE, encoded_day - FEMALE_DAY_OFFSET
    else:
        errors.append(Msg.BIRTH_DAY_INVALID % {"dd": value[6:8]})
    if encoded_sex is not None:
        try:
            born = _resolve_birth_date(day, month, yy, today=today, recorded=birth_date)
        except ValueError:
            shown = f"{day:02d}-{month:02d}-{_latest_year_ending(yy, today)}"
            errors.append(Msg.BIRTH_DATE_MISSING % {"date": shown})

    serial = value[12:]
    if serial == "0000":
        errors.append(Msg.SERIAL_ZERO % {"label": label})

    if sex is not None and encoded_sex is not None and sex != encoded_sex:
        warnings.append(
            Msg.SEX_MISMATCH
            % {
                "recorded": Msg.SEX_NAMES[sex],
                "encoded": Msg.SEX_NAMES[encoded_sex],
            }
        )
    if birth_date is not None and born is not None and birth_date != born:
        warnings.append(
            Msg.BIRTH_DATE_MISMATCH % {"recorded": _show(birth_date), "encoded": _show(born)}
        )

    return NikCheck(
        value=value,
        errors=errors,
        warnings=warnings,
        kecamatan_code=code,
        birth_date=born,
        sex=encoded_sex,
        serial=serial,
        region_retired=retired,
    )


def validate_kk(
    raw: str,
    *,
    kecamatan_exists: RegionCheck,
    retired_kecamatan: RegionCheck,
    today: date,
) -> KkCheck:
    """Validate a No. KK and return its normalised value, findings and parts.

    Errors: not 16 digits, unknown issuing kecamatan, a recording date (DDMMYY) that
    does not exist or lies after *today*, serial 0000. A retired kecamatan code
    is a warning. The two-digit year is read as the latest year not after *today*'s.
    """
    label = Msg.LABEL_KK
    value = normalise_number(raw)
    errors = _format_errors(raw, value, label)
    if errors:
        return KkCheck(value=value, errors=errors)

    warnings: list[str] = []
    code, retired = _check_region(
        value[:6], label, kecamatan_exists, retired_kecamatan, errors, warnings
    )

    day, month, yy = int(value[6:8]), int(value[8:10]), int(value[10:12])
    year = _latest_year_ending(yy, today)
    recorded: date | None = None
    try:
        recorded = date(year, month, day)
    except ValueError:
        errors.append(Msg.KK_DATE_MISSING % {"date": f"{day:02d}-{month:02d}-{year}"})
    if recorded is not None and recorded > today:
        errors.append(Msg.KK_DATE_FUTURE % {"date": _show(recorded)})
        recorded = None

    serial = value[12:]
    if serial == "0000":
        errors.append(Msg.SERIAL_ZERO % {"label": label})

    return KkCheck(
        value=value,
        errors=errors,
        warnings=warnings,
        region_code=code,
        recorded_on=recorded,
        serial=serial,
        region_retired=retired,
    )


def temporary_nik(village_code: str, sequence: int) -> str:
    """Return temporary NIK number *sequence* of a village, for residents without NIK.

    Format: ``"0"`` + the 10-digit Kemendagri desa/kelurahan code + a 5-digit sequence,
    e.g. ``temporary_nik("73.22.04.2002", 7) == "0732204200200007"``.

    * It can never collide with a real NIK: real NIKs start with a province code
      (11-96), so their first digit is never 0.
    * It is 16 digits, so it fits the NIK column and the 16-digit import formats
      (OpenSID uses ``0`` for "no NIK yet"), and the embedded village code keeps
      numbers unique when villages are merged at kecamatan or kabupaten level.
    * It is marked by :func:`is_temporary_nik`, and :func:`validate_nik` rejects it,
      so it cannot pass as a Dukcapil NIK; show it with a "sementara" label.
    """
    digits = normalise_number(village_code)
    if len(digits) != 10 or not _is_ascii_digits(digits):
        raise ValueError(f"village_code must have 10 digits, got {village_code!r}")
    if not 1 <= sequence <= TEMPORARY_MAX_SEQUENCE:
        raise ValueError(f"sequence must be 1..{TEMPORARY_MAX_SEQUENCE}, got {sequence}")
    return f"{TEMPORARY_PREFIX}{digits}{sequence:05d}"


def is_temporary_nik(value: str) -> bool:
    """Return True if *value* is a temporary NIK issued by :func:`temporary_nik`."""
    digits = normalise_number(value)
    return (
        len(digits) == NUMBER_LENGTH
        and _is_ascii_digits(digits)
        and digits.startswith(TEMPORARY_PREFIX)
    )
