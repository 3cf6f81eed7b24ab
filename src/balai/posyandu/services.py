"""Writes of the posyandu module: units, cadres, enrolment, visits, pregnancies.

Services trust their caller to have fetched the objects through a scoped
selector; they enforce business rules (DomainError, Indonesian messages),
compute the growth figures at save time and keep the prevalence cells exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import RoleAssignment
from balai.accounts.roles import Role
from balai.core import audit
from balai.core.areacodes import village_code
from balai.core.errors import DomainError
from balai.indicators.services import mark_changed
from balai.posyandu.assessment import Assessment, assess, completed_months
from balai.posyandu.models import (
    CadreLink,
    ChildVisit,
    Enrolment,
    EnrolmentKind,
    Growth,
    Posyandu,
    Pregnancy,
    PregnancyVisit,
    Risk,
    Vaccine,
)
from balai.posyandu.periods import Period, add_months, periods_of
from balai.posyandu.prevalence import villages_touched
from balai.regions.models import Area, Level
from balai.registry import codes
from balai.registry.models import EventKind, Resident
from balai.registry.services import resident_register

KEK_MUAC_CM = Decimal("23.5")
# Kenaikan berat badan minimal (KMS, Permenkes 155/2010), grams by completed month.
# Month 0 (a weighing before the first completed month) needs 800 g as month 1 does.
MIN_GAIN_G = {
    0: 800,
    1: 800,
    2: 900,
    3: 800,
    4: 600,
    5: 500,
    6: 400,
    7: 400,
    8: 300,
    9: 300,
    10: 300,
}
MIN_GAIN_G_LATER = 200  # 11 months and older


def today() -> date:
    """Return today's date in the server's time zone (a seam for tests)."""
    return timezone.localdate()


class ImplausibleMeasurementError(DomainError):
    code = "implausible_measurement"


def _village(code: str) -> str:
    return village_code(code)


# ---- posyandu and cadres -------------------------------------------------------


def posyandu_create(*, actor: Any, area: Area, name: str, address: str = "") -> Posyandu:
    """Create a posyandu in a village or one of its dusun/RW."""
    if area.level not in (Level.DESA_KELURAHAN, Level.DUSUN, Level.RW):
        raise DomainError(_("Posyandu berada di desa/kelurahan, dusun atau RW."))
    if Posyandu.objects.filter(area=area, name__iexact=name.strip()).exists():
        raise DomainError(_("Posyandu bernama %(n)s sudah ada di wilayah ini.") % {"n": name})
    with transaction.atomic():
        posyandu = Posyandu(area=area, name=name.strip(), address=address)
        posyandu.full_clean()
        posyandu.save()
        audit.record(actor=actor, action="posyandu.created", obj=posyandu)
    return posyandu


def cadre_link(*, actor: Any, posyandu: Posyandu, user: Any) -> CadreLink:
    """Let *user* (a cadre whose role area covers the posyandu) serve *posyandu*."""
    roles = RoleAssignment.objects.filter(user=user, role=Role.POSYANDU_CADRE, is_active=True)
    code = str(posyandu.area_id)
    if not any(code == r.area_id or code.startswith(f"{r.area_id}.") for r in roles):
        raise DomainError(
            _("Pengguna ini bukan kader posyandu di wilayah %(a)s.") % {"a": posyandu.area_id}
        )
    link, created = CadreLink.objects.get_or_create(user=user, posyandu=posyandu)
    if created:
        audit.record(actor=actor, action="posyandu.cadre_linked", obj=link)
    return link


def cadre_unlink(*, actor: Any, posyandu: Posyandu, user: Any) -> None:
    """Stop *user* serving *posyandu*."""
    with transaction.atomic():
        for link in CadreLink.objects.filter(user=user, posyandu=posyandu):
            audit.record(actor=actor, action="posyandu.cadre_unlinked", obj=link)
            link.delete()


# ---- enrolment -------------------------------------------------------------------


def _check_in_village(posyandu: Posyandu, resident: Resident) -> None:
    if _village(str(resident.area_id)) != posyandu.village_code:
        raise DomainError(
            _("%(name)s tidak tinggal di desa posyandu %(p)s.")
            % {"name": resident.name, "p": posyandu.name}
        )
    if resident.status != codes.BasicStatus.ALIVE:
        raise DomainError(_("%(name)s tidak tercatat hidup di desa.") % {"name": resident.name})


def enrol(*, actor: Any, posyandu: Posyandu, resident: Resident, kind: str) -> Enrolment:
    """Make *resident* a target of *posyandu* (moving them from another posyandu)."""
    _check_in_village(posyandu, resident)
    if kind == EnrolmentKind.CHILD:
        born = resident.birth_date
        if born is None or completed_months((today() - born).days) >= 60:
            raise DomainError(
                _("%(n)s bukan balita (umur di bawah 5 tahun).") % {"n": resident.name}
            )
    elif resident.sex != codes.Sex.FEMALE:
        raise DomainError(_("Sasaran ibu hamil harus perempuan."))
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().filter(resident=resident).first()
        if enrolment is None:
            enrolment = Enrolment(resident=resident)
        enrolment.posyandu, enrolment.kind, enrolment.area_id = posyandu, kind, resident.area_id
        enrolment.full_clean(validate_unique=False)
        enrolment.save()
    return enrolment


@dataclass
class NewbornData:
    name: str
    sex: int
    birth_date: date
    mother: Resident | None = None
    mother_name: str = ""
    birth_place: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    confirm_new_birth: bool = False


def newborn_register(*, actor: Any, posyandu: Posyandu, data: NewbornData) -> Resident:
    """Register a baby born in the village through the registry's birth event, and enrol it.

    The baby lives where the mother lives (or in the posyandu's area without a
    registered mother) and gets a temporary NIK until Dukcapil issues one.
    """
    if data.birth_date > today():
        raise DomainError(_("Tanggal lahir tidak boleh di masa depan."))
    if completed_months((today() - data.birth_date).days) >= 60:
        raise DomainError(_("Bayi baru lahir harus berumur di bawah 5 tahun."))
    mother = data.mother
    if mother is not None:
        _check_in_village(posyandu, mother)
    area = mother.area if mother is not None else posyandu.area
    person: dict[str, Any] = {
        "name": data.name,
        "sex": data.sex,
        "birth_date": data.birth_date,
        "birth_place": data.birth_place,
        "mother_name": mother.name if mother is not None else data.mother_name.strip(),
        "mother_nik": mother.nik if mother is not None else "",
        **data.extra,
    }
    with transaction.atomic():
        resident, _warnings = resident_register(
            actor=actor,
            area=area,
            data=person,
            family=mother.family if mother is not None else None,
            kind=EventKind.BIRTH,
            event_date=data.birth_date,
            confirm_new_birth=data.confirm_new_birth,
        )
        enrol(actor=actor, posyandu=posyandu, resident=resident, kind=EnrolmentKind.CHILD)
    return resident


# ---- child visits ------------------------------------------------------------------


@dataclass
class ChildVisitData:
    visit_date: date
    weight_kg: Decimal | None = None
    lenhei_cm: Decimal | None = None
    measure: str = ""
    oedema: bool = False
    muac_cm: Decimal | None = None
    head_cm: Decimal | None = None
    immunisations: list[str] = field(default_factory=list)
    vitamin_a: bool = False
    exclusive_breastfeeding: bool | None = None
    counselling: bool = False
    pmt: bool = False
    home_visit: bool = False
    parenting_class: bool = False
    clean_water: bool | None = None
    latrine: bool | None = None
    note: str = ""


def child_assess(resident: Resident, data: ChildVisitData) -> Assessment:
    """Check and score *data* for *resident* (no write)."""
    return assess(
        sex=resident.sex,
        birth_date=resident.birth_date,
        visit_date=data.visit_date,
        today=today(),
        weight_kg=data.weight_kg,
        lenhei_cm=data.lenhei_cm,
        measure=data.measure,
        oedema=data.oedema,
        muac_cm=data.muac_cm,
        head_cm=data.head_cm,
    )


def _validate_services(data: ChildVisitData, age_days: int) -> dict[str, str]:
    errors: dict[str, str] = {}
    unknown = set(data.immunisations) - set(Vaccine.values)
    if unknown:
        errors["immunisations"] = _("Imunisasi tidak dikenal: %(v)s") % {
            "v": ", ".join(sorted(unknown))
        }
    if data.exclusive_breastfeeding is not None and completed_months(age_days) >= 6:
        errors["exclusive_breastfeeding"] = _("ASI eksklusif dicatat hanya untuk bayi 0-5 bulan.")
    return errors


def _apply_assessment(visit: ChildVisit, result: Assessment) -> None:
    assert result.age_days is not None  # noqa: S101 -- assess() succeeded
    visit.age_days = result.age_days
    for name in ("zlen", "zwei", "zwfl", "zbmi"):
        setattr(visit, name, result.z.get(name))
        setattr(visit, f"flag_{name}", result.flags.get(name))
    for key in ("tbu", "bbu", "bbtb", "imtu"):
        setattr(visit, f"status_{key}", result.status.get(key, ""))


def growth_trend(weighings: list[tuple[date, int, Decimal]]) -> list[str]:
    """Return N/T/O/B for weighings ``(visit date, age days, kg)`` in date order.

    N: gain at least the KMS minimum for the age since last month's weighing;
    T: less; O: no weighing in the previous month; B: first weighing.
    """
    out: list[str] = []
    for i, (day, age_days, kg) in enumerate(weighings):
        if i == 0:
            out.append(Growth.BARU)
            continue
        prev_day, _prev_age, prev_kg = weighings[i - 1]
        if add_months(prev_day, 1) != day.replace(day=1):
            out.append(Growth.TIDAK_DITIMBANG_BULAN_LALU)
            continue
        months = completed_months(age_days)
        need = MIN_GAIN_G.get(months, MIN_GAIN_G_LATER)
        gain_g = (kg - prev_kg) * 1000
        out.append(Growth.NAIK if gain_g >= need else Growth.TIDAK_NAIK)
    return out


def growth_refresh(resident_id: int) -> None:
    """Recompute the N/T growth marks of every weighing of one child."""
    visits = list(
        ChildVisit.objects.filter(resident_id=resident_id, weight_kg__isnull=False).order_by(
            "visit_date", "id"
        )
    )
    marks = growth_trend([(v.visit_date, v.age_days, v.weight_kg) for v in visits])  # type: ignore[misc]
    changed = []
    for visit, mark in zip(visits, marks, strict=True):
        if visit.growth != mark:
            visit.growth = mark
            changed.append(visit)
    ChildVisit.objects.bulk_update(changed, ["growth"])
    ChildVisit.objects.filter(resident_id=resident_id, weight_kg__isnull=True).exclude(
        growth=""
    ).update(growth="")


def refresh_after_visits(resident_ids: set[int], days: set[date]) -> None:
    """Recompute growth marks and the prevalence cells touched by visits on *days*."""
    for resident_id in resident_ids:
        growth_refresh(resident_id)
    periods: set[Period] = {p for day in days for p in periods_of(day)}
    villages: set[str] = set()
    for resident_id in resident_ids:
        villages |= villages_touched(resident_id, periods)
    for village in sorted(villages):
        mark_changed("posyandu.visit", village, days)


def child_visit_build(
    *, actor: Any, posyandu: Posyandu, resident: Resident, data: ChildVisitData, result: Assessment
) -> ChildVisit:
    """Return an unsaved, validated visit with the engine's figures (for record and import)."""
    visit = ChildVisit(
        posyandu=posyandu,
        resident=resident,
        area_id=resident.area_id,
        sex=resident.sex,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        **dict(data.__dict__),
    )
    visit.immunisations = sorted(set(data.immunisations))
    _apply_assessment(visit, result)
    visit.full_clean(validate_unique=False)
    return visit


