"""Demo data: the kabupaten catalogue, adoption by the demo villages, a few requests.

Idempotent: the catalogue and adoptions are topped up; requests are made
only in villages that have none yet, and only if the registry has residents.
"""

from __future__ import annotations

import random
from typing import Any

from balai.accounts.models import RoleAssignment
from balai.accounts.roles import Role
from balai.letters.models import (
    LetterRequest,
    RejectReason,
    ResidentAccount,
    Status,
    VillageLetterSettings,
)
from balai.letters.services import requests as svc
from balai.letters.services import residents_auth, standards
from balai.regions.models import Area, Level
from balai.registry import codes
from balai.registry.models import Resident


def _demo_villages(kabupaten: Area) -> list[Area]:
    codes_ = (
        RoleAssignment.objects.filter(
            role__in=[Role.KEPALA_DESA, Role.VILLAGE_OPERATOR],
            area__code__startswith=kabupaten.code + ".",
        )
        .values_list("area_id", flat=True)
        .distinct()
    )
    return list(
        Area.objects.filter(code__in=list(codes_), level=Level.DESA_KELURAHAN).order_by("code")
    )


def _user(village: Area, role: str) -> Any:
    found = RoleAssignment.objects.filter(area=village, role=role).select_related("user").first()
    return found.user if found else None


DEMO_DATA: dict[str, dict[str, str]] = {
    "pengantar": {"tujuan": "Dinas Pendidikan"},
    "janda_duda": {"pasangan_terdahulu": "(contoh)", "sejak": "2020-01-01"},
}


def build(kabupaten: Area, options: Any) -> str:
    """Top up the letters demo in *kabupaten*; return one summary line."""
    seeded = standards.catalogue_seed(actor=None, kabupaten=kabupaten)
    villages = _demo_villages(kabupaten)
    adopted = made = 0
    for village in villages:
        adopted += standards.catalogue_adopt_all(actor=None, village=village)
        kades = _user(village, Role.KEPALA_DESA)
        operator = _user(village, Role.VILLAGE_OPERATOR)
        VillageLetterSettings.objects.get_or_create(
            area=village,
            defaults={
                "head_name": kades.get_full_name() if kades else "",
                "address": f"Kantor {village}",
                "camat_name": "Camat Demo",
            },
        )
        if LetterRequest.objects.filter(area=village).exists() or operator is None:
            continue
        people = list(
            Resident.objects.filter(
                area__within=village.code,
                status=codes.BasicStatus.ALIVE,
                family_relation=codes.FamilyRelation.HEAD,
            ).order_by("id")[:6]
        )
        rng = random.Random(f"{options.seed}:{village.code}")
        for i, person in enumerate(people):
            kinds = ["domisili", "sktm", "pengantar_skck", "pengantar"]
            if person.marital_status == codes.MaritalStatus.SINGLE:
                kinds.append("belum_menikah")
            if person.marital_status in (codes.MaritalStatus.DIVORCED, codes.MaritalStatus.WIDOWED):
                kinds.append("janda_duda")
            kind = rng.choice(kinds)
            request = svc.letter_request_create(
                actor=operator,
                village=village,
                letter_type=kind,
                subject=person,
                data=DEMO_DATA.get(kind, {}),
                purpose="contoh demo",
            )
            made += 1
            if i == 0:
                continue
            svc.letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)
            if i == 1:
                continue
            if i == 2:
                svc.letter_request_transition(
                    request=request,
                    to=Status.REJECTED,
                    actor=operator,
                    reason=RejectReason.INCOMPLETE,
                )
                continue
            if kades is not None:
                svc.letter_request_transition(request=request, to=Status.SIGNED, actor=kades)
                if i >= 4:
                    svc.letter_request_transition(request=request, to=Status.DONE, actor=operator)
    summary = (
        f"{seeded} standar katalog, {adopted} diadopsi oleh {len(villages)} desa, {made} permohonan"
    )
    resident = _demo_resident_account()
    if resident is not None:
        summary += (
            f"\nWarga (layanan mandiri, /layanan/warga/masuk/): NIK {resident.nik}  PIN {DEMO_PIN}"
            " — juga terhubung ke akun 'warga'"
        )
    return summary


# Six digits with no date, run or repeat in them: a PIN the rules accept.
DEMO_PIN = "583927"


def _demo_resident_account() -> Resident | None:
    """Give the demo user "warga" a resident account with a known PIN (idempotent).

    The account is made as a village office would (activation code, then the
    resident sets the PIN), for an adult living in the demo user's RT.
    """
    warga = RoleAssignment.objects.filter(user__username="warga", role=Role.RESIDENT).first()
    if warga is None or warga.area_id is None:
        return None
    account = ResidentAccount.objects.filter(user=warga.user).select_related("resident").first()
    if account is not None:
        return account.resident
    resident = (
        Resident.objects.filter(
            area__within=warga.area_id,
            status=codes.BasicStatus.ALIVE,
            family_relation=codes.FamilyRelation.HEAD,
        )
        .exclude(nik="")
        .exclude(pk__in=ResidentAccount.objects.values("resident_id"))
        .order_by("id")
        .first()
    )
    if resident is None:
        return None
    code = residents_auth.activation_issue(actor=None, resident=resident)
    account = residents_auth.pin_set(nik=resident.nik, code=code, pin=DEMO_PIN)
    residents_auth.account_link_user(actor=None, account=account, user=warga.user)
    return resident
