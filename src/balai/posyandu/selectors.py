"""Reads of the posyandu module, always through the area scope.

On top of ``access.scoped`` (the role's area), a user acting as a posyandu
cadre sees only the posyandu they are linked to (``CadreLink``), the children
and mothers enrolled there and their visits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm, Role
from balai.core import areacodes, audit
from balai.posyandu.models import (
    ChildVisit,
    Enrolment,
    EnrolmentKind,
    Growth,
    Posyandu,
    Pregnancy,
    Risk,
    VisitImport,
)
from balai.posyandu.periods import add_months
from balai.regions.models import Area, Level
from balai.registry import codes
from balai.registry.births import childbearing_q
from balai.registry.models import Resident

UNDER_FIVE_DAYS = 1826


def is_cadre(user: Any) -> bool:
    """Tell whether *user* acts as a posyandu cadre (and is limited to their posyandu)."""
    role = access.acting_role(user)
    return role is not None and role.role == Role.POSYANDU_CADRE


def posyandu_list(*, user: Any, perm: str = Perm.POSYANDU_VIEW) -> QuerySet[Posyandu]:
    """Return the active posyandu *user* may see with *perm*."""
    qs = access.scoped(Posyandu.objects.filter(is_active=True), user, perm)
    if is_cadre(user):
        qs = qs.filter(cadres__user=user)
    return qs.select_related("area").order_by("area_id", "name")


def posyandu_in_area(*, within: str) -> QuerySet[Posyandu]:
    """Active posyandu units in an area (no user scope: for aggregates such as supply)."""
    return Posyandu.objects.filter(is_active=True, area__within=within).order_by("area_id", "name")


@dataclass
class VillageGroup:
    area: Area | None
    code: str
    posyandus: list[Posyandu] = field(default_factory=list)


@dataclass
class KecamatanGroup:
    area: Area | None
    code: str
    villages: list[VillageGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(v.posyandus) for v in self.villages)


def posyandu_grouped(posyandus: list[Posyandu]) -> list[KecamatanGroup]:
    """Group *posyandus* by kecamatan and village (in code order), names read in one query."""
    village_codes = {areacodes.village_code(p.area_id) for p in posyandus}
    kec_codes = {areacodes.kecamatan_code(code) for code in village_codes}
    names = Area.objects.in_bulk(village_codes | kec_codes)
    groups: dict[str, KecamatanGroup] = {}
    villages: dict[str, VillageGroup] = {}
    for p in sorted(posyandus, key=lambda p: (areacodes.village_code(p.area_id), p.name)):
        village_code = areacodes.village_code(p.area_id)
        kec_code = areacodes.kecamatan_code(village_code)
        group = groups.get(kec_code)
        if group is None:
            group = groups[kec_code] = KecamatanGroup(area=names.get(kec_code), code=kec_code)
        village = villages.get(village_code)
        if village is None:
            village = villages[village_code] = VillageGroup(
                area=names.get(village_code), code=village_code
            )
            group.villages.append(village)
        village.posyandus.append(p)
    return list(groups.values())


def posyandu_search(qs: QuerySet[Posyandu], q: str) -> QuerySet[Posyandu]:
    """Narrow *qs* to posyandu whose name, village or kecamatan name contains *q*."""
    q = q.strip()
    if not q:
        return qs
    areas = Area.objects.filter(
        name__icontains=q, level__in=[Level.KECAMATAN, Level.DESA_KELURAHAN]
    ).values_list("code", flat=True)
    match = Q(name__icontains=q) | Q(area__name__icontains=q)
    for code in areas[:200]:
        match |= Q(area__code__startswith=f"{code}.") | Q(area_id=code)
    return qs.filter(match)


def posyandu_get_for_user(*, user: Any, pk: int, perm: str = Perm.POSYANDU_VIEW) -> Posyandu:
    """Return one posyandu *user* may use with *perm* (404 otherwise)."""
    posyandu = posyandu_list(user=user, perm=perm).filter(pk=pk).first()
    if posyandu is None:
        raise Http404(_("Posyandu tidak ditemukan."))
    return posyandu


def visit_import_get_for_user(*, user: Any, posyandu: Posyandu, pk: int) -> VisitImport:
    """Return one import of *posyandu* (already fetched for *user*), 404 otherwise."""
    job = VisitImport.objects.filter(posyandu=posyandu, pk=pk).first()
    if job is None:
        raise Http404(_("Impor tidak ditemukan."))
    return job


def child_visit_get_for_user(*, user: Any, pk: int) -> ChildVisit:
    """Return one child visit *user* may correct: the cadre of its posyandu or the
    village office over it (404 otherwise)."""
    visit = (
        ChildVisit.objects.select_related("resident", "posyandu")
        .filter(pk=pk, posyandu__in=posyandu_list(user=user, perm=Perm.POSYANDU_RECORD))
        .first()
    )
    if visit is None:
        raise Http404(_("Kunjungan tidak ditemukan."))
    return visit


def editable_posyandu_ids(user: Any) -> set[int]:
    """Return the posyandu whose visits *user* may correct."""
    return set(posyandu_list(user=user, perm=Perm.POSYANDU_RECORD).values_list("pk", flat=True))


def _cadre_q(user: Any, path: str) -> Q:
    """Limit rows to the cadre's posyandu through *path* (a posyandu FK path)."""
    return Q(**{f"{path}__cadres__user": user}) if is_cadre(user) else Q()


