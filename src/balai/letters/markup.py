"""The letter markup operators write, and its safe translation to Typst.

Every piece of text (what the operator typed and every placeholder value)
becomes a Typst *string literal*, so nothing a user types is ever read as
Typst code. Markup:

* a blank line separates paragraphs; ``# text`` is a centred bold line;
* ``**tebal**`` and ``*miring*`` inside a line;
* ``- butir`` and ``1. butir`` make lists; ``| Label | isi`` rows make an
  aligned "Label : isi" table;
* ``[token]`` is a placeholder; its capitalisation picks the case of the
  value (OpenSID's convention, see ``apply_case``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from balai.core.errors import DomainError

TOKEN_RE = re.compile(r"\[([A-Za-z][A-Za-z0-9_]*)\]")
INLINE_RE = re.compile(r"(\*\*|\*|\[[A-Za-z][A-Za-z0-9_]*\])")
ORDERED_RE = re.compile(r"^\d+[.)]\s+")
MAX_BODY = 20_000

# Short words kept upper case in Title Case.
ABBREVIATIONS = frozenset(
    {
        "RT",
        "RW",
        "KK",
        "NIK",
        "KTP",
        "KTP-EL",
        "SKCK",
        "WNI",
        "WNA",
        "SD",
        "SMP",
        "SMA",
        "SMK",
        "PNS",
        "TNI",
        "POLRI",
        "BPJS",
        "PT",
        "CV",
        "UD",
        "II",
        "III",
        "IV",
    }
)


class MarkupError(DomainError):
    code = "template_invalid"


def typst_str(text: str) -> str:
    """Return *text* as a Typst string literal (escaped, so never read as code)."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\r", "")
        .replace("\n", "\\n")
        .replace("\t", " ")
    )
    return f'"{escaped}"'


def text(value: str) -> str:
    """Return Typst markup that shows *value* literally."""
    return f"#{typst_str(value)}" if value else ""


def title_case(value: str) -> str:
    words = []
    for word in value.split(" "):
        if word.upper() in ABBREVIATIONS:
            words.append(word.upper())
        else:
            words.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(words)


def apply_case(token: str, value: str) -> str:
    """Return *value* cased as the placeholder *token* is written (OpenSID's convention).

    ``nama`` → lower case; ``Nama`` → Title Case; ``NAma`` (two capitals first)
    → UPPER CASE; ``NamA`` (first and last capital) → as stored; any other
    capitalised form → Sentence case.
    """
    if token.islower() or not token[0].isupper():
        return value.lower()
    if len(token) > 1 and token[1].isupper():
        return value.upper()
    if len(token) > 1 and token[-1].isupper():
        return value
    rest = token[1:]
    if rest == rest.lower():
        return title_case(value)
    return value[:1].upper() + value[1:].lower()


@dataclass(frozen=True)
class Block:
    kind: str  # par, heading, list, enum, rows
    lines: tuple[str, ...]
    line_no: int


def parse(body: str) -> list[Block]:
    """Split *body* into blocks; raise MarkupError on broken markup."""
    if len(body) > MAX_BODY:
        raise MarkupError(
            _("Isi templat terlalu panjang (maks. %(n)s karakter).") % {"n": MAX_BODY}
        )
    blocks: list[Block] = []
    current: list[str] = []
    kind = ""
    start = 0

    def flush() -> None:
        nonlocal current, kind
        if current:
            blocks.append(Block(kind, tuple(current), start))
        current, kind = [], ""

    for no, raw in enumerate(body.replace("\r\n", "\n").split("\n"), start=1):
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("# "):
            line_kind = "heading"
        elif line.startswith("- "):
            line_kind = "list"
        elif ORDERED_RE.match(line):
            line_kind = "enum"
        elif line.startswith("|"):
            line_kind = "rows"
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) != 2 or not cells[0]:
                raise MarkupError(
                    _('Baris %(no)s: baris tabel harus berbentuk "| Label | isi".') % {"no": no}
                )
        else:
            line_kind = "par"
        check_inline(line, no)
        if kind and (line_kind != kind or kind == "heading"):
            flush()
        if not kind:
            kind, start = line_kind, no
        current.append(line)
    flush()
    return blocks


def check_inline(line: str, no: int) -> None:
    """Raise MarkupError if a ``**`` or ``*`` in *line* is not closed."""
    open_marks: list[str] = []
    for part in INLINE_RE.split(line):
        if part in ("**", "*"):
            if open_marks and open_marks[-1] == part:
                open_marks.pop()
            elif part in open_marks:
                raise MarkupError(_("Baris %(no)s: tanda tebal/miring bersilangan.") % {"no": no})
            else:
                open_marks.append(part)
    if open_marks:
        mark = _("tebal (**)") if open_marks[-1] == "**" else _("miring (*)")
        raise MarkupError(
            _("Baris %(no)s: tanda %(mark)s dibuka tetapi tidak ditutup.")
            % {"no": no, "mark": mark}
        )


def tokens(body: str) -> list[str]:
    """Return the placeholder tokens in *body*, as written, in order."""
    return TOKEN_RE.findall(body)


Resolver = Callable[[str], str]


def inline(line: str, resolve: Resolver) -> str:
    """Translate one line of text to Typst markup; *resolve* gives a token's markup."""
    out: list[str] = []
    stack: list[list[str]] = [out]
    marks: list[str] = []
    for part in INLINE_RE.split(line):
        if not part:
            continue
        if part in ("**", "*"):
            if marks and marks[-1] == part:
                inner = "".join(stack.pop())
                marks.pop()
                fn = "strong" if part == "**" else "emph"
                stack[-1].append(f"#{fn}[{inner}]")
            else:
                marks.append(part)
                stack.append([])
        elif TOKEN_RE.fullmatch(part):
            stack[-1].append(resolve(part[1:-1]))
        else:
            stack[-1].append(text(part))
    return "".join(out)


def to_typst(blocks: list[Block], resolve: Resolver) -> str:
    """Return the Typst markup of *blocks*."""
    parts: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            parts.append(f"#align(center)[#strong[{inline(block.lines[0][2:], resolve)}]]")
        elif block.kind in ("list", "enum"):
            items = []
            for line in block.lines:
                content = line[2:] if block.kind == "list" else ORDERED_RE.sub("", line, count=1)
                items.append(f"[{inline(content, resolve)}]")
            fn = "list" if block.kind == "list" else "enum"
            parts.append(f"#{fn}({', '.join(items)})")
        elif block.kind == "rows":
            cells = []
            for line in block.lines:
                label, value = (c.strip() for c in line.strip("|").split("|"))
                cells.append(f"[{inline(label, resolve)}], [:], [{inline(value, resolve)}]")
            parts.append(rows(cells))
        else:
            parts.append(" ".join(inline(line, resolve) for line in block.lines))
    return "\n\n".join(parts)


def rows(cells: list[str]) -> str:
    """Return an indented "Label : value" grid from ``[label], [:], [value]`` cells."""
    return (
        "#pad(left: 1cm, grid(columns: (4.2cm, 0.4cm, 1fr), row-gutter: 0.55em, "
        + ", ".join(cells)
        + "))"
    )
