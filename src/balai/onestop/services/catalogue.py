"""Writes to the catalogue: providers, services and their standards, units, counters, quotas."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.errors import ConflictError, DomainError
from balai.letters.catalogue import letter_type
from balai.onestop.models import (
    HOLDING,
    Appointment,
    Counter,
    CounterDay,
    Location,
    LocationKind,
    Provider,
    Service,
)
from balai.onestop.services.queue import lock_day
from balai.regions.models import Area, Level

# PermenPANRB 15/2014: the six components a provider must publish, by field.
PUBLISHED_COMPONENTS: tuple[tuple[str, str], ...] = (
    ("requirements", "Persyaratan"),
    ("procedure", "Sistem, mekanisme dan prosedur"),
    ("time_value", "Jangka waktu penyelesaian"),
    ("cost", "Biaya/tarif"),
    ("product", "Produk pelayanan"),
    ("complaint_channel", "Penanganan pengaduan, saran dan masukan"),
)

# The level of the area that runs each kind of unit.
OWNER_LEVEL: dict[str, str] = {
    LocationKind.MPP: Level.KABUPATEN_KOTA,
    LocationKind.PATEN: Level.KECAMATAN,
    LocationKind.DESA: Level.DESA_KELURAHAN,
}


def _lines(value: Iterable[str] | str) -> list[str]:
    items = value.splitlines() if isinstance(value, str) else list(value)
    return [line.strip() for line in items if line and line.strip()]


def provider_save(*, actor: Any, kabupaten: Area, code: str, name: str, kind: str) -> Provider:
    """Create or rename the provider *code* of *kabupaten*'s catalogue."""
    if kabupaten.level != Level.KABUPATEN_KOTA:
        raise DomainError(_("Katalog pelayanan dibuat per kabupaten/kota."))
    with transaction.atomic():
        provider = Provider.objects.filter(area=kabupaten, code=code).first() or Provider(
            area=kabupaten, code=code
        )
        provider.name = name.strip()
        provider.kind = kind
        provider.full_clean()
        provider.save()
        audit.record(actor=actor, action="onestop.provider_saved", obj=provider)
    return provider


def check_standard(values: dict[str, Any]) -> None:
    """Raise a DomainError naming every published standard component that is missing."""
    missing: dict[str, list[str]] = {}
    for field, _label in PUBLISHED_COMPONENTS:
        value = values.get(field)
        empty = (
            not value
            if field in ("requirements", "procedure", "product", "complaint_channel")
            else value is None or (field == "time_value" and value < 1) or value < 0
        )
        if empty:
            missing[field] = [_("Komponen standar pelayanan ini wajib diisi.")]
    if missing:
        names = ", ".join(_(label) for field, label in PUBLISHED_COMPONENTS if field in missing)
        raise DomainError(
            _("Standar pelayanan belum lengkap (PermenPANRB 15/2014): %(names)s.")
            % {"names": names},
            field_errors=missing,
        )
    unknown = [code for code in values.get("letter_types") or [] if letter_type(code) is None]
    if unknown:
        raise DomainError(
            _("Jenis surat desa tidak dikenal: %(codes)s.") % {"codes": ", ".join(unknown)},
            field_errors={"letter_types": [_("Pilih jenis surat dari daftar.")]},
        )


def service_save(
    *, actor: Any, provider: Provider, code: str, service: Service | None = None, **values: Any
) -> Service:
    """Create (or, given *service*, update) a catalogue service with a complete standard.

    *values* are the model's fields; ``requirements`` and ``procedure`` may be
    text (one item per line). Nothing is written when a component is missing.
    """
    for field in ("requirements", "procedure"):
        if field in values:
            values[field] = _lines(values[field])
    values["letter_types"] = list(dict.fromkeys(values.get("letter_types") or []))
    merged = {
        field: values.get(field, getattr(service, field, None))
        for field, _label in PUBLISHED_COMPONENTS
    }
    merged["letter_types"] = values["letter_types"]
    check_standard(merged)
    with transaction.atomic():
        if service is None:
            service = Service(area=provider.area, provider=provider, code=code)
        else:
            service = Service.objects.select_for_update().get(pk=service.pk)
            service.provider = provider
        for field, value in values.items():
            setattr(service, field, value.strip() if isinstance(value, str) else value)
        service.full_clean(validate_constraints=False, validate_unique=False)
        try:
            with transaction.atomic():
                service.save()
        except IntegrityError:
            raise ConflictError(
                _("Kode layanan %(code)s sudah dipakai di katalog ini.") % {"code": code},
                field_errors={"code": [_("Kode sudah dipakai.")]},
            ) from None
        audit.record(actor=actor, action="onestop.service_saved", obj=service)
    return service


