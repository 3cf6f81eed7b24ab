"""The Siskeudes commit on PostgreSQL, set-based (the dry run and SQLite keep ``siskeudes``).

The worker streams the ZIP's tables once (``siskeudes._rows``: the same cells,
headers, encodings and row limit as the Python path) and COPYs the cells it
reads into temporary tables. SQL then types every row whose cells are plainly
valid (account in the chart, kegiatan in the reference list, a known fund
source, a plain amount, an ISO or dd/mm/yyyy date) and sums them per line and
month. The SQL rules only decide *that* a row is clean: every other row is
read again by the Python path's own functions, in file order, so its messages
are the dry run's word for word (and a row SQL doubted but Python accepts is
added back). The checks of ``siskeudes._plan`` then run on the sums, and the
lines or the realisation are written with one INSERT … SELECT, all in the
caller's single transaction.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _
from psycopg import Cursor

from balai.core import audit
from balai.core.errors import DomainError
from balai.finance import chart
from balai.finance.kegiatan import rkpdes_links
from balai.finance.models import Apbdes, ApbdesLine, Realisation, SiskeudesImport, Status
from balai.finance.siskeudes import (
    Key,
    Parsed,
    _amount,
    _check_key,
    _date,
    _plan,
    _rows,
    _tables,
    open_archive,
)
from balai.indicators.services import mark_changed
from balai.planning.selectors import kegiatan_by_code

ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x00": "\ufffd"})
LINES_PER_WRITE = 2000
# (head table, detail table, number column, date column, fund source column): as siskeudes.
PAIRS = (
    ("ta_spp.csv", "ta_spprinci.csv", "no_spp", "tgl_spp", "sumberdana"),
    ("ta_tbp.csv", "ta_tbprinci.csv", "no_bukti", "tgl_bukti", "sumberdana"),
)


class Clock:
    """Wall time, this process's CPU and the database backend's CPU per step.

    On a shared machine the wall clock mostly measures the other users; the
    backend's CPU (``/proc/<pid>/stat`` when the server runs here) shows the
    import's own work in the database.
    """

    def __init__(self, steps: dict[str, dict[str, float]] | None) -> None:
        self.steps = steps
        self.stat: Path | None = None
        if steps is not None:
            connection.ensure_connection()
            info = connection.connection.info
            if info.host.startswith("/") or info.host in ("localhost", "127.0.0.1", "::1"):
                self.stat = Path(f"/proc/{info.backend_pid}/stat")

    def _db_cpu(self) -> float:
        if self.stat is None:
            return 0.0
        try:
            fields = self.stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            self.stat = None
            return 0.0
        # utime and stime, fields 14 and 15 of stat(5), in clock ticks.
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        if self.steps is None:
            yield
            return
        wall, cpu, db = time.perf_counter(), time.process_time(), self._db_cpu()
        yield
        got = self.steps.setdefault(name, {"wall": 0.0, "cpu": 0.0, "db_cpu": 0.0})
        got["wall"] += time.perf_counter() - wall
        got["cpu"] += time.process_time() - cpu
        got["db_cpu"] += self._db_cpu() - db


def _copy_rows(cur: Cursor[Any], table: str, rows: Iterable[list[str]]) -> None:
    """COPY *rows* of text cells into *table* (text format, in chunks)."""
    with cur.copy(f"COPY {table} FROM STDIN") as copy:
        lines: list[str] = []
        for cells in rows:
            text = "\t".join(cells)
            if text.count("\t") != len(cells) - 1 or not text.isprintable() or "\\" in text:
                text = "\t".join(c.translate(ESCAPE) for c in cells)
            lines.append(text)
            if len(lines) >= LINES_PER_WRITE:
                copy.write("\n".join(lines) + "\n")
                lines = []
        if lines:
            copy.write("\n".join(lines) + "\n")


TABLES = {
    "sk_rab": "line int, tahun text, kd_desa text, kd_keg text, kd_rincian text, src text, "
    "uraian text, anggaran text",
    "sk_head": "tbl smallint, line int, number text, tgl text",
    "sk_det": "tbl smallint, line int, number text, kd_desa text, kd_keg text, "
    "kd_rincian text, src text, nilai text",
    "sk_ref": "kind text, code text, name text",
    "sk_keys": "kd_desa text, kd_keg text, kd_rincian text, src text, account text, "
    "kegiatan text, source text",
    "sk_dates": "tbl smallint, number text, tgl text, day date",
    "sk_det_ok": "tbl smallint, line int, number text, account text, kegiatan text, "
    "source text, amount numeric",
    # Rows with their line key, valid by SQL or by the Python re-read.
    "sk_budget": "line int, account text, kegiatan text, source text, amount numeric, uraian text",
    "sk_real": "tbl smallint, line int, account text, kegiatan text, source text, day date, "
    "amount numeric",
    "sk_month": "account text, kegiatan text, source text, month int, amount numeric",
}


def _create_tables(cur: Cursor[Any]) -> None:
    """Make the session's staging tables once (the catalog is not written per import); empty them."""
    cur.execute("SELECT to_regclass('pg_temp.sk_month') IS NULL")
    row = cur.fetchone()
    if row and row[0]:
        for name, columns in TABLES.items():
            cur.execute(f"CREATE TEMP TABLE {name} ({columns}) ON COMMIT DELETE ROWS")
        cur.execute("CREATE UNIQUE INDEX ON sk_ref (kind, code)")
        cur.execute("CREATE INDEX ON sk_dates (tbl, number)")
        # A date from year, month and day, or NULL when there is no such day.
        cur.execute(
            "CREATE OR REPLACE FUNCTION pg_temp.sk_ymd(y int, m int, d int) RETURNS date "
            "LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN y >= 1 AND m BETWEEN 1 AND 12 "
            "AND d >= 1 AND d <= extract(day from make_date(y, m, 1) + interval '1 month' "
            "- interval '1 day') THEN make_date(y, m, d) END $$"
        )
    else:
        # Emptied at every commit; a caller's outer transaction may still hold rows.
        for name in TABLES:
            cur.execute(f"DELETE FROM {name}")  # noqa: S608 -- a name of TABLES
    refs = [["account", code, name] for code, name in chart.accounts().items()]
    refs += [["kegiatan", code, ""] for code in kegiatan_by_code()]
    refs += [["source", code, ""] for code in chart.FundSource.values]
    _copy_rows(cur, "sk_ref", refs)
    cur.execute("ANALYZE sk_ref")


