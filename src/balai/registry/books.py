"""The population books of village administration (Permendagri 47/2016, B.1 and B.2).

- **Buku induk penduduk**: everyone on the village register at the end of a month —
  a resident counts when their latest population-changing life event (entry: +1,
  leaving: -1, see ``models.POPULATION_DELTA``) dated on or before the month's last
  day is an entry. Past months are therefore read back from the events, not from
  today's status.
- **Buku mutasi penduduk desa**: the births, deaths and moves in and out of one
  month, by event date (the date on the certificate, as the book asks).

Both are reads of one village: above a village the caller picks one. Rows come
through the caller's scope (``access.scoped``), so the books answer the same
as the resident list does.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.areacodes import VILLAGE_CODE_LENGTH, village_code
from balai.registry import codes
from balai.registry.models import EventKind, LifeEvent, Resident

# The events of the buku mutasi: additions, then reductions.
MUTATION_ADDITIONS = (EventKind.BIRTH, EventKind.MOVE_IN)
MUTATION_REDUCTIONS = (EventKind.DEATH, EventKind.MOVE_OUT)


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def param(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def may_open_books(user: Any) -> bool:
    """Tell whether *user*'s acting role keeps or supervises the village books.

    The village office and the kecamatan/kabupaten supervisors (registry
    statistics, at a village or above); not RT/RW heads, kepala dusun or cadres,
    who see their own people in the resident list.
    """
    if not access.has_perm(user, Perm.REGISTRY_STATS):
        return False
    scope = access.scope_code(user, Perm.REGISTRY_VIEW)
    return scope is None or len(scope) <= VILLAGE_CODE_LENGTH


def book_village(user: Any, area: str) -> str | None:
    """Return the village code a book is read for: *area*'s village, or the caller's own.

    None when neither names a village (a kecamatan or kabupaten role that has not
    picked one yet).
    """
    code = area or access.scope_code(user, Perm.REGISTRY_VIEW) or ""
    if len(code) < VILLAGE_CODE_LENGTH:
        return None
    return village_code(code)


def induk_list(*, user: Any, area: str, month: Month) -> QuerySet[Resident]:
    """Return the residents on the register of *area* at the end of *month* (buku induk).

    *area* is a village or one of its dusun/RW/RT; rows outside *user*'s scope never
    appear. Ordered by name, as the book is kept.
    """
    last_change = (
        LifeEvent.objects.filter(resident=OuterRef("pk"), event_date__lte=month.last)
        .exclude(delta=0)
        .order_by("-event_date", "-id")
        .values("delta")[:1]
    )
    qs = access.scoped(Resident.objects.all(), user, Perm.REGISTRY_VIEW)
    return (
        qs.filter(area__within=area)
        .annotate(on_register=Subquery(last_change))
        .filter(on_register=1)
        .select_related("area", "family")
        .order_by("name", "id")
    )


def mutation_list(*, user: Any, area: str, month: Month) -> QuerySet[LifeEvent]:
    """Return the births, moves in, deaths and moves out in *area* during *month*."""
    kinds = [*MUTATION_ADDITIONS, *MUTATION_REDUCTIONS]
    qs = access.scoped(LifeEvent.objects.all(), user, Perm.REGISTRY_VIEW)
    return (
        qs.filter(
            area__within=area,
            kind__in=kinds,
            event_date__gte=month.first,
            event_date__lte=month.last,
        )
        .select_related("resident", "area")
        .order_by("event_date", "id")
    )


@dataclass(frozen=True)
class MutationSummary:
    births: int
    moves_in: int
    deaths: int
    moves_out: int

    @property
    def added(self) -> int:
        return self.births + self.moves_in

    @property
    def removed(self) -> int:
        return self.deaths + self.moves_out


def mutation_summary(events: list[LifeEvent]) -> MutationSummary:
    """Count the month's events by kind (the book's closing line)."""
    kinds = [e.kind for e in events]
    return MutationSummary(
        births=kinds.count(EventKind.BIRTH),
        moves_in=kinds.count(EventKind.MOVE_IN),
        deaths=kinds.count(EventKind.DEATH),
        moves_out=kinds.count(EventKind.MOVE_OUT),
    )


# ---- rows as the books lay them out (pages, print and XLSX share them) ---------


def _date(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def birth_line(r: Resident) -> str:
    """``Masamba, 17-05-1990`` (place and date of birth in one cell, as printed)."""
    return ", ".join(p for p in (r.birth_place, _date(r.birth_date)) if p)


def induk_header() -> list[str]:
    return [
        _("No."),
        _("Nama lengkap"),
        _("Jenis kelamin"),
        _("Status perkawinan"),
        _("Tempat, tanggal lahir"),
        _("Agama"),
        _("Pendidikan terakhir"),
        _("Pekerjaan"),
        _("Kewarganegaraan"),
        _("Alamat"),
        _("Kedudukan dalam keluarga"),
        _("NIK"),
        _("No. KK"),
    ]


def induk_row(n: int, r: Resident, *, nik: str, no_kk: str) -> list[Any]:
    """One line of the buku induk; *nik* and *no_kk* as the caller may see them."""
    return [
        n,
        r.name,
        r.get_sex_display(),
        codes.marital_label(r),
        birth_line(r),
        r.get_religion_display() if r.religion else "",
        r.get_education_kk_display() if r.education_kk else "",
        r.get_occupation_display() if r.occupation else "",
        r.get_citizenship_display(),
        " ".join(p for p in ((r.family.address if r.family else ""), r.area.name) if p),
        r.get_family_relation_display() if r.family_relation else "",
        nik,
        no_kk,
    ]


def mutation_header() -> list[str]:
    return [
        _("No."),
        _("Nama lengkap"),
        _("Jenis kelamin"),
        _("Tempat, tanggal lahir"),
        _("Kewarganegaraan"),
        _("Peristiwa"),
        _("Tanggal peristiwa"),
        _("Datang dari / pindah ke / tempat"),
        _("Keterangan"),
    ]


def mutation_row(n: int, e: LifeEvent) -> list[Any]:
    r = e.resident
    return [
        n,
        r.name,
        e.get_sex_display(),
        birth_line(r),
        r.get_citizenship_display(),
        e.get_kind_display(),
        _date(e.event_date),
        e.place,
        e.note,
    ]
