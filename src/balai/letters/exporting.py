"""The letters' registers as rows: the page, print, XLSX and CSV share one layout.

Files go through ``core.exports`` (one formula guard); each download of names
is audited (``letters.register_exported``, ``letters.requests_exported``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from balai.core import audit, exports
from balai.core.exports import CsvWriter, XlsxWriter
from balai.letters import catalogue
from balai.letters.models import IssuedDocument, LetterRequest

__all__ = ["MONTHS", "register_download", "register_header", "register_row", "requests_download"]


def _type_name(code: str) -> str:
    letter = catalogue.letter_type(code)
    return str(letter.name) if letter else code


def register_header() -> list[str]:
    return [
        _("Nomor surat"),
        _("Tanggal"),
        _("Jenis surat"),
        _("Perihal"),
        _("Nama yang bersangkutan"),
        _("Penanda tangan"),
        _("Status"),
        _("Keterangan"),
    ]


def register_row(doc: IssuedDocument) -> list[Any]:
    """One line of the buku agenda surat keluar."""
    signer = " ".join(p for p in (doc.signer_title, doc.signer_name) if p)
    if doc.voided_at:
        status = _("DIBATALKAN")
    elif doc.countersigned_at:
        status = _("Ditandatangani dan diketahui camat")
    else:
        status = _("Ditandatangani")
    return [
        doc.number,
        timezone.localtime(doc.issued_at).date(),
        _type_name(doc.letter_type),
        doc.title,
        doc.subject_name,
        signer,
        status,
        doc.void_reason,
    ]


def _download(
    *,
    actor: Any,
    name: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    fmt: str,
    action: str,
    data: dict[str, Any],
    model: type[Any],
) -> HttpResponseBase:
    count = 0

    def counted() -> Iterable[Sequence[Any]]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    def build_xlsx(book: XlsxWriter) -> None:
        sheet = book.sheet(name)
        sheet.append(list(header), bold=True)
        for row in counted():
            sheet.append(row)

    def build_csv(writer: CsvWriter) -> None:
        writer.writerow(header)
        writer.writerows(counted())

    filename = f"{name.lower().replace(' ', '-')}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        response = exports.csv_download(build_csv, filename)
    else:
        response = exports.xlsx_download(build_xlsx, filename)
    audit.record(
        actor=actor,
        action=action,
        obj=model,
        data={**data, "format": fmt, "rows": count},
        kind=audit.ACCESS,
    )
    return response


def register_download(
    *, actor: Any, rows: QuerySet[IssuedDocument], fmt: str, year: int, month: int | None
) -> HttpResponseBase:
    """Send the register (already scoped and filtered) as XLSX or CSV."""
    return _download(
        actor=actor,
        name=_("Buku agenda surat keluar"),
        header=register_header(),
        rows=(register_row(d) for d in rows.iterator(chunk_size=2000)),
        fmt=fmt,
        action="letters.register_exported",
        data={"year": year, "month": month},
        model=IssuedDocument,
    )


def requests_header() -> list[str]:
    return [
        _("No. permohonan"),
        _("Diterima"),
        _("Jenis surat"),
        _("Nama yang bersangkutan"),
        _("Keperluan"),
        _("Jalur"),
        _("Status"),
        _("Batas waktu"),
        _("Selesai"),
        _("Nomor surat"),
        _("Kode wilayah"),
    ]


def requests_download(
    *, actor: Any, rows: QuerySet[LetterRequest], fmt: str, filters: dict[str, Any]
) -> HttpResponseBase:
    """Send the request list (already scoped and filtered) as XLSX or CSV."""

    def lines() -> Iterable[list[Any]]:
        for r in rows.iterator(chunk_size=2000):
            issued = getattr(r, "issued", None)
            yield [
                r.pk,
                r.received_at,
                _type_name(r.letter_type),
                r.subject.name if r.subject else "",
                r.purpose,
                r.get_channel_display(),
                r.get_status_display(),
                r.due_at,
                r.completed_at,
                issued.number if issued else "",
                r.area_id,
            ]

    return _download(
        actor=actor,
        name=_("Daftar permohonan surat"),
        header=requests_header(),
        rows=lines(),
        fmt=fmt,
        action="letters.requests_exported",
        data={"filters": filters},
        model=LetterRequest,
    )