def _stage(cur: Cursor[Any], archive: zipfile.ZipFile, parsed: Parsed) -> dict[str, Any]:
    """COPY the tables' cells; return the Ref_Desa names and the detail tables' names."""
    tables = _tables(archive)
    desa_names = {
        r.get("kd_desa", ""): r.get("nama_desa", "")
        for r in _rows(archive, tables["ref_desa.csv"], parsed)
    }

    def rab_rows() -> Iterator[list[str]]:
        for i, row in enumerate(_rows(archive, tables["ta_rabrinci.csv"], parsed), start=2):
            after = row.get("anggaranstlhpak", "")
            amount = after if after not in ("", "0", "0.00", "0,00") else row.get("anggaran", "")
            yield [
                str(i),
                row.get("tahun", ""),
                row.get("kd_desa", ""),
                row.get("kd_keg", ""),
                row.get("kd_rincian", ""),
                row.get("sumberdana", ""),
                row.get("uraian", ""),
                amount,
            ]

    _copy_rows(cur, "sk_rab", rab_rows())
    detail_names: dict[int, str] = {}
    for tbl, (head, detail, number, date_col, source_col) in enumerate(PAIRS, start=1):
        if head not in tables or detail not in tables:
            continue
        parsed.has_realisation = True
        _copy_rows(
            cur,
            "sk_head",
            (
                [str(tbl), str(i), r.get(number, ""), r.get(date_col, "")]
                for i, r in enumerate(_rows(archive, tables[head], parsed))
            ),
        )
        detail_names[tbl] = tables[detail].filename.rsplit("/", 1)[-1][:-4]
        _copy_rows(
            cur,
            "sk_det",
            (
                [
                    str(tbl),
                    str(i),
                    r.get(number, ""),
                    r.get("kd_desa", ""),
                    r.get("kd_keg", ""),
                    r.get("kd_rincian", ""),
                    r.get(source_col, ""),
                    r.get("nilai", ""),
                ]
                for i, r in enumerate(_rows(archive, tables[detail], parsed), start=2)
            ),
        )
    for table in ("sk_rab", "sk_head", "sk_det"):
        cur.execute(f"ANALYZE {table}")
    return {"desa_names": desa_names, "detail_names": detail_names}


