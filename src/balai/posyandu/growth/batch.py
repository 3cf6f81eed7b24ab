"""Score a whole CSV or .xlsx file of measurements: the engine of ``balai zscores``.

Input columns (header names, any case): ``sex`` (1 male, 2 female), ``age_days`` or
``age_months``, ``weight_kg``, ``lenhei_cm``, ``measure`` (L, H or empty) and
``oedema`` (y/n, empty = n). Every column, known or not, is written back unchanged
and in order, followed by the z-scores, WHO flags and Permenkes 2/2020 statuses.
A malformed row is written with empty results and reported by line number; the
other rows are still scored. Rows are processed in chunks, vectorised per chunk:
plain CSV cells are parsed and results formatted in bulk, and only cells that are
not plainly valid go through the cell-by-cell checks, so the output and the issues
are the same as when every cell is checked (``FAST_PATH = False``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .classify import (
    classify_bbtb,
    classify_bbu,
    classify_imtu,
    classify_tbu,
    status_labels,
)
from .inputs import DAYS_PER_MONTH
from .tabular import (
    XLSX_SUFFIXES,
    Block,
    TableFormatError,
    TableWriter,
    cell_text,
    open_reader,
    open_writer,
)
from .zscores import GrowthZScores, compute_zscores

__all__ = ["OUTPUT_COLUMNS", "BatchError", "BatchReport", "RowIssue", "score_file"]

INPUT_COLUMNS: tuple[str, ...] = ("sex", "age_days", "age_months", "weight_kg", "lenhei_cm")
INPUT_COLUMNS += ("measure", "oedema")
Z_COLUMNS = ("zlen", "zwei", "zwfl", "zbmi")
FLAG_COLUMNS = tuple(f"flag_{z}" for z in Z_COLUMNS)
STATUS_COLUMNS = ("status_tbu", "status_bbu", "status_bbtb", "status_imtu")
OUTPUT_COLUMNS = Z_COLUMNS + FLAG_COLUMNS + STATUS_COLUMNS

_SEX: dict[Any, float] = {"1": 1.0, "2": 2.0, 1: 1.0, 2: 2.0}
_SEX_TEXT = {"1": 1.0, "2": 2.0}
_MEASURE = {"": "", "l": "L", "h": "H", "L": "L", "H": "H"}
_OEDEMA = {"": False, "n": False, "tidak": False, "no": False, "2": False}
_OEDEMA |= {"y": True, "ya": True, "yes": True, "1": True, "N": False, "Y": True}

BatchError = TableFormatError

# Parse plainly valid cells and format results in bulk; cells that are not plainly
# valid still go through the cell-by-cell checks. False checks and formats every
# cell one by one (the reference the tests compare the fast path with).
FAST_PATH = True


@dataclass(frozen=True)
class RowIssue:
    """One problem in one input row."""

    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"Baris {self.line}: {self.message}"


@dataclass
class BatchReport:
    """What :func:`score_file` did: counts, and the malformed rows by line."""

    rows_total: int = 0
    rows_scored: int = 0
    rows_malformed: int = 0
    issues: list[RowIssue] = field(default_factory=list)
    issues_omitted: int = 0
    over_age: int = 0  # rows aged 60 months or more: no age-based z-score
    notes: list[str] = field(default_factory=list)
    zscores: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Z_COLUMNS, 0))
    flagged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Z_COLUMNS, 0))

    def summary(self) -> str:
        """Return the report as Indonesian text for the command line."""
        lines = [
            f"{self.rows_total} baris dibaca, {self.rows_scored} dihitung, "
            f"{self.rows_malformed} baris bermasalah.",
            "Jumlah z-score (ditandai tidak wajar): "
            + ", ".join(f"{z} {self.zscores[z]} ({self.flagged[z]})" for z in Z_COLUMNS),
        ]
        if self.over_age:
            lines.append(
                f"{self.over_age} baris berumur 60 bulan atau lebih: z-score WHO tidak "
                "dihitung untuk umur ini (standar WHO 2006 hanya untuk 0-59 bulan)."
            )
        lines += self.notes
        lines += [str(issue) for issue in self.issues]
        if self.issues_omitted:
            lines.append(f"... dan {self.issues_omitted} masalah lain tidak ditampilkan.")
        return "\n".join(lines)


def _to_number(value: Any) -> float | None:
    """Return *value* as a finite float, NaN when empty, None when not a number."""
    if value is None:
        return math.nan
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        if not text:
            return math.nan
        if "," in text and "." not in text:
            text = text.replace(",", ".", 1)  # decimal comma, as typed in Indonesia
        try:
            number = float(text)
        except ValueError:
            return None
    return number if math.isfinite(number) else None


def _plain_floats(cells: Sequence[Any]) -> np.ndarray | None:
    """Parse CSV text cells with ``float`` in C, or return None if any cell resists.

    Empty cells become NaN. Decimal commas are read as :func:`_to_number` reads them
    (first comma as the point when there is no point). Cells that parse to NaN or
    infinity are not checked here: the caller sends them through the cell checks.
    """
    n = len(cells)
    if "" in cells:
        cells = [c or "nan" for c in cells]
    try:
        return np.fromiter(map(float, cells), np.float64, n)
    except (TypeError, ValueError):
        pass
    try:
        if "," not in "".join(cells):
            return None
        cells = [c.replace(",", ".", 1) if "," in c and "." not in c else c for c in cells]
        return np.fromiter(map(float, cells), np.float64, n)
    except (TypeError, ValueError):
        return None


def _text_array(cells: Sequence[Any]) -> np.ndarray | None:
    """Return *cells* as a NumPy string array, or None if they are not all text."""
    arr = np.array(cells)
    return arr if arr.dtype.kind == "U" and arr.shape == (len(cells),) else None


class _RowChecks:
    """Parse the known columns of one chunk, recording every malformed cell.

    With *fast* (CSV text cells), the cells that are plainly valid are parsed in bulk
    and only the others go through the cell-by-cell checks, in row order, so the
    issues and values are the same as when every cell is checked one by one.
    """

    def __init__(self, lines: Sequence[int], report: BatchReport, limit: int, fast: bool) -> None:
        self.lines, self.report, self.limit, self.fast = lines, report, limit, fast
        self.bad = np.zeros(len(lines), dtype=bool)

    def fail(self, i: int, column: str, value: Any, message: str) -> None:
        self.bad[i] = True
        if len(self.report.issues) < self.limit:
            issue = RowIssue(self.lines[i], column, cell_text(value), message)
            self.report.issues.append(issue)
        else:
            self.report.issues_omitted += 1

    def number(self, i: int, column: str, value: Any) -> float:
        """Check one cell of a numeric column; NaN when empty or malformed."""
        number: float | None
        try:
            number = float(value)  # a plain number or numeric text
        except (TypeError, ValueError):
            number = _to_number(value)
        else:
            if not math.isfinite(number) or isinstance(value, bool):
                number = _to_number(value)
        if number is None:
            shown = cell_text(value)
            self.fail(i, column, value, f"Kolom {column} harus berupa angka, bukan '{shown}'.")
            number = math.nan
        return number

    def numbers(
        self, column: str, values: Sequence[Any] | None, parsed: np.ndarray | None = None
    ) -> np.ndarray:
        """Check a numeric column; *parsed*: its plain cells parsed already, NaN elsewhere."""
        n = len(self.lines)
        if values is None:  # column absent: every cell empty
            return np.full(n, math.nan)
        out = parsed if parsed is not None else _plain_floats(values) if self.fast else None
        if out is None:
            out = np.empty(n)
            for i, value in enumerate(values):
                out[i] = self.number(i, column, value)
        else:
            for i in np.flatnonzero(~np.isfinite(out)).tolist():
                if values[i] != "":  # an empty cell is NaN, without an issue
                    out[i] = self.number(i, column, values[i])
        # Range checks vectorised; only the offending rows are visited.
        with np.errstate(invalid="ignore"):
            positive = column in ("weight_kg", "lenhei_cm")
            wrong = out <= 0 if positive else out < 0
        rule = "harus lebih dari 0" if positive else "tidak boleh negatif"
        for i in np.flatnonzero(wrong).tolist():
            shown = cell_text(values[i])
            self.fail(i, column, values[i], f"Kolom {column} {rule}, bukan '{shown}'.")
        return out

    def sexes(self, values: Sequence[Any], parsed: np.ndarray | None = None) -> np.ndarray:
        """Check the sex column; *parsed*: 1.0/2.0 for the plain cells, NaN elsewhere."""
        if parsed is not None:
            for i in np.flatnonzero(np.isnan(parsed)).tolist():
                parsed[i] = self.sex(i, values[i])
            return parsed
        if self.fast:
            try:  # every cell "1" or "2": no issue to find
                return np.fromiter(map(_SEX_TEXT.__getitem__, values), np.float64, len(values))
            except KeyError:
                pass
        out = np.full(len(values), math.nan)
        arr = _text_array(values) if self.fast else None
        if arr is None:
            todo: list[int] = list(range(len(values)))
        else:
            male, female = arr == "1", arr == "2"
            out[male], out[female] = 1.0, 2.0
            todo = np.flatnonzero(~(male | female)).tolist()
        for i in todo:
            out[i] = self.sex(i, values[i])
        return out

    def sex(self, i: int, value: Any) -> float:
        """Check one cell of the sex column: 1.0, 2.0 or NaN (with an issue)."""
        number = None if isinstance(value, bool) else _SEX.get(value)
        if number is None:
            number = _to_number(value)
        if number in (1.0, 2.0):
            return float(number)  # type: ignore[arg-type]
        if number is not None and math.isnan(number):
            self.fail(i, "sex", value, "Kolom sex kosong; isi 1 (laki-laki) atau 2 (perempuan).")
        else:
            shown = cell_text(value)
            hint = "1 (laki-laki) atau 2 (perempuan)"
            self.fail(i, "sex", value, f"Kolom sex harus {hint}, bukan '{shown}'.")
        return math.nan

    def choices(
        self,
        column: str,
        values: Sequence[Any] | None,
        allowed: dict[str, Any],
        hint: str,
        dtype: str,
        parsed: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> np.ndarray:
        """Map each cell through *allowed* (after trimming and lower-casing).

        *parsed*: the meanings of the cells found in *allowed* as they are, and where.
        """
        n = len(self.lines)
        out = np.full(n, allowed[""], dtype=dtype)
        if values is None:  # column absent: every cell empty
            return out
        if parsed is not None:
            out, known = parsed
            for i in np.flatnonzero(~known).tolist():
                out[i] = self.choice(i, column, values[i], allowed, hint)
            return out
        if self.fast:
            try:  # every cell one of the allowed texts as it is: no issue to find
                return np.fromiter(map(allowed.__getitem__, values), dtype, n)
            except KeyError:
                pass
        arr = _text_array(values) if self.fast else None
        if arr is None:
            todo: list[int] = list(range(n))
        else:
            known = np.zeros(n, dtype=bool)
            for text, meaning in allowed.items():
                same = arr == text
                out[same] = meaning
                known |= same
            todo = np.flatnonzero(~known).tolist()
        for i in todo:
            out[i] = self.choice(i, column, values[i], allowed, hint)
        return out

    def choice(self, i: int, column: str, value: Any, allowed: dict[str, Any], hint: str) -> Any:
        """Check one cell of a choice column; its meaning (that of '' when wrong)."""
        key = value if isinstance(value, str) and value in allowed else ""
        if key != value:
            key = cell_text(value).strip().lower()
        if key not in allowed:
            shown = cell_text(value)
            self.fail(i, column, value, f"Kolom {column} harus {hint}, bukan '{shown}'.")
            key = ""
        return allowed[key]


@dataclass(frozen=True)
class _Options:
    as_numbers: bool  # write results as numbers (.xlsx) rather than text
    text_cells: bool  # turn .xlsx input cells into CSV text
    labels: bool
    max_issues: int
    text: bool  # input cells are all text (CSV)
    fast: bool  # bulk parsing and formatting (see FAST_PATH)


@dataclass(frozen=True)
class _Layout:
    index: dict[str, int]  # known input column -> position
    keep: list[int]  # positions written back (all but old result columns)
    width: int


def _layout(header: list[str], report: BatchReport) -> _Layout:
    names = [h.strip().lower() for h in header]
    index: dict[str, int] = {}
    for pos, name in enumerate(names):
        if name in INPUT_COLUMNS:
            if name in index:
                raise BatchError(f"Kolom '{name}' muncul lebih dari sekali di header.")
            index[name] = pos
    if "sex" not in index:
        raise BatchError("Kolom 'sex' (1 laki-laki, 2 perempuan) tidak ada di header.")
    if "weight_kg" not in index and "lenhei_cm" not in index:
        raise BatchError("Header harus memuat kolom 'weight_kg' dan/atau 'lenhei_cm'.")
    dropped = [h for h in header if h.strip().lower() in OUTPUT_COLUMNS]
    if dropped:
        report.notes.append(
            "Kolom hasil lama diganti dengan hasil baru: " + ", ".join(dropped) + "."
        )
    keep = [p for p, n in enumerate(names) if n not in OUTPUT_COLUMNS]
    return _Layout(index, keep, len(header))


def _score_chunk(
    block: Block, layout: _Layout, report: BatchReport, options: _Options, writer: TableWriter
) -> None:
    first_issue = len(report.issues)
    checks = _RowChecks(block.lines, report, options.max_issues, options.fast and options.text)
    if block.arrow is not None:
        from . import arrowcsv

        sex, num, measure, oedema = arrowcsv.check_columns(block.arrow, layout.index, checks)
        res = _score_checked(block, checks, report, first_issue, sex, num, measure, oedema)
        kept = [block.arrow[p] for p in layout.keep]
        writer.write_arrow(kept + arrowcsv.result_columns(res, options.labels))
        return
    width = layout.width
    columns: list[list[Any]]
    if block.columns is not None:
        columns = list(block.columns)
    else:
        rows = block.rows or []  # fresh lists from the reader: edit in place
        for i, cells in enumerate(rows):
            if len(cells) > width:
                message = (
                    f"Baris berisi {len(cells)} kolom, padahal header {width}; "
                    "kolom berlebih diabaikan."
                )
                checks.fail(i, "", "", message)
                del cells[width:]
            elif len(cells) < width:
                cells.extend([None] * (width - len(cells)))
        columns = [list(col) for col in zip(*rows, strict=True)] if rows else [[]] * width

    def column(name: str) -> list[Any] | None:
        pos = layout.index.get(name)
        return None if pos is None else columns[pos]

    sex = checks.sexes(column("sex") or [])
    num = {name: checks.numbers(name, column(name)) for name in INPUT_COLUMNS[1:5]}
    measure_hint = "L (berbaring), H (berdiri) atau kosong"
    measure = checks.choices("measure", column("measure"), _MEASURE, measure_hint, "<U1")
    oedema = checks.choices("oedema", column("oedema"), _OEDEMA, "y (ya) atau n (tidak)", "?")
    res = _score_checked(block, checks, report, first_issue, sex, num, measure, oedema)
    results = _result_columns(res, options)
    if options.text_cells:
        columns = [[cell_text(c) for c in col] for col in columns]
    kept = columns if len(layout.keep) == width else [columns[p] for p in layout.keep]
    writer.write_columns(kept + results, plain=options.fast and block.columns is not None)


def _score_checked(
    block: Block,
    checks: _RowChecks,
    report: BatchReport,
    first_issue: int,
    sex: np.ndarray,
    num: dict[str, np.ndarray],
    measure: np.ndarray,
    oedema: np.ndarray,
) -> GrowthZScores:
    """Score a block's checked columns and count the results in *report*."""
    sex[checks.bad] = np.nan  # an invalid sex yields no z-score at all
    with np.errstate(invalid="ignore"):
        months = np.where(
            np.isnan(num["age_days"]), num["age_months"], num["age_days"] / DAYS_PER_MONTH
        )
        report.over_age += int(np.count_nonzero((months >= 60) & ~checks.bad))
    # Checks run column by column; list the issues by line.
    report.issues[first_issue:] = sorted(report.issues[first_issue:], key=lambda i: i.line)
    res = compute_zscores(
        sex,
        age_days=num["age_days"],
        age_months=num["age_months"],
        weight_kg=num["weight_kg"],
        lenhei_cm=num["lenhei_cm"],
        measure=measure,
        oedema=oedema,
    )
    _count(report, res, int(checks.bad.sum()), len(block))
    return res


