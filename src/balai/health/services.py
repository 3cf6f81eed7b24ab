"""Writes of the health module: prevalence parameters and services received."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from balai.core import areacodes, audit
from balai.core.errors import DomainError
from balai.health.models import PrevalenceParameter, ServiceRecord
from balai.indicators.services import mark_changed
from balai.regions.models import Area, Level

# What the indicators of this module read (``indicators.services.mark_changed``).
INPUT_SERVICES = "health.service"
INPUT_PARAMETERS = "health.parameter"


def prevalence_parameter_set(
    *,
    actor: Any,
    kabupaten: Area,
    year: int,
    group: str,
    rate_percent: Decimal,
    age_min: int,
    age_max: int | None,
    source: str,
    confirmed: bool,
) -> PrevalenceParameter:
    """Set (create or replace) a kabupaten's prevalence for one group and year."""
    if kabupaten.level != Level.KABUPATEN_KOTA:
        raise DomainError(_("Parameter prevalensi ditetapkan per kabupaten/kota."))
    with transaction.atomic():
        row = (
            PrevalenceParameter.objects.select_for_update()
            .filter(area=kabupaten, year=year, group=group)
            .first()
        )
        before = None if row is None else (str(row.rate_percent), row.age_min, row.age_max)
        row = row or PrevalenceParameter(area=kabupaten, year=year, group=group)
        row.rate_percent = rate_percent
        row.age_min = age_min
        row.age_max = age_max
        row.source = source.strip()
        row.confirmed = confirmed
        row.set_by = actor if getattr(actor, "is_authenticated", False) else None
        try:
            row.full_clean()
        except ValidationError as exc:
            raise DomainError(
                " ".join(m for ms in exc.message_dict.values() for m in ms),
                field_errors=exc.message_dict,
            ) from exc
        row.save()
        audit.record(
            actor=actor,
            action="health.prevalence_set",
            obj=row,
            data={"before": before, "after": (str(rate_percent), age_min, age_max)},
        )
        mark_changed(INPUT_PARAMETERS, kabupaten.code, {date(year, 1, 1)})
    return row


@dataclass(frozen=True)
class ServiceEntry:
    """One service to record: who, which service, when, where."""

    resident_id: int
    area_id: str
    service: str
    service_date: date
    place: str = ""
    point_id: int | None = None


def service_records_create(
    *, actor: Any, entries: list[ServiceEntry], source: Any = None
) -> list[ServiceRecord]:
    """Record services received (all or none) and mark the indicators reading them stale."""
    records = [
        ServiceRecord(
            resident_id=e.resident_id,
            area_id=e.area_id,
            service=e.service,
            service_date=e.service_date,
            place=e.place[:120],
            point_id=e.point_id,
            source=source,
        )
        for e in entries
    ]
    with transaction.atomic():
        for record in records:
            # Duplicates are checked by the caller (the import) in one query.
            record.full_clean(
                exclude=["resident", "area", "point", "source"],
                validate_unique=False,
                validate_constraints=False,
            )
        ServiceRecord.objects.bulk_create(records, batch_size=500)
        days: dict[str, set[date]] = defaultdict(set)
        for e in entries:
            days[areacodes.village_code(e.area_id)].add(date(e.service_date.year, 1, 1))
        for village, marked in days.items():
            mark_changed(INPUT_SERVICES, village, marked)
        audit.record(
            actor=actor,
            action="health.services_recorded",
            obj=ServiceRecord,
            data={"rows": len(records), "import": getattr(source, "pk", None)},
        )
    return records