def location_save(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    owner: Area,
    area: Area,
    address: str = "",
    opening_hours: str = "",
) -> Location:
    """Create or update the service unit *code*: run by *owner*, sitting in village *area*."""
    if owner.level != OWNER_LEVEL.get(kind):
        raise DomainError(
            _("Unit %(kind)s diselenggarakan oleh wilayah tingkat yang sesuai.")
            % {"kind": LocationKind(kind).label}
        )
    if area.level != Level.DESA_KELURAHAN or not owner.contains(area.code):
        raise DomainError(
            _("Lokasi unit harus desa/kelurahan di wilayah penyelenggaranya."),
            field_errors={"area": [_("Pilih desa/kelurahan lokasi unit.")]},
        )
    with transaction.atomic():
        location = Location.objects.filter(code=code).first() or Location(code=code)
        if location.pk and location.owner_id != owner.code:
            raise ConflictError(_("Kode unit sudah dipakai penyelenggara lain."))
        for field, value in {
            "name": name.strip(),
            "kind": kind,
            "owner": owner,
            "area": area,
            "address": address.strip(),
            "opening_hours": opening_hours.strip(),
        }.items():
            setattr(location, field, value)
        location.full_clean()
        location.save()
        audit.record(actor=actor, action="onestop.location_saved", obj=location)
    return location


def _booked_peak(counter: Counter, since: date) -> int:
    """Return the most bookings holding a place on any day from *since* at *counter*."""
    rows = (
        Appointment.objects.filter(counter=counter, day__gte=since, status__in=HOLDING)
        .exclude(day__in=CounterDay.objects.filter(counter=counter).values("day"))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("-n")[:1]
    )
    return rows[0]["n"] if rows else 0


def counter_save(
    *,
    actor: Any,
    location: Location,
    prefix: str,
    name: str,
    services: Iterable[Service],
    opens_at: time,
    closes_at: time,
    slot_minutes: int = 30,
    slot_capacity: int = 4,
    daily_quota: int = 40,
    today: date | None = None,
) -> Counter:
    """Create or update the counter *prefix* of *location*.

    The daily quota may not fall below the bookings already made for a
    coming day that has no quota of its own.
    """
    prefix = prefix.strip().upper()
    if not prefix.isalnum() or not 1 <= len(prefix) <= 3:
        raise DomainError(
            _("Huruf antrean 1-3 huruf/angka."), field_errors={"prefix": [_("Contoh: A, B, DK.")]}
        )
    services = list(services)
    foreign = [s for s in services if not location.owner.code.startswith(s.area_id)]
    if foreign or not services:
        raise DomainError(
            _("Pilih paling sedikit satu layanan dari katalog kabupaten unit ini."),
            field_errors={"services": [_("Pilih layanan.")]},
        )
    with transaction.atomic():
        counter = Counter.objects.select_for_update().filter(
            location=location, prefix=prefix
        ).first() or Counter(location=location, prefix=prefix)
        if counter.pk:
            peak = _booked_peak(counter, today or date.min)
            if daily_quota < peak:
                raise ConflictError(
                    _(
                        "Kuota %(quota)s lebih kecil dari janji yang sudah dipesan (%(n)s) "
                        "pada salah satu hari mendatang."
                    )
                    % {"quota": daily_quota, "n": peak},
                    field_errors={"daily_quota": [_("Naikkan kuota atau atur kuota per hari.")]},
                )
        counter.name = name.strip()
        counter.opens_at = opens_at
        counter.closes_at = closes_at
        counter.slot_minutes = slot_minutes
        counter.slot_capacity = slot_capacity
        counter.daily_quota = daily_quota
        if opens_at >= closes_at:
            raise DomainError(
                _("Jam tutup harus setelah jam buka."),
                field_errors={"closes_at": [_("Jam tutup harus setelah jam buka.")]},
            )
        counter.full_clean(validate_constraints=False)
        counter.save()
        counter.services.set(services)
        audit.record(
            actor=actor,
            action="onestop.counter_saved",
            obj=counter,
            data={"services": [s.code for s in services], "daily_quota": daily_quota},
        )
    return counter


def counter_quota_set(
    *, actor: Any, counter: Counter, day: date, quota: int, today: date
) -> CounterDay:
    """Set *counter*'s booking quota for *day*; never below the bookings already made."""
    if day < today:
        raise DomainError(
            _("Kuota hanya dapat diatur untuk hari ini atau hari mendatang."),
            field_errors={"day": [_("Tanggal sudah lewat.")]},
        )
    if quota < 0 or quota > 2000:
        raise DomainError(_("Kuota 0 sampai 2000."), field_errors={"quota": [_("0-2000.")]})
    with transaction.atomic():
        lock_day(counter, day)
        booked = Appointment.objects.filter(counter=counter, day=day, status__in=HOLDING).count()
        if quota < booked:
            raise ConflictError(
                _(
                    "Kuota %(quota)s lebih kecil dari %(n)s janji yang sudah dipesan pada tanggal "
                    "itu. Tidak ada yang diubah."
                )
                % {"quota": quota, "n": booked},
                field_errors={"quota": [_("Minimal %(n)s.") % {"n": booked}]},
            )
        row, _created = CounterDay.objects.update_or_create(
            counter=counter, day=day, defaults={"quota": quota}
        )
        audit.record(
            actor=actor,
            action="onestop.quota_set",
            obj=counter,
            data={"day": day.isoformat(), "quota": quota, "booked": booked},
        )
    return row
