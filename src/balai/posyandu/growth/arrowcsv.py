"""Plain CSV in and out through Apache Arrow: the fast path of ``balai zscores``.

A *plain* stretch of a CSV file (no quote, NUL, lone carriage return, blank line or
row of empty cells, every row exactly as wide as the header, valid UTF-8, no cell
longer than the :mod:`csv` module accepts) is what ``csv.reader`` splits at each
delimiter, one row per line, and what ``csv.writer`` writes back unquoted. Such
stretches are split into columns by Arrow's CSV reader (in C++, quoting off), their
cells are checked in bulk with Arrow compute functions, and the rows are written
back by Arrow's CSV writer, with the results as dictionary columns pointing into
the tables of :mod:`.batch`. Cells that are not plainly valid go through the same
cell-by-cell checks as ever, so issues, line numbers and output bytes are those of
the row-by-row path. At the first stretch that is not plain, the rest of the file
is read by :mod:`.tabular` as before.
"""

from __future__ import annotations

import csv
import functools
import queue
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from .tabular import Block

if TYPE_CHECKING:
    from .batch import _RowChecks
    from .tabular import _CsvReader
    from .zscores import GrowthZScores

READ_BYTES = 8 << 20  # read the file this much at a time (whole blocks are cut from it)
_PLAIN_NUMBER = r"^-?[0-9]+(\.[0-9]+)?$"
_COMMA_NUMBER = r"^-?[0-9]+,[0-9]+$"  # a decimal comma, read as a point


class _Cells(Sequence[Any]):
    """One Arrow column seen as a list of Python strings, converted on demand."""

    def __init__(self, array: pa.Array) -> None:
        self._array = array

    def __len__(self) -> int:
        return len(self._array)

    def __getitem__(self, i: Any) -> Any:
        return self._array[i].as_py()


def blocks(reader: _CsvReader, size: int) -> Iterator[Block]:
    """Yield the data rows of *reader*'s file in blocks of *size* rows.

    Plain blocks come as :class:`Block` with ``arrow`` columns, cut at the same
    rows as :meth:`_CsvReader.blocks` cuts them; from the first block that is not
    plain on, the blocks of ``_CsvReader.blocks_from`` follow.
    """
    if reader.data_offset is None:
        raise ValueError("the header is not one plain line")
    width = len(reader.header)
    delimiter = reader.delimiter.encode()
    offset, done = reader.data_offset, 1  # the header is line 1
    pending, eof = b"", False
    with reader.path.open("rb") as raw:
        raw.seek(offset)
        while True:
            while not eof and pending.count(b"\n") < size:
                more = raw.read(max(READ_BYTES, len(pending)))
                eof = not more
                pending += more
            if not pending:
                return
            cut = len(pending) if eof else _after_whole_blocks(pending, size)
            piece, pending = pending[:cut], pending[cut:]
            columns = _plain_columns(piece, delimiter, width)
            if columns is None:  # block by block, up to the first that is not plain
                for part in _block_pieces(piece, size):
                    columns = _plain_columns(part, delimiter, width)
                    if columns is None:
                        yield from reader.blocks_from(offset, done, size)
                        return
                    rows = len(columns[0])
                    yield Block(range(done + 1, done + 1 + rows), arrow=columns)
                    done += rows
                    offset += len(part)
                continue
            rows = len(columns[0])
            for start in range(0, rows, size):
                stop = min(start + size, rows)
                lines = range(done + 1 + start, done + 1 + stop)
                yield Block(lines, arrow=[c.slice(start, stop - start) for c in columns])
            done += rows
            offset += cut


def _block_pieces(piece: bytes, size: int) -> Iterator[bytes]:
    """Cut *piece* after every *size* lines (the last part may be shorter)."""
    ends = np.flatnonzero(np.frombuffer(piece, np.uint8) == ord("\n"))
    start = 0
    for end in ends[size - 1 :: size].tolist():
        yield piece[start : end + 1]
        start = end + 1
    if start < len(piece):
        yield piece[start:]


