"""Check and clean uploaded files: photos are re-encoded, PDFs checked, the rest refused.

The type is read from the content, never from the name or the browser's
Content-Type, so ``program.exe`` renamed ``foto.jpg`` is refused. Photos are
decoded and re-encoded as JPEG from their pixels only, which drops EXIF
(GPS position, camera serial) and anything hidden after the image data.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from balai.core import pdfcheck
from balai.core.errors import DomainError

MAX_BYTES = 5 * 1024 * 1024
MAX_FILES = 3
MAX_PIXELS = 40_000_000
MAX_SIDE = 2560
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    content_type: str
    extension: str
    original_name: str


def clean_upload(stream: IO[bytes], *, name: str, size: int | None = None) -> CleanFile:
    """Return a safe copy of an uploaded photo or PDF, or raise DomainError."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES or (size or 0) > MAX_BYTES:
        raise DomainError(
            _("Berkas %(name)s lebih dari %(mb)s MB.") % {"name": name, "mb": MAX_BYTES // 2**20},
            code="file_too_large",
        )
    if not data:
        raise DomainError(_("Berkas %(name)s kosong.") % {"name": name}, code="file_empty")
    short_name = name[-100:]
    if data.startswith(PDF_MAGIC):
        if pdfcheck.active_content(data):
            raise DomainError(
                _("PDF %(name)s berisi skrip atau berkas tersemat dan tidak diterima.")
                % {"name": name},
                code="file_rejected",
            )
        return CleanFile(data, "application/pdf", "pdf", short_name)
    return CleanFile(_reencode(data, name), "image/jpeg", "jpg", short_name)


def _reencode(data: bytes, name: str) -> bytes:
    refused = DomainError(
        _("Berkas %(name)s bukan foto (JPEG/PNG/WebP) atau PDF.") % {"name": name},
        code="file_rejected",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in IMAGE_FORMATS:
                raise refused
            if probe.width * probe.height > MAX_PIXELS:
                raise DomainError(
                    _("Foto %(name)s terlalu besar ukurannya.") % {"name": name},
                    code="file_too_large",
                )
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise refused from None
    except Image.DecompressionBombWarning:
        raise refused from None
    rotated: Image.Image = ImageOps.exif_transpose(image) or image
    rgb = rotated.convert("RGB")
    rgb.thumbnail((MAX_SIDE, MAX_SIDE))
    # A fresh image from the pixels alone carries no metadata at all.
    pixels = Image.frombytes("RGB", rgb.size, rgb.tobytes())
    out = io.BytesIO()
    pixels.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()
