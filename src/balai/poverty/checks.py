"""Targeting checks: who is wrongly on an aid list, who is wrongly left off.

Every check is one set-based statement (no loop over residents in Python):
recipients are annotated with SQL conditions and counted per village and
programme with ``GROUP BY``; exclusion counts the eligible units (person,
family or household, as the programme targets) that receive nothing from the
programme, with ``EXISTS``. The same conditions give the by-name lists, and
``poverty/indicators.py`` sums the counts over programmes per village.

Inclusion checks on a recipient:

- ``desil``: the current desil is above the programme's limit;
- ``tidak_terdaftar``: the programme has a desil rule but the person is not in
  the welfare register;
- ``meninggal`` / ``pindah``: the registry says dead, or moved/gone;
- ``aparat``: the person or a member of the family is a civil servant
  (PNS), TNI, Polri, perangkat desa or kepala desa (by occupation), for
  programmes that exclude them;
- ``ganda``: the family already receives the programme through another
  recipient (another member, possibly in another village), or receives a
  programme that may not be combined with it;
- ``nik_tidak_valid``: the NIK is not a resident's (malformed or unknown).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.poverty import checks_sql
from balai.poverty.models import Programme, Recipient, TargetUnit, WelfareEntry
from balai.registry import codes
from balai.registry.models import Resident

# PNS, TNI, Polri, perangkat desa, kepala desa (OpenSID occupation codes).
OFFICIAL_OCCUPATIONS = (5, 6, 7, 85, 86)
MOVED_STATUSES = (codes.BasicStatus.MOVED, codes.BasicStatus.GONE, codes.BasicStatus.MISSING)


class Check(models.TextChoices):
    EXCLUSION = "eksklusi", _("Layak menurut aturan tetapi tidak menerima")
    DESIL = "desil", _("Desil di atas batas program")
    UNREGISTERED = "tidak_terdaftar", _("Tidak ada di data kesejahteraan")
    DEAD = "meninggal", _("Sudah meninggal")
    MOVED = "pindah", _("Sudah pindah/pergi")
    OFFICIAL = "aparat", _("Keluarga ASN/TNI/Polri/perangkat desa")
    DUPLICATE = "ganda", _("Ganda (antar desa atau antar program)")
    INVALID_NIK = "nik_tidak_valid", _("NIK tidak valid / tidak dikenal")


INCLUSION_CHECKS = tuple(c for c in Check if c != Check.EXCLUSION)


@contextmanager
def no_jit() -> Iterator[None]:
    """Run the enclosed queries in one transaction without PostgreSQL's JIT.

    The checks' correlated subqueries push the planner's cost estimate past
    ``jit_above_cost``; compiling them then takes seconds (15 s of a 16 s
    run on 8,800 recipients) while the plan itself runs in milliseconds.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def _current_desil() -> Subquery:
    return Subquery(
        WelfareEntry.objects.filter(resident_id=OuterRef("resident_id"), current=True).values(
            "desil"
        )[:1]
    )


def _flags() -> dict[str, Q]:
    """Return the condition of each inclusion check on an annotated recipient queryset."""
    return {
        Check.DESIL: Q(programme__desil_max__isnull=False, _desil__gt=F("programme__desil_max")),
        Check.UNREGISTERED: Q(resident__isnull=False, _desil__isnull=True)
        & (Q(programme__desil_max__isnull=False) | Q(programme__desil_min__isnull=False)),
        Check.DEAD: Q(resident__status=codes.BasicStatus.DEAD),
        Check.MOVED: Q(resident__status__in=MOVED_STATUSES),
        Check.OFFICIAL: Q(programme__exclude_officials=True, _official=True),
        Check.DUPLICATE: Q(_twin=True) | Q(_conflict=True),
        Check.INVALID_NIK: Q(resident__isnull=True),
    }


