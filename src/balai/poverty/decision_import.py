"""Dinsos' verification results for a musdes round, as a job the worker checks and applies.

The sheet (CSV/XLSX) has ``nik``, ``status`` (``diterima``/``ditolak``) and,
where needed, ``program`` (the programme code, when one NIK has several
proposals) and ``alasan`` (required for a rejection). The worker's check
lists every row that names no proposal, names several, or lacks a status or a
rejection's reason; the commit applies all rows or none
(``services.proposal_decisions_apply``) and closes the round once every
proposal is decided.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from balai.core.errors import DomainError
from balai.poverty import services, sheets
from balai.poverty.models import DecisionImport

MAX_ROWS = 5000
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
ROWS_SHOWN = 200

Rows = list[tuple[int, str, str, str, str]]


def read_upload(name: str, content: bytes) -> Rows:
    """Read the sheet into (line, nik, programme code, status, reason); DomainError if unusable."""
    table = sheets.table(name, content)
    first = next(table, None)
    if first is None:
        raise DomainError(_("Berkas kosong."))
    header = [sheets.header_key(c) for c in first[1]]
    if "nik" not in header or "status" not in header:
        raise DomainError(_("Header harus memuat nik dan status (program dan alasan boleh)."))

    def get(cells: list[Any], key: str) -> str:
        i = header.index(key) if key in header else None
        return sheets.cell(cells[i]) if i is not None and i < len(cells) else ""

    rows: Rows = []
    for line, cells in table:
        rows.append(
            (
                line,
                get(cells, "nik"),
                get(cells, "program"),
                get(cells, "status"),
                get(cells, "alasan"),
            )
        )
        if len(rows) > MAX_ROWS:
            raise DomainError(_("Paling banyak %(n)d baris.") % {"n": MAX_ROWS})
    return rows


def check_job(job: DecisionImport, rows: Rows) -> dict[str, Any]:
    """Dry run: how many proposals the sheet decides, and every row refused (JSON)."""
    decided, errors = services.proposal_decisions_check(item=job.round, rows=rows)
    return {
        "ok": bool(decided) and not errors,
        "count": len(rows),
        "decided": len(decided),
        "accepted": sum(1 for _p, status, _r in decided if status == "accepted"),
        "rejected": sum(1 for _p, status, _r in decided if status == "rejected"),
        "errors": len(errors),
        "error_rows": errors[:ROWS_SHOWN],
    }


def commit_job(job: DecisionImport, rows: Rows) -> int:
    """Apply the decisions in one transaction; return how many."""
    return services.proposal_decisions_apply(actor=job.uploaded_by, item=job.round, rows=rows)