def prefetch(blocks: Iterator[Block], depth: int = 2) -> Iterator[Block]:
    """Yield *blocks*, reading up to *depth* ahead in a second thread.

    Arrow reads and splits without the GIL, so the next blocks are read while the
    caller scores this one. Errors of the reading thread are raised here.
    """
    found: queue.Queue[tuple[str, Any]] = queue.Queue(depth)
    stop = threading.Event()

    def put(item: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                found.put(item, timeout=0.1)
            except queue.Full:
                continue
            return True
        return False

    def read() -> None:
        try:
            for block in blocks:
                if not put(("block", block)):
                    return
            put(("end", None))
        except BaseException as exc:  # handed to the caller's thread
            put(("error", exc))

    thread = threading.Thread(target=read, name="csv-reader", daemon=True)
    thread.start()
    try:
        while True:
            kind, item = found.get()
            if kind == "end":
                return
            if kind == "error":
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def _after_whole_blocks(data: bytes, size: int) -> int:
    """Return the end of the last whole block of *size* lines in *data*."""
    lines = data.count(b"\n")
    rest = lines % size  # lines after the cut
    if not rest:
        return data.rindex(b"\n") + 1
    # Look for the cut among the last lines first (lines are about equally long).
    start = max(0, len(data) - (rest + 1) * 2 * len(data) // lines)
    ends = np.flatnonzero(np.frombuffer(data, np.uint8, offset=start) == ord("\n"))
    if len(ends) <= rest:
        start, ends = 0, np.flatnonzero(np.frombuffer(data, np.uint8) == ord("\n"))
    return start + int(ends[-rest - 1]) + 1


def _plain_columns(piece: bytes, delimiter: bytes, width: int) -> list[pa.Array] | None:
    """Return the columns of the whole lines in *piece*, or None unless it is plain."""
    if width < 2 or b'"' in piece or b"\x00" in piece:
        return None
    if b"\r" in piece and piece.count(b"\r") != piece.count(b"\r\n"):
        return None  # a carriage return that does not end a line
    if not piece.endswith(b"\n"):
        piece += b"\n"  # the last line of the file may lack its line break
    empty_row = delimiter * (width - 1)
    for end in (b"\n", b"\r\n"):  # a blank line, or a row of empty cells (both skipped)
        if piece.startswith((end, empty_row + end)) or b"\n" + end in piece:
            return None
        if b"\n" + empty_row + end in piece:
            return None
    names = [f"c{i}" for i in range(width)]
    try:
        table = pcsv.read_csv(
            pa.BufferReader(piece),
            read_options=pcsv.ReadOptions(column_names=names, block_size=1 << 22),
            parse_options=pcsv.ParseOptions(
                delimiter=delimiter.decode(),
                quote_char=False,
                double_quote=False,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=False,
            ),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=True,
            ),
        )
    except pa.ArrowInvalid:  # ragged rows, or bytes that are not UTF-8
        return None
    columns = [col.combine_chunks() for col in table.columns]
    limit = csv.field_size_limit()
    if any((pc.max(pc.binary_length(c)).as_py() or 0) > limit for c in columns):
        return None  # the csv module refuses such a cell: let it say so
    return columns


# ---- checks -------------------------------------------------------------------------


def check_columns(
    columns: list[pa.Array], index: dict[str, int], checks: _RowChecks
) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Parse and check the known columns of a block, as ``batch._score_chunk`` does."""
    from .batch import _MEASURE, _OEDEMA, INPUT_COLUMNS

    def column(name: str) -> pa.Array | None:
        pos = index.get(name)
        return None if pos is None else columns[pos]

    sex_column = columns[index["sex"]]  # the header has it (``batch._layout``)
    sex = np.full(len(sex_column), np.nan)
    sex[_mask(pc.equal(sex_column, "1"))] = 1.0
    sex[_mask(pc.equal(sex_column, "2"))] = 2.0
    sex = checks.sexes(_Cells(sex_column), parsed=sex)
    num = {}
    for name in INPUT_COLUMNS[1:5]:
        found = column(name)
        if found is None:
            num[name] = checks.numbers(name, None)
        else:
            num[name] = checks.numbers(name, _Cells(found), parsed=_floats(found))
    measure_hint = "L (berbaring), H (berdiri) atau kosong"
    measure = _choices(checks, "measure", column("measure"), _MEASURE, measure_hint, "<U1")
    oedema_hint = "y (ya) atau n (tidak)"
    oedema = _choices(checks, "oedema", column("oedema"), _OEDEMA, oedema_hint, "?")
    return sex, num, measure, oedema


def _mask(values: pa.Array) -> np.ndarray:
    mask: np.ndarray = values.to_numpy(zero_copy_only=False)
    return mask


def _floats(cells: pa.Array) -> np.ndarray:
    """Return the plain numbers of *cells* as floats, NaN for every other cell.

    Arrow parses decimal text to the correctly rounded double, as ``float`` does.
    """
    nonempty = pc.if_else(pc.equal(cells, ""), pa.scalar(None, pa.string()), cells)
    try:
        parsed = pc.cast(nonempty, pa.float64())
    except pa.ArrowInvalid:  # some cell is not a number as Arrow reads them
        comma = pc.match_substring_regex(cells, _COMMA_NUMBER)
        text = pc.if_else(comma, pc.replace_substring(cells, ",", ".", max_replacements=1), cells)
        plain = pc.or_(comma, pc.match_substring_regex(cells, _PLAIN_NUMBER))
        parsed = pc.cast(pc.if_else(plain, text, pa.scalar(None, pa.string())), pa.float64())
    floats: np.ndarray = parsed.to_numpy(zero_copy_only=False).copy()
    return floats


def _choices(
    checks: _RowChecks,
    column: str,
    cells: pa.Array | None,
    allowed: dict[str, Any],
    hint: str,
    dtype: str,
) -> np.ndarray:
    if cells is None:
        return checks.choices(column, None, allowed, hint, dtype)
    keys = list(allowed)
    found = pc.index_in(cells, value_set=pa.array(keys, pa.string()))
    known = _mask(pc.is_valid(found))
    meanings = np.array([allowed[k] for k in keys], dtype=dtype)
    positions = pc.fill_null(found, 0).to_numpy(zero_copy_only=False)
    out = meanings[positions]
    return checks.choices(column, _Cells(cells), allowed, hint, dtype, parsed=(out, known))


# ---- results --------------------------------------------------------------------


def result_columns(res: GrowthZScores, labels: bool) -> list[pa.Array]:
    """Return the 12 result columns as Arrow dictionary columns of their texts."""
    from .batch import Z_COLUMNS, _lookup, _statuses

    zs = [res.zlen, res.zwei, res.zwfl, res.zbmi]
    flags = [res.flag_zlen, res.flag_zwei, res.flag_zwfl, res.flag_zbmi]
    found = [_lookup(z) for z in zs]
    out = []
    for z, (index, exact) in zip(zs, found, strict=True):
        missing = np.isnan(z)
        index = np.where(missing, len(_z_texts()) - 1, index)
        other = np.flatnonzero(~exact & ~missing)
        out.append(_dictionary(index, _z_texts(), other, [f"{v:.2f}" for v in z[other].tolist()]))
    for flag in flags:
        zero, one, missing = flag == 0.0, flag == 1.0, np.isnan(flag)
        index = np.where(zero, 0, np.where(one, 1, 2))
        other = np.flatnonzero(~(zero | one | missing))
        out.append(_dictionary(index, _flag_texts(), other, [str(int(v)) for v in flag[other]]))
    for name, z, (index, exact) in zip(Z_COLUMNS, zs, found, strict=True):
        other = np.flatnonzero(~exact)  # NaN included, as in ``batch._status_texts``
        texts = _statuses(name, z[other], labels).tolist() if other.size else []
        out.append(_dictionary(index, _status_texts(name, labels), other, texts))
    return out


def _dictionary(
    index: np.ndarray, texts: pa.Array, other: np.ndarray, extra: list[str]
) -> pa.Array:
    """Return ``texts[index]`` as a dictionary column, rows *other* holding *extra*."""
    positions = index.astype(np.int32)
    if len(extra):
        positions[other] = len(texts) + np.arange(len(extra), dtype=np.int32)
        texts = pa.concat_arrays([texts, pa.array(extra, pa.string())])
    return pa.DictionaryArray.from_arrays(pa.array(positions), texts)


@functools.cache
def _z_texts() -> pa.Array:
    from .batch import _z_table

    return pa.array([*_z_table().tolist(), ""], pa.string())


@functools.cache
def _flag_texts() -> pa.Array:
    return pa.array(["0", "1", ""], pa.string())


@functools.cache
def _status_texts(name: str, labels: bool) -> pa.Array:
    from .batch import _status_table

    return pa.array(_status_table(name, labels).tolist(), pa.string())


def write(file: Any, columns: list[pa.Array], delimiter: str) -> None:
    """Write rows given as Arrow columns of plain text to the binary *file*.

    Cells are plain (no delimiter, quote or line break), which ``csv.writer``
    writes unquoted; lines end in ``\\r\\n`` as its do.
    """
    table = pa.table(columns, names=[f"c{i}" for i in range(len(columns))])
    options = pcsv.WriteOptions(
        include_header=False,
        delimiter=delimiter,
        eol="\r\n",
        quoting_style="none",
        batch_size=1 << 16,
    )
    pcsv.write_csv(table, file, options)