def child_visit_record(
    *,
    actor: Any,
    posyandu: Posyandu,
    resident: Resident,
    data: ChildVisitData,
    confirm_implausible: bool = False,
) -> tuple[ChildVisit, Assessment]:
    """Record a child's visit with its z-scores, growth mark and prevalence update.

    Raise DomainError (with field errors) on invalid input, and
    ImplausibleMeasurementError when a z-score is WHO-implausible and the
    cadre has not confirmed the measurement.
    """
    _check_in_village(posyandu, resident)
    result = child_assess(resident, data)
    if result.ok:
        assert result.age_days is not None  # noqa: S101
        result.errors.update(_validate_services(data, result.age_days))
    if not result.ok:
        raise DomainError(
            " ".join(result.errors.values()),
            field_errors={k: [v] for k, v in result.errors.items()},
        )
    if result.warnings and not confirm_implausible:
        raise ImplausibleMeasurementError(" ".join(result.warnings))
    if ChildVisit.objects.filter(resident=resident, visit_date=data.visit_date).exists():
        raise DomainError(
            _("Kunjungan %(n)s pada tanggal ini sudah tercatat.") % {"n": resident.name},
            code="duplicate_visit",
        )
    with transaction.atomic():
        visit = child_visit_build(
            actor=actor, posyandu=posyandu, resident=resident, data=data, result=result
        )
        visit.save()
        if not Enrolment.objects.filter(resident=resident).exists():
            enrol(actor=actor, posyandu=posyandu, resident=resident, kind=EnrolmentKind.CHILD)
        refresh_after_visits({resident.pk}, {data.visit_date})
    return visit, result


