"""Reads of the registry, always through the area scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import audit
from balai.core.areacodes import is_at_least_village
from balai.registry import codes
from balai.registry.identifiers import normalise_number
from balai.registry.models import Family, LifeEvent, Resident

AGE_BANDS: list[tuple[str, int, int | None]] = [
    ("0-4", 0, 4),
    ("5-9", 5, 9),
    ("10-14", 10, 14),
    ("15-19", 15, 19),
    ("20-24", 20, 24),
    ("25-29", 25, 29),
    ("30-34", 30, 34),
    ("35-39", 35, 39),
    ("40-44", 40, 44),
    ("45-49", 45, 49),
    ("50-54", 50, 54),
    ("55-59", 55, 59),
    ("60-64", 60, 64),
    ("65-69", 65, 69),
    ("70-74", 70, 74),
    ("75+", 75, None),
]


@dataclass(frozen=True)
class ResidentFilters:
    q: str = ""
    area: str = ""
    sex: int | None = None
    status: int | None = codes.BasicStatus.ALIVE
    age_band: str = ""
    pregnant: bool | None = None


def birth_range(band: str, today: date) -> Q:
    """Return a filter on birth_date for an age band like ``"20-24"`` or ``"75+"``."""
    for label, low, high in AGE_BANDS:
        if label == band:
            latest = _years_before(today, low)
            q = Q(birth_date__lte=latest)
            if high is not None:
                q &= Q(birth_date__gt=_years_before(today, high + 1))
            return q
    raise ValueError(band)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def search_q(text: str) -> Q:
    """Match a NIK or No. KK (digits, prefix) or a name (words, any order)."""
    digits = normalise_number(text)
    if digits.isdigit() and len(digits) >= 6:
        return Q(nik__startswith=digits) | Q(family__no_kk__startswith=digits)
    q = Q()
    for word in text.split():
        q &= Q(name__icontains=word)
    return q


def resident_list(*, user: Any, filters: ResidentFilters | None = None) -> QuerySet[Resident]:
    """Return the residents *user* may see, filtered, with area and family loaded."""
    f = filters or ResidentFilters()
    qs = access.scoped(Resident.objects.all(), user, Perm.REGISTRY_VIEW)
    if f.q.strip():
        qs = qs.filter(search_q(f.q.strip()))
    if f.area:
        qs = qs.filter(area__within=f.area)
    if f.sex:
        qs = qs.filter(sex=f.sex)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.age_band:
        qs = qs.filter(birth_range(f.age_band, timezone.localdate()))
    if f.pregnant is not None:
        qs = qs.filter(pregnant=f.pregnant)
    return qs.select_related("area", "family").order_by("name", "id")


def resident_get_for_user(*, user: Any, pk: int, log_view: bool = True) -> Resident:
    """Return one resident *user* may see (404 otherwise); log the view."""
    resident = access.get_in_scope(
        Resident.objects.select_related("area", "family", "household"),
        user,
        Perm.REGISTRY_VIEW,
        pk=pk,
        message=_("Penduduk tidak ditemukan."),
    )
    if log_view:
        audit.record_view(actor=user, obj=resident)
    return resident


def resident_events(resident: Resident) -> QuerySet[LifeEvent]:
    """Return *resident*'s life events, oldest first."""
    return resident.events.select_related("recorded_by", "family_before", "family_after")


def family_list(*, user: Any, q: str = "", area: str = "") -> QuerySet[Family]:
    """Return the families *user* may see."""
    qs = access.scoped(Family.objects.all(), user, Perm.REGISTRY_VIEW).select_related("area")
    if q:
        digits = normalise_number(q)
        qs = (
            qs.filter(no_kk__startswith=digits)
            if digits.isdigit()
            else qs.filter(
                members__name__icontains=q, members__family_relation=codes.FamilyRelation.HEAD
            )
        )
    if area:
        qs = qs.filter(area__within=area)
    return qs.order_by("no_kk")


def family_get_for_user(*, user: Any, pk: int) -> Family:
    """Return one family *user* may see (404 otherwise)."""
    return access.get_in_scope(
        Family.objects.select_related("area"),
        user,
        Perm.REGISTRY_VIEW,
        pk=pk,
        message=_("Keluarga tidak ditemukan."),
    )


def family_head(family: Family) -> Resident | None:
    """Return the living head of *family*, if recorded."""
    return (
        family.members.filter(
            family_relation=codes.FamilyRelation.HEAD, status=codes.BasicStatus.ALIVE
        )
        .order_by("id")
        .first()
    )


def may_see_identity(user: Any, area_code: str) -> bool:
    """Tell whether *user* may see full NIK and No. KK of people in *area_code*."""
    return access.has_perm(user, Perm.REGISTRY_VIEW_IDENTITY, area_code)


def mask_number(value: str) -> str:
    """Hide the birth date and serial of a NIK/No. KK: ``732203******0001`` → region kept."""
    if len(value) != 16:
        return value
    return value[:6] + "••••••" + value[12:]


# ---- people pages and API (lists with keyset pagination) --------------------

PAGE_SIZE = 25


