"""Writes of village plans: RPJM Desa, its goals and programmes, RKP Desa activities, pagu."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.errors import ConflictError, DomainError
from balai.indicators.services import mark_changed
from balai.planning.locks import activity_locks
from balai.planning.models import (
    FundSource,
    Kegiatan,
    Pagu,
    RkpdesActivity,
    Rpjmdes,
    RpjmdesGoal,
    RpjmdesProgramme,
)
from balai.planning.selectors import activity_lock
from balai.planning.services._common import clean, require_village
from balai.regions.models import Area

# Fields of an RKPDes activity a caller may set (the village and year are fixed).
ACTIVITY_FIELDS = (
    "kegiatan",
    "programme",
    "name",
    "location",
    "volume",
    "unit",
    "beneficiaries",
    "indicative_cost",
    "fund_source",
    "implementer",
    "start_month",
    "duration_days",
)


def rpjmdes_create(
    *,
    actor: Any,
    village: Area,
    start_year: int,
    term_years: int = 6,
    vision: str = "",
    perdes_number: str = "",
) -> Rpjmdes:
    """Create *village*'s RPJM Desa starting in *start_year* (terms may not overlap)."""
    require_village(village)
    with transaction.atomic():
        for other in Rpjmdes.objects.select_for_update().filter(village=village):
            if other.start_year <= start_year + term_years - 1 and start_year <= other.end_year:
                raise DomainError(
                    _("RPJM Desa %(a)s-%(b)s sudah mencakup sebagian tahun itu.")
                    % {"a": other.start_year, "b": other.end_year}
                )
        plan = Rpjmdes(
            village=village,
            start_year=start_year,
            term_years=term_years,
            vision=vision,
            perdes_number=perdes_number,
        )
        clean(plan)
        plan.save()
        audit.record(actor=actor, action="planning.rpjmdes_created", obj=plan)
    return plan


