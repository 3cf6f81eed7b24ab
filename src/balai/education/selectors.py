"""Reads of the education module: demand, enrolment, out-of-school children, jobs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import audit
from balai.education import schooling
from balai.education.models import Enrolment, RollImport
from balai.regions.models import Area
from balai.registry import codes
from balai.registry.models import Resident


def current_school_year(today: date | None = None) -> int:
    """Return the school year running today."""
    return schooling.school_year_of(today or timezone.localdate())


def children_of_band(
    school_year: int, youngest: int, oldest: int, *, within: str | None = None
) -> QuerySet[Resident]:
    """Residents alive and living in the register, aged *youngest*..*oldest* on 1 July."""
    born_after, born_by = schooling.birth_bounds(school_year, youngest, oldest)
    qs = Resident.objects.filter(
        status=codes.BasicStatus.ALIVE, birth_date__gt=born_after, birth_date__lte=born_by
    )
    return qs if within is None else qs.filter(area__within=within)


def enrolled_q(school_year: int, *, today: date | None = None) -> Q:
    """Return the filter "enrolled in *school_year*" for a Resident queryset.

    Enrolled = on a school roll of that school year (any level, PKBM
    equivalence included), or, for the running school year only, recorded
    in the registry as currently studying (``pendidikan_sedang``).
    """
    on_roll = Exists(Enrolment.objects.filter(resident=OuterRef("pk"), school_year=school_year))
    if school_year == current_school_year(today):
        return Q(on_roll) | Q(education_current__in=schooling.CURRENTLY_STUDYING)
    return Q(on_roll)


def not_enrolled(
    school_year: int, youngest: int, oldest: int, within: str, *, today: date | None = None
) -> QuerySet[Resident]:
    """Children of the band in *within* not enrolled in *school_year* (no user scope)."""
    return children_of_band(school_year, youngest, oldest, within=within).exclude(
        enrolled_q(school_year, today=today)
    )


@dataclass(frozen=True)
class OutOfSchoolRow:
    resident: Resident
    age: int
    reason: str
    reason_label: str
    last_year: int | None
    last_level: str


def out_of_school(
    *, user: Any, village: Area, school_year: int, today: date | None = None
) -> list[OutOfSchoolRow]:
    """Return the children 7-18 of *village* out of school in *school_year*, by name.

    Needs EDUCATION_VIEW and REGISTRY_VIEW in *village*; rows are narrowed to
    the user's scope and the viewing is audited (personal data).
    """
    access.require(user, Perm.EDUCATION_VIEW, village)
    access.require(user, Perm.REGISTRY_VIEW, village)
    youngest, oldest = schooling.OUT_OF_SCHOOL_AGES
    earlier = Enrolment.objects.filter(resident=OuterRef("pk"), school_year__lt=school_year)
    qs = (
        not_enrolled(school_year, youngest, oldest, village.code, today=today)
        .annotate(
            last_year=Max(
                "school_enrolments__school_year",
                filter=Q(school_enrolments__school_year__lt=school_year),
            ),
            any_earlier=Exists(earlier),
        )
        .select_related("area")
        .order_by("area_id", "name", "pk")
    )
    qs = access.scoped(qs, user, Perm.REGISTRY_VIEW)
    people = list(qs)
    levels = dict(
        Enrolment.objects.filter(
            resident__in=[p.pk for p in people if p.last_year is not None],  # type: ignore[attr-defined]
            school_year__lt=school_year,
        )
        .order_by("resident_id", "school_year")
        .values_list("resident_id", "level")
    )
    rows = []
    for person in people:
        last = person.last_year  # type: ignore[attr-defined]
        if last == school_year - 1:
            reason = schooling.Reason.DROPPED
        elif last is not None:
            reason = schooling.Reason.LEFT_EARLIER
        else:
            reason = schooling.Reason.NEVER
        assert person.birth_date is not None  # noqa: S101 -- the band filter needs one
        rows.append(
            OutOfSchoolRow(
                resident=person,
                age=schooling.age_on_reference(person.birth_date, school_year),
                reason=reason,
                reason_label=str(schooling.Reason.LABELS[reason]),
                last_year=last,
                last_level=levels.get(person.pk, ""),
            )
        )
    audit.record(
        actor=user,
        action="education.out_of_school_viewed",
        obj=village,
        data={"school_year": school_year, "rows": len(rows)},
        kind=audit.ACCESS,
    )
    return rows


def roll_import_list(*, user: Any) -> QuerySet[RollImport]:
    """Return the roll imports in *user*'s EDUCATION_IMPORT scope, newest first."""
    return access.scoped(
        RollImport.objects.select_related("area", "uploaded_by"), user, Perm.EDUCATION_IMPORT
    )


def roll_import_get_for_user(*, user: Any, pk: int) -> RollImport:
    """Return one roll import of *user*'s scope; 404 outside it (no existence leak)."""
    job = roll_import_list(user=user).filter(pk=pk).first()
    if job is None:
        raise Http404(_("Impor tidak ditemukan."))
    return job
