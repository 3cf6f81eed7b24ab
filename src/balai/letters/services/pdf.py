"""Typeset letters, posters and the maklumat with Typst (in-process, no files).

One Typst compiler per thread is kept warm; a one-page letter renders in
about a millisecond once fonts are loaded. Every user-supplied string goes
into the source as a Typst string literal (``markup.text``).
"""

from __future__ import annotations

import base64
import io
import threading
from dataclasses import dataclass

import segno
import typst
from django.utils.translation import gettext as _

from balai.core.errors import DomainError
from balai.letters.markup import text, typst_str

PAPER = {"a4": ("210mm", "297mm"), "f4": ("215mm", "330mm"), "a3": ("297mm", "420mm")}
_local = threading.local()


class RenderError(DomainError):
    code = "render_failed"


def _compiler() -> typst.Compiler:
    compiler: typst.Compiler | None = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(ignore_system_fonts=True)
        _local.compiler = compiler
    return compiler


def compile_typst(source: str, *, fmt: str = "pdf", ppi: float | None = None) -> bytes:
    """Compile Typst *source* to PDF (or PNG, first page); raise RenderError in Indonesian."""
    try:
        out = _compiler().compile(input=source.encode(), format=fmt, ppi=ppi)  # type: ignore[arg-type]
    except typst.TypstError as exc:
        raise RenderError(_("Templat tidak dapat dicetak: %(msg)s") % {"msg": exc.message}) from exc
    if isinstance(out, list):
        return out[0]
    if out is None:  # pragma: no cover -- only when writing to a file
        raise RenderError(_("Templat tidak menghasilkan dokumen."))
    return out


def qr_svg(data: str) -> str:
    """Return an SVG QR code for *data*."""
    buf = io.BytesIO()
    segno.make(data, error="m").save(buf, kind="svg", scale=4, border=0)
    return buf.getvalue().decode()


def image_svg(png: bytes) -> str:
    """Wrap a PNG in an SVG (Typst takes it from a string; no files involved)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        width, height = img.size
    data = base64.b64encode(png).decode()
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<image width="{width}" height="{height}" xlink:href="data:image/png;base64,{data}"/>'
        "</svg>"
    )


def svg_image(svg: str, width: str) -> str:
    return f'image(bytes({typst_str(svg)}), format: "svg", width: {width})'


@dataclass(frozen=True)
class Letterhead:
    kabupaten: str
    kecamatan: str
    village: str
    address: str
    logo_png: bytes | None = None


@dataclass(frozen=True)
class LetterDoc:
    """Everything the letter frame needs; *body* is Typst markup from ``markup.to_typst``."""

    head: Letterhead
    paper: str
    title: str
    number: str
    body: str
    place_date: str
    signer_title: str
    signer_name: str
    verify_url: str = ""
    verify_code: str = ""
    countersign_title: str = ""
    countersign_name: str = ""
    draft: bool = False


def page_setup(paper: str, *, margin: str = "(top: 1.5cm, bottom: 1.8cm, x: 2.2cm)") -> str:
    width, height = PAPER.get(paper, PAPER["a4"])
    return (
        f"#set page(width: {width}, height: {height}, margin: {margin})\n"
        '#set text(lang: "id", size: 11pt)\n'
        "#set par(justify: true, leading: 0.6em, spacing: 1em)\n"
    )


def letterhead(head: Letterhead) -> str:
    logo = f"#{svg_image(image_svg(head.logo_png), '2.1cm')}" if head.logo_png else ""
    lines = [
        f'#text(size: 13pt, weight: "bold")[{text(head.kabupaten.upper())}]',
        f'#text(size: 12pt, weight: "bold")[{text(head.kecamatan.upper())}]',
        f'#text(size: 15pt, weight: "bold")[{text(head.village.upper())}]',
    ]
    if head.address:
        lines.append(f"#text(size: 9pt)[{text(head.address)}]")
    return (
        "#grid(columns: (2.4cm, 1fr, 2.4cm), align: (left + horizon, center + horizon, left), "
        f"[{logo}], [{' #linebreak() '.join(lines)}], [])\n"
        "#v(-0.4em)\n#line(length: 100%, stroke: 1.6pt)\n#v(-0.9em)\n"
        "#line(length: 100%, stroke: 0.5pt)\n"
    )


def letter_source(doc: LetterDoc) -> str:
    """Return the whole Typst source of a letter."""
    src = [page_setup(doc.paper)]
    if doc.draft:
        src.append(
            '#set page(background: rotate(-40deg, text(size: 80pt, fill: luma(225))["DRAF"]))\n'
        )
    src.append(letterhead(doc.head))
    src.append(
        f'#align(center)[#text(size: 12pt, weight: "bold")[#underline[{text(doc.title)}]]'
        f" #linebreak() {text(_('Nomor: ') + doc.number)}]\n#v(0.6em)\n"
    )
    src.append(doc.body + "\n#v(1.2em)\n")
    sign = (
        f"#align(center)[{text(doc.place_date)} #linebreak() {text(doc.signer_title)}"
        f" #v(1.8cm) #strong[#underline[{text(doc.signer_name.upper())}]]]"
    )
    left = ""
    if doc.countersign_title:
        left = (
            f"#align(center)[{text(_('Mengetahui,'))} #linebreak() {text(doc.countersign_title)}"
            f" #v(1.8cm) #strong[#underline[{text(doc.countersign_name.upper() or '..........')}]]]"
        )
    src.append(f"#grid(columns: (1fr, 1fr), gutter: 1cm, [{left}], [{sign}])\n")
    if doc.verify_url:
        caption = _("Pindai untuk memeriksa keaslian surat ini atau buka %(url)s") % {
            "url": doc.verify_url
        }
        src.append(
            "#place(bottom + left, grid(columns: (2.3cm, 1fr), gutter: 0.3cm, align: horizon, "
            f"{svg_image(qr_svg(doc.verify_url), '2.3cm')}, "
            f"text(size: 7.5pt)[{text(caption)}]))\n"
        )
    return "".join(src)


def render_letter(doc: LetterDoc) -> bytes:
    """Return the PDF of *doc*."""
    return compile_typst(letter_source(doc))


def render_letter_png(doc: LetterDoc, *, ppi: float = 60) -> bytes:
    """Return a PNG of the first page of *doc* (template preview)."""
    return compile_typst(letter_source(doc), fmt="png", ppi=ppi)