def _count(report: BatchReport, res: GrowthZScores, malformed: int, n: int) -> None:
    report.rows_total += n
    report.rows_malformed += malformed
    report.rows_scored += n - malformed
    for name in Z_COLUMNS:
        z, flag = getattr(res, name), getattr(res, f"flag_{name}")
        report.zscores[name] += int(np.count_nonzero(~np.isnan(z)))
        report.flagged[name] += int(np.count_nonzero(flag == 1.0))


_Z_TABLE_MAX = 10_000  # z-scores -100.00 to 100.00 are looked up, not formatted
_CLASSIFY = {"zlen": classify_tbu, "zwei": classify_bbu, "zwfl": classify_bbtb}
_CLASSIFY["zbmi"] = classify_imtu


@functools.cache
def _z_table() -> np.ndarray:
    """Return ``f"{k / 100:.2f}"`` for k = -_Z_TABLE_MAX ... _Z_TABLE_MAX."""
    texts = [f"{k / 100:.2f}" for k in range(-_Z_TABLE_MAX, _Z_TABLE_MAX + 1)]
    return np.array(texts, dtype=object)


@functools.cache
def _status_table(name: str, labels: bool) -> np.ndarray:
    """Return the status (code or label) of z = k / 100 for each k of :func:`_z_table`."""
    z = np.arange(-_Z_TABLE_MAX, _Z_TABLE_MAX + 1) / 100.0
    return _statuses(name, z, labels).astype(object)


