"""Bounds and errors of the bounded spreadsheet reader (see ``reader``)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from balai.core.errors import DomainError


class SpreadsheetError(DomainError):
    """The file cannot be read safely; the message says why (in Indonesian)."""

    code = "invalid_spreadsheet"


class Formula(str):
    """A formula cell read with ``formulas="text"``: its text, starting with ``=``."""

    __slots__ = ()


@dataclass(frozen=True)
class Limits:
    """Bounds checked while reading; the defaults fit a 1M-row, 43-column register."""

    max_members: int = 1000
    max_uncompressed_bytes: int = 1024 * 1024 * 1024
    max_ratio: int = 200  # uncompressed / compressed, for members over ratio_floor_bytes
    ratio_floor_bytes: int = 1024 * 1024
    max_string_chars: int = 32_767  # Excel's own limit for one cell
    max_shared_bytes: int = 128 * 1024 * 1024
    max_shared_strings: int = 8_000_000
    max_columns: int = 16_384  # Excel's column XFD
    max_rows: int = 1_048_576  # Excel's last row
    max_cells: int = 60_000_000
    max_line_chars: int = 1024 * 1024  # CSV

    @property
    def max_token_bytes(self) -> int:
        """Raw XML bytes allowed between two ``<`` (one tag, or one text run)."""
        return self.max_string_chars * 10 + 4096

    def smaller(self, **changes: int) -> Limits:
        """Return a copy with some bounds changed."""
        return replace(self, **changes)


DEFAULT_LIMITS = Limits()


def megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def string_too_long(limits: Limits) -> SpreadsheetError:
    return SpreadsheetError(
        _("Berkas XLSX memuat sel berisi lebih dari %(max)d karakter; berkas ditolak.")
        % {"max": limits.max_string_chars}
    )
