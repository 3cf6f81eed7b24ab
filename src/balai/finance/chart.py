"""The APBDes chart of accounts (Permendagri 20/2018), fund sources and code rules (pure data).

The akun/kelompok/jenis levels ship as ``data/akun_permendagri_20_2018.csv``;
a budget line carries an object-level code (``4.2.1.01``): a jenis of the
chart plus a two-digit object number chosen by the desa. Kegiatan codes are
the planning reference list's (``2.3.10`` = bidang 2, sub-bidang 2.3,
kegiatan 10); Siskeudes writes both with two-digit groups and a trailing dot.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.core.errors import DomainError

CHART_FILE = Path(__file__).resolve().parent / "data" / "akun_permendagri_20_2018.csv"
OBJECT_RE = re.compile(r"^([456])\.(\d)\.(\d)\.(\d{2})$")
KEGIATAN_RE = re.compile(r"^([1-5])\.(\d{1,2})\.(\d{2})$")
MAX_AMOUNT = Decimal("99999999999999.99")

INCOME = "4"
EXPENDITURE = "5"
FINANCING = "6"
FINANCING_IN = "6.1"
FINANCING_OUT = "6.2"
SILPA = "6.1.1"
CAPITAL_PARTICIPATION = "6.2.2"
OWN_BUSINESS_INCOME = "4.1.1"
DANA_DESA = "4.2.1"


class FundSource(models.TextChoices):
    """Sumber dana of a budget line (the Siskeudes codes, as in ``planning``)."""

    DD = "DDS", gettext_lazy("Dana Desa (DD)")
    ADD = "ADD", gettext_lazy("Alokasi Dana Desa (ADD)")
    PAD = "PAD", gettext_lazy("Pendapatan Asli Desa (PAD)")
    BHPR = "PBH", gettext_lazy("Bagi Hasil Pajak dan Retribusi")
    BANPROV = "PBP", gettext_lazy("Bantuan Keuangan Provinsi")
    BANKAB = "PBK", gettext_lazy("Bantuan Keuangan Kabupaten/Kota")
    SWADAYA = "SWD", gettext_lazy("Swadaya masyarakat")
    LAIN = "DLL", gettext_lazy("Lain-lain pendapatan sah")


# The fund source an income jenis brings in (the default tag of an income line).
INCOME_SOURCE = {
    "4.1": FundSource.PAD,
    "4.2.1": FundSource.DD,
    "4.2.2": FundSource.BHPR,
    "4.2.3": FundSource.ADD,
    "4.2.4": FundSource.BANPROV,
    "4.2.5": FundSource.BANKAB,
    "4.3": FundSource.LAIN,
    "6": FundSource.LAIN,
}


class Bidang(models.TextChoices):
    """The five bidang of village spending (Permendagri 20/2018)."""

    PEMERINTAHAN = "1", gettext_lazy("Penyelenggaraan Pemerintahan Desa")
    PEMBANGUNAN = "2", gettext_lazy("Pelaksanaan Pembangunan Desa")
    KEMASYARAKATAN = "3", gettext_lazy("Pembinaan Kemasyarakatan")
    PEMBERDAYAAN = "4", gettext_lazy("Pemberdayaan Masyarakat")
    BENCANA = "5", gettext_lazy("Penanggulangan Bencana, Keadaan Darurat dan Mendesak Desa")


# Sub-bidang counted as basic services (education 2.1, health 2.2).
BASIC_SERVICE_SUB_BIDANG = ("2.1", "2.2")


@cache
def accounts() -> dict[str, str]:
    """Return ``{code: name}`` of the akun, kelompok and jenis of the chart."""
    with CHART_FILE.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return {row["code"]: row["name"] for row in csv.DictReader(lines)}


def account_name(code: str) -> str:
    """Return the name of *code*'s jenis (or its own name for akun/kelompok/jenis)."""
    names = accounts()
    return names.get(code) or names.get(jenis_of(code), "")


def jenis_of(code: str) -> str:
    """Return the jenis (``4.2.1``) of an object-level code."""
    return ".".join(code.split(".")[:3])


def group_of(code: str) -> str:
    """Return the akun (``4``, ``5`` or ``6``) of a code."""
    return code.split(".", 1)[0]


def clean_account(raw: str) -> str:
    """Return *raw* as a stored object-level account code, or raise DomainError.

    Accepts the Siskeudes spelling (trailing dot, spaces). The jenis must be in
    the chart; the object is two digits.
    """
    code = _account_or_none(raw or "")
    if code is None:
        message = _(
            "Kode rekening %(c)s tidak dikenal: gunakan kode objek Permendagri 20/2018 "
            "seperti 4.2.1.01 atau 5.2.2.01."
        ) % {"c": raw or "''"}
        raise DomainError(message, field_errors={"account_code": [message]})
    return code


@lru_cache(maxsize=8192)
def _account_or_none(raw: str) -> str | None:
    code = raw.strip().rstrip(".").replace(" ", "")
    if not OBJECT_RE.match(code) or jenis_of(code) not in accounts():
        return None
    return code


def clean_kegiatan(raw: str) -> str:
    """Return *raw* as a kegiatan code ``B.S.KK`` (Siskeudes ``BB.SS.KK.`` accepted), or raise."""
    code = (raw or "").strip().rstrip(".").replace(" ", "")
    parts = code.split(".")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        code = f"{int(parts[0])}.{int(parts[1])}.{int(parts[2]):02d}"
    match = KEGIATAN_RE.match(code)
    if not match:
        message = _(
            "Kode kegiatan %(c)s tidak sah: gunakan bidang.sub-bidang.kegiatan, mis. 2.3.10."
        ) % {"c": raw or "''"}
        raise DomainError(message, field_errors={"kegiatan_code": [message]})
    return code


def sub_bidang_of(kegiatan: str) -> str:
    """Return the sub-bidang (``2.3``) of a kegiatan code."""
    return ".".join(kegiatan.split(".")[:2])


def parse_amount(raw: object) -> Decimal:
    """Return a rupiah amount from a cell or form (``1.250.000``, ``1250000,50``), or raise.

    Dots are thousands separators and a comma the decimal mark when the text
    has a comma; a plain ``1250000.5`` (a spreadsheet number) is read as is.
    Letters, negative amounts and more than 14 integer digits are refused.
    """
    if isinstance(raw, (int, Decimal)):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(str(raw))
    else:
        text = str(raw or "").strip().replace("Rp", "").replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif text.count(".") > 1 or re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
            text = text.replace(".", "")
        try:
            value = Decimal(text) if text else Decimal(0)
        except InvalidOperation:
            value = Decimal("NaN")
    if value.is_nan() or value < 0 or value > MAX_AMOUNT:
        message = _("Jumlah %(v)s tidak sah: isi angka rupiah tanpa huruf, mis. 1250000.") % {
            "v": raw
        }
        raise DomainError(message, field_errors={"amount": [message]})
    return value.quantize(Decimal("0.01"))
