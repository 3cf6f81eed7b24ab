"""Steps the resident pages and the API share (the API does not import views)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from balai.core.errors import ConflictError
from balai.letters.models import LetterRequest, Status
from balai.letters.selectors import requests as sel
from balai.letters.services import requests as svc


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    kind = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{kind}; filename="{filename}"'
    return response


def mark_received(item: LetterRequest, user: Any) -> LetterRequest:
    """Close *item* ("selesai") on its resident's explicit word that the letter arrived."""
    issued = sel.issued_for_request(item)
    if issued is None or issued.is_void or not sel.pdf_ready(item):
        raise ConflictError(_("Surat belum siap diterima."))
    if item.status == Status.DONE:
        return item
    return svc.letter_request_transition(
        request=item, to=Status.DONE, actor=user, note=_("Diterima oleh warga")
    )
