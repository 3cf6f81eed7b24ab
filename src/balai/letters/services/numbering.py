"""Letter numbers: a format per village/type and a locked counter per scope.

A number is taken only when a letter is signed, inside the signing
transaction: the scope's ``NumberSequence`` row is locked (SELECT … FOR
UPDATE), incremented and saved, and the ``IssuedDocument`` carrying the
number is inserted under unique constraints on (village, scope, year,
sequence) and on (village, printed number). Concurrent signers queue on the
lock; a rollback returns the number with everything else, so numbers have no
gaps; a voided letter keeps its row (and number) in the register.

The printed number is unique per village whatever the configuration:

* the village-wide counter ("" scope) never goes below any per-type counter
  of the same year, and a per-type counter never below the village-wide one,
  so switching the scope mid-year continues from the highest number used
  instead of starting again at 1;
* a format that cannot tell two letters apart (no ``[tahun]``, no ``[kode]``
  under per-type numbering, two types sharing a classification code) skips
  the sequence numbers whose printed form the village register already holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from balai.core.errors import DomainError
from balai.letters.models import (
    IssuedDocument,
    NumberSequence,
    SequenceScope,
    VillageLetterSettings,
)
from balai.regions.models import Area

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
TOKEN_RE = re.compile(r"\[\s*([a-z_]+)\s*(?:,\s*(\d+)\s*)?\]")
ALIASES = {"kode_surat": "kode", "nomor_surat": "nomor", "nomor_urut": "nomor"}
TOKENS = frozenset({"kode", "nomor", "kode_desa", "bulan_romawi", "bulan", "tahun"})


class NumberFormatError(DomainError):
    code = "number_format_invalid"


def validate_format(fmt: str) -> str:
    """Return *fmt* stripped; raise if it has unknown tokens or no sequence token."""
    fmt = fmt.strip()
    if not fmt or len(fmt) > 120:
        raise NumberFormatError(_("Format nomor wajib diisi (maks. 120 karakter)."))
    names = []
    for match in TOKEN_RE.finditer(fmt):
        name = ALIASES.get(match.group(1), match.group(1))
        if name not in TOKENS:
            raise NumberFormatError(
                _("Format nomor memakai kode tidak dikenal: [%(t)s].") % {"t": match.group(1)}
            )
        width = match.group(2)
        if width is not None and (name != "nomor" or not 1 <= int(width) <= 8):
            raise NumberFormatError(_("Lebar angka hanya untuk [nomor,N] dengan N 1-8."))
        names.append(name)
    if "nomor" not in names:
        raise NumberFormatError(_("Format nomor harus memuat [nomor] atau [nomor,3]."))
    if re.search(r"\[(?![a-z_]+\s*(?:,\s*\d+\s*)?\])", fmt):
        raise NumberFormatError(_("Format nomor memuat kurung siku yang tidak lengkap."))
    return fmt


def format_number(fmt: str, *, sequence: int, classification: str, village: Area, day: date) -> str:
    """Return the letter number *fmt* gives for *sequence* on *day*."""

    def token(match: re.Match[str]) -> str:
        name = ALIASES.get(match.group(1), match.group(1))
        width = int(match.group(2) or 0)
        values = {
            "kode": classification,
            "nomor": f"{sequence:0{width}d}",
            "kode_desa": village.code.rsplit(".", 1)[-1],
            "bulan_romawi": ROMAN[day.month - 1],
            "bulan": f"{day.month:02d}",
            "tahun": str(day.year),
        }
        return values.get(name, match.group(0))

    return TOKEN_RE.sub(token, fmt)


def scope_key(settings: VillageLetterSettings, letter_type: str) -> str:
    """Return the counter scope of *letter_type*: "" (whole village) or the type code."""
    return letter_type if settings.sequence_scope == SequenceScope.TYPE else ""


# How many sequence numbers one register query checks when a printed number is taken.
PROBE = 50


@dataclass(frozen=True)
class Allocation:
    year: int
    scope_key: str
    sequence: int
    number: str


def number_take(
    *, village: Area, year: int, scope: str, render: Callable[[int], str]
) -> Allocation:
    """Take the next number of (village, scope, year); must run inside the signing transaction.

    *render* turns a sequence number into the printed number. The counter
    rows involved are created if missing (ignoring a concurrent creator) and
    locked in primary-key order, so concurrent callers are served one at a
    time without deadlocks.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_take must run inside transaction.atomic()")
    NumberSequence.objects.bulk_create(
        [NumberSequence(area=village, year=year, scope_key=scope)], ignore_conflicts=True
    )
    # The village-wide counter reads every scope of the year; a per-type one
    # also reads the village-wide counter, the floor left by a scope switch.
    rows = NumberSequence.objects.filter(area=village, year=year)
    if scope:
        rows = rows.filter(Q(scope_key=scope) | Q(scope_key=""))
    locked = list(rows.select_for_update().order_by("pk"))
    counter = next(row for row in locked if row.scope_key == scope)
    sequence = max(row.last for row in locked)
    while True:
        candidates = {n: render(n) for n in range(sequence + 1, sequence + 1 + PROBE)}
        taken = set(
            IssuedDocument.objects.filter(area=village, number__in=candidates.values()).values_list(
                "number", flat=True
            )
        )
        free = [n for n, printed in candidates.items() if printed not in taken]
        if free:
            sequence = free[0]
            break
        sequence += PROBE
    counter.last = sequence
    counter.save(update_fields=["last"])
    return Allocation(year=year, scope_key=scope, sequence=sequence, number=candidates[sequence])
