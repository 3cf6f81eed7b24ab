"""The 12 health SPM services as indicators: served ÷ demand per village and year.

Loaded from ``HealthConfig.ready``; grouped in the ``BASIC_HEALTH`` set read
by the gap table and the village profile. Each indicator names the kinds of
service point that supply it (``supply_kinds``). Selectors live in
``demand.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from balai.facilities.models import PointKind
from balai.health import demand
from balai.health.models import ServiceCode
from balai.health.services import INPUT_PARAMETERS, INPUT_SERVICES
from balai.indicators.periods import Period, PeriodType
from balai.indicators.registry import (
    BASIC_HEALTH,
    Direction,
    Indicator,
    IndicatorSet,
    NotServed,
    Privacy,
    Scope,
    pair,
    register,
    register_set,
)
from balai.registry.models import Resident

SOURCE = _(
    "PP No. 2 Tahun 2018 tentang Standar Pelayanan Minimal; Permenkes No. 4 Tahun 2019 "
    "tentang Standar Teknis Pemenuhan Mutu Pelayanan Dasar pada SPM Bidang Kesehatan "
    "(diganti Permenkes No. 6 Tahun 2024)"
)
ESTIMATE_NOTE = _(
    "Sasaran diperkirakan: jumlah penduduk pada rentang umur x prevalensi yang ditetapkan "
    "Dinas Kesehatan kabupaten untuk tahun itu (atau angka nasional bawaan yang belum "
    "dikonfirmasi)."
)
ALL_HEALTH: tuple[str, ...] = (
    PointKind.POSYANDU,
    PointKind.POSKESDES,
    PointKind.PUSTU,
    PointKind.PUSKESMAS,
)
CLINICS: tuple[str, ...] = (PointKind.POSKESDES, PointKind.PUSTU, PointKind.PUSKESMAS)
CODES: list[str] = []


def _declare(
    code: str,
    name: Promise,
    definition: Promise,
    selector: Callable[[Scope], dict[str, tuple[int, int]]],
    numerator_label: Promise,
    denominator_label: Promise,
    supply: tuple[str, ...],
    inputs: tuple[str, ...],
    not_served: NotServed | None = None,
    not_served_label: Promise | str = "",
    note: Promise | str = "",
) -> None:
    numerator, denominator = pair(selector)
    register(
        Indicator(
            code=code,
            name=name,
            definition=definition,
            numerator=numerator,
            denominator=denominator,
            numerator_label=numerator_label,
            denominator_label=denominator_label,
            source=SOURCE,
            period_types=(PeriodType.YEAR,),
            zoned=False,
            target=100.0,
            direction=Direction.AT_LEAST,
            privacy=Privacy.INTERNAL,
            not_served=not_served,
            not_served_label=not_served_label,
            note=note,
            inputs=(INPUT_SERVICES, *inputs),
            supply_kinds=supply,
            owner="health",
        )
    )
    CODES.append(code)


def _band_not_served(service: str, age_min: int, age_max: int | None) -> NotServed:
    def not_served(period: Period, within: str) -> QuerySet[Any]:
        served = demand._records(service, period).filter(resident=OuterRef("pk"))
        return (
            demand.age_band_residents(period, age_min, age_max)
            .filter(area__within=within)
            .exclude(Exists(served))
            .select_related("area")
            .order_by("area_id", "name", "id")
        )

    return not_served


def _ids_not_served(
    read: Callable[[Period, Any], tuple[list[tuple[int, str]], set[int]]],
) -> NotServed:
    def not_served(period: Period, within: str) -> QuerySet[Any]:
        from django.db.models import Q

        people, served = read(period, Q(area__within=within))
        missing = [pk for pk, _area in people if pk not in served]
        return (
            Resident.objects.filter(pk__in=missing)
            .select_related("area")
            .order_by("area_id", "name", "id")
        )

    return not_served


def _band(service: str, age_min: int, age_max: int | None) -> Callable[[Scope], Any]:
    def selector(scope: Scope) -> dict[str, tuple[int, int]]:
        return demand.age_band_served(scope, service, age_min, age_max)

    return selector


def _estimated(service: str) -> Callable[[Scope], Any]:
    def selector(scope: Scope) -> dict[str, tuple[int, int]]:
        return demand.estimated(scope, service)

    return selector


REGISTRY = "registry.resident"

_declare(
    "kesehatan.ibu_hamil",
    _("SPM Kesehatan 1: pelayanan kesehatan ibu hamil"),
    _(
        "Ibu hamil yang mendapat paling sedikit 4 kali pemeriksaan kehamilan (ANC) selama "
        "kehamilannya (kunjungan ANC posyandu/KIA dan layanan 'anc' register puskesmas), dibagi "
        "ibu hamil dalam tahun itu: kehamilan tercatat di posyandu yang berlangsung pada tahun "
        "itu, ditambah perempuan yang ditandai hamil di data penduduk (tahun berjalan)."
    ),
    demand.pregnant_served,
    _("ibu hamil dengan ANC sesuai standar"),
    _("ibu hamil"),
    ALL_HEALTH,
    ("posyandu.pregnancy", REGISTRY),
)
_declare(
    "kesehatan.ibu_bersalin",
    _("SPM Kesehatan 2: pelayanan kesehatan ibu bersalin"),
    _(
        "Ibu bersalin yang tercatat mendapat layanan 'persalinan' (oleh tenaga kesehatan di "
        "fasilitas kesehatan) dalam tahun itu, dibagi ibu yang bersalin dalam tahun itu: "
        "persalinan tercatat di posyandu dan kelahiran di data penduduk yang NIK ibunya terdaftar."
    ),
    demand.delivery_served,
    _("ibu bersalin ditolong sesuai standar"),
    _("ibu bersalin"),
    CLINICS,
    ("posyandu.pregnancy", REGISTRY),
)
_declare(
    "kesehatan.bayi_baru_lahir",
    _("SPM Kesehatan 3: pelayanan kesehatan bayi baru lahir"),
    _(
        "Bayi lahir dalam tahun itu yang mendapat kunjungan neonatal ('neonatal') pada umur "
        "0-28 hari, dibagi bayi yang lahir dalam tahun itu menurut data penduduk."
    ),
    demand.newborn_served,
    _("bayi dengan kunjungan neonatal"),
    _("bayi baru lahir"),
    ALL_HEALTH,
    (REGISTRY,),
    not_served=_ids_not_served(demand.newborns_served_ids),
    not_served_label=_("Bayi baru lahir yang belum tercatat mendapat kunjungan neonatal"),
)
_declare(
    "kesehatan.balita",
    _("SPM Kesehatan 4: pelayanan kesehatan balita"),
    _(
        "Balita (0-59 bulan pada akhir tahun) yang dipantau pertumbuhannya paling sedikit "
        "8 bulan dalam tahun itu (ditimbang/diukur di posyandu atau layanan 'balita' "
        "puskesmas), dibagi balita dalam data penduduk."
    ),
    demand.balita_served,
    _("balita dipantau sesuai standar"),
    _("balita 0-59 bulan"),
    ALL_HEALTH,
    ("posyandu.visit", REGISTRY),
    not_served=_ids_not_served(demand.balita_served_ids),
    not_served_label=_("Balita yang belum dipantau 8 bulan dalam tahun ini"),
)
for code, service, name, age_min, age_max, num_label, den_label, supply, label in (
    (
        "kesehatan.usia_pendidikan_dasar",
        ServiceCode.PENJARINGAN,
        _("SPM Kesehatan 5: pelayanan kesehatan usia pendidikan dasar"),
        7,
        15,
        _("anak 7-15 tahun yang diskrining"),
        _("anak 7-15 tahun"),
        (PointKind.PUSKESMAS, PointKind.PUSTU),
        _("Anak 7-15 tahun yang belum diskrining tahun ini"),
    ),
    (
        "kesehatan.usia_produktif",
        ServiceCode.PRODUKTIF,
        _("SPM Kesehatan 6: pelayanan kesehatan usia produktif"),
        15,
        59,
        _("penduduk 15-59 tahun yang diskrining"),
        _("penduduk 15-59 tahun"),
        ALL_HEALTH,
        _("Penduduk 15-59 tahun yang belum diskrining tahun ini"),
    ),
    (
        "kesehatan.usia_lanjut",
        ServiceCode.LANSIA,
        _("SPM Kesehatan 7: pelayanan kesehatan usia lanjut"),
        60,
        None,
        _("penduduk 60 tahun ke atas yang diskrining"),
        _("penduduk 60 tahun ke atas"),
        ALL_HEALTH,
        _("Penduduk 60 tahun ke atas yang belum diskrining tahun ini"),
    ),
):
    _declare(
        code,
        name,
        _(
            "Penduduk hidup pada rentang umur itu (umur pada akhir tahun) yang tercatat "
            "mendapat skrining kesehatan dalam tahun itu, dibagi seluruh penduduk hidup pada "
            "rentang umur itu."
        ),
        _band(service, age_min, age_max),
        num_label,
        den_label,
        supply,
        (REGISTRY,),
        not_served=_band_not_served(service, age_min, age_max),
        not_served_label=label,
    )
for code, service, name, num_label, den_label, supply in (
    (
        "kesehatan.hipertensi",
        ServiceCode.HIPERTENSI,
        _("SPM Kesehatan 8: pelayanan kesehatan penderita hipertensi"),
        _("penderita hipertensi yang dilayani"),
        _("perkiraan penderita hipertensi"),
        CLINICS,
    ),
    (
        "kesehatan.diabetes",
        ServiceCode.DIABETES,
        _("SPM Kesehatan 9: pelayanan kesehatan penderita diabetes melitus"),
        _("penderita DM yang dilayani"),
        _("perkiraan penderita DM"),
        CLINICS,
    ),
    (
        "kesehatan.odgj_berat",
        ServiceCode.ODGJ,
        _("SPM Kesehatan 10: pelayanan kesehatan orang dengan gangguan jiwa berat"),
        _("ODGJ berat yang dilayani"),
        _("perkiraan ODGJ berat"),
        (PointKind.PUSKESMAS,),
    ),
    (
        "kesehatan.terduga_tb",
        ServiceCode.TB,
        _("SPM Kesehatan 11: pelayanan kesehatan orang terduga tuberkulosis"),
        _("terduga TB yang diperiksa"),
        _("perkiraan terduga TB"),
        (PointKind.PUSKESMAS, PointKind.PUSTU),
    ),
    (
        "kesehatan.risiko_hiv",
        ServiceCode.HIV,
        _("SPM Kesehatan 12: pelayanan kesehatan orang dengan risiko terinfeksi HIV"),
        _("orang berisiko yang dites HIV"),
        _("perkiraan orang berisiko HIV"),
        (PointKind.PUSKESMAS,),
    ),
):
    _declare(
        code,
        name,
        _(
            "Orang yang tercatat mendapat layanan sesuai standar dalam tahun itu (dihitung "
            "sekali per orang), dibagi perkiraan sasaran: penduduk pada rentang umur parameter "
            "x prevalensi kabupaten untuk tahun itu, dibulatkan per desa."
        ),
        _estimated(service),
        num_label,
        den_label,
        supply,
        (REGISTRY, INPUT_PARAMETERS),
        note=ESTIMATE_NOTE,
    )

register_set(
    IndicatorSet(
        code=BASIC_HEALTH,
        name=_("Layanan dasar kesehatan (SPM Kesehatan)"),
        codes=tuple(CODES),
    )
)
