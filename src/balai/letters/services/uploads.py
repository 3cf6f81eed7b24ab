"""Requirement documents and logos: only PDFs and real images, size-limited, re-encoded."""

from __future__ import annotations

import hashlib
import io
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from balai.core import audit, pdfcheck
from balai.core.errors import DomainError
from balai.letters.models import LetterRequest, RequirementDocument

MAX_UPLOAD = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000


class UploadError(DomainError):
    code = "upload_invalid"


def _read(upload: UploadedFile[bytes], limit: int) -> bytes:
    if upload.size is not None and upload.size > limit:
        raise UploadError(
            _("Berkas terlalu besar (%(size)s KB); maksimum %(max)s KB.")
            % {"size": upload.size // 1024, "max": limit // 1024}
        )
    data: bytes = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadError(_("Berkas terlalu besar; maksimum %(max)s KB.") % {"max": limit // 1024})
    if not data:
        raise UploadError(_("Berkas kosong."))
    return data


def clean_image(data: bytes, *, max_side: int = 2400, fmt: str = "JPEG") -> bytes:
    """Return *data* re-encoded (drops anything hidden in the file); raise if not an image."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as img:
            if img.format not in ("JPEG", "PNG", "WEBP"):
                raise UploadError(_("Gambar harus JPG, PNG, atau WEBP."))
            img.thumbnail((max_side, max_side))
            out = io.BytesIO()
            if fmt == "JPEG":
                img.convert("RGB").save(out, "JPEG", quality=85)
            else:
                img.convert("RGBA").save(out, "PNG", optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise UploadError(_("Berkas bukan PDF atau gambar yang sah.")) from exc
    return out.getvalue()


def clean_document(upload: UploadedFile[bytes]) -> tuple[bytes, str, str]:
    """Return (bytes, content type, extension) of a PDF or image upload; raise otherwise."""
    data = _read(upload, MAX_UPLOAD)
    if data.startswith(b"%PDF-"):
        if pdfcheck.active_content(data):
            raise UploadError(_("PDF berisi skrip atau berkas tersemat dan tidak diterima."))
        return data, "application/pdf", "pdf"
    return clean_image(data), "image/jpeg", "jpg"


def document_attach(
    *, actor: Any, request: LetterRequest, name: str, upload: UploadedFile[bytes]
) -> RequirementDocument:
    """Attach a requirement document to *request* (PDF as is, images re-encoded)."""
    data, content_type, ext = clean_document(upload)
    name = name.strip()[:120] or _("Dokumen")
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        doc = RequirementDocument(
            request=request,
            name=name,
            content_type=content_type,
            size=len(data),
            sha256=digest,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        doc.file.save(f"{request.pk}-{digest[:12]}.{ext}", ContentFile(data), save=False)
        doc.full_clean()
        doc.save()
        audit.record(
            actor=actor, action="letter.document_attached", obj=request, data={"name": name}
        )
    return doc


def logo_clean(upload: UploadedFile[bytes]) -> bytes:
    """Return a logo upload as a small PNG; raise if it is not an image."""
    return clean_image(_read(upload, MAX_UPLOAD), max_side=400, fmt="PNG")
