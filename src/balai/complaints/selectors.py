"""Every read of complaints goes through here, scoped by ``accounts.access``.

Visibility follows the government level of the acting role:

* a village (and its RT/RW/dusun heads) sees the complaints about its area;
* a kecamatan sees those about its villages that it handles itself or that
  were escalated to it (or further);
* a kabupaten/kota sees those about its area that it handles or that were
  escalated to the kabupaten;
* a province or national role sees everything in its scope.
"""

from __future__ import annotations

import hmac
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.models import RoleAssignment, User
from balai.accounts.roles import Perm
from balai.complaints import clock
from balai.complaints.models import (
    OPEN_STATUSES,
    PUBLIC_EVENT_KINDS,
    Category,
    Complaint,
    ComplaintEvent,
    EscalationLevel,
)
from balai.complaints.policies import unit_officers_q
from balai.complaints.tracking import tracking_hash
from balai.core.areacodes import kecamatan_code
from balai.core.errors import DomainError
from balai.regions.models import Area, Level


def visibility_q(user: Any, perm: str = Perm.COMPLAINTS_VIEW) -> Q:
    """Return the filter for complaints *user* may see with *perm* (see module doc)."""
    base = access.scope_q(user, perm, field="area")
    role = access.acting_role(user)
    area = getattr(role, "area", None)
    if area is None:
        return base
    if area.level == Level.KECAMATAN:
        return base & (
            Q(handler_area_id=area.code) | Q(escalation_level__gte=EscalationLevel.KECAMATAN)
        )
    if area.level == Level.KABUPATEN_KOTA:
        return base & (
            Q(handler_area_id=area.code) | Q(escalation_level__gte=EscalationLevel.KABUPATEN)
        )
    return base


def complaint_list(
    *,
    user: Any,
    status: str = "",
    overdue: bool = False,
    escalated: bool = False,
    q: str = "",
    perm: str = Perm.COMPLAINTS_VIEW,
) -> QuerySet[Complaint]:
    """Return the complaints visible to *user*, newest first, optionally filtered."""
    qs = Complaint.objects.filter(visibility_q(user, perm)).select_related(
        "area", "category", "handler_area", "assignee"
    )
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, due_at__lt=timezone.now())
    if escalated:
        qs = qs.filter(escalation_level__gt=0)
    if q:
        qs = qs.filter(Q(number__iexact=q.strip()) | Q(title__icontains=q.strip()))
    return qs.order_by("-received_at")


def complaint_get_for_user(*, user: Any, pk: int, perm: str = Perm.COMPLAINTS_VIEW) -> Complaint:
    """Return complaint *pk* if *user* may see it with *perm*; 404 otherwise (no leak)."""
    complaint = (
        Complaint.objects.filter(visibility_q(user, perm))
        .select_related("area", "category", "handler_area", "assignee", "reporter_user")
        .filter(pk=pk)
        .first()
    )
    if complaint is None:
        raise Http404(_("Pengaduan tidak ditemukan."))
    return complaint


def complaint_track(*, number: str, code: str) -> Complaint:
    """Return the complaint with ticket *number* if *code* is its tracking code.

    Unknown ticket and wrong code give the same error, after the same work,
    so neither tells whether a ticket exists.
    """
    number = (number or "").strip().upper()
    complaint = (
        Complaint.objects.select_related("area", "category", "handler_area")
        .filter(number=number)
        .first()
        if len(number) <= 20
        else None
    )
    expected = complaint.tracking_hash if complaint else "0" * 64
    given = tracking_hash(code or "")
    if complaint is None or not hmac.compare_digest(expected, given):
        raise DomainError(_("Nomor tiket atau kode pelacakan tidak cocok."), code="not_found")
    return complaint