def _statuses(name: str, z: np.ndarray, labels: bool) -> np.ndarray:
    codes = _CLASSIFY[name](z)
    return status_labels(codes) if labels else codes


def _lookup(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the table index of each value of *z*, and where that index is exact.

    Exact: the value is the very double ``k / 100`` the table entries were made from
    (and not -0.0, which prints as "-0.00"); other values are handled one by one.
    """
    with np.errstate(invalid="ignore"):
        k = np.rint(z * 100.0)
        exact = (np.abs(k) <= _Z_TABLE_MAX) & (k / 100.0 == z) & ~((k == 0) & np.signbit(z))
    return np.where(exact, k + _Z_TABLE_MAX, 0).astype(np.intp), exact


def _z_texts(z: np.ndarray, index: np.ndarray, exact: np.ndarray) -> list[str]:
    """Return ``f"{v:.2f}"`` for each value of *z* ('' for NaN), by table look-up."""
    out: np.ndarray = _z_table()[index]
    missing = np.isnan(z)
    out[missing] = ""
    for i in np.flatnonzero(~exact & ~missing).tolist():
        out[i] = f"{float(z[i]):.2f}"
    texts: list[str] = out.tolist()
    return texts


def _status_texts(
    name: str, z: np.ndarray, index: np.ndarray, exact: np.ndarray, labels: bool
) -> list[str]:
    """Return the statuses of *z* as :func:`_statuses` gives them, by table look-up."""
    out: np.ndarray = _status_table(name, labels)[index]
    other = np.flatnonzero(~exact)  # NaN included: classified as ''
    if other.size:
        out[other] = _statuses(name, z[other], labels)
    texts: list[str] = out.tolist()
    return texts


def _flag_texts(flag: np.ndarray) -> list[str]:
    """Return ``str(int(v))`` for each flag ('' for NaN)."""
    zero, one, missing = flag == 0.0, flag == 1.0, np.isnan(flag)
    out = np.full(flag.shape, "", dtype=object)
    out[zero], out[one] = "0", "1"
    for i in np.flatnonzero(~(zero | one | missing)).tolist():
        out[i] = str(int(flag[i]))
    texts: list[str] = out.tolist()
    return texts


def _result_columns(res: GrowthZScores, options: _Options) -> list[list[Any]]:
    zs = [res.zlen, res.zwei, res.zwfl, res.zbmi]
    flags = [res.flag_zlen, res.flag_zwei, res.flag_zwfl, res.flag_zbmi]
    if options.fast and not options.as_numbers:
        found = [_lookup(z) for z in zs]
        out: list[list[Any]] = [_z_texts(z, *f) for z, f in zip(zs, found, strict=True)]
        out += [_flag_texts(f) for f in flags]
        for name, z, f in zip(Z_COLUMNS, zs, found, strict=True):
            out.append(_status_texts(name, z, *f, options.labels))
        return out
    statuses = [_statuses(name, z, options.labels) for name, z in zip(Z_COLUMNS, zs, strict=True)]
    if options.as_numbers:  # .xlsx: real numbers, None for empty cells
        out = [[None if v != v else v for v in z.tolist()] for z in zs]
        out += [[None if v != v else int(v) for v in f.tolist()] for f in flags]
        return out + [[s or None for s in st.tolist()] for st in statuses]
    # The reference, cell by cell.
    out = [[f"{v:.2f}" if v == v else "" for v in z.tolist()] for z in zs]
    out += [["" if v != v else str(int(v)) for v in f.tolist()] for f in flags]
    return out + [st.tolist() for st in statuses]


def _blocks(reader: Any, size: int, options: _Options, xlsx_out: bool) -> Iterator[Block]:
    """Return the input's blocks: through Arrow from plain CSV to CSV (see ``arrowcsv``)."""
    if options.fast and options.text and not xlsx_out and getattr(reader, "data_offset", None):
        from . import arrowcsv

        return arrowcsv.prefetch(arrowcsv.blocks(reader, size))
    blocks: Iterator[Block] = reader.blocks(size, columns=options.fast)
    return blocks


def score_file(
    in_path: str | Path,
    out_path: str | Path,
    *,
    chunk_size: int = 100_000,
    max_issues: int = 10_000,
    labels: bool = False,
) -> BatchReport:
    """Score every row of *in_path* and write the result to *out_path*.

    Formats follow the file extensions (.csv or .xlsx). Status columns hold codes
    (``pendek``, ``gizi_baik``...), or Indonesian labels when *labels* is true.
    At most *max_issues* row issues are kept in the report (the rest are counted).
    Raise :class:`BatchError` (Indonesian message) when the file cannot be used.
    """
    in_path, out_path = Path(in_path), Path(out_path)
    if in_path.resolve() == out_path.resolve():
        raise BatchError("Berkas keluaran tidak boleh sama dengan berkas masukan.")
    report = BatchReport()
    xlsx_in = in_path.suffix.lower() in XLSX_SUFFIXES
    xlsx_out = out_path.suffix.lower() in XLSX_SUFFIXES
    options = _Options(
        xlsx_out, xlsx_in and not xlsx_out, labels, max_issues, not xlsx_in, FAST_PATH
    )
    reader = open_reader(in_path)
    try:
        layout = _layout(reader.header, report)
        header = [reader.header[p] for p in layout.keep] + list(OUTPUT_COLUMNS)
        # Excel needs the BOM to read UTF-8 CSV; keep the input's choice for CSV.
        bom = reader.had_bom or xlsx_in
        with open_writer(out_path, header, delimiter=reader.delimiter, bom=bom) as writer:
            for block in _blocks(reader, chunk_size, options, xlsx_out):
                _score_chunk(block, layout, report, options, writer)
    finally:
        reader.close()
    return report