def people_search_q(text: str) -> Q:
    """Match a NIK prefix, a No. KK prefix or name words, each on its own index.

    Unlike ``search_q`` the No. KK branch is resolved to family ids first, so
    PostgreSQL can OR two index scans instead of joining every resident.
    """
    digits = normalise_number(text)
    if digits.isdigit() and len(digits) >= 6:
        family_ids = list(
            Family.objects.filter(no_kk__startswith=digits).values_list("id", flat=True)[:200]
        )
        q = Q(nik__startswith=digits)
        return q | Q(family_id__in=family_ids) if family_ids else q
    q = Q()
    for word in text.split()[:5]:
        q &= Q(name__icontains=word)
    return q


def resident_page(
    *, user: Any, filters: ResidentFilters, after: int | None = None, size: int = PAGE_SIZE
) -> tuple[list[Resident], int | None]:
    """Return one page of ``resident_list`` (by name, id) and the cursor of the next.

    Keyset pagination: the page after resident *after* starts past its (name, id);
    one row more than *size* is fetched to tell whether a next page exists, so no
    COUNT(*) runs over the table. A name search gives its best matches first
    (see :func:`resident_name_search`).
    """
    if is_name_query(filters.q):
        rows, next_after, _matches = resident_name_search(
            user=user, filters=filters, after=after, size=size
        )
        return rows, next_after
    qs = resident_list(user=user, filters=ResidentFilters(**{**filters.__dict__, "q": ""}))
    if filters.q.strip():
        qs = qs.filter(people_search_q(filters.q.strip()))
    if after is not None:
        last = qs.filter(pk=after).values_list("name", flat=True).first()
        if last is not None:
            qs = qs.filter(Q(name__gt=last) | Q(name=last, id__gt=after))
    rows = list(qs[: size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    return rows, (rows[-1].pk if has_next else None)


NAME_PAGE_SIZE = 50  # matches per page of a name search
NAME_MATCH_CAP = 1000  # a name search counts its matches up to this many


@dataclass(frozen=True)
class NameMatches:
    """How many residents a name search matched: exactly up to the cap, else "more"."""

    count: int
    more: bool  # more than NAME_MATCH_CAP (see ``resident_name_search``)


def is_name_query(text: str) -> bool:
    """Tell whether *text* searches names (not a NIK/No. KK prefix)."""
    digits = normalise_number(text)
    return bool(text.strip()) and not (digits.isdigit() and len(digits) >= 6)


def _name_key() -> Any:
    """``UPPER(name)``, in byte order on PostgreSQL (its index: migration 0006)."""
    from django.db import connection
    from django.db.models.functions import Collate, Upper

    key = Upper("name")
    return Collate(key, "C") if connection.vendor == "postgresql" else key


def resident_name_search(
    *, user: Any, filters: ResidentFilters, after: int | None = None, size: int = NAME_PAGE_SIZE
) -> tuple[list[Resident], int | None, NameMatches]:
    """Return the best matches of a name search, the next page's cursor and the count.

    A resident matches when the name holds every word typed (any order, any case).
    Best first: names that start with the text as typed, then the other matches;
    each group in alphabetical order (of the upper-cased name), *size* per page.
    Matches are counted up to ``NAME_MATCH_CAP`` only (no COUNT over the table).
    Beyond the cap, every name starting with the text is listed in order (a range
    of the name index on PostgreSQL), then the other matches among the first
    ``NAME_MATCH_CAP`` found; the page tells the user to narrow the search.
    """
    text = " ".join(filters.q.upper().split()[:5])
    base = resident_list(user=user, filters=ResidentFilters(**{**filters.__dict__, "q": ""}))
    matches = base.filter(people_search_q(text))
    # The first matches found, with their keys, ranked here: at most cap + 1 rows.
    keys = dict(
        matches.annotate(name_key=_name_key())
        .order_by()
        .values_list("id", "name_key")[: NAME_MATCH_CAP + 1]
    )
    more = len(keys) > NAME_MATCH_CAP

    def order(pk: int, key: str) -> tuple[int, str, int]:
        return (0 if key.startswith(text) else 1, key, pk)

    cursor = None
    if after is not None:
        found = base.filter(pk=after).annotate(name_key=_name_key()).values_list("name_key").first()
        cursor = order(after, found[0]) if found else None
    ids: list[int] = []
    if more and (cursor is None or cursor[0] == 0):
        # Every name starting with the text, in order: a range of the name index.
        starting = base.annotate(name_key=_name_key()).filter(name_key__startswith=text)
        if cursor is not None:
            starting = starting.filter(
                Q(name_key__gt=cursor[1]) | Q(name_key=cursor[1], id__gt=after)
            )
        ids = list(starting.order_by("name_key", "id").values_list("id", flat=True)[: size + 1])
        cursor = None if len(ids) <= size else cursor
        others = [order(pk, key) for pk, key in keys.items() if not key.startswith(text)]
    else:
        others = [order(pk, key) for pk, key in keys.items()]
    if len(ids) <= size:
        others.sort()
        ids += [o[2] for o in others if cursor is None or o > cursor][: size + 1 - len(ids)]
    has_next = len(ids) > size
    ids = ids[:size]
    by_id = {r.pk: r for r in base.filter(id__in=ids)}
    rows = [by_id[pk] for pk in ids if pk in by_id]
    matched = NameMatches(count=min(len(keys), NAME_MATCH_CAP), more=more)
    return rows, (ids[-1] if has_next else None), matched


def family_page(
    *, user: Any, q: str = "", area: str = "", after: str = "", size: int = PAGE_SIZE
) -> tuple[list[Family], str | None]:
    """Return one page of families (by No. KK) with the head's name and member count."""
    qs = family_export_list(user=user, q=q, area=area)
    if after:
        qs = qs.filter(no_kk__gt=after)
    rows: list[Family] = list(qs[: size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    return rows, (rows[-1].no_kk if has_next else None)


def family_export_list(*, user: Any, q: str = "", area: str = "") -> QuerySet[Family]:
    """Return the families *user* may see, filtered, with ``head_name`` and ``member_count``."""
    from django.db.models import Count, OuterRef, Subquery

    qs = access.scoped(Family.objects.all(), user, Perm.REGISTRY_VIEW).select_related("area")
    q = q.strip()
    if q:
        digits = normalise_number(q)
        if digits.isdigit():
            qs = qs.filter(no_kk__startswith=digits)
        else:
            heads = Resident.objects.filter(family_relation=codes.FamilyRelation.HEAD)
            for word in q.split()[:5]:
                heads = heads.filter(name__icontains=word)
            qs = qs.filter(pk__in=heads.values("family_id"))
    if area:
        qs = qs.filter(area__within=area)
    head = Resident.objects.filter(
        family=OuterRef("pk"),
        family_relation=codes.FamilyRelation.HEAD,
        status=codes.BasicStatus.ALIVE,
    ).order_by("id")
    members = (
        Resident.objects.filter(family=OuterRef("pk"), status=codes.BasicStatus.ALIVE)
        .order_by()
        .values("family")
        .annotate(n=Count("id"))
        .values("n")
    )
    return qs.annotate(
        head_name=Subquery(head.values("name")[:1]), member_count=Subquery(members)
    ).order_by("no_kk")


def family_members(family: Family) -> QuerySet[Resident]:
    """Return *family*'s members, living first, head first, then by birth date."""
    from django.db.models import Case, When

    alive_first = Case(When(status=codes.BasicStatus.ALIVE, then=0), default=1)
    return (
        family.members.select_related("area")
        .annotate(alive_first=alive_first)
        .order_by("alive_first", "family_relation", "birth_date", "id")
    )


_AREA_CHOICES: dict[str | None, tuple[float, list[tuple[str, str]]]] = {}


def areas_for_filter(user: Any, perm: str = Perm.REGISTRY_VIEW) -> list[tuple[str, str]]:
    """Return (code, label) of the areas *user* may narrow a list to.

    Sub-village areas only inside a village; above it the Kemendagri levels.
    Cached per scope for five minutes: the tree changes rarely and a kabupaten
    has a few hundred areas to list on every page.
    """
    import time

    from balai.regions.models import KEMENDAGRI_LEVELS, Area, Level

    code = access.scope_code(user, perm)
    hit = _AREA_CHOICES.get(code)
    if hit and time.monotonic() - hit[0] < 300:
        return hit[1]
    qs = Area.objects.filter(is_active=True).order_by("code")
    if code is None:
        qs = qs.filter(level=Level.KABUPATEN_KOTA)
    else:
        qs = qs.filter(code__within=code).exclude(code=code)
        if not is_at_least_village(code):  # above a village: its kecamatan and desa/kelurahan
            qs = qs.filter(level__in=KEMENDAGRI_LEVELS)
    choices = [(c, f"{name} ({c})") for c, name in qs.values_list("code", "name")[:600]]
    _AREA_CHOICES[code] = (time.monotonic(), choices)
    return choices


def areas_for_residents(user: Any, village_code: str) -> list[Any]:
    """Return the areas of village *village_code* a resident may be placed in by *user*."""
    from balai.regions.models import Area

    qs = Area.objects.filter(is_active=True, code__within=village_code).order_by("code")
    return [a for a in qs if access.has_perm(user, Perm.REGISTRY_CHANGE, a)]


def villages_for_change(user: Any) -> list[Any]:
    """Return the villages and sub-village areas where *user* may register residents."""
    from balai.regions.models import Area, Level

    code = access.scope_code(user, Perm.REGISTRY_CHANGE)
    qs = Area.objects.filter(is_active=True).order_by("code")
    levels = [Level.DESA_KELURAHAN, Level.DUSUN, Level.RW, Level.RT]
    if code is None:
        return list(qs.filter(level=Level.DESA_KELURAHAN)[:600])
    return list(qs.filter(code__within=code, level__in=levels)[:600])


def family_get_by_kk_for_user(*, user: Any, no_kk: str, perm: str) -> Family | None:
    """Return the family with *no_kk* if *user* may use *perm* on it (None otherwise)."""
    qs = access.scoped(Family.objects.select_related("area"), user, perm)
    return qs.filter(no_kk=normalise_number(no_kk)).first()
