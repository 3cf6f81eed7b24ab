"""The SKM answer about a finished queue ticket: the unit is the ticket's location."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from balai.complaints.models import ServiceKind, SurveyResponse
from balai.complaints.services.survey import survey_submit
from balai.core.errors import ConflictError
from balai.onestop.models import Ticket, TicketStatus


def ticket_survey_submit(
    *, ticket: Ticket, scores: Mapping[str, int], suggestion: str = ""
) -> SurveyResponse:
    """Record the SKM answer about a served *ticket*, naming its unit; one per ticket."""
    if ticket.status != TicketStatus.DONE:
        raise ConflictError(_("Survei diisi setelah Anda selesai dilayani."))
    return survey_submit(
        area=ticket.area,
        service_kind=ServiceKind.ONESTOP,
        object_id=ticket.pk,
        scores=scores,
        suggestion=suggestion,
        unit_code=ticket.counter.location.code,
    )
