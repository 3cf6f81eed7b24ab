"""Reads of the poverty module, every one scoped to the caller's area."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import areacodes
from balai.indicators.periods import Period
from balai.poverty import checks, policies
from balai.poverty.models import (
    CaseStatus,
    DecisionImport,
    ExtremeCase,
    Programme,
    ProposalEvidence,
    Recipient,
    RecipientImport,
    VerificationRound,
    WelfareEntry,
    WelfareImport,
    WelfareSnapshot,
)
from balai.registry import codes
from balai.registry.models import Resident


def programme_visible_q(user: Any) -> Q:
    """Return a filter on programmes that apply inside *user*'s scope (above or below it)."""
    code = access.scope_code(user, Perm.POVERTY_VIEW)
    if code is None:
        return Q()
    return Q(area_id__in=[*areacodes.ancestor_codes(code), code]) | Q(area__within=code)


def programme_list(*, user: Any, area_code: str) -> QuerySet[Programme]:
    """Return the programmes that apply in *area_code* or below it, visible to *user*."""
    above = [*areacodes.ancestor_codes(area_code), area_code]
    return (
        Programme.objects.filter(programme_visible_q(user))
        .filter(Q(area_id__in=above) | Q(area__within=area_code))
        .select_related("area")
        .prefetch_related("not_combined_with")
        .order_by("-is_active", "name")
    )


def programme_get_for_user(*, user: Any, pk: int) -> Programme:
    """Return programme *pk* if it applies inside *user*'s scope, else 404."""
    found = (
        Programme.objects.filter(programme_visible_q(user), pk=pk).select_related("area").first()
    )
    if found is None:
        raise Http404(_("Program tidak ditemukan."))
    return found


def recipients_of(*, user: Any, programme: Programme, village: str) -> QuerySet[Recipient]:
    """Return *programme*'s recipients in *village* (by name: needs ``poverty.names`` there)."""
    access.require(user, Perm.POVERTY_NAMES, village)
    return (
        Recipient.objects.filter(programme=programme, area_id=village)
        .select_related("resident")
        .order_by("name")
    )


def recipient_get_for_user(*, user: Any, pk: int) -> Recipient:
    """Return recipient *pk* for a user who manages its village, else 404."""
    return access.get_in_scope(
        Recipient.objects.select_related("programme", "area"),
        user,
        Perm.POVERTY_MANAGE,
        pk=pk,
        message=_("Penerima tidak ditemukan."),
    )


def welfare_import_get_for_user(*, user: Any, pk: int) -> WelfareImport:
    """Return welfare import *pk* in *user*'s scope, else 404."""
    return access.get_in_scope(
        WelfareImport.objects.select_related("area"),
        user,
        Perm.POVERTY_PROGRAMMES,
        pk=pk,
        message=_("Impor tidak ditemukan."),
    )


def decision_import_get_for_user(*, user: Any, pk: int) -> DecisionImport:
    """Return Dinsos' results import *pk* in *user*'s scope (``poverty.programmes``), else 404."""
    return access.get_in_scope(
        DecisionImport.objects.select_related("area", "round"),
        user,
        Perm.POVERTY_PROGRAMMES,
        pk=pk,
        message=_("Impor tidak ditemukan."),
    )


def recipient_import_get_for_user(*, user: Any, pk: int) -> RecipientImport:
    """Return recipient import *pk* in *user*'s scope, else 404."""
    return access.get_in_scope(
        RecipientImport.objects.select_related("area", "programme"),
        user,
        Perm.POVERTY_MANAGE,
        pk=pk,
        message=_("Impor tidak ditemukan."),
    )


def snapshots_for(*, user: Any, area_code: str) -> QuerySet[WelfareSnapshot]:
    """Return the snapshots covering *area_code* (above or below it)."""
    access.require(user, Perm.POVERTY_VIEW, area_code)
    above = areacodes.ancestor_codes(area_code)
    return WelfareSnapshot.objects.filter(Q(area_id__in=above) | Q(area__within=area_code))


@dataclass
class SnapshotChange:
    entered: int
    left: int
    desil_up: int
    desil_down: int


def snapshot_changes(snapshot: WelfareSnapshot, *, within: str) -> SnapshotChange | None:
    """Compare *snapshot* with the previous one of its source in *within*: who came, left, moved.

    Counts only (set-based); None when there is no earlier snapshot.
    """
    previous = (
        WelfareSnapshot.objects.filter(
            source=snapshot.source, snapshot_date__lt=snapshot.snapshot_date
        )
        .filter(
            Q(area_id__in=areacodes.ancestor_codes(within))
            | Q(area__within=within)
            | Q(area_id=snapshot.area_id)
        )
        .order_by("-snapshot_date", "-pk")
        .first()
    )
    if previous is None:
        return None
    new = WelfareEntry.objects.filter(snapshot=snapshot, area__within=within)
    old = WelfareEntry.objects.filter(snapshot=previous, area__within=within)
    entered = new.exclude(resident_id__in=old.values("resident_id")).count()
    left = old.exclude(resident_id__in=new.values("resident_id")).count()
    pairs = dict(old.values_list("resident_id", "desil"))
    up = down = 0
    for resident_id, desil in new.filter(resident_id__in=old.values("resident_id")).values_list(
        "resident_id", "desil"
    ):
        before = pairs.get(resident_id)
        if before is not None and desil > before:
            up += 1
        elif before is not None and desil < before:
            down += 1
    return SnapshotChange(entered, left, up, down)