# The line key of each distinct (kd_desa, kd_keg, kd_rincian, fund source) spelling, or NULL
# where SQL is not sure (the row is re-read by Python), as ``siskeudes._key`` caches it.
KEYS_SQL = """
    INSERT INTO sk_keys SELECT s.kd_desa, s.kd_keg, s.kd_rincian, s.src,
        CASE WHEN ac.code IS NOT NULL THEN c.code END AS account,
        CASE WHEN ac.code IS NULL THEN NULL WHEN left(c.code, 1) <> '5' THEN '' ELSE kg.code
        END AS kegiatan,
        src.code AS source
    FROM (SELECT kd_desa, kd_keg, kd_rincian, src FROM sk_rab
          UNION SELECT kd_desa, kd_keg, kd_rincian, src FROM sk_det) s
    CROSS JOIN LATERAL (SELECT replace(rtrim(s.kd_rincian, '.'), ' ', '') AS code) c
    CROSS JOIN LATERAL (
        SELECT string_to_array(btrim(CASE WHEN s.kd_desa <> '' AND
                starts_with(s.kd_keg, s.kd_desa) THEN substr(s.kd_keg, length(s.kd_desa) + 1)
                ELSE s.kd_keg END, '.'), '.') AS a) p
    CROSS JOIN LATERAL (SELECT cardinality(p.a) AS n) q
    CROSS JOIN LATERAL (
        SELECT CASE WHEN q.n >= 3 AND p.a[q.n - 2] ~ '^[0-9]{1,2}$'
            AND p.a[q.n - 1] ~ '^[0-9]{1,2}$' AND p.a[q.n] ~ '^[0-9]{1,2}$'
            THEN p.a[q.n - 2]::int || '.' || p.a[q.n - 1]::int || '.'
                || lpad(p.a[q.n]::int::text, 2, '0') END AS code) k
    LEFT JOIN sk_ref ac ON ac.kind = 'account'
        AND c.code ~ '^[456][.][0-9][.][0-9][.][0-9]{2}$' AND ac.code = left(c.code, 5)
    LEFT JOIN sk_ref kg ON kg.kind = 'kegiatan' AND kg.code = k.code
    LEFT JOIN sk_ref src ON src.kind = 'source'
        AND s.src ~ '^[A-Za-z]{3}$' AND src.code = upper(s.src)
"""

# A staged row with its line key and its amount (NULL where SQL is not sure).
KEY_SQL = """
    SELECT s.*, k.account, k.kegiatan, k.source,
        CASE WHEN s.{amount} = '' THEN 0
             WHEN s.{amount} ~ '^[0-9]{{1,14}}([.][0-9]{{0,2}}0*)?$'
              AND s.{amount} !~ '^[0-9]{{1,3}}[.][0-9]{{3}}$' THEN round(s.{amount}::numeric, 2)
        END AS amount
    FROM {table} s
    JOIN sk_keys k ON (k.kd_desa, k.kd_keg, k.kd_rincian, k.src)
        = (s.kd_desa, s.kd_keg, s.kd_rincian, s.src)
"""


# The statements below are built from constants and the models' table names, never from input.


