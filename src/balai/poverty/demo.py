"""Demo data: a DTSEN round, the national programmes with recipients, musdes and extreme cases.

Deterministic for a seed and idempotent (a kabupaten that already has its
programmes is left as it is). Each family gets a desil (about 10% in desil 1);
recipients cover about 85% of eligible families, plus a few targeting errors
(rich families, the dead, an unknown NIK) so every check has something to show.
The demo village gets a musdes round and cases for its pool families.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from balai.accounts.models import RoleAssignment
from balai.accounts.roles import Role
from balai.core import areacodes
from balai.core.demo import DemoOptions
from balai.poverty import checks, services, welfare
from balai.poverty.models import (
    FundSource,
    Programme,
    ProposalKind,
    Recipient,
    RecipientSource,
    TargetUnit,
)
from balai.regions.models import Area
from balai.registry import codes
from balai.registry.models import Resident

PROGRAMMES = (
    # code, name, unit, fund, desil_min, desil_max, age_min, age_max
    (
        "pkh",
        "Program Keluarga Harapan (PKH)",
        TargetUnit.FAMILY,
        FundSource.PUSAT,
        1,
        4,
        None,
        None,
    ),
    ("bpnt", "Sembako/BPNT", TargetUnit.FAMILY, FundSource.PUSAT, 1, 5, None, None),
    ("pbi-jk", "PBI Jaminan Kesehatan", TargetUnit.PERSON, FundSource.PUSAT, 1, 5, None, None),
    ("pip", "Program Indonesia Pintar (PIP)", TargetUnit.PERSON, FundSource.PUSAT, 1, 4, 6, 21),
    ("blt-dd", "BLT Dana Desa", TargetUnit.FAMILY, FundSource.DANA_DESA, 1, 3, None, None),
)
DESIL_WEIGHTS = (10, 9, 9, 10, 10, 11, 11, 10, 10, 10)


def _desil(rng: random.Random) -> int:
    return rng.choices(range(1, 11), weights=DESIL_WEIGHTS)[0]


def build(kabupaten: Area, options: DemoOptions) -> str:
    """Top up the poverty demo data of *kabupaten*; return one summary line."""
    if Programme.objects.filter(area=kabupaten).exists():
        return "sudah ada"
    today = timezone.localdate()
    with transaction.atomic():
        members = list(
            Resident.objects.filter(
                area__within=kabupaten.code, status=codes.BasicStatus.ALIVE, family__isnull=False
            )
            .order_by("pk")
            .values_list("pk", "area_id", "family_id", "family__no_kk", "birth_date", "nik")
        )
        desil_of: dict[int, int] = {}
        matched = []
        for pk, area, family, no_kk, _born, _nik in members:
            if family not in desil_of:
                desil_of[family] = _desil(random.Random(f"{options.seed}:kk:{no_kk}"))
            matched.append(
                (pk, areacodes.village_code(area), f"RT-{family:07d}", no_kk, desil_of[family])
            )
        welfare.snapshot_save(
            actor=None,
            area_code=kabupaten.code,
            source="dtsen",
            snapshot_date=today - dt.timedelta(days=30),
            matched=matched,
        )
        made = {}
        for code, name, unit, fund, low, high, age_min, age_max in PROGRAMMES:
            made[code] = services.programme_create(
                actor=None,
                area=kabupaten,
                code=code,
                name=name,
                unit=unit,
                fund_source=fund,
                start=dt.date(today.year, 1, 1),
                desil_min=low,
                desil_max=high,
                age_min=age_min,
                age_max=age_max,
                exclude_officials=True,
                is_active=True,
            )
        made["blt-dd"].not_combined_with.set([made["pkh"], made["bpnt"]])
        rows = []
        given: set[tuple[str, int]] = set()  # (programme, family) for family units
        for pk, area, family, _kk, born, nik in members:
            village_code = areacodes.village_code(area)
            desil = desil_of[family]
            rng = random.Random(f"{options.seed}:aid:{nik}")
            for code, _name, unit, _fund, low, high, age_min, age_max in PROGRAMMES:
                eligible = low <= desil <= high
                if age_min is not None and (
                    born is None or not age_min <= (today - born).days // 365 <= (age_max or 200)
                ):
                    eligible = False
                error = desil >= 8 and rng.random() < 0.01
                if not (eligible and rng.random() < 0.85) and not error:
                    continue
                if unit == TargetUnit.FAMILY:
                    if (code, family) in given:
                        continue
                    given.add((code, family))
                if code == "blt-dd" and (("pkh", family) in given or ("bpnt", family) in given):
                    continue
                rows.append(
                    Recipient(
                        programme=made[code],
                        area_id=village_code,
                        resident_id=pk,
                        nik=nik,
                        name="",
                        source=RecipientSource.IMPORT,
                    )
                )
        names = dict(
            Resident.objects.filter(pk__in=[r.resident_id for r in rows]).values_list("pk", "name")
        )
        for row in rows:
            row.name = names.get(row.resident_id or 0, "")
        Recipient.objects.bulk_create(rows, batch_size=2000)
        village = _demo_village(kabupaten)
        Recipient.objects.create(
            programme=made["bpnt"],
            area=village,
            nik="7322999999990001",
            name="PENERIMA TIDAK DIKENAL",
            source=RecipientSource.IMPORT,
        )
        opened = services.cases_open_for_pool(
            actor=None, village=village, today=today - dt.timedelta(days=60)
        )
        _musdes(village, made, today)
    return f"{len(matched)} entri DTSEN, {len(rows) + 1} penerima, {opened} kasus ekstrem"


def _demo_village(kabupaten: Area) -> Area:
    """Return the demo village operator's village (else the first village with people)."""
    role = (
        RoleAssignment.objects.filter(
            role=Role.VILLAGE_OPERATOR, area__code__startswith=kabupaten.code + "."
        )
        .select_related("area")
        .order_by("pk")
        .first()
    )
    if role is not None and role.area is not None:
        return role.area
    first = Resident.objects.filter(area__within=kabupaten.code).order_by("pk").first()
    code = areacodes.village_code(str(first.area_id)) if first else kabupaten.code
    return Area.objects.get(code=code)


