"""The SKM survey (PermenPANRB 14/2017) after a finished service."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.complaints import clock
from balai.complaints.models import (
    SKM_FIELDS,
    Complaint,
    ServiceKind,
    Status,
    SurveyResponse,
)
from balai.core import audit
from balai.core.errors import ConflictError, DomainError
from balai.indicators.services import local_days, mark_changed
from balai.regions.models import Area, Level


def survey_submit(
    *,
    area: Area,
    service_kind: str,
    object_id: int,
    scores: Mapping[str, int],
    suggestion: str = "",
    complaint: Complaint | None = None,
    now: datetime | None = None,
    unit_code: str = "",
) -> SurveyResponse:
    """Record one SKM answer about a finished service in *area*'s village.

    Other modules (letters, onestop) call this with their own *service_kind*
    and the id of the finished request; one answer per service. *unit_code*
    names the service unit (``complaints.units``) the answer is about.
    """
    if service_kind not in ServiceKind.values:
        raise DomainError(_("Jenis layanan tidak dikenal."))
    values = {}
    for name in SKM_FIELDS:
        value = scores.get(name)
        if not isinstance(value, int) or not 1 <= value <= 4:
            raise DomainError(
                _("Setiap unsur survei diberi nilai 1 sampai 4."),
                field_errors={name: [_("Pilih nilai 1-4.")]},
            )
        values[name] = value
    if area.level not in (Level.DESA_KELURAHAN, Level.DUSUN, Level.RW, Level.RT):
        raise DomainError(_("Survei dicatat untuk satu desa/kelurahan."))
    response = SurveyResponse(
        area_id=clock.village_code(area.code),
        service_kind=service_kind,
        object_id=object_id,
        complaint=complaint,
        suggestion=(suggestion or "").strip()[:2000],
        unit_code=unit_code,
        submitted_at=now or timezone.now(),
        **values,
    )
    response.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            response.save()
            mark_changed("complaints.survey", response.area_id, local_days(response.submitted_at))
            audit.record(
                actor=None,
                action="complaints.survey_submitted",
                obj=response,
                data={"service_kind": service_kind, "object_id": object_id},
                kind=audit.CREATE,
            )
    except IntegrityError:
        raise ConflictError(_("Survei untuk layanan ini sudah diisi. Terima kasih.")) from None
    return response


def complaint_survey_submit(
    *, complaint: Complaint, scores: Mapping[str, int], suggestion: str = ""
) -> SurveyResponse:
    """Record the SKM answer about a settled *complaint*."""
    if complaint.status != Status.SELESAI:
        raise ConflictError(_("Survei diisi setelah pengaduan selesai."))
    return survey_submit(
        area=complaint.area,
        service_kind=ServiceKind.COMPLAINT,
        object_id=complaint.pk,
        scores=scores,
        suggestion=suggestion,
        complaint=complaint,
    )