def _type_rows(cur: Cursor[Any]) -> None:
    """Type every plainly valid row in SQL (the others stay for Python)."""
    cur.execute(KEYS_SQL)
    cur.execute("ANALYZE sk_keys")
    cur.execute(
        "INSERT INTO sk_budget SELECT line, account, kegiatan, source, amount, "  # noqa: S608
        f"left(uraian, 250) FROM ({KEY_SQL.format(table='sk_rab', amount='anggaran')}) t "
        "WHERE account IS NOT NULL AND kegiatan IS NOT NULL AND source IS NOT NULL "
        "AND amount IS NOT NULL"
    )
    cur.execute(
        "INSERT INTO sk_dates SELECT DISTINCT ON (tbl, number) tbl, number, tgl, "
        "CASE WHEN d ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN pg_temp.sk_ymd("
        "  substr(d, 1, 4)::int, substr(d, 6, 2)::int, substr(d, 9, 2)::int) "
        "WHEN d ~ '^[0-9]{2}/[0-9]{2}/[0-9]{4}$' THEN pg_temp.sk_ymd("
        "  substr(d, 7, 4)::int, substr(d, 4, 2)::int, substr(d, 1, 2)::int) END AS day "
        "FROM (SELECT *, split_part(tgl, ' ', 1) AS d FROM sk_head) h "
        "ORDER BY tbl, number, line DESC"
    )
    cur.execute("ANALYZE sk_dates")
    # Typed first, then dated: one join the planner sees the sizes of.
    cur.execute(
        "INSERT INTO sk_det_ok SELECT tbl, line, number, account, kegiatan, source, amount "  # noqa: S608
        f"FROM ({KEY_SQL.format(table='sk_det', amount='nilai')}) t "
        "WHERE account IS NOT NULL AND kegiatan IS NOT NULL AND source IS NOT NULL "
        "AND amount IS NOT NULL"
    )
    cur.execute("ANALYZE sk_det_ok")
    cur.execute(
        "INSERT INTO sk_real SELECT t.tbl, t.line, account, kegiatan, source, d.day, amount "
        "FROM sk_det_ok t JOIN sk_dates d ON d.tbl = t.tbl AND d.number = t.number "
        "WHERE d.day IS NOT NULL"
    )
    cur.execute("ANALYZE sk_budget")
    cur.execute("ANALYZE sk_real")


def _reread(cur: Cursor[Any], parsed: Parsed, staged: dict[str, Any]) -> None:
    """Read the rows SQL left with Python's own checks, in file order: messages and rescues."""
    rescued_budget: list[list[str]] = []
    rescued_real: list[list[str]] = []
    for kind, sql in (
        (
            "rab",
            "SELECT 0, line, kd_desa, kd_keg, kd_rincian, src, anggaran, uraian, NULL, true "
            "FROM sk_rab s WHERE NOT EXISTS (SELECT FROM sk_budget b WHERE b.line = s.line) "
            "ORDER BY line",
        ),
        (
            "det",
            "SELECT s.tbl, s.line, s.kd_desa, s.kd_keg, s.kd_rincian, s.src, s.nilai, s.number, "
            "d.tgl, d.number IS NOT NULL FROM sk_det s "
            "LEFT JOIN sk_dates d ON d.tbl = s.tbl AND d.number = s.number "
            "WHERE NOT EXISTS (SELECT FROM sk_real r WHERE r.tbl = s.tbl AND r.line = s.line) "
            "ORDER BY s.tbl, s.line",
        ),
    ):
        with connection.connection.cursor(name=f"sk_left_{kind}") as left:
            left.itersize = 2000
            left.execute(sql)
            for tbl, line, kd_desa, kd_keg, kd_rincian, src, amount, text, tgl, dated in left:
                row = {"kd_desa": kd_desa, "kd_keg": kd_keg, "kd_rincian": kd_rincian, "src": src}
                if kind == "rab":
                    key = _check_key(parsed, row, "Ta_RABRinci", line, "src")
                    value = _amount(parsed, amount, f"Ta_RABRinci {_('baris')} {line}")
                    if key is not None and value is not None:
                        rescued_budget.append([str(line), *key, str(value), text[:250]])
                    continue
                table = staged["detail_names"][tbl]
                where = f"{table} {_('baris')} {line}"
                key = _check_key(parsed, row, table, line, "src")
                value = _amount(parsed, amount, where)
                raw_day = tgl if dated else ""
                day = _date(raw_day) if dated else None
                if day is None:
                    parsed.error(
                        f"{where}: "
                        + _("tanggal bukti %(n)s tidak ada atau tidak sah (%(d)s).")
                        % {"n": text, "d": raw_day}
                    )
                    continue
                if key is not None and value is not None:
                    rescued_real.append([str(tbl), str(line), *key, day.isoformat(), str(value)])
    if rescued_budget:
        _copy_rows(cur, "sk_budget", rescued_budget)
    if rescued_real:
        _copy_rows(cur, "sk_real", rescued_real)


