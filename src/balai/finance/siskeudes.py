"""Import a Siskeudes export (ZIP of CSV tables) for one village and year: dry run, then commit.

Siskeudes (BPKP) keeps a village's finance in an MS Access database; the
bridge villages already use (OpenSID's "Impor Siskeudes") is a ZIP of the
tables exported as CSV with a header row. See ``docs/siskeudes.md``. Tables
read (columns by header name, any case and order; others ignored):

``Ref_Desa.csv``     Kd_Kec, Kd_Desa, Nama_Desa — which village the file is for
``Ta_RABRinci.csv``  Tahun, Kd_Desa, Kd_Keg, Kd_Rincian, SumberDana, Uraian,
                     Anggaran, AnggaranStlhPAK — the budget lines
``Ta_SPP.csv``       Tahun, No_SPP, Tgl_SPP, Kd_Desa — spending orders (date)
``Ta_SPPRinci.csv``  Tahun, No_SPP, Kd_Desa, Kd_Keg, Kd_Rincian, Sumberdana, Nilai
``Ta_TBP.csv``       Tahun, No_Bukti, Tgl_Bukti, Kd_Desa — income receipts (date)
``Ta_TBPRinci.csv``  Tahun, No_Bukti, Kd_Desa, Kd_Rincian, SumberDana, Nilai

Budget lines are summed by (account, kegiatan, fund source). With no APBDes
of the year in force, the budget becomes the year's draft (created, or the
draft's lines replaced). With one in force, its lines must match the file's
budget (else: enter the amendment first) and the realisation per month
(spending by SPP date, income by TBP date) replaces the recorded one.
Refused: a file for another village (Ref_Desa name) or year (Tahun), unknown
account codes, amounts with letters, dates outside the year; nothing is
written unless every row is valid.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.errors import DomainError
from balai.finance import chart
from balai.finance.kegiatan import check_kegiatan, rkpdes_links
from balai.finance.models import Apbdes, ApbdesLine, Realisation, SiskeudesImport, Status
from balai.indicators.services import mark_changed

MAX_UPLOAD_BYTES = 30 * 1024 * 1024
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_ROWS = 500_000
ERRORS_SHOWN = 200
SOURCES = set(chart.FundSource.values)

Key = tuple[str, str, str]  # account, kegiatan, fund source


@dataclass
class Parsed:
    """What the file says, summed: budget and realisation per line key."""

    kd_desa: str = ""
    village_name: str = ""
    years: set[str] = field(default_factory=set)
    budget: dict[Key, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    names: dict[Key, str] = field(default_factory=dict)
    realised: dict[tuple[Key, int], Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    errors: list[str] = field(default_factory=list)
    known: dict[tuple[str, str, str, str], Key] = field(default_factory=dict)
    rows: int = 0
    has_realisation: bool = False
    # The keys realised (set by the PostgreSQL path, which keeps the months in SQL).
    realised_keys: set[Key] | None = None

    def error(self, message: str) -> None:
        if len(self.errors) < ERRORS_SHOWN:
            self.errors.append(message)
        elif len(self.errors) == ERRORS_SHOWN:
            self.errors.append(_("… dan masalah lain."))


def _tables(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_UNCOMPRESSED:
        raise DomainError(_("Isi ZIP terlalu besar (lebih dari 300 MB setelah dibuka)."))
    return {
        info.filename.rsplit("/", 1)[-1].lower(): info
        for info in archive.infolist()
        if info.filename.lower().endswith(".csv")
    }


def _rows(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, parsed: Parsed
) -> Iterator[dict[str, str]]:
    """Yield the rows of one CSV table as ``{lower-case header: cell}``, streamed."""
    with archive.open(info) as raw:
        head = raw.peek(4096)[:4096] if hasattr(raw, "peek") else b""
        encoding = "utf-8-sig"
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            encoding = "cp1252"
        text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        first = text.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        header = [h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter))]
        for cells in csv.reader(text, delimiter=delimiter):
            parsed.rows += 1
            if parsed.rows > MAX_ROWS:
                raise DomainError(_("Berkas berisi lebih dari 500.000 baris."))
            yield dict(zip(header, (c.strip() for c in cells), strict=False))


def _date(raw: str) -> dt.date | None:
    text = raw.strip().split(" ")[0]
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 -- a calendar date
        except ValueError:
            continue
    return None


def _name(text: str) -> str:
    return re.sub(r"^(DESA|KELURAHAN)\s+", "", re.sub(r"\s+", " ", text.strip().upper()))


def _key(parsed: Parsed, row: dict[str, str], table: str, line: int, source_col: str) -> Key | None:
    """Return the line key of *row* (codes checked once per distinct spelling), or None."""
    raw = (
        row.get("kd_rincian", ""),
        row.get("kd_keg", ""),
        row.get("kd_desa", ""),
        row.get(source_col, ""),
    )
    found = parsed.known.get(raw)
    if found is None:
        found = _check_key(parsed, row, table, line, source_col)
        if found is not None:
            parsed.known[raw] = found
    return found


def _check_key(
    parsed: Parsed, row: dict[str, str], table: str, line: int, source_col: str
) -> Key | None:
    where = f"{table} {_('baris')} {line}"
    try:
        account = chart.clean_account(row.get("kd_rincian", ""))
        amount_ok = True
    except DomainError as exc:
        parsed.error(f"{where}: {exc.message}")
        return None
    kegiatan = ""
    if account.startswith(chart.EXPENDITURE):
        keg = row.get("kd_keg", "")
        desa = row.get("kd_desa", "")
        tail = keg[len(desa) :] if desa and keg.startswith(desa) else keg
        try:
            kegiatan = check_kegiatan(
                chart.clean_kegiatan(".".join(tail.strip(".").split(".")[-3:]))
            )
        except DomainError as exc:
            parsed.error(f"{where}: {exc.message}")
            return None
    source = (row.get(source_col) or "").strip().upper()
    if source not in SOURCES:
        parsed.error(
            f"{where}: "
            + _("sumber dana %(s)s tidak dikenal (%(k)s).")
            % {"s": source or "''", "k": ", ".join(sorted(SOURCES))}
        )
        return None
    return (account, kegiatan, source) if amount_ok else None


def _amount(parsed: Parsed, raw: str, where: str) -> Decimal | None:
    try:
        return chart.parse_amount(raw)
    except DomainError as exc:
        parsed.error(f"{where}: {exc.message}")
        return None


@contextmanager
def open_archive(content: bytes) -> Iterator[zipfile.ZipFile]:
    """Open the ZIP *content*; DomainError when it is no Siskeudes export."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as exc:
        raise DomainError(_("Berkas bukan ZIP ekspor Siskeudes.")) from exc
    with archive:
        tables = _tables(archive)
        missing = [t for t in ("ref_desa.csv", "ta_rabrinci.csv") if t not in tables]
        if missing:
            raise DomainError(
                _("ZIP Siskeudes harus berisi Ref_Desa.csv dan Ta_RABRinci.csv (tidak ada: %(m)s).")
                % {"m": ", ".join(missing)}
            )
        yield archive