def enrolment_list(
    *, user: Any, posyandu: Posyandu | None = None, kind: str = EnrolmentKind.CHILD
) -> QuerySet[Enrolment]:
    """Return the enrolled children (or mothers) *user* may see."""
    qs = access.scoped(Enrolment.objects.filter(kind=kind), user, Perm.POSYANDU_VIEW)
    qs = qs.filter(_cadre_q(user, "posyandu"))
    if posyandu is not None:
        qs = qs.filter(posyandu=posyandu)
    return qs.select_related("resident", "posyandu").order_by("resident__name", "id")


def expected_children(*, user: Any, posyandu: Posyandu, on: date) -> list[dict[str, Any]]:
    """Return the under-fives of *posyandu* with their last visit, for a posyandu day."""
    born_after = on - timedelta(days=UNDER_FIVE_DAYS)
    enrolments = enrolment_list(user=user, posyandu=posyandu).filter(
        resident__status=codes.BasicStatus.ALIVE, resident__birth_date__gt=born_after
    )
    children = [e.resident for e in enrolments]
    last = {
        v.resident_id: v
        for v in latest_per_child(
            ChildVisit.objects.filter(resident__in=[c.pk for c in children], visit_date__lte=on)
        )
    }
    done_today = set(
        ChildVisit.objects.filter(resident__in=[c.pk for c in children], visit_date=on).values_list(
            "resident_id", flat=True
        )
    )
    return [{"child": c, "last": last.get(c.pk), "done": c.pk in done_today} for c in children]


def latest_per_child(visits: QuerySet[ChildVisit], rank: int = 1) -> QuerySet[ChildVisit]:
    """Return each child's *rank* latest visits of *visits* (SQL window)."""
    ranked = visits.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("resident_id")],
            order_by=[F("visit_date").desc(), F("id").desc()],
        )
    )
    return ranked.filter(rank__lte=rank).order_by("resident_id", "-visit_date")


def child_visit_list(*, user: Any) -> QuerySet[ChildVisit]:
    """Return the child visits *user* may see."""
    qs = access.scoped(ChildVisit.objects.all(), user, Perm.POSYANDU_VIEW)
    return qs.filter(_cadre_q(user, "resident__posyandu_enrolment__posyandu"))


def child_get_for_user(*, user: Any, pk: int, log_view: bool = True) -> Resident:
    """Return a child *user* may follow (404 otherwise); log the view.

    Cadres see the children enrolled in their posyandu; other roles any
    enrolled or measured child in their area.
    """
    qs = access.scoped(Resident.objects.select_related("area"), user, Perm.POSYANDU_VIEW)
    if is_cadre(user):
        qs = qs.filter(posyandu_enrolment__posyandu__cadres__user=user)
    else:
        qs = qs.filter(
            Q(posyandu_enrolment__kind=EnrolmentKind.CHILD) | Q(posyandu_visits__isnull=False)
        )
    child = qs.filter(pk=pk).distinct().first()
    if child is None:
        raise Http404(_("Anak tidak ditemukan."))
    if log_view:
        audit.record_view(actor=user, obj=child, purpose="posyandu")
    return child


def child_visits(child: Resident) -> list[ChildVisit]:
    """Return *child*'s visits, oldest first."""
    return list(ChildVisit.objects.filter(resident=child).select_related("posyandu"))


def mother_candidates(*, user: Any, posyandu: Posyandu, q: str) -> QuerySet[Resident]:
    """Return women of childbearing age in the posyandu's village matching *q* (newborn/pregnancy)."""
    qs = access.scoped(Resident.objects.all(), user, Perm.POSYANDU_VIEW).filter(
        childbearing_q(timezone.localdate()), area__within=posyandu.village_code
    )
    for word in q.split():
        qs = qs.filter(name__icontains=word)
    return qs.order_by("name")[:20]