def village_checks(*, user: Any, village: str) -> list[dict[str, Any]]:
    """Return the targeting checks of *village* per programme (counts; ``poverty.view``)."""
    access.require(user, Perm.POVERTY_VIEW, village)
    return checks.village_table(village)


def desil_distribution(*, within: str) -> dict[str, dict[int, int]]:
    """Return {village: {desil: people}} of the current register under *within*."""
    out: dict[str, dict[int, int]] = defaultdict(dict)
    for row in (
        WelfareEntry.objects.filter(current=True, area__within=within)
        .values("area_id", "desil")
        .order_by()
        .annotate(n=Count("pk"))
    ):
        out[row["area_id"]][row["desil"]] = row["n"]
    return out


def public_table(*, within: str) -> list[dict[str, Any]]:
    """Return public aggregates per village: people per desil group and recipients per programme.

    Small cells are suppressed (``policies.SMALL_CELL``); when exactly one cell
    of a row is suppressed, the next smallest is too, so it cannot be derived
    from the row total.
    """
    from balai.regions.models import Area, Level

    villages = list(
        Area.objects.filter(code__startswith=within + ".", level=Level.DESA_KELURAHAN).order_by(
            "code"
        )
    ) or list(Area.objects.filter(code=within))
    dist = desil_distribution(within=within)
    rows = []
    for village in villages:
        d = dist.get(village.code, {})
        cells = {
            "d1": d.get(1, 0),
            "d2_4": sum(d.get(i, 0) for i in (2, 3, 4)),
            "d5_10": sum(d.get(i, 0) for i in range(5, 11)),
        }
        rows.append({"area": village, "cells": suppress_row(cells), "total": sum(cells.values())})
    return rows


def suppress_row(cells: dict[str, int]) -> dict[str, str]:
    """Return *cells* as public text: small counts hidden, plus a complementary cell if needed."""
    hidden = {k for k, v in cells.items() if 0 < v < policies.SMALL_CELL}
    if len(hidden) == 1:
        rest = sorted((v, k) for k, v in cells.items() if k not in hidden and v > 0)
        if rest:
            hidden.add(rest[0][1])
    return {
        k: (policies.suppress(v) if v < policies.SMALL_CELL else "*") if k in hidden else str(v)
        for k, v in cells.items()
    }


def round_list(*, user: Any, village: str) -> QuerySet[VerificationRound]:
    """Return the verification rounds of *village* (by name: ``poverty.names``)."""
    access.require(user, Perm.POVERTY_NAMES, village)
    return VerificationRound.objects.filter(area_id=village).annotate(n=Count("proposals"))


def round_get_for_user(*, user: Any, pk: int) -> VerificationRound:
    """Return round *pk* for a user who may see names in its village, else 404."""
    return access.get_in_scope(
        VerificationRound.objects.select_related("area"),
        user,
        Perm.POVERTY_NAMES,
        pk=pk,
        message=_("Putaran verifikasi tidak ditemukan."),
    )


