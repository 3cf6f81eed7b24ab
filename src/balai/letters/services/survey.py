"""The SKM survey about a finished letter: the village letter service as a service unit."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from balai.complaints.models import ServiceKind, SurveyResponse
from balai.complaints.services.survey import survey_submit
from balai.core.errors import ConflictError
from balai.letters.models import LetterRequest, Status

FINISHED = (Status.SIGNED, Status.COUNTERSIGNED, Status.DONE)


def letter_survey_submit(
    *, request: LetterRequest, scores: Mapping[str, int], suggestion: str = ""
) -> SurveyResponse:
    """Record the SKM answer about a finished (signed) letter request; one per request."""
    if request.status not in FINISHED:
        raise ConflictError(_("Survei diisi setelah surat selesai ditandatangani."))
    return survey_submit(
        area=request.area,
        service_kind=ServiceKind.LETTER,
        object_id=request.pk,
        scores=scores,
        suggestion=suggestion,
    )
