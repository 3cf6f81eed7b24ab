"""Writes to the supply register: create and edit service points."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.areacodes import kabupaten_code, village_code
from balai.core.errors import DomainError
from balai.facilities.models import SCHOOL_KINDS, PointKind, ServicePoint
from balai.posyandu.models import Posyandu
from balai.regions import geo
from balai.regions.models import Area, AreaBoundary, Level

FIELDS = ("kind", "name", "npsn", "latitude", "longitude", "capacity", "staff_count", "is_active")


def check_location(*, village: Area, latitude: Decimal | None, longitude: Decimal | None) -> None:
    """Raise DomainError when the point is not inside the village's kabupaten.

    Uses the kabupaten's polygon when loaded, otherwise Indonesia's bounding
    box; both coordinates or neither.
    """
    if latitude is None and longitude is None:
        return
    if latitude is None or longitude is None:
        raise DomainError(
            _("Isi lintang dan bujur sekaligus, atau kosongkan keduanya."),
            field_errors={"latitude": [_("Lintang dan bujur harus diisi bersama.")]},
        )
    lat, lng = float(latitude), float(longitude)
    boundary = AreaBoundary.objects.filter(area_id=kabupaten_code(village.code)).first()
    if boundary is not None:
        if not geo.contains(boundary.geometry, lng, lat):
            message = _(
                "Koordinat %(lat)s, %(lng)s berada di luar wilayah %(kab)s. Periksa lintang "
                "(negatif di selatan khatulistiwa) dan bujur."
            ) % {"lat": latitude, "lng": longitude, "kab": boundary.area}
            raise DomainError(message, field_errors={"latitude": [message]})
    elif not geo.in_indonesia(lng, lat):
        message = _(
            "Koordinat %(lat)s, %(lng)s berada di luar Indonesia. Lintang antara -11 dan 6, "
            "bujur antara 95 dan 141."
        ) % {"lat": latitude, "lng": longitude}
        raise DomainError(message, field_errors={"latitude": [message]})


def _validate(point: ServicePoint, village: Area, posyandu: Posyandu | None) -> None:
    if village.level != Level.DESA_KELURAHAN:
        raise DomainError(_("Titik layanan dicatat per desa/kelurahan."))
    if point.kind == PointKind.POSYANDU:
        if posyandu is None:
            raise DomainError(
                _("Titik posyandu harus menunjuk unit posyandu desa ini."),
                field_errors={"posyandu": [_("Pilih unit posyandu.")]},
            )
        if village_code(str(posyandu.area_id)) != village.code:
            raise DomainError(
                _("Posyandu %(p)s tidak berada di desa ini.") % {"p": posyandu.name},
                field_errors={"posyandu": [_("Posyandu di luar desa ini.")]},
            )
    elif posyandu is not None:
        raise DomainError(_("Hanya titik berjenis posyandu yang menunjuk unit posyandu."))
    check_location(village=village, latitude=point.latitude, longitude=point.longitude)
    if point.npsn and point.kind not in SCHOOL_KINDS:
        raise DomainError(
            _("NPSN hanya untuk sekolah dan PKBM."),
            field_errors={"npsn": [_("Kosongkan NPSN untuk jenis ini.")]},
        )
    if point.npsn and ServicePoint.objects.filter(npsn=point.npsn).exclude(pk=point.pk).exists():
        raise DomainError(
            _("NPSN %(n)s sudah dipakai titik layanan lain.") % {"n": point.npsn},
            field_errors={"npsn": [_("NPSN sudah dipakai.")]},
        )
    if (
        ServicePoint.objects.filter(area=village, kind=point.kind, name__iexact=point.name)
        .exclude(pk=point.pk)
        .exists()
    ):
        raise DomainError(
            _("%(kind)s bernama %(name)s sudah ada di desa ini.")
            % {"kind": point.get_kind_display(), "name": point.name},
            field_errors={"name": [_("Nama sudah dipakai.")]},
        )
    try:
        point.full_clean()
    except ValidationError as exc:
        errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        raise DomainError(_("Data titik layanan belum benar."), field_errors=errors) from exc


def servicepoint_create(
    *,
    actor: Any,
    village: Area,
    kind: str,
    name: str,
    posyandu: Posyandu | None = None,
    npsn: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    capacity: int | None = None,
    staff_count: int | None = None,
    is_active: bool = True,
) -> ServicePoint:
    """Add a service point to *village* (a posyandu point locates one posyandu unit)."""
    point = ServicePoint(
        area=village,
        kind=kind,
        name=(posyandu.name if posyandu is not None and not name.strip() else name.strip()),
        posyandu=posyandu,
        npsn=npsn.strip(),
        latitude=latitude,
        longitude=longitude,
        capacity=capacity,
        staff_count=staff_count,
        is_active=is_active,
    )
    with transaction.atomic():
        _validate(point, village, posyandu)
        point.save()
        audit.record(actor=actor, action="facilities.point_created", obj=point)
    return point


def servicepoint_update(*, actor: Any, point: ServicePoint, **changes: Any) -> ServicePoint:
    """Change a service point's fields (``FIELDS`` and ``posyandu``); its village stays."""
    unknown = set(changes) - set(FIELDS) - {"posyandu"}
    if unknown:
        raise DomainError(_("Kolom tidak dikenal: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        locked = ServicePoint.objects.select_for_update().get(pk=point.pk)
        for field, value in changes.items():
            setattr(locked, field, value.strip() if isinstance(value, str) else value)
        _validate(locked, locked.area, locked.posyandu)
        locked.save()
        audit.record(
            actor=actor,
            action="facilities.point_updated",
            obj=locked,
            data={"fields": sorted(changes)},
        )
    return locked
