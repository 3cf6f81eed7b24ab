"""Printable and spreadsheet outputs: the musdes berita acara (Typst), by-name lists, the quarterly report.

Every string enters the Typst source as a string literal (``typst_str``);
every sheet goes through ``core.exports`` (formula guard).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from balai.core.exports import XlsxWriter
from balai.letters.markup import typst_str
from balai.letters.services.pdf import compile_typst
from balai.poverty.models import Proposal, ProposalKind, VerificationRound

# Column layout of the by-name list (BNBA) Dinsos asks for with a musdes
# berita acara: one row per proposal, identity first, then the proposal.
BNBA_HEADER = (
    "no",
    "nik",
    "no_kk",
    "nama",
    "jenis_kelamin",
    "tanggal_lahir",
    "alamat",
    "rt_rw",
    "jenis_usulan",
    "program",
    "alasan",
    "bukti",
    "status",
    "alasan_keputusan",
)


def _bnba_row(n: int, p: Proposal) -> list[Any]:
    person = p.resident
    return [
        n,
        person.nik,
        person.family.no_kk if person.family_id and person.family else "",
        person.name,
        person.get_sex_display(),
        person.birth_date.isoformat() if person.birth_date else "",
        person.family.address if person.family_id and person.family else "",
        str(person.area_id)[14:],
        p.get_kind_display(),
        p.programme.name if p.programme else "DTSEN",
        p.reason,
        p.evidence,
        p.get_status_display(),
        p.decision_reason,
    ]


def round_xlsx(book: XlsxWriter, item: VerificationRound, proposals: Iterable[Proposal]) -> None:
    """Write the round's by-name list (BNBA) and a sheet with the berita acara fields."""
    sheet = book.sheet(_("Daftar usulan"))
    sheet.append(list(BNBA_HEADER), bold=True)
    for n, proposal in enumerate(proposals, 1):
        sheet.append(_bnba_row(n, proposal))
    info = book.sheet(_("Berita acara"), widths={1: 22, 2: 60})
    for label, value in (
        (_("Desa"), f"{item.area.name} ({item.area_id})"),
        (_("Judul"), item.title),
        (_("Tanggal musdes"), item.meeting_date.isoformat()),
        (_("Tempat"), item.place),
        (_("Pimpinan"), item.chair),
        (_("Jumlah peserta"), item.attendees),
        (_("Catatan"), item.notes),
    ):
        info.append([str(label), value])


def round_pdf(item: VerificationRound, proposals: list[Proposal]) -> bytes:
    """Return the berita acara of the musdes with the by-name list attached (A4 PDF)."""
    counts = {k: sum(1 for p in proposals if p.kind == k) for k in ProposalKind.values}
    labels = dict(ProposalKind.choices)
    summary = ", ".join(f"{labels[k]}: {n}" for k, n in counts.items())
    body = _(
        "Pada tanggal %(d)s bertempat di %(p)s telah dilaksanakan musyawarah desa %(v)s, dipimpin "
        "oleh %(c)s dan dihadiri %(a)d orang peserta, untuk membahas usulan perubahan data "
        "kesejahteraan dan penerima bantuan sosial. Musyawarah menyepakati %(n)d usulan (%(s)s) "
        "sebagaimana tercantum dalam daftar terlampir, untuk diverifikasi dan divalidasi oleh "
        "Dinas Sosial."
    ) % {
        "d": item.meeting_date.strftime("%d-%m-%Y"),
        "p": item.place or "-",
        "v": item.area.name,
        "c": item.chair or "-",
        "a": item.attendees,
        "n": len(proposals),
        "s": summary,
    }
    head = [_("No"), _("NIK"), _("Nama"), _("Usulan"), _("Program"), _("Alasan")]
    cells = [
        "table.header("
        + ", ".join(f'text(weight: "bold", {typst_str(str(h))})' for h in head)
        + ")"
    ]
    for n, p in enumerate(proposals, 1):
        cells += [
            typst_str(str(n)),
            typst_str(p.resident.nik),
            typst_str(p.resident.name),
            typst_str(p.get_kind_display()),
            typst_str(p.programme.name if p.programme else "DTSEN"),
            typst_str(p.reason),
        ]
    src = (
        '#set page(paper: "a4", margin: (x: 2cm, y: 1.8cm))\n'
        '#set text(lang: "id", size: 10pt)\n'
        f'#align(center, text(size: 13pt, weight: "bold", {typst_str(_("BERITA ACARA MUSYAWARAH DESA"))}))\n'
        f"#align(center, text({typst_str(item.title)}))\n"
        "#v(1em)\n"
        f"#par(justify: true, {typst_str(body)})\n"
        "#v(0.5em)\n"
        + (f"#par({typst_str(_('Catatan: ') + item.notes)})\n" if item.notes else "")
        + "#v(1em)\n"
        "#grid(columns: (1fr, 1fr), gutter: 1em,\n"
        f"  align(center, [{_esc(_('Pimpinan musyawarah'))} #v(3em) {_esc(item.chair or '....................')}]),\n"
        f"  align(center, [{_esc(_('Notulis'))} #v(3em) ....................]),\n"
        ")\n"
        "#pagebreak()\n"
        f'#text(weight: "bold", {typst_str(_("Lampiran: daftar usulan (by name by address)"))})\n'
        "#table(columns: (auto, auto, 1fr, auto, auto, 1.4fr), inset: 3pt, stroke: 0.4pt,\n"
        + ",\n".join(cells)
        + ")\n"
    )
    return compile_typst(src)