def read_upload(name: str, content: bytes) -> Parsed:
    """Read the ZIP *content*; DomainError when it is no Siskeudes export."""
    with open_archive(content) as archive:
        tables = _tables(archive)
        parsed = Parsed()
        desa_names = {
            r.get("kd_desa", ""): r.get("nama_desa", "")
            for r in _rows(archive, tables["ref_desa.csv"], parsed)
        }
        kd_desa: set[str] = set()
        for i, row in enumerate(_rows(archive, tables["ta_rabrinci.csv"], parsed), start=2):
            parsed.years.add(row.get("tahun", ""))
            kd_desa.add(row.get("kd_desa", ""))
            key = _key(parsed, row, "Ta_RABRinci", i, "sumberdana")
            after = row.get("anggaranstlhpak", "")
            value = _amount(
                parsed,
                after if after not in ("", "0", "0.00", "0,00") else row.get("anggaran", ""),
                f"Ta_RABRinci {_('baris')} {i}",
            )
            if key is None or value is None:
                continue
            parsed.budget[key] += value
            parsed.names.setdefault(key, row.get("uraian", "")[:250])
        if len(kd_desa) > 1:
            raise DomainError(
                _("Berkas berisi anggaran beberapa desa (%(d)s); ekspor per desa.")
                % {"d": ", ".join(sorted(kd_desa))}
            )
        parsed.kd_desa = next(iter(kd_desa), "")
        parsed.village_name = desa_names.get(parsed.kd_desa, "")
        for head, detail, number, date_col, source_col in (
            ("ta_spp.csv", "ta_spprinci.csv", "no_spp", "tgl_spp", "sumberdana"),
            ("ta_tbp.csv", "ta_tbprinci.csv", "no_bukti", "tgl_bukti", "sumberdana"),
        ):
            if head not in tables or detail not in tables:
                continue
            parsed.has_realisation = True
            dates = {
                r.get(number, ""): (_date(r.get(date_col, "")), r.get(date_col, ""))
                for r in _rows(archive, tables[head], parsed)
            }
            table = tables[detail].filename.rsplit("/", 1)[-1][:-4]
            for i, row in enumerate(_rows(archive, tables[detail], parsed), start=2):
                where = f"{table} {_('baris')} {i}"
                key = _key(parsed, row, table, i, source_col)
                value = _amount(parsed, row.get("nilai", ""), where)
                day, raw_day = dates.get(row.get(number, ""), (None, ""))
                if day is None:
                    parsed.error(
                        f"{where}: "
                        + _("tanggal bukti %(n)s tidak ada atau tidak sah (%(d)s).")
                        % {"n": row.get(number, ""), "d": raw_day}
                    )
                    continue
                if key is None or value is None:
                    continue
                parsed.years.add(str(day.year))
                parsed.realised[(key, day.month)] += value
    return parsed


