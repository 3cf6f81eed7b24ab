"""Score a whole CSV or .xlsx file of measurements: the engine of ``balai zscores``.

Input columns (header names, any case): ``sex`` (1 male, 2 female), ``age_days`` or
``age_months``, ``weight_kg``, ``lenhei_cm``, ``measure`` (L, H or empty) and
``oedema`` (y/n, empty = n). Every column, known or not, is written back unchanged
and in order, followed by the z-scores, WHO flags and Permenkes 2/2020 statuses.
A malformed row is written with empty results and reported by line number; the
other rows are still scored. Rows are processed in chunks, vectorised per chunk.
"""

from __future__ import annotations

import math
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
from .tabular import XLSX_SUFFIXES, TableFormatError, cell_text, open_reader, open_writer
from .zscores import GrowthZScores, compute_zscores

__all__ = ["OUTPUT_COLUMNS", "BatchError", "BatchReport", "RowIssue", "score_file"]

INPUT_COLUMNS: tuple[str, ...] = ("sex", "age_days", "age_months", "weight_kg", "lenhei_cm")
INPUT_COLUMNS += ("measure", "oedema")
Z_COLUMNS = ("zlen", "zwei", "zwfl", "zbmi")
FLAG_COLUMNS = tuple(f"flag_{z}" for z in Z_COLUMNS)
STATUS_COLUMNS = ("status_tbu", "status_bbu", "status_bbtb", "status_imtu")
OUTPUT_COLUMNS = Z_COLUMNS + FLAG_COLUMNS + STATUS_COLUMNS

_SEX: dict[Any, float] = {"1": 1.0, "2": 2.0, 1: 1.0, 2: 2.0}
_MEASURE = {"": "", "l": "L", "h": "H", "L": "L", "H": "H"}
_OEDEMA = {"": False, "n": False, "tidak": False, "no": False, "2": False}
_OEDEMA |= {"y": True, "ya": True, "yes": True, "1": True, "N": False, "Y": True}

BatchError = TableFormatError


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


class _RowChecks:
    """Parse the known columns of one chunk, recording every malformed cell."""

    def __init__(self, lines: list[int], report: BatchReport, limit: int) -> None:
        self.lines, self.report, self.limit = lines, report, limit
        self.bad = np.zeros(len(lines), dtype=bool)

    def fail(self, i: int, column: str, value: Any, message: str) -> None:
        self.bad[i] = True
        if len(self.report.issues) < self.limit:
            issue = RowIssue(self.lines[i], column, cell_text(value), message)
            self.report.issues.append(issue)
        else:
            self.report.issues_omitted += 1

    def numbers(self, column: str, values: list[Any]) -> np.ndarray:
        out = np.empty(len(values))
        for i, value in enumerate(values):
            number: float | None
            try:
                number = float(value)  # fast path: a plain number or numeric text
            except (TypeError, ValueError):
                number = _to_number(value)
            else:
                if not math.isfinite(number) or isinstance(value, bool):
                    number = _to_number(value)
            if number is None:
                shown = cell_text(value)
                self.fail(i, column, value, f"Kolom {column} harus berupa angka, bukan '{shown}'.")
                number = math.nan
            out[i] = number
        # Range checks vectorised; only the offending rows are visited.
        with np.errstate(invalid="ignore"):
            positive = column in ("weight_kg", "lenhei_cm")
            wrong = out <= 0 if positive else out < 0
        rule = "harus lebih dari 0" if positive else "tidak boleh negatif"
        for i in np.flatnonzero(wrong).tolist():
            shown = cell_text(values[i])
            self.fail(i, column, values[i], f"Kolom {column} {rule}, bukan '{shown}'.")
        return out

    def sexes(self, values: list[Any]) -> np.ndarray:
        out = np.full(len(values), math.nan)
        for i, value in enumerate(values):
            number = None if isinstance(value, bool) else _SEX.get(value)
            if number is None:
                number = _to_number(value)
            if number in (1.0, 2.0):
                out[i] = number
            elif number is not None and math.isnan(number):
                self.fail(
                    i, "sex", value, "Kolom sex kosong; isi 1 (laki-laki) atau 2 (perempuan)."
                )
            else:
                shown = cell_text(value)
                hint = "1 (laki-laki) atau 2 (perempuan)"
                self.fail(i, "sex", value, f"Kolom sex harus {hint}, bukan '{shown}'.")
        return out

    def choices(
        self, column: str, values: list[Any], allowed: dict[str, Any], hint: str
    ) -> list[Any]:
        out = []
        for i, value in enumerate(values):
            key = value if isinstance(value, str) and value in allowed else ""
            if key != value:
                key = cell_text(value).strip().lower()
            if key not in allowed:
                shown = cell_text(value)
                self.fail(i, column, value, f"Kolom {column} harus {hint}, bukan '{shown}'.")
                key = ""
            out.append(allowed[key])
        return out


