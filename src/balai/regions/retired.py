"""Kecamatan codes that no longer exist but that NIKs and KK numbers still carry.

A NIK keeps the kecamatan code of first registration for life, so a person
registered in Ciamis before Pangandaran was split off (2012) still has a
``32.07.xx`` NIK whose kecamatan now has a ``32.18.xx`` code. Two sources:

* ``kecamatan_codes_retired.csv``: codes read from older Kemendagri lists
  (Papua and Papua Barat before the 2022 splits).
* ``kecamatan_codes_retired_derived.csv``, made by :func:`derive` from the
  current list and ``kabupaten_splits.csv``:

  - *numbering gaps*: Kemendagri numbers the kecamatan of a kabupaten in
    sequence and never reuses a number, so a number below the kabupaten's
    highest one that is missing today was given out once and retired (its
    kecamatan moved to a new kabupaten, or was merged or renumbered);
  - *moved kabupaten*: a kabupaten recoded whole into a new province (the
    Kalimantan Utara ones, 2012) is taken to keep its kecamatan numbers, so
    they are accepted under the old code too; when several kabupaten moved
    together and the old-to-new pairing is not known, each old code accepts
    the numbers of all of them.

Run ``python -m balai.regions.retired`` to write the derived file again after
the bundled list changes; a test checks that the shipped file is up to date.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from balai.core.areacodes import kabupaten_code, province_code

DATA = "data"
DERIVED_FILE = "kecamatan_codes_retired_derived.csv"
SPLITS_FILE = "kabupaten_splits.csv"
FIELDS = ("code", "basis", "kabupaten_kota_then", "now_in", "note")

GAP = "numbering_gap"
MOVED = "moved_kabupaten"


@dataclass(frozen=True)
class Split:
    """A kabupaten split off (``split``) or recoded into a new province (``moved``)."""

    old_code: str
    old_name: str
    new_code: str
    new_name: str
    year: int
    kind: str


def _data_path(name: str) -> Path:
    return Path(str(resources.files("balai.regions") / DATA / name))


def read_splits(path: Path | None = None) -> list[Split]:
    """Return the documented splits and moves since NIKs began (``kabupaten_splits.csv``)."""
    with (path or _data_path(SPLITS_FILE)).open(encoding="utf-8", newline="") as handle:
        return [
            Split(
                old_code=row["old_code"],
                old_name=row["old_name"],
                new_code=row["new_code"],
                new_name=row["new_name"],
                year=int(row["year"]),
                kind=row["kind"],
            )
            for row in csv.DictReader(handle)
        ]


def derive(
    regions: Iterable[tuple[str, str, str]], splits: Iterable[Split]
) -> list[dict[str, str]]:
    """Return the derived retired kecamatan codes from the current list.

    *regions* gives ``(code, name, level)`` rows of the current Kemendagri list.
    """
    names: dict[str, str] = {}
    by_kabupaten: dict[str, set[int]] = defaultdict(set)
    for code, name, level in regions:
        if level == "kabupaten_kota":
            names[code] = name
        elif level == "kecamatan":
            by_kabupaten[kabupaten_code(code)].add(int(code[6:8]))
    current = {f"{kab}.{n:02d}" for kab, numbers in by_kabupaten.items() for n in numbers}
    split_notes: dict[str, list[str]] = defaultdict(list)
    for s in splits:
        if s.kind == "split":
            split_notes[s.old_code].append(f"pemekaran {s.new_name} ({s.new_code}) {s.year}")
    rows: dict[str, dict[str, str]] = {}
    for kab, numbers in sorted(by_kabupaten.items()):
        for n in range(1, max(numbers)):
            if n in numbers:
                continue
            code = f"{kab}.{n:02d}"
            rows[code] = {
                "code": code,
                "basis": GAP,
                "kabupaten_kota_then": names.get(kab, ""),
                "now_in": "",
                "note": "; ".join(split_notes.get(kab, [])),
            }
    moved = [s for s in splits if s.kind == "moved"]
    for s in moved:
        # Which old code became which new one is certain only when one kabupaten
        # (or one kota) moved; otherwise every number of the group is accepted.
        is_kota = int(s.old_code[3:5]) >= 71
        group = [
            m
            for m in moved
            if m.year == s.year
            and province_code(m.new_code) == province_code(s.new_code)
            and (int(m.old_code[3:5]) >= 71) == is_kota
        ]
        group_numbers = sorted({n for m in group for n in by_kabupaten.get(m.new_code, ())})
        group_names = ", ".join(f"{m.new_name} ({m.new_code})" for m in group)
        for n in group_numbers:
            code = f"{s.old_code}.{n:02d}"
            if code in current:
                continue
            rows[code] = {
                "code": code,
                "basis": MOVED,
                "kabupaten_kota_then": s.old_name,
                "now_in": f"{s.new_code}.{n:02d}" if len(group) == 1 else "",
                "note": f"pindah ke provinsi {province_code(s.new_code)} ({s.year}): {group_names}",
            }
    return [rows[code] for code in sorted(rows)]


def current_regions() -> list[tuple[str, str, str]]:
    """Return ``(code, name, level)`` of the bundled Kemendagri list."""
    path = _data_path("wilayah_kemendagri.csv.gz")
    with io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="") as handle:
        return [(r["code"], r["name"], r["level"]) for r in csv.DictReader(handle)]


def render(rows: list[dict[str, str]]) -> str:
    """Return *rows* as the CSV text of the derived file."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def read_codes(name: str) -> set[str]:
    """Return the ``code`` column of the packaged CSV *name*."""
    with _data_path(name).open(encoding="utf-8", newline="") as handle:
        return {row["code"] for row in csv.DictReader(handle)}


def main() -> None:
    """Write the derived file from the bundled list and the splits table."""
    text = render(derive(current_regions(), read_splits()))
    _data_path(DERIVED_FILE).write_text(text, encoding="utf-8")
    sys.stdout.write(f"{text.count(chr(10)) - 1} kode ditulis ke {DERIVED_FILE}\n")


if __name__ == "__main__":
    main()