def _plan(job: SiskeudesImport, parsed: Parsed) -> tuple[list[str], Apbdes | None, dict[Key, int]]:
    """Return (refusals, the version in force or None, its line per key)."""
    errors = list(parsed.errors)
    village = job.village
    if _name(parsed.village_name) != _name(village.name):
        errors.insert(
            0,
            _("Berkas Siskeudes ini untuk desa %(f)s (kode Siskeudes %(k)s), bukan %(v)s.")
            % {"f": parsed.village_name or "?", "k": parsed.kd_desa or "?", "v": village.name},
        )
    other = sorted(y for y in parsed.years if y and y != str(job.year))
    if other:
        errors.insert(
            0,
            _("Berkas berisi data tahun %(o)s, bukan tahun anggaran %(y)s.")
            % {"o": ", ".join(other), "y": job.year},
        )
    current = Apbdes.objects.filter(village=village, year=job.year, is_current=True).first()
    lines: dict[Key, int] = {}
    if current is not None:
        budget: dict[Key, Decimal] = defaultdict(Decimal)
        for line in current.lines.order_by("-pk"):
            key = (line.account_code, line.kegiatan_code, line.fund_source)
            budget[key] += line.amount
            lines[key] = line.pk
        realised = (
            {key for key, _month in parsed.realised}
            if parsed.realised_keys is None
            else parsed.realised_keys
        )
        if dict(budget) != dict(parsed.budget):
            changed = sorted(set(budget) ^ set(parsed.budget)) or sorted(
                k for k in budget if budget[k] != parsed.budget.get(k)
            )
            errors.append(
                _(
                    "Anggaran di berkas berbeda dengan APBDes yang berlaku (mis. %(k)s); "
                    "catat perubahan APBDes dulu, lalu impor realisasinya."
                )
                % {"k": " ".join(changed[0]) if changed else ""}
            )
        elif unbudgeted := sorted(realised - set(budget)):
            errors.append(
                _("Berkas berisi realisasi untuk baris yang tidak dianggarkan (mis. %(k)s).")
                % {"k": " ".join(unbudgeted[0])}
            )
    elif parsed.has_realisation and (parsed.realised or parsed.realised_keys):
        errors.append(
            _(
                "Realisasi hanya dapat diimpor bila APBDes %(y)s sudah ditetapkan; impor dulu "
                "anggarannya (tanpa Ta_SPP/Ta_TBP) sebagai rancangan."
            )
            % {"y": job.year}
        )
    else:
        editable = (
            Apbdes.objects.filter(village=village, year=job.year).order_by("-version").first()
        )
        if editable is not None and not editable.is_editable:
            errors.append(
                _("APBDes %(y)s berstatus %(s)s: anggarannya tidak dapat diganti lewat impor.")
                % {"y": job.year, "s": editable.get_status_display()}
            )
    return errors, current, lines


def check_job(job: SiskeudesImport, parsed: Parsed) -> dict[str, Any]:
    """Return the dry-run report stored on the job."""
    errors, current, _lines = _plan(job, parsed)
    budget = sum(parsed.budget.values(), Decimal(0))
    realised = sum(parsed.realised.values(), Decimal(0))
    return {
        "ok": not errors,
        "errors": errors,
        "village_name": parsed.village_name,
        "kd_desa": parsed.kd_desa,
        "lines": len(parsed.budget),
        "budget": str(budget),
        "realisation_rows": len(parsed.realised),
        "realised": str(realised),
        "mode": "realisation" if current is not None else "budget",
        "rows": parsed.rows,
    }


def commit_job(job: SiskeudesImport, parsed: Parsed) -> int:
    """Write the budget (as the draft) or the realisation (of the version in force); all or none."""
    with transaction.atomic():
        errors, current, lines = _plan(job, parsed)
        if errors:
            raise DomainError(errors[0])
        if current is None:
            written = _write_budget(job, parsed)
        else:
            Apbdes.objects.select_for_update().get(pk=current.pk)
            Realisation.objects.filter(line__apbdes=current).delete()
            Realisation.objects.bulk_create(
                (
                    Realisation(line_id=lines[key], month=month, amount=value)
                    for (key, month), value in parsed.realised.items()
                    if value
                ),
                batch_size=2000,
            )
            written = len(parsed.realised)
        mark_changed("finance.apbdes", str(job.village_id), {dt.date(job.year, 1, 1)})
        audit.record(
            actor=job.uploaded_by,
            action="finance.siskeudes_imported",
            obj=job,
            data={"written": written, "mode": "budget" if current is None else "realisation"},
        )
    return written


def _write_budget(job: SiskeudesImport, parsed: Parsed) -> int:
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
    ApbdesLine.objects.bulk_create(
        (
            ApbdesLine(
                apbdes=apbdes,
                account_code=key[0],
                kegiatan_code=key[1],
                fund_source=key[2],
                description=parsed.names.get(key) or chart.account_name(key[0]),
                amount=value,
                rkpdes_activity=links.get(key[1]),
            )
            for key, value in parsed.budget.items()
        ),
        batch_size=2000,
    )
    return len(parsed.budget)