def _summary(cur: Cursor[Any], parsed: Parsed, staged: dict[str, Any]) -> None:
    """Fill *parsed* with what ``_plan`` reads: village, years, budget per key, realised keys."""
    cur.execute("SELECT DISTINCT kd_desa FROM sk_rab")
    kd_desa = sorted(r[0] for r in cur.fetchall())
    if len(kd_desa) > 1:
        raise DomainError(
            _("Berkas berisi anggaran beberapa desa (%(d)s); ekspor per desa.")
            % {"d": ", ".join(kd_desa)}
        )
    parsed.kd_desa = kd_desa[0] if kd_desa else ""
    parsed.village_name = staged["desa_names"].get(parsed.kd_desa, "")
    cur.execute(
        "SELECT tahun FROM sk_rab UNION SELECT extract(year FROM day)::int::text FROM sk_real"
    )
    parsed.years.update(r[0] for r in cur.fetchall())
    cur.execute(
        "SELECT account, kegiatan, source, sum(amount), "
        "(array_agg(uraian ORDER BY line))[1] FROM sk_budget GROUP BY 1, 2, 3 ORDER BY min(line)"
    )
    for account, kegiatan, source, amount, name in cur.fetchall():
        key: Key = (account, kegiatan, source)
        parsed.budget[key] = Decimal(amount)
        parsed.names[key] = name
    cur.execute("SELECT DISTINCT account, kegiatan, source FROM sk_real")
    parsed.realised_keys = {(a, k, s) for a, k, s in cur.fetchall()}


def _write_budget(cur: Cursor[Any], job: SiskeudesImport) -> int:
    apbdes = (
        Apbdes.objects.select_for_update()
        .filter(village=job.village, year=job.year)
        .order_by("-version")
        .first()
    )
    if apbdes is None:
        apbdes = Apbdes.objects.create(village=job.village, year=job.year)
    elif apbdes.status not in (Status.DRAFT, Status.REVISE):
        raise DomainError(_("APBDes ini tidak dapat diganti lewat impor."))
    apbdes.lines.all().delete()
    links = rkpdes_links(job.village_id, job.year)
    cur.execute(
        f"INSERT INTO {ApbdesLine._meta.db_table} (apbdes_id, account_code, kegiatan_code, "  # noqa: S608
        "fund_source, description, amount, focus, stunting, rkpdes_activity_id, created_at, "
        "updated_at) "
        "SELECT %s, b.account, b.kegiatan, b.source, "
        "coalesce(nullif(b.uraian, ''), nullif(o.name, ''), j.name, ''), b.amount, '', false, "
        "l.activity, now(), now() "
        "FROM (SELECT account, kegiatan, source, sum(amount) AS amount, min(line) AS first, "
        "  (array_agg(uraian ORDER BY line))[1] AS uraian FROM sk_budget GROUP BY 1, 2, 3) b "
        "LEFT JOIN sk_ref o ON o.kind = 'account' AND o.code = b.account "
        "LEFT JOIN sk_ref j ON j.kind = 'account' AND j.code = left(b.account, 5) "
        "LEFT JOIN unnest(%s::text[], %s::bigint[]) AS l(kegiatan, activity) "
        "  ON l.kegiatan = b.kegiatan "
        "ORDER BY b.first",
        [apbdes.pk, list(links), [a.pk for a in links.values()]],
    )
    return cur.rowcount