def _visit_snapshot(visit: ChildVisit) -> dict[str, Any]:
    """The cadre's entries and the engine's figures of *visit*, for the audit trail."""
    names = [*ChildVisitData.__dataclass_fields__, "age_days", "zlen", "zwei", "zwfl", "zbmi"]
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(visit, name)
        out[name] = value if value is None or isinstance(value, bool | int | list) else str(value)
    return out


def child_visit_update(
    *,
    actor: Any,
    visit: ChildVisit,
    data: ChildVisitData,
    confirm_implausible: bool = False,
) -> tuple[ChildVisit, Assessment]:
    """Correct a saved visit: rescore it with the growth engine as a new visit would be,
    audit the entries before and after, and refresh the growth marks and figures it fed.
    """
    resident = visit.resident
    result = child_assess(resident, data)
    if result.ok:
        assert result.age_days is not None  # noqa: S101
        result.errors.update(_validate_services(data, result.age_days))
    if not result.ok:
        raise DomainError(
            " ".join(result.errors.values()),
            field_errors={k: [v] for k, v in result.errors.items()},
        )
    if result.warnings and not confirm_implausible:
        raise ImplausibleMeasurementError(" ".join(result.warnings))
    others = ChildVisit.objects.filter(resident=resident, visit_date=data.visit_date)
    if others.exclude(pk=visit.pk).exists():
        raise DomainError(
            _("Kunjungan %(n)s pada tanggal ini sudah tercatat.") % {"n": resident.name},
            code="duplicate_visit",
        )
    with transaction.atomic():
        locked = ChildVisit.objects.select_for_update().get(pk=visit.pk)
        before = _visit_snapshot(locked)
        old_day = locked.visit_date
        for name, value in data.__dict__.items():
            setattr(locked, name, value)
        locked.immunisations = sorted(set(data.immunisations))
        _apply_assessment(locked, result)
        locked.full_clean(validate_unique=False)
        locked.save()
        locked.refresh_from_db()  # the stored (rounded) values go into the audit
        audit.record(
            actor=actor,
            action="posyandu.visit_updated",
            obj=locked,
            data={"before": before, "after": _visit_snapshot(locked)},
        )
        refresh_after_visits({resident.pk}, {old_day, data.visit_date})
    return locked, result


