"""Active content in uploaded PDFs, however it is spelled or packed."""

from __future__ import annotations

import zlib

import pytest

from balai.core.pdfcheck import active_content, decode_name

BENIGN = (
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>\nendobj\n"
    b"4 0 obj\n<< /Length 20 >>\nstream\nBT /F1 12 Tf (JSON) Tj ET\nendstream\nendobj\n%%EOF\n"
)


def test_decode_name_reads_hex_escapes() -> None:
    assert decode_name(b"J#61vaScript") == b"JavaScript"
    assert decode_name(b"Java#53cript") == b"JavaScript"
    assert decode_name(b"A#23B") == b"A#B"


def test_an_ordinary_pdf_has_no_active_content() -> None:
    assert active_content(BENIGN) == []
    indirect = b"%PDF-1.7\n<< /OpenAction 7 0 R >>\n7 0 obj\n[3 0 R /XYZ null null 0]\nendobj\n"
    assert active_content(indirect) == []
    assert active_content(b"%PDF-1.4\n<< /JSON 1 /AAA 2 /Names << >> >>") == []


@pytest.mark.parametrize(
    ("pdf", "name"),
    [
        (b"%PDF-1.4\n<< /S /JavaScript /JS (app.alert(1)) >>", "JavaScript"),
        (b"%PDF-1.4\n<< /S /J#61vaScript /J#53 (app.alert(1)) >>", "JavaScript"),
        (b"%PDF-1.4\n<< /S /Java#53cript >>", "JavaScript"),
        (b"%PDF-1.4\n<< /#4A#53 (x) >>", "JS"),
        (b"%PDF-1.4\n<< /OpenAction << /S /URI /URI (http://x) >> >>", "OpenAction"),
        (b"%PDF-1.4\n<< /OpenAction 9 0 R >>\n9 0 obj\n<< /S /URI >>\nendobj", "OpenAction"),
        (b"%PDF-1.4\n<< /A#41 << /O 1 0 R >> >>", "AA"),
        (b"%PDF-1.4\n<< /S /L#61unch /F (cmd.exe) >>", "Launch"),
        (b"%PDF-1.4\n<< /Type /EmbeddedFile >>", "EmbeddedFile"),
        (b"%PDF-1.4\n<< /Names << /EmbeddedFiles 3 0 R >> >>", "EmbeddedFiles"),
        (b"%PDF-1.4\n<< /Subtype /RichMedia >>", "RichMedia"),
        (b"%PDF-1.4\n<< /AcroForm << /X#46A 5 0 R >> >>", "XFA"),
    ],
)
def test_active_content_is_found_however_the_name_is_spelled(pdf: bytes, name: str) -> None:
    assert name in active_content(pdf)


def test_active_content_inside_a_compressed_object_stream_is_found() -> None:
    hidden = zlib.compress(b"1 0 << /Type /Action /S /J#61vaScript /JS (app.alert(1)) >>")
    pdf = (
        b"%PDF-1.7\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>\nstream\n"
        + hidden
        + b"\nendstream\nendobj\n%%EOF\n"
    )
    assert b"JavaScript" not in pdf
    assert active_content(pdf) == ["JS", "JavaScript"]
