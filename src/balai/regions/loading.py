"""Load the Kemendagri region file into the tree: validate all, then write once."""

from __future__ import annotations

import csv
import gzip
import io
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.areacodes import province_code
from balai.core.errors import DomainError
from balai.regions.models import KEMENDAGRI_LEVELS, Area, Kind, Level, TimeZone

HEADER = ["code", "name", "level", "parent_code"]
CODE_PATTERNS: dict[str, re.Pattern[str]] = {
    Level.PROVINSI: re.compile(r"\d{2}"),
    Level.KABUPATEN_KOTA: re.compile(r"\d{2}\.\d{2}"),
    Level.KECAMATAN: re.compile(r"\d{2}\.\d{2}\.\d{2}"),
    Level.DESA_KELURAHAN: re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}"),
}
VILLAGE_KINDS: dict[str, str] = {"1": Kind.KELURAHAN, "2": Kind.DESA, "3": Kind.DESA_ADAT}
# Provinces east of the WIB line (Permendagri-independent: Keppres 41/1987).
WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
WIT_PREFIX = ("8", "9")
BATCH = 2000
MAX_NAME = 120


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("baris %(line)d: %(message)s") % {
            "line": self.line,
            "message": self.message,
        }


class RegionFileError(DomainError):
    """The region file has rows that cannot be loaded; nothing was written."""

    code = "invalid_region_file"

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        shown = "; ".join(str(e) for e in errors[:20])
        more = len(errors) - 20
        if more > 0:
            shown += " " + _("(dan %(n)d kesalahan lain)") % {"n": more}
        super().__init__(
            _("Berkas wilayah tidak dimuat, %(n)d baris salah: %(rows)s")
            % {"n": len(errors), "rows": shown}
        )


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None
    timezone: str

    def values(self) -> tuple[str, str, str, str | None, str]:
        return (self.name, self.level, self.kind, self.parent_code, self.timezone)


