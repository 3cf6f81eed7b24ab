"""Load the WHO 2006 LMS tables shipped in ``data/`` into NumPy arrays.

The files are the WHO's own, unmodified (see ``data/PROVENANCE.md``). Each table is
parsed once, on first use, into arrays indexed by ``[sex - 1, key_index]`` so that
the z-score engine can look rows up with plain integer indexing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import numpy as np

__all__ = ["TABLE_FILES", "LmsTable", "load_table"]

# indicator -> (file name, key column, key scale). The key scale turns the key
# into an integer index: days for age tables, millimetres for length/height tables.
TABLE_FILES: dict[str, tuple[str, str, int]] = {
    "lhfa": ("lenanthro.txt", "age", 1),
    "wfa": ("weianthro.txt", "age", 1),
    "bfa": ("bmianthro.txt", "age", 1),
    "wfl": ("wflanthro.txt", "length", 10),
    "wfh": ("wfhanthro.txt", "height", 10),
}


@dataclass(frozen=True)
class LmsTable:
    """L, M and S of one WHO table, as ``(2, n)`` arrays (row 0 male, row 1 female).

    ``first_key`` is the integer key of column 0 (day 0, or 450 for 45.0 cm).
    """

    indicator: str
    first_key: int
    l: np.ndarray  # noqa: E741 - the LMS method's own name
    m: np.ndarray
    s: np.ndarray

    @property
    def last_key(self) -> int:
        """Return the integer key of the last column."""
        return self.first_key + int(self.l.shape[1]) - 1


def _read_text(file_name: str) -> str:
    data_dir = files(__package__).joinpath("data")
    return data_dir.joinpath(file_name).read_text(encoding="ascii")


@cache
def load_table(indicator: str) -> LmsTable:
    """Return the LMS table for *indicator* (``lhfa``, ``wfa``, ``bfa``, ``wfl``, ``wfh``).

    Raise ``ValueError`` if the shipped file is not the contiguous, two-sex table
    the engine relies on (a corrupted or edited file must not score silently).
    """
    file_name, key_column, scale = TABLE_FILES[indicator]
    lines = _read_text(file_name).splitlines()
    header = lines[0].split("\t")
    pos = {name: header.index(name) for name in (key_column, "sex", "l", "m", "s")}
    by_sex: dict[int, list[tuple[int, float, float, float]]] = {1: [], 2: []}
    for line in lines[1:]:
        if not line:
            continue
        row = line.split("\t")
        key_text = row[pos[key_column]]
        key = round(float(key_text) * scale)
        # Keys must be exact multiples of the step, or integer indexing is wrong.
        if float(key_text) != key / scale:
            raise ValueError(f"{file_name}: unexpected key {key_text!r}")
        values = (float(row[pos["l"]]), float(row[pos["m"]]), float(row[pos["s"]]))
        by_sex[int(row[pos["sex"]])].append((key, *values))
    keys_male = [r[0] for r in by_sex[1]]
    keys_female = [r[0] for r in by_sex[2]]
    expected = list(range(keys_male[0], keys_male[0] + len(keys_male)))
    if keys_male != expected or keys_female != expected:
        raise ValueError(f"{file_name}: keys are not contiguous for both sexes")
    arr = np.array([by_sex[1], by_sex[2]], dtype=np.float64)  # (2, n, 4)
    l_, m_, s_ = (np.ascontiguousarray(arr[:, :, i]) for i in (1, 2, 3))
    for a in (l_, m_, s_):
        a.setflags(write=False)
    return LmsTable(indicator, keys_male[0], l_, m_, s_)