def annotated_recipients(qs: QuerySet[Recipient] | None = None) -> QuerySet[Recipient]:
    """Return recipients annotated with what the inclusion checks read."""
    qs = Recipient.objects.all() if qs is None else qs
    family = OuterRef("resident__family_id")
    official_self = Q(
        resident__occupation__in=OFFICIAL_OCCUPATIONS, resident__status=codes.BasicStatus.ALIVE
    )
    official_family = Exists(
        Resident.objects.filter(
            family_id=family,
            occupation__in=OFFICIAL_OCCUPATIONS,
            status=codes.BasicStatus.ALIVE,
        )
    )
    twin = Exists(
        Recipient.objects.filter(programme_id=OuterRef("programme_id"), resident__family_id=family)
        .exclude(pk=OuterRef("pk"))
        .exclude(programme__unit=TargetUnit.PERSON)
    )
    conflict_self = Exists(
        Recipient.objects.filter(
            resident_id=OuterRef("resident_id"),
            programme__not_combined_with=OuterRef("programme_id"),
        )
    )
    conflict_family = Exists(
        Recipient.objects.filter(
            resident__family_id=family, programme__not_combined_with=OuterRef("programme_id")
        )
    )
    return qs.annotate(
        _desil=_current_desil(),
        _official=models.ExpressionWrapper(
            official_self | Q(official_family), output_field=models.BooleanField()
        ),
        _twin=twin,
        _conflict=models.ExpressionWrapper(
            Q(resident__isnull=False) & (Q(conflict_self) | Q(conflict_family)),
            output_field=models.BooleanField(),
        ),
    )


def inclusion_counts(
    *, within: Iterable[str] | None, programmes: Iterable[int] | None = None
) -> dict[tuple[str, int], dict[str, int]]:
    """Return {(village, programme id): {"recipients": n, check: n, ...}} in one statement.

    The counts come from ``checks_sql`` (hash joins over the whole table); the
    by-name lists below use the annotated querysets of the same definitions.
    """
    with no_jit():
        return checks_sql.inclusion_counts(within=within, programmes=programmes)


def _birth_bounds(programme: Programme, today: dt.date) -> Q:
    q = Q()
    if programme.age_min is not None:
        q &= Q(resident__birth_date__lte=_years_before(today, programme.age_min))
    if programme.age_max is not None:
        q &= Q(resident__birth_date__gt=_years_before(today, programme.age_max + 1))
    return q


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


UNIT_FIELD = {
    TargetUnit.PERSON: "resident_id",
    TargetUnit.FAMILY: "resident__family_id",
    TargetUnit.HOUSEHOLD: "household_ref",
}


def eligible_entries(
    programme: Programme, *, within: Iterable[str] | None, today: dt.date | None = None
) -> QuerySet[WelfareEntry]:
    """Return the current register entries eligible for *programme*, annotated ``_received``.

    Eligible: alive, in the programme's area, desil in its range, age in its
    range, and (if the programme excludes them) no official in the family.
    ``_received`` tells whether the entry's unit receives the programme.
    """
    today = today or timezone.localdate()
    qs = WelfareEntry.objects.filter(
        current=True,
        resident__status=codes.BasicStatus.ALIVE,
        area__within=programme.area_id,
    )
    if within is not None:
        q = Q(pk__in=[])
        for code in within:
            q |= Q(area__within=code)
        qs = qs.filter(q)
    if programme.desil_min is not None:
        qs = qs.filter(desil__gte=programme.desil_min)
    if programme.desil_max is not None:
        qs = qs.filter(desil__lte=programme.desil_max)
    qs = qs.filter(_birth_bounds(programme, today))
    if programme.exclude_officials:
        qs = qs.exclude(resident__occupation__in=OFFICIAL_OCCUPATIONS).exclude(
            Exists(
                Resident.objects.filter(
                    family_id=OuterRef("resident__family_id"),
                    occupation__in=OFFICIAL_OCCUPATIONS,
                    status=codes.BasicStatus.ALIVE,
                )
            )
        )
    given = Recipient.objects.filter(programme_id=programme.pk)
    if programme.unit == TargetUnit.PERSON:
        given = given.filter(resident_id=OuterRef("resident_id"))
    elif programme.unit == TargetUnit.FAMILY:
        given = given.filter(resident__family_id=OuterRef("resident__family_id"))
    else:
        given = given.filter(
            resident__welfare_entries__current=True,
            resident__welfare_entries__household_ref=OuterRef("household_ref"),
        )
    return qs.annotate(_received=Exists(given))