def _esc(text: str) -> str:
    return f"#{typst_str(text)}"


def quarterly_xlsx(book: XlsxWriter, rows: list[dict[str, Any]], *, title: str) -> None:
    """Write the quarterly extreme-poverty report: one row per village, then the totals."""
    sheet = book.sheet(_("Laporan triwulan"))
    sheet.append([title], bold=True)
    header = [
        "kode_desa",
        "desa",
        "keluarga_desil_ekstrem",
        "kasus_didampingi",
        "kasus_baru_triwulan",
        "kasus_diasesmen",
        "kasus_dengan_intervensi",
        "graduasi_triwulan",
    ]
    sheet.append(header, bold=True)
    keys = ("pool", "open", "opened", "assessed", "helped", "graduated")
    for row in rows:
        sheet.append([row["area"].code, row["area"].name, *(row[k] for k in keys)])
    sheet.append(["", _("Jumlah"), *(sum(r[k] for r in rows) for k in keys)], bold=True)


QUARTERLY_KEYS = ("pool", "open", "opened", "assessed", "helped", "graduated")


def quarterly_typst(rows: list[dict[str, Any]], *, title: str, area_name: str) -> str:
    """Return the Typst source of the quarterly report (every string a Typst literal)."""
    head = [
        _("Kode"),
        _("Desa/kelurahan"),
        _("Keluarga desil ekstrem"),
        _("Kasus didampingi"),
        _("Kasus baru"),
        _("Diasesmen"),
        _("Dengan intervensi"),
        _("Graduasi"),
    ]
    cells = [
        "table.header("
        + ", ".join(f'text(weight: "bold", {typst_str(str(h))})' for h in head)
        + ")"
    ]
    for row in rows:
        cells += [typst_str(row["area"].code), typst_str(row["area"].name)]
        cells += [typst_str(str(row[k])) for k in QUARTERLY_KEYS]
    totals = [sum(r[k] for r in rows) for k in QUARTERLY_KEYS]
    cells += ['""', f'text(weight: "bold", {typst_str(str(_("Jumlah")))})']
    cells += [f'text(weight: "bold", {typst_str(str(n))})' for n in totals]
    note = _(
        "Keluarga desil ekstrem: keluarga dalam data kesejahteraan yang berlaku saat laporan "
        "dibuat. Kasus dihitung menurut tanggalnya dalam triwulan. Laporan disampaikan setiap "
        "tiga bulan (Inpres 4/2022)."
    )
    return (
        '#set page(paper: "a4", flipped: true, margin: (x: 1.5cm, y: 1.5cm))\n'
        '#set text(lang: "id", size: 9pt)\n'
        f'#align(center, text(size: 12pt, weight: "bold", {typst_str(title)}))\n'
        "#v(0.8em)\n"
        "#table(columns: (auto, 1fr, auto, auto, auto, auto, auto, auto), inset: 3pt,"
        " stroke: 0.4pt, align: (left, left, right, right, right, right, right, right),\n"
        + ",\n".join(cells)
        + ")\n"
        "#v(0.5em)\n"
        f"#par(justify: true, text(size: 8pt, {typst_str(note)}))\n"
        "#v(1.5em)\n"
        f"#align(right, [{_esc(area_name)} #v(3em) ....................])\n"
    )


def quarterly_pdf(rows: list[dict[str, Any]], *, title: str, area_name: str) -> bytes:
    """Return the quarterly extreme-poverty report the kabupaten sends (A4 landscape PDF)."""
    return compile_typst(quarterly_typst(rows, title=title, area_name=area_name))