def rpjmdes_goal_add(*, actor: Any, rpjmdes: Rpjmdes, text: str) -> RpjmdesGoal:
    """Append a goal to *rpjmdes*, numbered after the last one."""
    with transaction.atomic():
        last = (
            RpjmdesGoal.objects.select_for_update()
            .filter(rpjmdes=rpjmdes)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        goal = RpjmdesGoal(rpjmdes=rpjmdes, number=(last or 0) + 1, text=text)
        clean(goal)
        goal.save()
        audit.record(actor=actor, action="planning.rpjmdes_goal_added", obj=goal)
    return goal


def rpjmdes_programme_add(
    *,
    actor: Any,
    rpjmdes: Rpjmdes,
    kegiatan: Kegiatan,
    name: str,
    first_year: int,
    last_year: int,
    goal: RpjmdesGoal | None = None,
    indicative_cost: Decimal = Decimal(0),
) -> RpjmdesProgramme:
    """Add a programme to *rpjmdes*, run in *first_year*..*last_year* of its term."""
    if goal is not None and goal.rpjmdes_id != rpjmdes.pk:
        raise DomainError(_("Tujuan itu bukan bagian RPJM Desa ini."))
    if not (rpjmdes.covers(first_year) and rpjmdes.covers(last_year)):
        raise DomainError(
            _("Tahun program harus di dalam masa RPJM Desa (%(a)s-%(b)s).")
            % {"a": rpjmdes.start_year, "b": rpjmdes.end_year},
            field_errors={"first_year": [_("Di luar masa RPJM Desa.")]},
        )
    programme = RpjmdesProgramme(
        rpjmdes=rpjmdes,
        goal=goal,
        kegiatan=kegiatan,
        name=name,
        first_year=first_year,
        last_year=last_year,
        indicative_cost=indicative_cost,
    )
    with transaction.atomic():
        clean(programme)
        programme.save()
        audit.record(actor=actor, action="planning.rpjmdes_programme_added", obj=programme)
    return programme


def pagu_set(*, actor: Any, area: Area, year: int, amount: Decimal, note: str = "") -> Pagu:
    """Set the pagu indikatif of *area* (a desa or kecamatan) for *year*."""
    with transaction.atomic():
        pagu = Pagu.objects.select_for_update().filter(area=area, year=year).first()
        before = pagu.amount if pagu else None
        pagu = pagu or Pagu(area=area, year=year, amount=amount)
        pagu.amount = amount
        pagu.note = note
        clean(pagu)
        pagu.save()
        audit.record(
            actor=actor,
            action="planning.pagu_set",
            obj=pagu,
            data={"before": str(before) if before is not None else None, "amount": str(amount)},
        )
    return pagu


def _check_programme(activity: RkpdesActivity) -> None:
    programme = activity.programme
    if programme is None:
        return
    plan = programme.rpjmdes
    if plan.village_id != activity.village_id:
        raise DomainError(
            _("Program itu milik RPJM Desa lain."),
            field_errors={"programme": [_("Program itu milik RPJM Desa lain.")]},
        )
    if not programme.first_year <= activity.year <= programme.last_year:
        raise DomainError(
            _("Program RPJM Desa itu tidak dijadwalkan pada tahun %(y)s.") % {"y": activity.year},
            field_errors={"programme": [_("Tidak dijadwalkan pada tahun ini.")]},
        )
    if programme.kegiatan.bidang != activity.kegiatan.bidang:
        raise DomainError(
            _("Kegiatan %(k)s tidak sebidang dengan program RPJM Desa %(p)s.")
            % {"k": activity.kegiatan_id, "p": programme.kegiatan_id},
            field_errors={"kegiatan": [_("Tidak sebidang dengan program RPJM Desa.")]},
        )


def rkpdes_activity_create(
    *,
    actor: Any,
    village: Area,
    year: int,
    kegiatan: Kegiatan,
    name: str,
    location: str,
    volume: Decimal,
    unit: str,
    indicative_cost: Decimal,
    beneficiaries: int = 0,
    fund_source: str = FundSource.DD,
    programme: RpjmdesProgramme | None = None,
    implementer: str = "",
    start_month: int | None = None,
    duration_days: int | None = None,
) -> RkpdesActivity:
    """Add an activity to *village*'s RKP Desa for *year*.

    A *programme* must be one of the village's RPJM Desa programmes scheduled
    for *year*, in the same bidang; without one the activity is kept but the
    consistency check lists it as not traced to the RPJM Desa.
    """
    require_village(village)
    activity = RkpdesActivity(
        village=village,
        year=year,
        kegiatan=kegiatan,
        programme=programme,
        name=name,
        location=location,
        volume=volume,
        unit=unit,
        beneficiaries=beneficiaries,
        indicative_cost=indicative_cost,
        fund_source=fund_source,
        implementer=implementer,
        start_month=start_month,
        duration_days=duration_days,
    )
    _check_programme(activity)
    with transaction.atomic():
        clean(activity)
        activity.save()
        _changed(activity)
        audit.record(
            actor=actor,
            action="planning.rkpdes_activity_created",
            obj=activity,
            data={"kegiatan": kegiatan.code, "cost": str(indicative_cost)},
        )
    return activity


def rkpdes_activity_update(
    *, actor: Any, activity: RkpdesActivity, **changes: Any
) -> RkpdesActivity:
    """Change the fields named in *changes* (see ``ACTIVITY_FIELDS``) of *activity*.

    The kegiatan of an activity an enacted APBDes budgets stays: the budget
    line carries that code.
    """
    unknown = set(changes) - set(ACTIVITY_FIELDS)
    if unknown:
        raise DomainError(_("Isian tidak dikenal: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        locked = RkpdesActivity.objects.select_for_update().get(pk=activity.pk)
        before = {name: str(getattr(locked, name)) for name in changes}
        if "kegiatan" in changes and changes["kegiatan"] != locked.kegiatan:
            budgeted = activity_locks([locked.pk]).get(locked.pk)
            if budgeted:
                message = budgeted + " " + _("Kode kegiatannya tidak dapat diubah.")
                raise ConflictError(message, field_errors={"kegiatan": [message]})
        for name, value in changes.items():
            setattr(locked, name, value)
        _check_programme(locked)
        clean(locked)
        locked.save()
        _changed(locked)
        audit.record(
            actor=actor,
            action="planning.rkpdes_activity_updated",
            obj=locked,
            data={"before": before},
        )
    return locked


def rkpdes_activity_delete(*, actor: Any, activity: RkpdesActivity) -> None:
    """Remove *activity* from its RKP Desa.

    Refused for an activity a musrenbang accepted (change it instead: the
    proposer's tracking page points at it) and for one an enacted APBDes
    budgets (``planning.locks``: amend the budget first).
    """
    with transaction.atomic():
        RkpdesActivity.objects.select_for_update().filter(pk=activity.pk).order_by().first()
        reason = activity_lock(activity)
        if reason:
            raise ConflictError(reason)
        audit.record(
            actor=actor,
            action="planning.rkpdes_activity_deleted",
            obj=activity,
            data={"kegiatan": activity.kegiatan_id, "name": activity.name},
        )
        _changed(activity)
        activity.delete()


def _changed(activity: RkpdesActivity) -> None:
    mark_changed("planning.rkpdes", activity.village_id, {date(activity.year, 1, 1)})