def child_visit_delete(*, actor: Any, visit: ChildVisit) -> None:
    """Delete a visit entered by mistake (audited), and refresh what it fed."""
    with transaction.atomic():
        resident_id, day = visit.resident_id, visit.visit_date
        periods = set(periods_of(day))
        villages = villages_touched(resident_id, periods)
        audit.record(
            actor=actor,
            action="posyandu.visit_deleted",
            obj=visit,
            data={
                "visit_date": str(day),
                "resident": resident_id,
                "before": _visit_snapshot(visit),
            },
        )
        visit.delete()
        growth_refresh(resident_id)
        for village in sorted(villages):
            mark_changed("posyandu.visit", village, {day})


# ---- pregnancies ---------------------------------------------------------------------


def pregnancy_open(
    *, actor: Any, posyandu: Posyandu, mother: Resident, first_day: date, risk: str = Risk.NORMAL
) -> Pregnancy:
    """Start following a pregnancy (HPHT = first day of the last period)."""
    _check_in_village(posyandu, mother)
    if mother.sex != codes.Sex.FEMALE:
        raise DomainError(_("Sasaran ibu hamil harus perempuan."))
    if first_day > today():
        raise DomainError(_("HPHT tidak boleh di masa depan."))
    if (today() - first_day).days > 3 * 365:
        raise DomainError(_("HPHT lebih dari 3 tahun yang lalu: periksa kembali tanggalnya."))
    if Pregnancy.objects.filter(mother=mother, delivered_on__isnull=True).exists():
        raise DomainError(_("%(n)s masih tercatat hamil.") % {"n": mother.name})
    with transaction.atomic():
        pregnancy = Pregnancy(
            mother=mother, posyandu=posyandu, area_id=mother.area_id, first_day=first_day, risk=risk
        )
        pregnancy.full_clean()
        pregnancy.save()
        mark_changed("posyandu.pregnancy", pregnancy.area_id, {first_day})
        enrol(actor=actor, posyandu=posyandu, resident=mother, kind=EnrolmentKind.MOTHER)
    return pregnancy