@dataclass
class LoadReport:
    """What a load did, counted per level."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    retired: Counter[str] = field(default_factory=Counter)
    totals: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(+self.created or +self.updated or +self.retired)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
            "retired": dict(self.retired),
            "totals": dict(self.totals),
        }


def default_region_file() -> Path:
    """Return the bundled Kemendagri file (Kepmendagri 300.2.2-2138/2025 as amended)."""
    return Path(str(resources.files("balai.regions") / "data" / "wilayah_kemendagri.csv.gz"))


def open_region_file(path: Path) -> IO[str]:
    """Open a plain or gzip-compressed UTF-8 CSV for reading."""
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def timezone_for(code: str) -> str:
    """Return the time zone of an area from its province code."""
    province = province_code(code)
    if province.startswith(WIT_PREFIX):
        return TimeZone.WIT
    if province in WITA_PROVINCES:
        return TimeZone.WITA
    return TimeZone.WIB


def kind_for(code: str, level: str) -> str | None:
    """Return the kind of area a code names, or None if its digits allow none."""
    if level == Level.PROVINSI:
        return Kind.PROVINSI
    if level == Level.KABUPATEN_KOTA:
        return Kind.KOTA if int(code[3:5]) >= 71 else Kind.KABUPATEN
    if level == Level.KECAMATAN:
        return Kind.KECAMATAN
    return VILLAGE_KINDS.get(code[9])


def parse_rows(
    lines: Iterable[str], *, known_codes: set[str]
) -> tuple[list[RegionRow], list[RowError]]:
    """Validate every row; return the good rows and an error for each bad one.

    A parent must appear earlier in the file or already be in *known_codes*.
    """
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        return [], [RowError(1, _("berkas kosong"))]
    if [h.strip().lower() for h in header] != HEADER:
        expected = ",".join(HEADER)
        message = _("kepala kolom harus '%(h)s'") % {"h": expected}
        return [], [RowError(1, message)]
    rows: list[RegionRow] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for line_no, fields in enumerate(reader, start=2):
        if not any(f.strip() for f in fields):
            continue
        row, problem = _parse_row(fields, seen=seen, known_codes=known_codes)
        if problem:
            errors.append(RowError(line_no, problem))
            continue
        assert row is not None  # noqa: S101 -- _parse_row returns one or the other
        seen.add(row.code)
        rows.append(row)
    return rows, errors


def _parse_row(
    fields: list[str], *, seen: set[str], known_codes: set[str]
) -> tuple[RegionRow | None, str | None]:
    if len(fields) != len(HEADER):
        return None, _("harus 4 kolom, ada %(n)d") % {"n": len(fields)}
    code, name, level, parent_code = (f.strip() for f in fields)
    if level not in CODE_PATTERNS:
        return None, _("tingkat '%(level)s' tidak dikenal") % {"level": level}
    if not CODE_PATTERNS[level].fullmatch(code):
        return None, _("kode '%(code)s' tidak sesuai format tingkat %(level)s") % {
            "code": code,
            "level": level,
        }
    if code in seen:
        return None, _("kode %(code)s muncul dua kali") % {"code": code}
    if not name:
        return None, _("nama wilayah %(code)s kosong") % {"code": code}
    if len(name) > MAX_NAME:
        return None, _("nama lebih dari %(n)d karakter") % {"n": MAX_NAME}
    expected_parent = code.rpartition(".")[0]
    if parent_code != expected_parent:
        return None, _("induk %(code)s harus '%(p)s', bukan '%(got)s'") % {
            "code": code,
            "p": expected_parent,
            "got": parent_code,
        }
    if parent_code and parent_code not in seen and parent_code not in known_codes:
        return None, _("induk %(p)s tidak ada") % {"p": parent_code}
    kind = kind_for(code, level)
    if kind is None:
        return None, _("digit pertama kode desa/kelurahan harus 1, 2 atau 3")
    row = RegionRow(code, name, level, kind, parent_code or None, timezone_for(code))
    return row, None


def load_regions(
    *, path: Path | None = None, retire_missing: bool | None = None, actor: Any = None
) -> LoadReport:
    """Load or update the Kemendagri tree from *path* (default: the bundled file).

    Idempotent: renamed areas are updated, nothing is duplicated, and a second
    run writes nothing. With *retire_missing* (default for the bundled file),
    areas absent from the file are marked inactive, never deleted, because
    residents and letters keep referring to them. Raises RegionFileError and
    writes nothing if any row is invalid.
    """
    started = time.perf_counter()
    source = path or default_region_file()
    if retire_missing is None:
        retire_missing = path is None
    existing = _existing()
    with open_region_file(source) as handle:
        rows, errors = parse_rows(_decoded(handle), known_codes=set(existing))
    if errors:
        raise RegionFileError(errors)
    report = LoadReport()
    with transaction.atomic():
        _write(rows, existing, report, retire_missing=retire_missing)
        if report.changed:
            audit.record(
                actor=actor,
                action="regions.loaded",
                obj=Area,
                data={"file": source.name, **report.as_dict()},
            )
    report.seconds = time.perf_counter() - started
    return report


def _decoded(handle: IO[str]) -> Iterator[str]:
    try:
        yield from handle
    except UnicodeDecodeError as exc:
        raise RegionFileError([RowError(0, _("berkas bukan teks UTF-8"))]) from exc


def _existing() -> dict[str, tuple[tuple[str, str, str, str | None, str], bool]]:
    rows = Area.objects.filter(level__in=KEMENDAGRI_LEVELS).values_list(
        "code", "name", "level", "kind", "parent_id", "timezone", "is_active"
    )
    return {r[0]: ((r[1], r[2], r[3], r[4], r[5]), r[6]) for r in rows.iterator(5000)}


def _write(
    rows: list[RegionRow],
    existing: dict[str, tuple[tuple[str, str, str, str | None, str], bool]],
    report: LoadReport,
    *,
    retire_missing: bool,
) -> None:
    now = timezone.now()
    new: list[Area] = []
    changed: list[Area] = []
    for row in rows:
        report.totals[row.level] += 1
        area = Area(
            code=row.code,
            name=row.name,
            level=row.level,
            kind=row.kind,
            parent_id=row.parent_code,
            timezone=row.timezone,
            is_active=True,
            updated_at=now,
        )
        current = existing.get(row.code)
        if current is None:
            new.append(area)
            report.created[row.level] += 1
        elif current != (row.values(), True):
            changed.append(area)
            report.updated[row.level] += 1
        else:
            report.unchanged[row.level] += 1
    Area.objects.bulk_create(new, batch_size=BATCH)
    Area.objects.bulk_update(
        changed,
        ["name", "level", "kind", "parent", "timezone", "is_active", "updated_at"],
        batch_size=BATCH,
    )
    if retire_missing:
        in_file = {row.code for row in rows}
        gone = [c for c, (vals, active) in existing.items() if active and c not in in_file]
        for start in range(0, len(gone), 500):
            chunk = gone[start : start + 500]
            Area.objects.filter(code__in=chunk).update(is_active=False, updated_at=now)
        for code in gone:
            report.retired[existing[code][0][1]] += 1