def exclusion_counts(
    *, within: Iterable[str] | None, programmes: Iterable[Programme] | None = None
) -> dict[tuple[str, int], dict[str, int]]:
    """Return {(village, programme id): {"eligible": units, "eksklusi": units not receiving}}.

    One grouped query per programme with an eligibility rule (programmes
    without a desil rule have no register-based eligibility).
    """
    within = None if within is None else tuple(within)
    if programmes is None:
        programmes = Programme.objects.filter(is_active=True)
    today = timezone.localdate()
    rules = []
    for programme in programmes:
        if programme.desil_min is None and programme.desil_max is None:
            continue
        born_by = None if programme.age_min is None else _years_before(today, programme.age_min)
        born_after = (
            None if programme.age_max is None else _years_before(today, programme.age_max + 1)
        )
        rules.append(checks_sql.Rule(programme, born_after=born_after, born_by=born_by))
    out: dict[tuple[str, int], dict[str, int]] = {}
    if checks_sql.narrow(within):
        # A village: every programme in one statement over the village's own rows.
        with no_jit():
            found = checks_sql.exclusion_counts_narrow(rules, within=within)
        for key, (eligible, missed) in found.items():
            out[key] = {"eligible": eligible, str(Check.EXCLUSION): missed}
        return out
    for rule in rules:
        with no_jit():
            by_village = checks_sql.exclusion_counts(
                rule.programme, within=within, born_after=rule.born_after, born_by=rule.born_by
            )
        for village, (eligible, missed) in by_village.items():
            out[(village, rule.programme.pk)] = {
                "eligible": eligible,
                str(Check.EXCLUSION): missed,
            }
    return out


def village_table(village: str) -> list[dict[str, Any]]:
    """Return one row per programme active in *village*: recipients, eligible and every check."""
    inclusion = inclusion_counts(within=[village])
    programmes = list(programmes_for_area(village))
    exclusion = exclusion_counts(within=[village], programmes=programmes)
    table = []
    for programme in programmes:
        cells: dict[str, int] = defaultdict(int)
        cells.update(inclusion.get((village, programme.pk), {}))
        cells.update(exclusion.get((village, programme.pk), {}))
        table.append({"programme": programme, "cells": cells})
    return table


def programmes_for_area(code: str) -> QuerySet[Programme]:
    """Return the active programmes that apply in area *code* (its own or an area above it)."""
    from balai.core.areacodes import ancestor_codes

    return Programme.objects.filter(is_active=True, area_id__in=[*ancestor_codes(code), code])


def flagged_recipients(*, village: str, programme: Programme, check: str) -> list[Recipient]:
    """Return the recipients of *programme* in *village* that *check* flags (by name)."""
    cond = _flags()[Check(check)]
    qs = (
        annotated_recipients(Recipient.objects.filter(programme=programme, area_id=village))
        .filter(cond)
        .select_related("resident", "resident__family")
        .order_by("name")
    )
    with no_jit():
        return list(qs)


def excluded_entries(*, village: str, programme: Programme) -> list[WelfareEntry]:
    """Return the eligible register entries of *village* whose unit receives nothing (by name)."""
    qs = (
        eligible_entries(programme, within=[village])
        .filter(_received=False)  # type: ignore[misc]
        .select_related("resident", "resident__family")
        .order_by("household_ref", "resident__name")
    )
    with no_jit():
        return list(qs)
