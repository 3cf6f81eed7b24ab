"""Writes to the region tree: villages manage their own dusun, RW and RT."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.errors import DomainError
from balai.regions.boundaries import BoundaryReport, load_boundaries
from balai.regions.loading import LoadReport, load_regions
from balai.regions.models import SUBAREA_PARENTS, Area, Kind, Level

SEGMENT_WIDTH: dict[str, int] = {Level.DUSUN: 2, Level.RW: 3, Level.RT: 3}
LEVEL_NOUN: dict[str, str] = {Level.DUSUN: "Dusun", Level.RW: "RW", Level.RT: "RT"}


def regions_load(**kwargs: Any) -> LoadReport:
    """Load or update the Kemendagri tree (see ``loading.load_regions``)."""
    return load_regions(**kwargs)


def boundaries_load(*, actor: Any = None, **kwargs: Any) -> BoundaryReport:
    """Load the bundled area polygons (see ``boundaries.load_boundaries``); audited."""
    from balai.regions.models import AreaBoundary

    report = load_boundaries(**kwargs)
    if report.created or report.updated:
        audit.record(
            actor=actor,
            action="regions.boundaries_loaded",
            obj=AreaBoundary,
            data={"created": report.created, "updated": report.updated},
        )
    return report


def subarea_create(
    *, actor: Any, parent: Area, level: str, name: str = "", number: int | None = None
) -> Area:
    """Create a dusun, RW or RT below *parent*.

    The code is the parent's code plus the number (``RT 003`` → ``.003``);
    without *number* the next free one is taken under a lock on the parent,
    so two operators adding RTs at once get different numbers.
    """
    if level not in SUBAREA_PARENTS:
        raise DomainError(_("Tingkat %(level)s tidak bisa ditambahkan.") % {"level": level})
    if parent.level not in SUBAREA_PARENTS[level] or not parent.is_active:
        raise DomainError(
            _("%(child)s tidak bisa berada di bawah %(parent)s.")
            % {"child": LEVEL_NOUN[level], "parent": parent}
        )
    width = SEGMENT_WIDTH[level]
    if number is not None and not 1 <= number < 10**width:
        raise DomainError(
            _("Nomor harus antara 1 dan %(max)d.") % {"max": 10**width - 1},
            field_errors={"number": [_("Nomor di luar rentang.")]},
        )
    with transaction.atomic():
        Area.objects.select_for_update().filter(code=parent.code).first()
        # RW and RT hanging directly under one dusun share the code space.
        children = Area.objects.filter(parent=parent).values_list("code", flat=True)
        taken = {int(code.rpartition(".")[2]) for code in children}
        if number is None:
            number = max(taken, default=0) + 1
        elif number in taken:
            raise DomainError(
                _("%(noun)s %(n)s sudah ada di %(parent)s.")
                % {"noun": LEVEL_NOUN[level], "n": f"{number:0{width}d}", "parent": parent},
                code="duplicate_area",
                field_errors={"number": [_("Nomor ini sudah dipakai.")]},
            )
        label = f"{number:0{width}d}"
        area = Area(
            code=f"{parent.code}.{label}",
            name=name.strip() or f"{LEVEL_NOUN[level]} {label}",
            level=level,
            kind=Kind(level),
            parent=parent,
            timezone=parent.timezone,
        )
        area.full_clean()
        area.save(force_insert=True)
    return area


def subarea_update(*, actor: Any, area: Area, name: str) -> Area:
    """Rename a dusun, RW or RT (Kemendagri areas change only through a load)."""
    if not area.is_subvillage:
        raise DomainError(_("Nama wilayah Kemendagri hanya berubah lewat pemuatan data resmi."))
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("Nama tidak boleh kosong."), field_errors={"name": [_("Wajib diisi.")]})
    with transaction.atomic():
        area = Area.objects.select_for_update().get(code=area.code)
        area.name = name
        area.full_clean()
        area.save(update_fields=["name", "updated_at"])
    return area


def subarea_deactivate(*, actor: Any, area: Area) -> Area:
    """Retire a dusun, RW or RT and everything below it; rows keep their code."""
    if not area.is_subvillage:
        raise DomainError(_("Wilayah Kemendagri tidak bisa dinonaktifkan dari sini."))
    with transaction.atomic():
        below = Area.objects.filter(code__within=area.code, is_active=True)
        n = below.update(is_active=False, updated_at=timezone.now())
        audit.record(actor=actor, action="regions.subarea_deactivated", obj=area, data={"areas": n})
    area.refresh_from_db()
    return area
