"""Stage a resident file in PostgreSQL and parse it there (the set-based import, part 1).

The file is streamed once into a temporary table of raw text cells (``imp_raw``)
with COPY. One INSERT … SELECT then turns every row whose cells are plain ASCII
and pass every rule of ``parse.py`` into typed values (``imp_row``). A row that
fails or might fail any rule (odd characters, formulas, labels that are not
codes, NIK/No. KK/date problems, warnings) is parsed again by ``parse_row``
itself, so its errors and warnings are the Python path's messages, word for
word. The SQL rules only decide *that* a row is clean; they never word a
message.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import psycopg
from django.db import transaction
from django.utils.translation import gettext as _
from psycopg import Cursor

from balai.core.spreadsheets.reader import SpreadsheetError, check_fields, csv_lines
from balai.registry import codes
from balai.registry.importing.columns import BY_NAME, COLUMN_NAMES, COLUMNS, Column
from balai.registry.importing.parse import CODE_TABLES, ParsedRow, parse_row
from balai.registry.importing.reader import (
    END_MARKER,
    LIMITS,
    ImportFileError,
    _check_header,
    read_rows,
    sniff_kind,
)

BATCH = 5000
MAX_LINES_WRITTEN = 1000  # rows per copy.write() call
FIELDS: tuple[Column, ...] = tuple(c for c in COLUMNS if c.field and c.kind not in ("nik", "kk"))
SQL_TYPE = {"code": "smallint", "bool_code": "boolean", "date": "date"}
ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x00": ""})
# Flags of a staged row: 0 plain ASCII and tidy, 1 plain ASCII needing clean(),
# 2 anything else (always parsed by Python).
TIDY, UNTIDY, PYTHON = 0, 1, 2

Progress = Callable[[int], None] | None


def _col(name: str) -> str:
    return f"c_{name}"


def create_tables(cur: Cursor[Any], kecamatan: frozenset[str]) -> None:
    """Create the temporary tables and helpers (dropped at the end of the transaction)."""
    cells = ", ".join(f"{_col(n)} text" for n in COLUMN_NAMES)
    cur.execute(
        f"CREATE TEMP TABLE imp_raw (ord int, line int, sheet smallint, flags smallint, "
        f"{cells}) ON COMMIT DROP"
    )
    typed = ", ".join(f"{c.field} {SQL_TYPE.get(c.kind, 'text')}" for c in FIELDS)
    cur.execute(
        "CREATE TEMP TABLE imp_row (ord int, line int, sheet smallint, raw_tid tid, "
        "bad boolean, nik text, nik_raw text, no_kk text, address text, dusun text, "
        f"rw text, rt text, {typed}, errors text[], warnings text[]) ON COMMIT DROP"
    )
    cur.execute("CREATE TEMP TABLE imp_kec (code text PRIMARY KEY) ON COMMIT DROP")
    with cur.copy("COPY imp_kec (code) FROM STDIN") as copy:
        for code in kecamatan:
            copy.write_row([code.replace(".", "")])
    cur.execute("CREATE TEMP TABLE imp_codes (col text, key text, code int) ON COMMIT DROP")
    with cur.copy("COPY imp_codes (col, key, code) FROM STDIN") as copy:
        for name, table in CODE_TABLES.items():
            for key, number in table.items():
                copy.write_row([name, key, number])
    cur.execute("CREATE UNIQUE INDEX ON imp_codes (col, key)")
    # clean() of parse.py for a printable-ASCII cell (only whitespace there is " ").
    cur.execute(
        "CREATE OR REPLACE FUNCTION pg_temp.imp_clean(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ "
        "SELECT NULLIF(NULLIF(CASE WHEN left(t, 1) = '''' THEN btrim(substr(t, 2), ' ') "
        "ELSE t END, ''), '-') FROM (SELECT regexp_replace(btrim(v, ' '), ' {2,}', ' ', 'g') "
        "AS t) s $$"
    )
    cur.execute("ANALYZE imp_kec")
    cur.execute("ANALYZE imp_codes")


# --- staging ------------------------------------------------------------------


def _text(value: Any) -> str:
    """Return a cell as the text parse_row treats exactly like the cell itself."""
    if value is None:
        return ""
    if type(value) is str:
        return value
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _line(ord_: int, line: int, sheet: int, fields: list[str], *, held: bool = False) -> str:
    joined = "".join(fields)
    if (
        not held
        and joined.isascii()
        and joined.isprintable()
        and "=" not in joined
        and "\\" not in joined
    ):
        text = "\t".join(fields)
        untidy = (
            text[:1] in (" ", "'")
            or text[-1:] == " "
            or "\t " in text
            or " \t" in text
            or "  " in text
            or "\t'" in text
        )
        flag = UNTIDY if untidy else TIDY
    else:
        text = "\t".join(f.translate(ESCAPE) for f in fields)
        flag = PYTHON
    return f"{ord_}\t{line}\t{sheet}\t{flag}\t{text}\n"


class Staged:
    """What staging learnt about the file: sheet names and the rows written."""

    def __init__(self) -> None:
        self.sheets: list[str] = []
        self.rows = 0
        # Per sheet, the position of each Resident field in its header (a diff
        # lists fields in this order, as the Python path does).
        self.field_order: dict[str, dict[str, int]] = {}
        # Cells that do not survive COPY text (NUL characters), kept for parse_row.
        self.held: dict[int, dict[str, Any]] = {}
        # How the rows' flags are computed when the server parsed the CSV
        # itself (``imp_raw.flags`` is then NULL); see _stage_csv_in_server.
        self.flags_sql = "flags"
        self.server_parsed = False


def _order(names: list[str]) -> dict[str, int]:
    fields = [BY_NAME[n].field for n in names if n in BY_NAME]
    return {f: i for i, f in enumerate(fields) if f}


def stage_file(cur: Cursor[Any], path: Path, progress: Progress) -> Staged:
    """COPY every data row of *path* into ``imp_raw``; raise ImportFileError like read_rows."""
    staged = Staged()
    with path.open("rb") as handle:
        head = handle.read(8192)
    if not head.strip():
        raise ImportFileError(_("Berkas kosong."))
    try:
        if sniff_kind(head, path.name) == "xlsx":
            _stage_sheets(cur, path, staged, progress)
        elif not _stage_csv_in_server(cur, path, staged, progress):
            with path.open(encoding="utf-8-sig", newline="") as text:
                _stage_csv(cur, text, path.name, staged, progress)
    except SpreadsheetError as exc:  # the bounded reader's refusals, as the Python path words them
        if isinstance(exc, ImportFileError):
            raise
        raise ImportFileError(exc.message) from exc
    return staged


def _stage_csv(
    cur: Cursor[Any], text: IO[str], name: str, staged: Staged, progress: Progress
) -> None:
    # The same reading rules, limits and messages as reader._csv_rows, without a dict per row.
    lines_in = csv_lines(text, limits=LIMITS)
    try:
        first = next(lines_in, "")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("Berkas CSV bukan teks UTF-8; simpan ulang sebagai CSV UTF-8.")
        ) from exc
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header = next(csv.reader([first], delimiter=delimiter), [])
    check_fields(header, 1, limits=LIMITS)
    names = _check_header(header, name)
    width = len(names)
    staged.sheets.append(name)
    staged.field_order[name] = _order(names)
    columns = ", ".join(["ord", "line", "sheet", "flags", *(_col(n) for n in names)])
    too_many = _("baris berisi lebih banyak kolom daripada judul")
    line = 1
    ord_ = staged.rows
    lines: list[str] = []
    with cur.copy(f"COPY imp_raw ({columns}) FROM STDIN") as copy:
        try:
            for fields in csv.reader(lines_in, delimiter=delimiter):
                line += 1
                check_fields(fields, line, limits=LIMITS)
                joined = "".join(fields)
                if not joined or joined.isspace():
                    continue
                if len(fields) > 1 and fields[1].strip() == END_MARKER:
                    break
                held = False
                if len(fields) != width:
                    if len(fields) > width and any(f.strip() for f in fields[width:]):
                        staged.held[ord_] = {"__error__": too_many}
                        fields, held = [""] * width, True
                    else:
                        fields = (fields + [""] * width)[:width]
                if "\x00" in joined:
                    staged.held[ord_] = dict(zip(names, fields, strict=False))
                    held = True
                lines.append(_line(ord_, line, 0, fields, held=held))
                ord_ += 1
                if len(lines) >= MAX_LINES_WRITTEN:
                    copy.write("".join(lines))
                    lines.clear()
                    if progress and ord_ % BATCH < MAX_LINES_WRITTEN:
                        progress(ord_)
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("Baris %(n)d bukan teks UTF-8.") % {"n": line + 1}) from exc
        except csv.Error as exc:
            raise ImportFileError(
                _("Baris %(n)d tidak dapat dibaca: %(e)s") % {"n": line, "e": exc}
            ) from exc
        copy.write("".join(lines))
    staged.rows = ord_


class _ReadInPythonError(Exception):
    """The CSV might read differently in PostgreSQL, or fails a check: use the Python reader."""


FAST_CHUNK = 1 << 20


def _stage_csv_in_server(cur: Cursor[Any], path: Path, staged: Staged, progress: Progress) -> bool:
    """COPY a CSV into ``imp_raw`` letting PostgreSQL split the cells; False if it may not.

    The server's CSV reader and Python's agree on a file whose every quote
    belongs to a well-formed quoted cell, with no lone carriage returns and
    no ``\\.`` line (the end of COPY data). Each chunk is checked for that
    as it is sent (bytes operations and one pass over its quotes, about 1/8
    of what csv.reader costs); whatever else the Python reader refuses or
    treats specially (other column counts, bad UTF-8, NUL, long lines or
    cells, blank rows, the end marker) makes COPY fail or is looked for
    after it, and the file is then staged by the Python reader instead, in
    a rolled-back savepoint, so every message stays the Python path's.
    The flags of a row (tidy / untidy / Python) are computed in SQL, in
    parse_sql, exactly as _line computes them.
    """
    try:
        with transaction.atomic():
            _copy_csv(cur, path, staged, progress)
    except (_ReadInPythonError, psycopg.Error):
        staged.rows = 0
        staged.sheets.clear()
        staged.field_order.clear()
        staged.flags_sql = "flags"
        staged.server_parsed = False
        return False
    return True


def _copy_csv(cur: Cursor[Any], path: Path, staged: Staged, progress: Progress) -> None:
    cap = LIMITS.max_line_chars
    with path.open("rb") as handle:
        first = handle.readline(cap + 1)
        if len(first) > cap or first.count(b'"') % 2 or b"\r" in first.rstrip(b"\r\n"):
            raise _ReadInPythonError
        try:
            text = first.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _ReadInPythonError from exc
        delimiter = ";" if text.count(";") > text.count(",") else ","
        header = next(csv.reader([text], delimiter=delimiter), [])
        try:
            check_fields(header, 1, limits=LIMITS)
            names = _check_header(header, path.name)
        except SpreadsheetError as exc:
            raise _ReadInPythonError from exc
        if len(names) != len(header):  # trailing empty titles: rows may be longer
            raise _ReadInPythonError
        cells = ", ".join(_col(n) for n in names)
        cur.execute(
            "CREATE TEMP SEQUENCE imp_ord MINVALUE 0 START 0 OWNED BY imp_raw.ord; "
            "CREATE TEMP SEQUENCE imp_line START 2 OWNED BY imp_raw.line; "
            "ALTER TABLE imp_raw ALTER ord SET DEFAULT nextval('imp_ord'), "
            "ALTER line SET DEFAULT nextval('imp_line'), ALTER sheet SET DEFAULT 0"
        )
        handle.seek(0)
        sent = 0
        with cur.copy(
            f"COPY imp_raw ({cells}) FROM STDIN WITH (FORMAT csv, HEADER true, "
            f"DELIMITER '{delimiter}', FORCE_NOT_NULL ({cells}), ENCODING 'UTF8')"
        ) as copy:
            while chunk := handle.read(FAST_CHUNK):
                # Whole lines, outside quotes (an even number of quotes so far).
                while not chunk.endswith(b"\n") or chunk.count(b'"') % 2:
                    more = handle.readline(cap + 1)
                    if not more:
                        break
                    chunk += more
                _check_chunk(chunk, delimiter.encode(), cap)
                copy.write(chunk)
                if progress:
                    lines = chunk.count(b"\n")
                    if (sent + lines) // BATCH > sent // BATCH:
                        progress(sent + lines)
                    sent += lines
        rows = cur.rowcount
    second = _col(names[1]) if len(names) > 1 else None
    marker = f"OR strpos({second}, {_lit(END_MARKER)}) > 0 " if second else ""
    longest = ", ".join(f"length({_col(n)})" for n in names)
    every = " || ".join(_col(n) for n in names)
    cur.execute(
        f"SELECT EXISTS (SELECT 1 FROM imp_raw WHERE {every} !~ '[!-~]' {marker}"  # noqa: S608 -- identifiers from code
        f"OR greatest({longest}) > %s)",
        (LIMITS.max_string_chars,),
    )
    if (cur.fetchone() or (True,))[0]:  # blank rows, the end marker, long cells
        raise _ReadInPythonError
    staged.sheets.append(path.name)
    staged.field_order[path.name] = _order(names)
    staged.rows = rows
    staged.server_parsed = True
    staged.flags_sql = _flags_sql(names)


def _check_chunk(chunk: bytes, delimiter: bytes, cap: int) -> None:
    if b"\\." in chunk or chunk.count(b"\r") != chunk.count(b"\r\n"):
        raise _ReadInPythonError
    if len(chunk) > cap and max(map(len, chunk.split(b"\n"))) > cap:
        raise _ReadInPythonError
    if b'"' in chunk and not _quotes_agree(chunk, delimiter):
        raise _ReadInPythonError


def _quotes_agree(chunk: bytes, delimiter: bytes) -> bool:
    """Tell whether every quote of *chunk* (whole lines) opens, escapes or closes a quoted cell.

    Split at the quotes, the pieces alternate outside / inside a quoted cell.
    Python's csv and PostgreSQL's COPY read a quote alike when it opens a cell
    (the outside piece before it ends at a delimiter or line break) or closes
    one (the piece after it starts with one); an empty outside piece is a
    doubled quote inside a cell. Anything else (a quote inside an unquoted
    cell, text after a closing quote) they read differently.
    """
    pieces = chunk.split(b'"')
    if len(pieces) % 2 == 0:
        return False
    starts, ends = (delimiter, b"\r", b"\n"), (delimiter, b"\n")
    first, last = pieces[0], pieces[-1]
    if (first and first[-1:] not in ends) or (last and last[:1] not in starts):
        return False
    return all(not p or (p[:1] in starts and p[-1:] in ends) for p in pieces[2:-1:2])


def _flags_sql(names: list[str]) -> str:
    """SQL for the flag _line gives a row of these cells (TIDY, UNTIDY or PYTHON)."""
    cells = [f"r.{_col(n)}" for n in names]
    joined = " || ".join(cells)
    tabbed = f"concat_ws(E'\\t', {', '.join(cells)})"
    # Python: not printable ASCII, or an "=" or a backslash anywhere.
    python = f"({joined}) ~ '[^ -~]|[=\\\\]'"
    # Python: a cell starting with a space or an apostrophe, ending with a space,
    # or two spaces anywhere.
    untidy = f"{tabbed} ~ '(^|\\t)[ '']| (\\t|$)|  '"
    return f"CASE WHEN {python} THEN {PYTHON} WHEN {untidy} THEN {UNTIDY} ELSE {TIDY} END"


def _stage_sheets(cur: Cursor[Any], path: Path, staged: Staged, progress: Progress) -> None:
    columns = ", ".join(["ord", "line", "sheet", "flags", *(_col(n) for n in COLUMN_NAMES)])
    ord_ = 0
    lines: list[str] = []
    sheet_index: dict[str, int] = {}
    with cur.copy(f"COPY imp_raw ({columns}) FROM STDIN") as copy:
        for raw in read_rows(path):
            sheet = sheet_index.setdefault(raw.sheet, len(sheet_index))
            if sheet == len(staged.sheets):
                staged.sheets.append(raw.sheet)
                staged.field_order[raw.sheet] = {}
            if len(raw.cells) > len(staged.field_order[raw.sheet]):
                staged.field_order[raw.sheet] = _order(list(raw.cells))
            fields = [_text(raw.cells.get(n)) for n in COLUMN_NAMES]
            held = "__error__" in raw.cells or any("\x00" in f for f in fields)
            if held:
                staged.held[ord_] = raw.cells
            lines.append(_line(ord_, raw.line, sheet, fields, held=held))
            ord_ += 1
            if len(lines) >= MAX_LINES_WRITTEN:
                copy.write("".join(lines))
                lines.clear()
                if progress and ord_ % BATCH < MAX_LINES_WRITTEN:
                    progress(ord_)
        copy.write("".join(lines))
    staged.rows = ord_


# --- set-based parse ----------------------------------------------------------


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _valid_ymd(y: str, m: str, d: str) -> str:
    leap = f"(({y}) % 4 = 0 AND (({y}) % 100 <> 0 OR ({y}) % 400 = 0))"
    last = (
        f"CASE WHEN ({m}) = 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END "
        f"WHEN ({m}) IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
    )
    return f"(({y}) >= 1 AND ({m}) BETWEEN 1 AND 12 AND ({d}) BETWEEN 1 AND {last})"


# Regular expressions, compiled once per statement: measured 3x cheaper than
# ltrim() with a character set, which re-reads the set for every cell.
LETTERS = "'^[A-Za-z .,''-]*$'"


def _digits(v: str) -> str:
    return f"({v} ~ '^[0-9]*$')"


def _date_array(t: str) -> str:
    """SQL for ARRAY[d, m, y] (text) when *t* is dd-mm-yyyy or yyyy-mm-dd, else NULL."""
    p1, p2, p3 = (f"split_part({t}, '-', {i})" for i in (1, 2, 3))
    short = "BETWEEN 1 AND 2"
    return (
        f"CASE WHEN length({t}) BETWEEN 8 AND 10 AND ltrim({t}, '0123456789-') = '' "
        f"AND split_part({t}, '-', 4) = '' THEN CASE "
        f"WHEN length({p3}) = 4 AND length({p1}) {short} AND length({p2}) {short} "
        f"THEN ARRAY[{p1}, {p2}, {p3}] "
        f"WHEN length({p1}) = 4 AND length({p2}) {short} AND length({p3}) {short} "
        f"THEN ARRAY[{p3}, {p2}, {p1}] END END"
    )


def _date_parts(parts: str) -> tuple[str, str, str]:
    """SQL for (y, m, d) from the ARRAY[d, m, y] of _date_array."""
    return f"{parts}[3]::int", f"{parts}[2]::int", f"{parts}[1]::int"


def _code_sql(column: Column, v: str) -> str:
    table = CODE_TABLES[column.name]
    # Keys that are the code itself ("1", "13"): no lookup needed, just a cast.
    plain = sorted((k for k, code in table.items() if k.isdigit() and int(k) == code), key=int)
    listed = ", ".join(_lit(k) for k in plain)
    return (
        f"CASE WHEN {v} IS NULL THEN NULL WHEN {v} IN ({listed}) THEN {v}::int "  # noqa: S608 -- identifiers from code, values bound
        f"ELSE (SELECT k.code FROM imp_codes k WHERE k.col = {_lit(column.name)} "
        f"AND k.key = upper(replace({v}, ' ', ''))) END"
    )


def _case(cond: str, then: str) -> str:
    # CASE, not AND: SQL does not promise to evaluate AND/OR operands in order.
    return f"CASE WHEN {cond} THEN {then} ELSE false END"


def parse_sql(today: date, flags: str = "flags") -> str:
    """Return the INSERT … SELECT that types every clean row (and marks the others bad).

    *flags* is the SQL of a row's flag over ``imp_raw r`` (Staged.flags_sql).
    """
    iso = f"DATE '{today.isoformat()}'"
    cleaned = {
        n: f"CASE WHEN r.flags = {TIDY} THEN NULLIF(NULLIF(r.{_col(n)}, ''), '-') "
        f"ELSE pg_temp.imp_clean(r.{_col(n)}) END"
        for n in COLUMN_NAMES
    }
    level1 = ", ".join(
        [f"{sql} AS v_{n}" for n, sql in cleaned.items()]
        + [
            f"translate({cleaned[c.name]}, '/.', '--') AS t_{c.name}"
            for c in FIELDS
            if c.kind == "date"
        ]
    )
    items2: list[str] = ["ord", "line", "sheet", "tid"]
    items2 += [f"v_{n}" for n in COLUMN_NAMES]
    bad2: list[str] = [f"flags = {PYTHON}"]
    for column in FIELDS:
        v = f"v_{column.name}"
        if column.kind in ("code", "bool_code"):
            items2.append(f"{_code_sql(column, v)} AS k_{column.name}")
        elif column.kind == "date":
            items2.append(f"{_date_array(f't_{column.name}')} AS dp_{column.name}")
        elif column.kind == "name":
            bad2.append(f"({v} IS NOT NULL AND {v} !~ {LETTERS})")
        elif column.kind == "parent_nik":
            bad2.append(
                f"({v} IS NOT NULL AND {v} <> '0' AND NOT (length({v}) = 16 AND {_digits(v)}))"
            )
        else:
            bad2.append(f"({v} IS NOT NULL AND length({v}) > {column.max_length})")
    bad2.append("(v_alamat IS NOT NULL AND length(v_alamat) > 255)")
    for key, v in (("nik", "v_nik"), ("kk", "v_no_kk")):
        ok16 = (
            f"(length({v}) = 16 AND {_digits(v)} AND left({v}, 1) <> '0' "
            f"AND right({v}, 4) <> '0000')"
        )
        items2 += [
            f"CASE WHEN {ok16} THEN substr({v}, 7, 2)::int END AS {key}_dd",
            f"CASE WHEN {ok16} THEN substr({v}, 9, 2)::int END AS {key}_mm",
            f"CASE WHEN {ok16} THEN substr({v}, 11, 2)::int END AS {key}_yy",
            f"CASE WHEN {ok16} THEN left({v}, 6) END AS {key}_kec",
        ]
        zero = f" AND {v} <> '0'" if key == "nik" else ""
        bad2.append(f"({v} IS NOT NULL{zero} AND NOT ({ok16}))")

    # Level 3: typed values and the remaining rules.
    out: dict[str, str] = {}
    bad3: list[str] = ["bad2"]
    for column in FIELDS:
        n, f = column.name, str(column.field)
        if column.kind == "code":
            out[f] = f"k_{n}"
            bad3.append(f"(v_{n} IS NOT NULL AND k_{n} IS NULL)")
        elif column.kind == "bool_code":
            out[f] = f"(k_{n} = {codes.Pregnancy.PREGNANT})"
            bad3.append(f"(v_{n} IS NOT NULL AND k_{n} IS NULL)")
        elif column.kind == "date":
            y, m, d = _date_parts(f"dp_{n}")
            ok = _case(f"dp_{n} IS NOT NULL", _valid_ymd(y, m, d))
            out[f] = f"CASE WHEN {ok} THEN make_date({y}, {m}, {d}) END"
            bad3.append(f"(v_{n} IS NOT NULL AND o_{f} IS NULL)")
        elif column.kind == "parent_nik":
            out[f] = f"CASE WHEN v_{n} = '0' THEN '' ELSE v_{n} END"
        elif column.kind == "name":
            # registry.names.person_name; names here are ASCII (LETTERS), where
            # PostgreSQL's upper() and Python's str.upper() agree.
            out[f] = f"left(upper(v_{n}), {column.max_length})"
        else:
            out[f] = f"v_{n}"
    # Dates parse_row rejects go to Python (which words the error).
    # Level 4 reads the typed values (o_*) computed once in level 3.
    born = "o_birth_date"
    bad3.append(f"coalesce({born} > {iso}, false)")
    for key in ("marriage_date", "divorce_date"):
        bad3.append(f"coalesce(o_{key} > {iso} OR o_{key} < {born}, false)")
    bad3.append(f"coalesce(o_pregnant AND k_sex = {codes.Sex.MALE}, false)")
    # NIK: a known kecamatan, a man's (01-31) or woman's (41-71) day, a birth date
    # the recorded one confirms (else one that exists), and the recorded sex.
    day = "CASE WHEN nik_dd > 40 THEN nik_dd - 40 ELSE nik_dd END"
    sex = (
        f"CASE WHEN nik_dd BETWEEN 41 AND 71 THEN {codes.Sex.FEMALE} "
        f"WHEN nik_dd BETWEEN 1 AND 31 THEN {codes.Sex.MALE} END"
    )
    year = f"({today.year} - ({today.year} - nik_yy) % 100)"
    recorded_ok = _case(
        f"{born} IS NOT NULL",
        f"extract(day FROM {born}) = ({day}) AND extract(month FROM {born}) = nik_mm "
        f"AND extract(year FROM {born})::int % 100 = nik_yy",
    )
    encoded_ok = _case(
        _valid_ymd(year, "nik_mm", f"({day})"),
        f"make_date({year}, nik_mm, {day}) <= {iso} "
        f"OR {_valid_ymd(year + ' - 100', 'nik_mm', f'({day})')}",
    )
    bad3.append(
        _case(
            "nik_kec IS NOT NULL",
            "NOT EXISTS (SELECT 1 FROM imp_kec WHERE imp_kec.code = nik_kec) "  # noqa: S608 -- identifiers from code, values bound
            f"OR ({sex}) IS NULL OR coalesce(k_sex <> ({sex}), false) "
            f"OR ({born} IS NOT NULL AND NOT ({recorded_ok})) "
            f"OR ({born} IS NULL AND NOT ({encoded_ok}))",
        )
    )
    kk_year = f"({today.year} - ({today.year} - kk_yy) % 100)"
    kk_date_ok = _case(
        _valid_ymd(kk_year, "kk_mm", "kk_dd"), f"make_date({kk_year}, kk_mm, kk_dd) <= {iso}"
    )
    bad3.append(
        _case(
            "kk_kec IS NOT NULL",
            f"NOT EXISTS (SELECT 1 FROM imp_kec WHERE imp_kec.code = kk_kec) OR NOT ({kk_date_ok})",  # noqa: S608 -- identifiers from code, values bound
        )
    )
    fields_sql = ", ".join(str(c.field) for c in FIELDS)
    typed_sql = ", ".join(f"o_{c.field}" for c in FIELDS)
    level3 = ", ".join(f"{out[str(c.field)]} AS o_{c.field}" for c in FIELDS)
    return (
        "INSERT INTO imp_row (ord, line, sheet, raw_tid, bad, nik, nik_raw, no_kk, address, "  # noqa: S608 -- identifiers from code, values bound
        f"dusun, rw, rt, {fields_sql}, errors, warnings) "
        f"SELECT ord, line, sheet, tid, ({' OR '.join(bad3)}), "
        "CASE WHEN v_nik = '0' THEN '' ELSE coalesce(v_nik, '') END, coalesce(v_nik, ''), "
        "coalesce(v_no_kk, ''), coalesce(v_alamat, ''), coalesce(v_dusun, ''), "
        f"coalesce(v_rw, ''), coalesce(v_rt, ''), {typed_sql}, '{{}}', '{{}}' "
        f"FROM (SELECT l2.*, {level3} FROM "
        f"(SELECT {', '.join(items2)}, ({' OR '.join(bad2)}) AS bad2 FROM ("
        f"SELECT r.ord, r.line, r.sheet, r.flags, r.tid, {level1} "
        f"FROM (SELECT r.ord, r.line, r.sheet, r.ctid AS tid, coalesce(r.flags, {flags}) "
        f"AS flags, {', '.join(f'r.{_col(n)}' for n in COLUMN_NAMES)} FROM imp_raw r "
        "OFFSET 0) r OFFSET 0) l1 OFFSET 0) l2 OFFSET 0) l3"
    )


def parse_staged(
    cur: Cursor[Any],
    staged: Staged,
    *,
    today: date,
    kecamatan_exists: Callable[[str], bool],
    retired_kecamatan: Callable[[str], bool],
) -> int:
    """Fill ``imp_row``; return how many rows parse_row had to check (the rest were clean)."""
    cur.execute(parse_sql(today, staged.flags_sql))
    cur.execute("CREATE TEMP TABLE imp_bad ON COMMIT DROP AS SELECT raw_tid FROM imp_row WHERE bad")
    if not cur.rowcount:
        return 0
    cur.execute("DELETE FROM imp_row WHERE bad")
    cells_sql = ", ".join(_col(n) for n in COLUMN_NAMES)
    fields = [str(c.field) for c in FIELDS]
    head = ["ord", "line", "sheet", "bad", "nik", "nik_raw", "no_kk", "address", "dusun", "rw"]
    columns = ", ".join([*head, "rt", *fields, "errors", "warnings"])
    sheets = {name: i for i, name in enumerate(staged.sheets)}
    done = 0
    # A server-side cursor and batches: memory stays flat even if every row is odd.
    conn = cur.connection
    with conn.cursor(name="imp_bad_rows") as rows:
        rows.execute(
            f"SELECT ord, line, sheet, {cells_sql} FROM imp_raw "  # noqa: S608 -- identifiers from code
            "WHERE ctid = ANY(ARRAY(SELECT raw_tid FROM imp_bad)) ORDER BY ord"
        )
        while batch := rows.fetchmany(BATCH):
            parsed = []
            for ord_, line, sheet, *cells in batch:
                raw = staged.held.get(ord_)
                if raw is None:
                    raw = {n: c for n, c in zip(COLUMN_NAMES, cells, strict=True) if c is not None}
                row = _parse(
                    raw, line, staged.sheets[sheet], today, kecamatan_exists, retired_kecamatan
                )
                parsed.append((ord_, row))
            with conn.cursor() as out, out.copy(f"COPY imp_row ({columns}) FROM STDIN") as copy:
                for ord_, row in parsed:
                    copy.write_row(
                        [
                            ord_,
                            row.line,
                            sheets[row.sheet],
                            False,
                            row.values.get("nik", ""),
                            row.nik_raw,
                            row.no_kk,
                            row.address,
                            row.dusun,
                            row.rw,
                            row.rt,
                            *(row.values.get(f) for f in fields),
                            row.errors,
                            row.warnings,
                        ]
                    )
            done += len(batch)
    return done


def _parse(
    raw: dict[str, Any],
    line: int,
    sheet: str,
    today: date,
    kecamatan_exists: Callable[[str], bool],
    retired_kecamatan: Callable[[str], bool],
) -> ParsedRow:
    if "__error__" in raw:
        row = ParsedRow(line=line, sheet=sheet)
        row.errors.append(str(raw["__error__"]))
        return row
    return parse_row(
        raw,
        line=line,
        sheet=sheet,
        today=today,
        kecamatan_exists=kecamatan_exists,
        retired_kecamatan=retired_kecamatan,
    )