def complaint_get_for_reporter(*, user: Any, number: str) -> Complaint | None:
    """Return the complaint *number* filed by *user* through self-service, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Complaint.objects.select_related("area", "category", "handler_area")
        .filter(number=number, reporter_user=user)
        .first()
    )


def complaints_of_reporter(*, user: Any) -> QuerySet[Complaint]:
    """Return the complaints *user* filed while logged in."""
    return (
        Complaint.objects.filter(reporter_user=user)
        .select_related("category")
        .order_by("-received_at")
    )


def public_events(complaint: Complaint) -> QuerySet[ComplaintEvent]:
    """Return the steps the complainant may see (no internal notes, no names)."""
    return complaint.events.filter(is_public=True, kind__in=PUBLIC_EVENT_KINDS).order_by(
        "created_at", "id"
    )


def all_events(complaint: Complaint) -> QuerySet[ComplaintEvent]:
    """Return the whole timeline of *complaint* for its handlers."""
    return complaint.events.select_related("actor", "to_area").order_by("created_at", "id")


def categories_for_area(area: Area) -> list[Category]:
    """Return the active categories for complaints about *area*.

    The kabupaten's own categories replace the defaults with the same code.
    """
    kab = clock.kabupaten_code(area.code)
    rows = Category.objects.filter(Q(kabupaten__isnull=True) | Q(kabupaten_id=kab)).order_by(
        "order", "name"
    )
    chosen: dict[str, Category] = {}
    for row in rows:
        if row.code not in chosen or row.kabupaten_id is not None:
            chosen[row.code] = row
    return sorted((c for c in chosen.values() if c.is_active), key=lambda c: (c.order, c.name))


def categories_for_kabupaten(kabupaten: Area) -> list[Category]:
    """Return every category (active or not) that applies in *kabupaten*, for settings."""
    rows = Category.objects.filter(
        Q(kabupaten__isnull=True) | Q(kabupaten_id=kabupaten.code)
    ).order_by("order", "name")
    chosen: dict[str, Category] = {}
    for row in rows:
        if row.code not in chosen or row.kabupaten_id is not None:
            chosen[row.code] = row
    return sorted(chosen.values(), key=lambda c: (c.order, c.name))


def village_get(code: str) -> Area:
    """Return the active village (or dusun/RW/RT) *code* for the public form; 404 otherwise."""
    area = Area.objects.filter(code=code, is_active=True).first()
    if area is None or area.level != Level.DESA_KELURAHAN:
        raise Http404(_("Desa/kelurahan tidak ditemukan."))
    return area


def subareas_of(village: Area) -> QuerySet[Area]:
    """Return the dusun/RW/RT of *village* (names only, for choosing a location)."""
    return Area.objects.filter(code__within=village.code, is_active=True).order_by("code")


def officers_for(complaint: Complaint) -> list[User]:
    """Return the officers of *complaint*'s handling unit (the people it may be assigned to)."""
    ids = RoleAssignment.objects.filter(unit_officers_q(complaint)).values_list(
        "user_id", flat=True
    )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("first_name", "username"))


def forward_targets(complaint: Complaint) -> list[Area]:
    """Return the units *complaint* may be forwarded to (``complaint_forward`` checks the same).

    The other villages of its kabupaten, its kecamatan and its kabupaten (with
    an office chosen beside it), without the unit handling it now.
    """
    village = clock.village_code(complaint.area_id)
    kabupaten = clock.kabupaten_code(complaint.area_id)
    above = Area.objects.filter(code__in=[kecamatan_code(village), kabupaten])
    villages = Area.objects.filter(
        code__within=kabupaten, level=Level.DESA_KELURAHAN, is_active=True
    ).exclude(code=complaint.handler_area_id)
    nearest_first = sorted(above, key=lambda a: -len(a.code))
    return [*nearest_first, *villages.order_by("name", "code")]


def clock_ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def may_handle(user: Any, complaint: Complaint) -> bool:
    """Tell whether *user* may act on *complaint* now (handler or escalated-to level)."""
    if not access.has_perm(user, Perm.COMPLAINTS_HANDLE, complaint.area_id):
        return False
    return Complaint.objects.filter(
        visibility_q(user, Perm.COMPLAINTS_HANDLE), pk=complaint.pk
    ).exists()


def may_see_identity(user: Any, complaint: Complaint) -> bool:
    """Tell whether *user* may see who filed *complaint* (confidential: handlers only)."""
    if complaint.is_anonymous:
        return False
    if not complaint.is_confidential:
        return True
    return access.has_perm(user, Perm.COMPLAINTS_HANDLE, complaint.area_id)