@dataclass
class PregnancyVisitData:
    visit_date: date
    anc: bool = False
    anc_by_doctor: bool = False
    fe_tablets: int = 0
    muac_cm: Decimal | None = None
    risk: str = Risk.NORMAL
    counselling: bool = False
    home_visit: bool = False
    postnatal_check: bool = False
    clean_water: bool | None = None
    latrine: bool | None = None
    delivered_on: date | None = None


def pregnancy_visit_record(
    *, actor: Any, pregnancy: Pregnancy, data: PregnancyVisitData
) -> PregnancyVisit:
    """Record a KIA visit; KEK is LiLA < 23.5 cm; a delivery date closes the pregnancy."""
    errors: dict[str, str] = {}
    if data.visit_date > today():
        errors["visit_date"] = _("Tanggal kunjungan tidak boleh di masa depan.")
    elif data.visit_date < pregnancy.first_day:
        errors["visit_date"] = _("Tanggal kunjungan sebelum HPHT.")
    elif (data.visit_date - pregnancy.first_day).days > 45 * 7 + 42 + 14:
        errors["visit_date"] = _("Tanggal kunjungan jauh setelah masa nifas kehamilan ini.")
    if data.muac_cm is not None and not Decimal("10") <= data.muac_cm <= Decimal("50"):
        errors["muac_cm"] = _("Lingkar lengan atas %(v)s cm tidak masuk akal.") % {
            "v": data.muac_cm
        }
    if data.fe_tablets > 120:
        errors["fe_tablets"] = _("Tablet Fe per kunjungan paling banyak 120.")
    delivered = data.delivered_on or pregnancy.delivered_on
    if data.delivered_on is not None and not (
        pregnancy.first_day <= data.delivered_on <= data.visit_date
    ):
        errors["delivered_on"] = _("Tanggal persalinan harus antara HPHT dan tanggal kunjungan.")
    if data.postnatal_check and delivered is None:
        errors["postnatal_check"] = _("Pemeriksaan nifas hanya setelah persalinan.")
    if errors:
        raise DomainError(
            " ".join(errors.values()), field_errors={k: [v] for k, v in errors.items()}
        )
    in_pregnancy = delivered is None or data.visit_date < delivered
    kek = data.muac_cm is not None and data.muac_cm < KEK_MUAC_CM
    weeks = (data.visit_date - pregnancy.first_day).days // 7 if in_pregnancy else None
    with transaction.atomic():
        visit = PregnancyVisit(
            pregnancy=pregnancy,
            posyandu=pregnancy.posyandu,
            area_id=pregnancy.area_id,
            visit_date=data.visit_date,
            gestational_weeks=weeks,
            anc=data.anc and in_pregnancy,
            anc_by_doctor=data.anc and data.anc_by_doctor and in_pregnancy,
            fe_tablets=data.fe_tablets if in_pregnancy else 0,
            muac_cm=data.muac_cm,
            kek=kek,
            risk=data.risk,
            counselling=data.counselling,
            home_visit=data.home_visit,
            postnatal_check=data.postnatal_check,
            clean_water=data.clean_water,
            latrine=data.latrine,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        visit.full_clean(validate_unique=False)
        if PregnancyVisit.objects.filter(pregnancy=pregnancy, visit_date=data.visit_date).exists():
            raise DomainError(_("Kunjungan pada tanggal ini sudah tercatat."))
        visit.save()
        mark_changed("posyandu.pregnancy", pregnancy.area_id, {data.visit_date})
        fields = []
        if kek and not pregnancy.kek:
            pregnancy.kek = True
            fields.append("kek")
        if data.risk == Risk.HIGH and pregnancy.risk != Risk.HIGH:
            pregnancy.risk = Risk.HIGH
            fields.append("risk")
        if data.delivered_on is not None:
            pregnancy.delivered_on = data.delivered_on
            fields.append("delivered_on")
        if fields:
            pregnancy.save(update_fields=[*fields, "updated_at"])
    return visit