def _write_realisation(cur: Cursor[Any], current: Apbdes) -> int:
    Apbdes.objects.select_for_update().get(pk=current.pk)
    lines, realisations = ApbdesLine._meta.db_table, Realisation._meta.db_table
    cur.execute(
        f"DELETE FROM {realisations} WHERE line_id IN "  # noqa: S608
        f"(SELECT id FROM {lines} WHERE apbdes_id = %s)",
        [current.pk],
    )
    cur.execute(
        "INSERT INTO sk_month SELECT account, kegiatan, source, "
        "extract(month FROM day)::int AS month, sum(amount) AS amount FROM sk_real "
        "GROUP BY 1, 2, 3, 4"
    )
    cur.execute(
        f"INSERT INTO {realisations} (line_id, month, amount, created_at, updated_at) "  # noqa: S608
        "SELECT l.id, m.month, m.amount, now(), now() FROM sk_month m "
        "JOIN (SELECT account_code, kegiatan_code, fund_source, min(id) AS id "
        f"      FROM {lines} WHERE apbdes_id = %s GROUP BY 1, 2, 3) l "
        "  ON (l.account_code, l.kegiatan_code, l.fund_source) = "
        "     (m.account, m.kegiatan, m.source) "
        # In line order: one APBDes's rows share few pages, which the public page reads.
        "WHERE m.amount <> 0 ORDER BY l.id, m.month",
        [current.pk],
    )
    cur.execute("SELECT count(*) FROM sk_month")
    row = cur.fetchone()
    return int(row[0]) if row else 0


def stage_and_plan(
    cur: Cursor[Any], job: SiskeudesImport, content: bytes, clock: Clock
) -> tuple[list[str], Apbdes | None, Parsed]:
    """Stage *content*, check it; return ``_plan``'s refusals, the version in force, the sums."""
    parsed = Parsed()
    with open_archive(content) as archive:
        with clock.step("stage"):
            _create_tables(cur)
            staged = _stage(cur, archive, parsed)
        with clock.step("check"):
            _type_rows(cur)
            _reread(cur, parsed, staged)
            _summary(cur, parsed, staged)
            errors, current, _lines = _plan(job, parsed)
    return errors, current, parsed


def commit_pg(
    job: SiskeudesImport, content: bytes, *, steps: dict[str, dict[str, float]] | None = None
) -> int:
    """Write the budget (as the draft) or the realisation, set-based; all or none."""
    clock = Clock(steps)
    with transaction.atomic(), connection.connection.cursor() as cur:
        errors, current, _parsed = stage_and_plan(cur, job, content, clock)
        if errors:
            raise DomainError(errors[0])
        with clock.step("write"):
            if current is None:
                written = _write_budget(cur, job)
            else:
                written = _write_realisation(cur, current)
            mark_changed("finance.apbdes", str(job.village_id), {dt.date(job.year, 1, 1)})
            audit.record(
                actor=job.uploaded_by,
                action="finance.siskeudes_imported",
                obj=job,
                data={
                    "written": written,
                    "mode": "budget" if current is None else "realisation",
                },
            )
    return written


def errors_pg(job: SiskeudesImport, content: bytes) -> list[str]:
    """Return the refusals the set-based path finds in *content* (nothing is written)."""
    with transaction.atomic():
        with connection.connection.cursor() as cur:
            errors, _current, _parsed = stage_and_plan(cur, job, content, Clock(None))
        transaction.set_rollback(True)
    return errors