def pregnancy_list(*, user: Any, posyandu: Posyandu | None = None) -> QuerySet[Pregnancy]:
    """Return the pregnancies *user* may see."""
    qs = access.scoped(Pregnancy.objects.all(), user, Perm.POSYANDU_VIEW)
    qs = qs.filter(_cadre_q(user, "posyandu"))
    if posyandu is not None:
        qs = qs.filter(posyandu=posyandu)
    return qs.select_related("mother", "posyandu")


def pregnancy_get_for_user(*, user: Any, pk: int) -> Pregnancy:
    """Return a pregnancy *user* may follow (404 otherwise)."""
    pregnancy = pregnancy_list(user=user).filter(pk=pk).first()
    if pregnancy is None:
        raise Http404(_("Data kehamilan tidak ditemukan."))
    return pregnancy


# ---- follow-up ------------------------------------------------------------------------


@dataclass
class FollowUp:
    """Children and mothers who need a cadre's or midwife's attention."""

    stunted: list[ChildVisit] = field(default_factory=list)
    wasted: list[ChildVisit] = field(default_factory=list)
    faltering: list[ChildVisit] = field(default_factory=list)  # 2T
    not_weighed: list[tuple[Resident, ChildVisit | None]] = field(default_factory=list)
    mothers: list[Pregnancy] = field(default_factory=list)

    @property
    def total(self) -> int:
        return (
            len(self.stunted)
            + len(self.wasted)
            + len(self.faltering)
            + len(self.not_weighed)
            + len(self.mothers)
        )


def followup(
    *, user: Any, on: date, within: str | None = None, posyandu: Posyandu | None = None
) -> FollowUp:
    """Return the follow-up list in *user*'s scope (optionally one area or posyandu).

    Stunted/wasted: on each child's latest measurement in the last 12 months.
    2T: the last two weighings both "T" (weight not rising enough). Not
    weighed: enrolled under-fives whose last weighing is two or more months ago.
    Mothers: ongoing pregnancies marked KEK or high risk.
    """
    result = FollowUp()
    born_after = on - timedelta(days=UNDER_FIVE_DAYS)
    enrolments = enrolment_list(user=user, posyandu=posyandu).filter(
        resident__status=codes.BasicStatus.ALIVE, resident__birth_date__gt=born_after
    )
    if within:
        enrolments = enrolments.filter(area__within=within)
    children = {e.resident_id: e.resident for e in enrolments}
    since = add_months(on, -12)
    visits = ChildVisit.objects.filter(
        resident_id__in=list(children), visit_date__gt=since, visit_date__lte=on
    ).select_related("resident", "posyandu")
    for visit in latest_per_child(
        visits.filter(Q(weight_kg__isnull=False) | Q(lenhei_cm__isnull=False))
    ):
        if visit.status_tbu in ("pendek", "sangat_pendek") and not visit.flag_zlen:
            result.stunted.append(visit)
        if visit.status_bbtb in ("gizi_kurang", "gizi_buruk") and not visit.flag_zwfl:
            result.wasted.append(visit)
    last_two: dict[int, list[ChildVisit]] = {}
    for visit in latest_per_child(visits.filter(weight_kg__isnull=False), rank=2):
        last_two.setdefault(visit.resident_id, []).append(visit)
    two_months_ago = add_months(on.replace(day=1), -1)
    for resident_id, child in children.items():
        weighings = last_two.get(resident_id, [])
        if len(weighings) == 2 and all(v.growth == Growth.TIDAK_NAIK for v in weighings):
            result.faltering.append(weighings[0])
        latest = weighings[0] if weighings else None
        old_enough = child.birth_date is not None and child.birth_date < two_months_ago
        if old_enough and (latest is None or latest.visit_date < two_months_ago):
            result.not_weighed.append((child, latest))
    mothers = pregnancy_list(user=user, posyandu=posyandu).filter(
        Q(kek=True) | Q(risk=Risk.HIGH), delivered_on__isnull=True
    )
    if within:
        mothers = mothers.filter(area__within=within)
    result.mothers = list(mothers.order_by("mother__name"))
    result.not_weighed.sort(key=lambda item: item[0].name)
    return result


def mother_get_for_user(*, user: Any, posyandu: Posyandu, pk: int) -> Resident:
    """Return a woman living in *posyandu*'s village that *user* may see (404 otherwise)."""
    qs = access.scoped(Resident.objects.all(), user, Perm.POSYANDU_VIEW).filter(
        area__within=posyandu.village_code,
        sex=codes.Sex.FEMALE,
        status=codes.BasicStatus.ALIVE,
    )
    woman = qs.filter(pk=pk).first()
    if woman is None:
        raise Http404(_("Ibu tidak ditemukan."))
    return woman
