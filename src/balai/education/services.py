"""Writes of the education module (the roll import writes through ``imports``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.errors import DomainError
from balai.education import schooling
from balai.education.models import Enrolment
from balai.facilities.models import ServicePoint
from balai.indicators.services import mark_changed
from balai.registry.models import Resident


def enrolment_record(
    *, actor: Any, resident: Resident, school: ServicePoint, level: str, school_year: int
) -> Enrolment:
    """Put *resident* on *school*'s roll for *school_year* (replacing that year's entry)."""
    if schooling.LEVEL_KINDS.get(level) != school.kind:
        raise DomainError(_("%(s)s bukan sekolah jenjang %(l)s.") % {"s": str(school), "l": level})
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().filter(
            resident=resident, school_year=school_year
        ).first() or Enrolment(resident=resident, school_year=school_year)
        enrolment.school = school
        enrolment.level = level
        try:
            enrolment.full_clean()
        except ValidationError as exc:
            raise DomainError(_("Data murid belum benar: %(e)s") % {"e": exc}) from exc
        enrolment.save()
        mark_changed(
            "education.enrolment",
            str(resident.area_id),
            {schooling.reference_day(school_year)},
        )
        audit.record(
            actor=actor,
            action="education.enrolment_recorded",
            obj=enrolment,
            data={"school": school.pk, "level": level, "school_year": school_year},
        )
    return enrolment
