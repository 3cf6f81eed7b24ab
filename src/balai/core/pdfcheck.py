"""Find active content in an uploaded PDF: scripts, launch actions, embedded files.

Balai keeps uploaded PDFs as they are (complaint attachments, letter
requirement documents) and staff open them, so a PDF that can run code or
carry other files is refused. A byte search for ``/JavaScript`` is not
enough: PDF names may spell any character as ``#xx`` (``/J#61vaScript`` is
``/JavaScript``), and dictionaries may sit inside compressed object
streams. So every name token is decoded first, in the file and in each
Flate-compressed stream, and compared whole (``/JSON`` is not ``/JS``).

``/OpenAction`` followed by a destination array (``[3 0 R /Fit]``: "open at
page 1, fit to window", written by many office suites) is harmless and
allowed; any other ``/OpenAction`` (an action) is refused.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

# Names whose presence means the document can act or carries files.
FORBIDDEN_NAMES = frozenset(
    {
        b"JavaScript",
        b"JS",
        b"AA",
        b"Launch",
        b"EmbeddedFile",
        b"EmbeddedFiles",
        b"RichMedia",
        b"XFA",
        b"SubmitForm",
        b"ImportData",
        b"GoToE",
        b"GoToR",
    }
)
OPEN_ACTION = b"OpenAction"
# A PDF name: "/" then regular characters (not white-space, not a delimiter).
NAME_RE = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
HEX_ESCAPE_RE = re.compile(rb"#([0-9A-Fa-f]{2})")
STREAM_RE = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
# Decompressed bytes looked at per stream and in all (a zip bomb stops here).
MAX_INFLATE = 8 * 1024 * 1024
MAX_INFLATE_TOTAL = 32 * 1024 * 1024


def decode_name(raw: bytes) -> bytes:
    """Return a PDF name with its ``#xx`` escapes decoded."""
    return HEX_ESCAPE_RE.sub(lambda m: bytes([int(m[1], 16)]), raw)


def _inflated_streams(data: bytes) -> Iterator[bytes]:
    budget = MAX_INFLATE_TOTAL
    for match in STREAM_RE.finditer(data):
        if budget <= 0:
            return
        inflater = zlib.decompressobj()
        try:
            out = inflater.decompress(match[1], min(MAX_INFLATE, budget))
        except zlib.error:
            continue  # not Flate (an image, say): nothing to read in it
        budget -= len(out)
        yield out


REFERENCE_RE = re.compile(rb"(\d+)\s+(\d+)\s+R")
WHITE = b"\x00\t\n\x0c\r "


def _is_destination(after: bytes, document: bytes) -> bool:
    """Return True if the value *after* ``/OpenAction`` is a destination array."""
    value = after[:64].lstrip(WHITE)
    if value.startswith(b"["):
        return True
    ref = REFERENCE_RE.match(value)
    if ref is None:
        return False
    target = re.search(rb"(?<!\d)%s\s+%s\s+obj" % (ref[1], ref[2]), document)
    return target is not None and document[target.end() : target.end() + 64].lstrip(
        WHITE
    ).startswith(b"[")


def _findings(chunk: bytes, document: bytes) -> Iterator[str]:
    for match in NAME_RE.finditer(chunk):
        name = decode_name(match[1])
        if name in FORBIDDEN_NAMES or (
            name == OPEN_ACTION
            and not _is_destination(chunk[match.end() : match.end() + 64], document)
        ):
            yield name.decode("latin-1")


def active_content(data: bytes) -> list[str]:
    """Return the names of active content found in PDF *data* (empty: none found)."""
    found: set[str] = set(_findings(data, data))
    for inflated in _inflated_streams(data):
        found.update(_findings(inflated, data))
    return sorted(found)
