"""The demo kabupaten: real region tree, made-up dusun/RW/RT, one user per role.

Deterministic for a seed and idempotent: a second run adds nothing. Apps add
their own builders (``core.demo.register_builder``: residents, letters,
complaints, posyandu) and ``build_demo`` calls them in order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from balai.accounts.models import User
from balai.accounts.roles import Office, Role
from balai.accounts.services import role_assign, user_create
from balai.core import audit
from balai.core.demo import (
    DEFAULT_KABUPATEN,
    DEFAULT_KECAMATAN_INDEX,
    DEMO_PASSWORD,
    DemoOptions,
    registered_builders,
)
from balai.regions.models import Area, Kind, Level
from balai.regions.selectors import area_descendants, area_get


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    area: str


def build_subareas(kabupaten: Area, *, seed: int) -> int:
    """Give every village without sub-areas dusun+RT (desa) or RW+RT (kelurahan)."""
    villages = area_descendants(kabupaten.code, level=Level.DESA_KELURAHAN)
    has_children = set(
        Area.objects.filter(parent__in=villages, level__in=[Level.DUSUN, Level.RW]).values_list(
            "parent_id", flat=True
        )
    )
    rows: list[Area] = []
    for village in villages.order_by("code"):
        if village.code in has_children:
            continue
        rng = random.Random(f"{seed}:{village.code}")
        top_level = Level.RW if village.kind == Kind.KELURAHAN else Level.DUSUN
        for i in range(1, rng.randint(3, 6) + 1):
            top = _sub(village, top_level, i, rng)
            rows.append(top)
            rows.extend(_sub(top, Level.RT, j, rng) for j in range(1, rng.randint(2, 5) + 1))
    Area.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


DUSUN_NAMES = [
    "Bontolempangan",
    "Tanete",
    "Salobulo",
    "Kampung Baru",
    "Lampuawa",
    "Tamboke",
    "Cendana",
    "Sumber Sari",
    "Benteng",
    "Pongsamelung",
]


def _sub(parent: Area, level: str, number: int, rng: random.Random) -> Area:
    width = 2 if level == Level.DUSUN else 3
    label = f"{number:0{width}d}"
    if level == Level.DUSUN:
        name = (
            f"Dusun {rng.choice(DUSUN_NAMES)} {number}" if rng.random() < 0.5 else f"Dusun {label}"
        )
    else:
        name = f"{'RW' if level == Level.RW else 'RT'} {label}"
    return Area(
        code=f"{parent.code}.{label}",
        name=name,
        level=level,
        kind=Kind(level),
        parent=parent,
        timezone=parent.timezone,
    )


def build_users(kabupaten: Area) -> list[DemoLogin]:
    """Create one demo user per role (idempotent) and return their logins."""
    kecamatans = list(area_descendants(kabupaten.code, level=Level.KECAMATAN).order_by("code"))
    kec = kecamatans[min(DEFAULT_KECAMATAN_INDEX, len(kecamatans) - 1)]
    villages = area_descendants(kec.code, level=Level.DESA_KELURAHAN).order_by("code")
    desa = villages.filter(kind=Kind.DESA).first() or villages.first()
    kelurahan = villages.filter(kind=Kind.KELURAHAN).first() or desa
    if desa is None or kelurahan is None:
        raise LookupError(f"Kecamatan {kec.code} has no villages to put demo users in")
    other_kec = next(k for k in kecamatans if k.code != kec.code)
    other_desa = (
        area_descendants(other_kec.code, level=Level.DESA_KELURAHAN).order_by("code").first()
    )
    dusun = area_descendants(desa.code, level=Level.DUSUN).order_by("code").first() or desa
    rt = area_descendants(dusun.code, level=Level.RT).order_by("code").first() or dusun
    rw = area_descendants(kelurahan.code, level=Level.RW).order_by("code").first() or kelurahan
    plan: list[tuple[str, str, str, Area | None, str]] = [
        ("admin", "Admin Sistem", Role.SYSTEM_ADMIN, None, ""),
        ("dpmd", "Staf DPMD", Role.KABUPATEN_STAFF, kabupaten, Office.DPMD),
        ("dinkes", "Staf Dinas Kesehatan", Role.KABUPATEN_STAFF, kabupaten, Office.DINKES),
        ("bappeda", "Staf Bappeda", Role.KABUPATEN_STAFF, kabupaten, Office.BAPPEDA),
        ("disdik", "Staf Dinas Pendidikan", Role.KABUPATEN_STAFF, kabupaten, Office.DISDIK),
        ("mpp", "Petugas Loket MPP", Role.KABUPATEN_STAFF, kabupaten, Office.LAINNYA),
        ("dinsos", "Staf Dinas Sosial", Role.KABUPATEN_STAFF, kabupaten, Office.DINSOS),
        ("camat", "Camat Demo", Role.CAMAT, kec, ""),
        ("kecamatan", "Staf Kecamatan", Role.KECAMATAN_STAFF, kec, ""),
        ("kades", "Kepala Desa Demo", Role.KEPALA_DESA, desa, ""),
        ("sekdes", "Sekretaris Desa Demo", Role.SEKRETARIS_DESA, desa, ""),
        ("sekdes", "Sekretaris Desa Demo", Role.POSYANDU_CADRE, desa, ""),
        ("operator", "Operator Desa Demo", Role.VILLAGE_OPERATOR, desa, ""),
        ("operator2", "Operator Desa Lain", Role.VILLAGE_OPERATOR, other_desa, ""),
        ("kadus", "Kepala Dusun Demo", Role.KEPALA_DUSUN, dusun, ""),
        ("rw", "Ketua RW Demo", Role.RW_HEAD, rw, ""),
        ("rt", "Ketua RT Demo", Role.RT_HEAD, rt, ""),
        ("kader", "Kader Posyandu Demo", Role.POSYANDU_CADRE, desa, ""),
        ("warga", "Warga Demo", Role.RESIDENT, rt, ""),
    ]
    logins = []
    for username, full_name, role, area, office in plan:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None, username=username, password=DEMO_PASSWORD, full_name=full_name
            )
        if role == Role.SYSTEM_ADMIN and not user.is_superuser:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        assignment = role_assign(actor=None, user=user, role=role, area=area, office=office)
        logins.append(DemoLogin(username, str(assignment), area.code if area else "-"))
    return logins


def build_demo(
    *,
    seed: int = 1,
    kabupaten_code: str = DEFAULT_KABUPATEN,
    options: DemoOptions | None = None,
    modules: bool = True,
) -> tuple[int, list[DemoLogin], list[str]]:
    """Build (or top up) the demo kabupaten; return new sub-areas, logins, module lines."""
    kabupaten = area_get(kabupaten_code)
    options = options or DemoOptions(seed=seed)
    with transaction.atomic():
        created = build_subareas(kabupaten, seed=options.seed)
        logins = build_users(kabupaten)
        if created:
            audit.record(
                actor=None,
                action="demo.built",
                obj=kabupaten,
                data={"seed": options.seed, "subareas": created},
            )
    lines = []
    if modules:
        lines = [
            f"{name}: {builder(kabupaten, options)}" for name, builder in registered_builders()
        ]
    return created, logins, lines