def proposal_evidence_get_for_user(*, user: Any, pk: int) -> ProposalEvidence:
    """Return evidence file *pk* for a user who may see names in its round's village, else 404."""
    found = (
        ProposalEvidence.objects.select_related("proposal__resident", "proposal__round")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404(_("Berkas bukti tidak ditemukan."))
    round_get_for_user(user=user, pk=found.proposal.round_id)
    return found


def case_list(*, user: Any, village: str) -> QuerySet[ExtremeCase]:
    """Return the extreme-poverty cases of *village* (``poverty.names``)."""
    access.require(user, Perm.POVERTY_NAMES, village)
    return (
        ExtremeCase.objects.filter(area_id=village)
        .select_related("family")
        .annotate(
            visit_count=Count("visits", distinct=True),
            intervention_count=Count("interventions", distinct=True),
        )
        .order_by("status", "family__no_kk")
    )


def case_get_for_user(*, user: Any, pk: int) -> ExtremeCase:
    """Return case *pk* for a user who may see names in its village, else 404."""
    return access.get_in_scope(
        ExtremeCase.objects.select_related("area", "family"),
        user,
        Perm.POVERTY_NAMES,
        pk=pk,
        message=_("Kasus tidak ditemukan."),
    )


def family_members(family_id: int) -> QuerySet[Resident]:
    return Resident.objects.filter(family_id=family_id, status=codes.BasicStatus.ALIVE).order_by(
        "family_relation", "birth_date"
    )


def pool_families(village: str) -> int:
    """Return how many families of *village* are in the extreme-poor pool now."""
    return (
        WelfareEntry.objects.filter(
            policies.extreme_pool_q(),
            current=True,
            area_id=village,
            resident__status=codes.BasicStatus.ALIVE,
        )
        .values("resident__family_id")
        .distinct()
        .count()
    )


def quarterly_report(*, within: str, period: Period) -> list[dict[str, Any]]:
    """Return per village: pool families, cases opened/assessed/with interventions/graduated.

    Counts for the Inpres 4/2022 quarterly report of the kabupaten; cases are
    counted by their dates within the quarter, the pool as it is now.
    """
    from balai.regions.models import Area, Level

    start, end = period.start, period.next_start
    pool = dict(
        WelfareEntry.objects.filter(
            policies.extreme_pool_q(),
            current=True,
            area__within=within,
            resident__status=codes.BasicStatus.ALIVE,
        )
        .values("area_id")
        .order_by()
        .annotate(n=Count("resident__family_id", distinct=True))
        .values_list("area_id", "n")
    )
    cases = {
        row["area_id"]: row
        for row in ExtremeCase.objects.filter(area__within=within, opened_on__lt=end)
        .values("area_id")
        .order_by()
        .annotate(
            open=Count("pk", filter=Q(status=CaseStatus.OPEN), distinct=True),
            opened=Count("pk", filter=Q(opened_on__gte=start), distinct=True),
            assessed=Count("pk", filter=Q(visits__visit_date__lt=end), distinct=True),
            helped=Count("pk", filter=Q(interventions__start_date__lt=end), distinct=True),
            graduated=Count(
                "pk",
                filter=Q(status=CaseStatus.GRADUATED, closed_on__gte=start, closed_on__lt=end),
                distinct=True,
            ),
        )
    }
    rows = []
    for village in Area.objects.filter(
        Q(code=within) | Q(code__startswith=within + "."), level=Level.DESA_KELURAHAN
    ).order_by("code"):
        c: dict[str, Any] = dict(cases.get(village.code, {}))
        rows.append(
            {
                "area": village,
                "pool": pool.get(village.code, 0),
                "open": c.get("open", 0),
                "opened": c.get("opened", 0),
                "assessed": c.get("assessed", 0),
                "helped": c.get("helped", 0),
                "graduated": c.get("graduated", 0),
            }
        )
    return rows


def own_household(resident: Resident) -> dict[str, Any]:
    """Return what a resident may see of their own household: desil, aid, case status."""
    members = (
        list(Resident.objects.filter(family_id=resident.family_id, status=codes.BasicStatus.ALIVE))
        if resident.family_id
        else [resident]
    )
    ids = [m.pk for m in members]
    entry = (
        WelfareEntry.objects.filter(resident_id__in=ids, current=True)
        .select_related("snapshot")
        .order_by("desil")
        .first()
    )
    aid = (
        Recipient.objects.filter(resident_id__in=ids)
        .select_related("programme", "resident")
        .order_by("programme__name")
    )
    case = (
        ExtremeCase.objects.filter(family_id=resident.family_id).order_by("-opened_on").first()
        if resident.family_id
        else None
    )
    return {"entry": entry, "aid": list(aid), "case": case}


def sktm_warnings(user: Any, item: Any) -> list[str]:
    """Warn on an SKTM request whose household is not in the welfare register (letters hook)."""
    if getattr(item, "letter_type", "") != "sktm" or item.subject_id is None:
        return []
    if not access.has_perm(user, Perm.POVERTY_VIEW, str(item.area_id)):
        return []
    subject = item.subject
    family = (
        Q(resident__family_id=subject.family_id) if subject.family_id else Q(resident_id=subject.pk)
    )
    if WelfareEntry.objects.filter(family, current=True).exists():
        return []
    return [
        _(
            "Keluarga pemohon tidak tercatat di data kesejahteraan (DTSEN/DTKS) terkini. Periksa "
            "keadaannya dan, bila memang miskin, usulkan melalui musyawarah desa."
        )
    ]


def area_for_checks(*, user: Any, code: str, levels: tuple[str, ...]) -> Any:
    """Return area *code* for the checks if *user* may see figures there (404 for other levels)."""
    area = access.get_area_for_user(user, code.strip(), Perm.POVERTY_VIEW)
    if area.level not in levels:
        raise Http404(_("Pemeriksaan tersedia per kabupaten, kecamatan atau desa."))
    return area