@dataclass(frozen=True)
class _Options:
    as_numbers: bool  # write results as numbers (.xlsx) rather than text
    text_cells: bool  # turn .xlsx input cells into CSV text
    labels: bool
    max_issues: int


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
    chunk: list[tuple[int, list[Any]]],
    layout: _Layout,
    report: BatchReport,
    options: _Options,
) -> list[list[Any]]:
    first_issue = len(report.issues)
    checks = _RowChecks([line for line, _ in chunk], report, options.max_issues)
    width = layout.width
    rows = [cells for _, cells in chunk]  # fresh lists from the reader: edit in place
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

    def column(name: str) -> list[Any]:
        pos = layout.index.get(name)
        return [None] * len(rows) if pos is None else [row[pos] for row in rows]

    sex = checks.sexes(column("sex"))
    num = {name: checks.numbers(name, column(name)) for name in INPUT_COLUMNS[1:5]}
    measure_hint = "L (berbaring), H (berdiri) atau kosong"
    measure = checks.choices("measure", column("measure"), _MEASURE, measure_hint)
    oedema = checks.choices("oedema", column("oedema"), _OEDEMA, "y (ya) atau n (tidak)")
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
        measure=np.array(measure, dtype="<U1"),
        oedema=np.array(oedema, dtype=bool),
    )
    _count(report, res, int(checks.bad.sum()), len(rows))
    results = _result_columns(res, options)
    if options.text_cells:
        rows = [[cell_text(c) for c in row] for row in rows]
    if len(layout.keep) != width:
        rows = [[row[p] for p in layout.keep] for row in rows]
    for row, extra in zip(rows, zip(*results, strict=True), strict=True):
        row.extend(extra)
    return rows


def _count(report: BatchReport, res: GrowthZScores, malformed: int, n: int) -> None:
    report.rows_total += n
    report.rows_malformed += malformed
    report.rows_scored += n - malformed
    for name in Z_COLUMNS:
        z, flag = getattr(res, name), getattr(res, f"flag_{name}")
        report.zscores[name] += int(np.count_nonzero(~np.isnan(z)))
        report.flagged[name] += int(np.count_nonzero(flag == 1.0))


def _result_columns(res: GrowthZScores, options: _Options) -> list[list[Any]]:
    zs = [res.zlen, res.zwei, res.zwfl, res.zbmi]
    flags = [res.flag_zlen, res.flag_zwei, res.flag_zwfl, res.flag_zbmi]
    statuses = [classify_tbu(res.zlen), classify_bbu(res.zwei)]
    statuses += [classify_bbtb(res.zwfl), classify_imtu(res.zbmi)]
    if options.labels:
        statuses = [status_labels(s) for s in statuses]
    if options.as_numbers:  # .xlsx: real numbers, None for empty cells
        out = [[None if v != v else v for v in z.tolist()] for z in zs]
        out += [[None if v != v else int(v) for v in f.tolist()] for f in flags]
        return out + [[s or None for s in st.tolist()] for st in statuses]
    out = [[f"{v:.2f}" if v == v else "" for v in z.tolist()] for z in zs]
    out += [["" if v != v else str(int(v)) for v in f.tolist()] for f in flags]
    return out + [st.tolist() for st in statuses]


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
    options = _Options(xlsx_out, xlsx_in and not xlsx_out, labels, max_issues)
    reader = open_reader(in_path)
    try:
        layout = _layout(reader.header, report)
        header = [reader.header[p] for p in layout.keep] + list(OUTPUT_COLUMNS)
        # Excel needs the BOM to read UTF-8 CSV; keep the input's choice for CSV.
        bom = reader.had_bom or xlsx_in
        with open_writer(out_path, header, delimiter=reader.delimiter, bom=bom) as writer:
            chunk: list[tuple[int, list[Any]]] = []
            for item in reader.rows():
                chunk.append(item)
                if len(chunk) >= chunk_size:
                    writer.write_rows(_score_chunk(chunk, layout, report, options))
                    chunk = []
            if chunk:
                writer.write_rows(_score_chunk(chunk, layout, report, options))
    finally:
        reader.close()
    return report