def _musdes(village: Area, made: dict[str, Programme], today: dt.date) -> None:
    item = services.round_create(
        actor=None,
        village=village,
        title=f"Musdes verifikasi DTSEN triwulan {(today.month - 1) // 3 + 1} {today.year}",
        meeting_date=today - dt.timedelta(days=7),
        place="Balai desa",
        chair="Ketua BPD",
        attendees=32,
    )
    pkh = made["pkh"]
    plan: list[tuple[str, Resident, Programme | None, str, str]] = []
    for entry in checks.excluded_entries(village=village.code, programme=pkh)[:2]:
        plan.append(
            (
                ProposalKind.ADD,
                entry.resident,
                pkh,
                "Desil memenuhi syarat PKH, belum menerima",
                "Kunjungan rumah oleh kasi kesra dan ketua RT",
            )
        )
    for recipient in checks.flagged_recipients(village=village.code, programme=pkh, check="desil")[
        :2
    ]:
        if recipient.resident is not None:
            plan.append(
                (
                    ProposalKind.REMOVE,
                    recipient.resident,
                    pkh,
                    "Sudah mampu: usaha berjalan",
                    "Rumah permanen, kendaraan roda empat",
                )
            )
    if not plan:
        for person in Resident.objects.filter(
            area__within=village.code, status=codes.BasicStatus.ALIVE
        ).order_by("pk")[:2]:
            plan.append(
                (
                    ProposalKind.UPDATE,
                    person,
                    None,
                    "Desil perlu diperbarui: kepala keluarga sakit menahun",
                    "Surat keterangan puskesmas",
                )
            )
    for kind, person, programme, reason, evidence in plan:
        services.proposal_add(
            actor=None,
            item=item,
            kind=kind,
            resident=person,
            programme=programme,
            reason=reason,
            evidence=evidence,
        )
