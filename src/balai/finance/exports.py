"""The public APBDes as an A3 infographic poster (Typst PDF) and as open data (XLSX)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from balai.core.exports import XlsxWriter
from balai.finance.selectors import Row, Summary
from balai.letters.markup import typst_str
from balai.letters.services.pdf import compile_typst

COLOURS = ("#2e7d32", "#1565c0", "#ef6c00", "#6a1b9a", "#c62828", "#00838f", "#5d4037")


def rupiah(value: Decimal | int) -> str:
    """Return *value* as ``Rp1.250.000``."""
    return "Rp" + f"{Decimal(value):,.0f}".replace(",", ".")


def _bars(rows: list[Row], title: str) -> str:
    top = max((r.budget for r in rows), default=Decimal(0)) or Decimal(1)
    parts = [f'#text(size: 20pt, weight: "bold", {typst_str(title)})', "#v(0.3em)"]
    for i, row in enumerate(rows):
        width = max(float(row.budget / top) * 100, 0.5)
        done = 0.0 if not row.budget else min(float(row.realised / row.budget), 1.0)
        colour = COLOURS[i % len(COLOURS)]
        rate = "" if row.rate is None else f" · {_('realisasi')} {row.rate:.1f}%"
        parts.append(
            f"#text(size: 14pt, {typst_str(f'{row.code} {row.name}')})\\\n"
            f'#box(width: {width:.2f}%, height: 18pt, fill: rgb("{colour}").lighten(60%))['
            f'#box(width: {done * 100:.2f}%, height: 18pt, fill: rgb("{colour}"))]\\\n'
            f"#text(size: 13pt, {typst_str(rupiah(row.budget) + rate)})\n#v(0.3em)"
        )
    return "\n".join(parts)


def poster_pdf(data: Summary, village: str, kecamatan: str) -> bytes:
    """Return the A3 portrait infographic of a village's APBDes in force."""
    apbdes = data.apbdes
    t, r = data.totals, data.realised
    title = _("APBDes %(y)s Desa %(v)s") % {"y": apbdes.year, "v": village}
    perdes = _("Perdes No. %(n)s") % {"n": apbdes.perdes_number} if apbdes.perdes_number else ""
    boxes = [
        (_("Pendapatan"), t.income, r.income),
        (_("Belanja"), t.expenditure, r.expenditure),
        (_("Pembiayaan neto"), t.net_financing, r.net_financing),
    ]
    subtitle = " · ".join(x for x in (f"{_('Kecamatan')} {kecamatan}", perdes) if x)
    source = _(
        "Sumber: APBDes yang berlaku dan realisasinya, dicatat di Balai. Batang gelap = realisasi."
    )
    cells = ",\n".join(
        f'box(fill: rgb("#eeeeee"), inset: 12pt, radius: 6pt, width: 100%)['
        f'#text(size: 16pt, {typst_str(label)})\\ #text(size: 24pt, weight: "bold", '
        f"{typst_str(rupiah(budget))})\\ #text(size: 12pt, "
        f"{typst_str(_('realisasi') + ' ' + rupiah(real))})]"
        for label, budget, real in boxes
    )
    src = (
        '#set page(paper: "a3", margin: 2cm)\n'
        '#set text(lang: "id", size: 12pt)\n'
        f'#text(size: 34pt, weight: "bold", {typst_str(title)})\\\n'
        f"#text(size: 16pt, {typst_str(subtitle)})\n"
        "#v(1em)\n"
        f"#grid(columns: (1fr, 1fr, 1fr), gutter: 10pt, {cells})\n"
        "#v(1.2em)\n"
        + _bars(data.income_by_source, _("Pendapatan menurut sumber"))
        + "\n#v(1em)\n"
        + _bars(data.spending_by_bidang, _("Belanja menurut bidang"))
        + "\n#v(1fr)\n"
        + f"#text(size: 10pt, {typst_str(source)})\n"
    )
    return compile_typst(src)


def open_data_xlsx(book: XlsxWriter, data: Summary, lines: list[dict[str, object]]) -> None:
    """Write the APBDes in force line by line with budget and realisation (open data)."""
    sheet = book.sheet(_("APBDes"))
    sheet.append(
        [
            "kode_desa",
            "tahun",
            "versi",
            "kode_rekening",
            "nama_rekening",
            "kode_kegiatan",
            "sumber_dana",
            "uraian",
            "anggaran",
            "realisasi",
        ],
        bold=True,
    )
    a = data.apbdes
    for line in lines:
        sheet.append(
            [
                a.village_id,
                a.year,
                a.version,
                line["account_code"],
                line["account_name"],
                line["kegiatan_code"],
                line["fund_source"],
                line["description"],
                line["amount"],
                line["realised"],
            ]
        )
