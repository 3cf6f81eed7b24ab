"""Writes of the musrenbang forums: opening, scoring, decisions, merging, forwarding, answers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.areacodes import kabupaten_code, kecamatan_code
from balai.core.errors import ConflictError, DomainError
from balai.indicators.services import mark_changed
from balai.planning import selectors
from balai.planning.models import (
    Criterion,
    Forum,
    ForumEntry,
    ForumLevel,
    ForumStatus,
    FundSource,
    OpdPagu,
    PerangkatDaerah,
    PlanningSetup,
    PriorityTheme,
    Proposal,
    RpjmdesProgramme,
    Stage,
)
from balai.planning.services._common import clean
from balai.planning.services.plans import rkpdes_activity_create
from balai.planning.services.proposals import proposal_move
from balai.regions.models import Area, Level

FORUM_AREA_LEVEL = {
    ForumLevel.DESA: Level.DESA_KELURAHAN,
    ForumLevel.KECAMATAN: Level.KECAMATAN,
    ForumLevel.KABUPATEN: Level.KABUPATEN_KOTA,
}
FORUM_DETAILS = ("held_on", "place", "chair", "participants", "women_participants", "notes")


# --- kabupaten settings ---------------------------------------------------------------


def setup_save(
    *,
    actor: Any,
    kabupaten: Area,
    desa_month: int,
    kecamatan_month: int,
    kabupaten_month: int,
    rpjmdes_term_years: int,
) -> PlanningSetup:
    """Save *kabupaten*'s musrenbang calendar and RPJMDes term."""
    if kabupaten.level != Level.KABUPATEN_KOTA:
        raise DomainError(_("Pengaturan perencanaan dibuat per kabupaten/kota."))
    if not desa_month <= kecamatan_month <= kabupaten_month:
        raise DomainError(
            _("Urutan bulan harus desa, lalu kecamatan, lalu kabupaten."),
            field_errors={"kecamatan_month": [_("Harus di antara bulan desa dan kabupaten.")]},
        )
    with transaction.atomic():
        setup = PlanningSetup.objects.select_for_update().filter(kabupaten=kabupaten).first()
        setup = setup or PlanningSetup(kabupaten=kabupaten)
        setup.desa_month = desa_month
        setup.kecamatan_month = kecamatan_month
        setup.kabupaten_month = kabupaten_month
        setup.rpjmdes_term_years = rpjmdes_term_years
        clean(setup)
        setup.save()
        audit.record(actor=actor, action="planning.setup_saved", obj=setup)
    return setup


def criterion_add(*, actor: Any, kabupaten: Area, name: str, basis: str, weight: int) -> Criterion:
    """Add a scoring criterion to *kabupaten*'s musrenbang."""
    order = Criterion.objects.filter(kabupaten=kabupaten).count() + 1
    criterion = Criterion(
        kabupaten=kabupaten, name=name.strip(), basis=basis, weight=weight, order=order
    )
    with transaction.atomic():
        clean(criterion)
        criterion.save()
        audit.record(actor=actor, action="planning.criterion_added", obj=criterion)
    return criterion


def criterion_delete(*, actor: Any, criterion: Criterion) -> None:
    """Remove *criterion* (scores already given to it stay in the forum entries)."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="planning.criterion_deleted",
            obj=criterion,
            data={"name": criterion.name},
        )
        criterion.delete()


def opd_add(*, actor: Any, kabupaten: Area, code: str, name: str, office: str) -> PerangkatDaerah:
    """Add an OPD of *kabupaten*, answered by the staff of *office*."""
    opd = PerangkatDaerah(kabupaten=kabupaten, code=code.strip(), name=name.strip(), office=office)
    with transaction.atomic():
        clean(opd)
        opd.save()
        audit.record(actor=actor, action="planning.opd_added", obj=opd)
    return opd


def opd_pagu_set(
    *, actor: Any, opd: PerangkatDaerah, year: int, amount: Decimal, note: str = ""
) -> OpdPagu:
    """Set Bappeda's pagu indikatif of *opd* for plan *year* (its answers rank under it)."""
    with transaction.atomic():
        pagu = OpdPagu.objects.select_for_update().filter(opd=opd, year=year).first()
        before = pagu.amount if pagu else None
        pagu = pagu or OpdPagu(opd=opd, year=year, amount=amount)
        pagu.amount = amount
        pagu.note = note.strip()
        clean(pagu)
        pagu.save()
        audit.record(
            actor=actor,
            action="planning.opd_pagu_set",
            obj=pagu,
            data={
                "opd": opd.code,
                "before": str(before) if before is not None else None,
                "amount": str(amount),
            },
        )
    return pagu


def theme_add(
    *, actor: Any, kabupaten: Area, year: int, name: str, kegiatan_prefixes: list[str]
) -> PriorityTheme:
    """Add a priority theme of *kabupaten* for *year*, matched by kegiatan code prefixes."""
    known = selectors.kegiatan_by_code()
    bad = [p for p in kegiatan_prefixes if not any(c == p or c.startswith(p + ".") for c in known)]
    if not kegiatan_prefixes or bad:
        raise DomainError(
            _("Kode kegiatan tidak dikenal: %(c)s") % {"c": ", ".join(bad) or "-"},
            field_errors={
                "kegiatan_prefixes": [_("Tulis kode bidang/sub-bidang/kegiatan, mis. 2.2.")]
            },
        )
    theme = PriorityTheme(
        kabupaten=kabupaten, year=year, name=name.strip(), kegiatan_prefixes=kegiatan_prefixes
    )
    with transaction.atomic():
        clean(theme)
        theme.save()
        mark_changed("planning.theme", kabupaten.code, {dt.date(year, 1, 1)})
        audit.record(actor=actor, action="planning.theme_added", obj=theme)
    return theme


# --- forums ---------------------------------------------------------------------------


def forum_open(*, actor: Any, level: str, area: Area, year: int, **details: Any) -> Forum:
    """Open the *level* musrenbang of *area* for plan *year* (once per area and year)."""
    if area.level != FORUM_AREA_LEVEL[ForumLevel(level)]:
        raise DomainError(
            _("%(a)s bukan wilayah untuk %(f)s.") % {"a": area, "f": ForumLevel(level).label}
        )
    if selectors.forum_get(level=level, area=area, year=year):
        raise ConflictError(_("Musrenbang itu sudah dibuka."))
    forum = Forum(level=level, area=area, year=year, **_details(details))
    with transaction.atomic():
        clean(forum)
        forum.save()
        audit.record(actor=actor, action="planning.forum_opened", obj=forum)
    return forum


def _details(details: dict[str, Any]) -> dict[str, Any]:
    unknown = set(details) - set(FORUM_DETAILS)
    if unknown:
        raise DomainError(_("Isian tidak dikenal: %(f)s") % {"f": ", ".join(sorted(unknown))})
    return details


def forum_update(*, actor: Any, forum: Forum, **details: Any) -> Forum:
    """Record the meeting's details (date, place, chair, attendance, agreements)."""
    with transaction.atomic():
        locked = Forum.objects.select_for_update().get(pk=forum.pk)
        _require_open(locked)
        for name, value in _details(details).items():
            setattr(locked, name, value)
        clean(locked)
        locked.save()
        audit.record(actor=actor, action="planning.forum_updated", obj=locked)
    return locked


def _require_open(forum: Forum) -> None:
    if not forum.is_open:
        raise ConflictError(_("%(f)s sudah ditutup.") % {"f": forum})


def _require_on_table(forum: Forum, proposal: Proposal) -> None:
    if not (
        proposal.year == forum.year
        and (
            proposal.village_id == forum.area_id
            or proposal.village_id.startswith(forum.area_id + ".")
        )
        and proposal.stage in selectors.forum_stages(forum.level)
    ):
        raise DomainError(
            _("Usulan %(c)s tidak sedang dibahas di %(f)s.") % {"c": proposal.code, "f": forum}
        )


def forum_score(
    *, actor: Any, forum: Forum, proposal: Proposal, scores: dict[str, int]
) -> ForumEntry:
    """Record the forum's 1-5 values of *proposal* for the manual criteria (by criterion pk)."""
    _require_open(forum)
    _require_on_table(forum, proposal)
    manual = {str(c.pk) for c in selectors.criteria_for(forum.area_id) if c.basis == "manual"}
    clean_scores: dict[str, int] = {}
    for key, value in scores.items():
        if str(key) not in manual:
            raise DomainError(_("Kriteria %(k)s tidak dinilai manual.") % {"k": key})
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise DomainError(
                _("Nilai harus bilangan bulat 1 sampai 5."), field_errors={str(key): [_("1-5")]}
            )
        clean_scores[str(key)] = value
    with transaction.atomic():
        entry, _created = ForumEntry.objects.select_for_update().get_or_create(
            forum=forum, proposal=proposal
        )
        entry.scores = {**entry.scores, **clean_scores}
        entry.save(update_fields=["scores", "updated_at"])
        audit.record(
            actor=actor, action="planning.proposal_scored", obj=proposal, data=clean_scores
        )
    return entry


def proposal_decide_desa(
    *,
    actor: Any,
    forum: Forum,
    proposal: Proposal,
    decision: str,
    reason: str = "",
    programme: RpjmdesProgramme | None = None,
    fund_source: str = FundSource.DD,
) -> Proposal:
    """Record the musrenbang desa's decision on *proposal*.

    ``accept``: the proposal becomes an RKP Desa activity of the plan year
    (village authority only). ``forward``: beyond village authority, it goes to
    the musrenbang kecamatan (unless that forum is closed). ``reject``: not a
    priority this year; a reason is required.
    """
    if forum.level != ForumLevel.DESA:
        raise DomainError(_("Keputusan ini diambil di musrenbang desa."))
    _require_open(forum)
    _require_on_table(forum, proposal)
    if decision == "accept":
        if not proposal.village_authority:
            raise DomainError(
                _("Usulan di luar kewenangan desa diteruskan ke kecamatan, bukan masuk RKP Desa.")
            )
        activity = rkpdes_activity_create(
            actor=actor,
            village=forum.area,
            year=forum.year,
            kegiatan=proposal.kegiatan,
            programme=programme,
            name=proposal.title,
            location=proposal.location,
            volume=proposal.volume,
            unit=proposal.unit,
            beneficiaries=proposal.beneficiaries,
            indicative_cost=proposal.estimated_cost,
            fund_source=fund_source,
        )
        return proposal_move(
            actor=actor,
            proposal=proposal,
            to=Stage.DESA_ACCEPTED,
            note=_("Masuk RKP Desa %(y)s.") % {"y": forum.year},
            rkpdes_activity=activity,
        )
    if decision == "forward":
        if proposal.village_authority:
            raise DomainError(_("Usulan kewenangan desa diputuskan di desa, tidak diteruskan."))
        target = selectors.forum_get(
            level=ForumLevel.KECAMATAN, area=kecamatan_code(proposal.village_id), year=forum.year
        )
        if target is not None and not target.is_open:
            raise ConflictError(
                _("Musrenbang kecamatan %(y)s sudah ditutup; usulan tidak dapat diteruskan.")
                % {"y": forum.year}
            )
        return proposal_move(
            actor=actor,
            proposal=proposal,
            to=Stage.KECAMATAN,
            note=_("Di luar kewenangan desa: diteruskan ke musrenbang kecamatan."),
        )
    if decision == "reject":
        if not reason.strip():
            raise DomainError(
                _("Tuliskan alasan usulan tidak diprioritaskan."),
                field_errors={"reason": [_("Wajib diisi.")]},
            )
        return proposal_move(
            actor=actor,
            proposal=proposal,
            to=Stage.DESA_REJECTED,
            note=reason.strip(),
            answer_reason=reason.strip(),
        )
    raise DomainError(_("Keputusan tidak dikenal."))


def proposal_merge(*, actor: Any, forum: Forum, main: Proposal, others: list[Proposal]) -> Proposal:
    """Merge *others* into *main* at the musrenbang kecamatan: one proposal goes on.

    The merged proposals keep their codes; their tracking pages follow *main*.
    *main* counts the beneficiaries and supports of all.
    """
    if forum.level != ForumLevel.KECAMATAN:
        raise DomainError(_("Penggabungan usulan antardesa dilakukan di musrenbang kecamatan."))
    _require_open(forum)
    for p in [main, *others]:
        _require_on_table(forum, p)
    if not others or main.pk in {o.pk for o in others}:
        raise DomainError(_("Pilih usulan lain untuk digabung."))
    with transaction.atomic():
        for other in others:
            proposal_move(
                actor=actor,
                proposal=other,
                to=Stage.MERGED,
                note=_("Digabung dengan usulan %(c)s.") % {"c": main.code},
                merged_into=main,
            )
        locked = Proposal.objects.select_for_update().get(pk=main.pk)
        locked.beneficiaries += sum(o.beneficiaries for o in others)
        locked.support_count += sum(o.support_count for o in others)
        locked.save(update_fields=["beneficiaries", "support_count", "updated_at"])
        audit.record(
            actor=actor,
            action="planning.proposals_merged",
            obj=locked,
            data={"merged": [o.code for o in others]},
        )
    return locked


def proposal_assign_opd(
    *, actor: Any, forum: Forum, proposal: Proposal, opd: PerangkatDaerah, programme: str
) -> Proposal:
    """Map *proposal* to the OPD and programme that would carry it (musrenbang kecamatan)."""
    if forum.level != ForumLevel.KECAMATAN:
        raise DomainError(_("OPD dipetakan di musrenbang kecamatan."))
    _require_open(forum)
    _require_on_table(forum, proposal)
    if opd.kabupaten_id != kabupaten_code(proposal.village_id):
        raise DomainError(_("OPD itu bukan perangkat daerah kabupaten ini."))
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        locked.opd = opd
        locked.opd_programme = programme.strip()
        clean(locked, exclude=["code"])
        locked.save(update_fields=["opd", "opd_programme", "updated_at"])
        audit.record(
            actor=actor, action="planning.proposal_mapped", obj=locked, data={"opd": opd.code}
        )
    return locked


def forum_close(*, actor: Any, forum: Forum) -> Forum:
    """Close *forum* and fix its ranking.

    Desa: every proposal on the table must have been decided. Kecamatan:
    proposals that fit the pagu kecamatan go to the kabupaten (each needs an
    OPD), the others are closed as not prioritised, with the rule used;
    refused when the kabupaten forum is already closed.
    """
    with transaction.atomic():
        locked = Forum.objects.select_for_update().get(pk=forum.pk)
        _require_open(locked)
        pending = list(selectors.forum_proposals(locked))
        # The desa ranks everything it discussed; the kecamatan what is still on its table.
        table = (
            list(selectors.forum_proposals(locked, pending_only=False))
            if locked.level == ForumLevel.DESA
            else pending
        )
        result = selectors.forum_ranking(locked, proposals=table)
        if locked.level == ForumLevel.DESA and pending:
            raise ConflictError(
                _("Masih ada %(n)s usulan belum diputuskan: %(c)s.")
                % {"n": len(pending), "c": ", ".join(p.code for p in pending[:5])}
            )
        if locked.level == ForumLevel.KECAMATAN:
            _forward_to_kabupaten(actor, locked, pending, result)
        if locked.level == ForumLevel.KABUPATEN and pending:
            raise ConflictError(
                _("Masih ada %(n)s usulan belum dijawab OPD.") % {"n": len(pending)}
            )
        _store_entries(locked, result)
        locked.status = ForumStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        audit.record(
            actor=actor,
            action="planning.forum_closed",
            obj=locked,
            data={"ranked": len(result.rows), "used": str(result.used)},
        )
    return locked


def _forward_to_kabupaten(actor: Any, forum: Forum, pending: list[Proposal], result: Any) -> None:
    target = selectors.forum_get(
        level=ForumLevel.KABUPATEN, area=kabupaten_code(forum.area_id), year=forum.year
    )
    if target is not None and not target.is_open:
        raise ConflictError(
            _("Musrenbang kabupaten %(y)s sudah ditutup; usulan tidak dapat diteruskan.")
            % {"y": forum.year}
        )
    if result.pagu is None:
        raise ConflictError(
            _("Pagu indikatif kecamatan tahun %(y)s belum ditetapkan.") % {"y": forum.year}
        )
    by_pk = {p.pk: p for p in pending}
    unmapped = [
        by_pk[r.item.pk].code for r in result.rows if r.fits and by_pk[r.item.pk].opd_id is None
    ]
    if unmapped:
        raise ConflictError(
            _("Petakan OPD dahulu untuk usulan yang masuk pagu: %(c)s.")
            % {"c": ", ".join(unmapped[:10])}
        )
    for row in result.rows:
        proposal = by_pk[row.item.pk]
        if row.fits:
            proposal_move(
                actor=actor,
                proposal=proposal,
                to=Stage.KABUPATEN,
                note=_("Peringkat %(r)s, masuk pagu kecamatan; diteruskan ke %(o)s.")
                % {"r": row.rank, "o": proposal.opd},
            )
        else:
            note = _("Peringkat %(r)s; biaya Rp%(c)s tidak muat dalam sisa pagu kecamatan.") % {
                "r": row.rank,
                "c": f"{row.item.cost:,.0f}".replace(",", "."),
            }
            proposal_move(
                actor=actor,
                proposal=proposal,
                to=Stage.KECAMATAN_REJECTED,
                note=note,
                answer_reason=note,
            )


def _store_entries(forum: Forum, result: Any) -> None:
    existing = {e.proposal_id: e for e in ForumEntry.objects.filter(forum=forum)}
    new: list[ForumEntry] = []
    changed: list[ForumEntry] = []
    for row in result.rows:
        entry = existing.get(row.item.pk) or ForumEntry(forum=forum, proposal_id=row.item.pk)
        entry.score = row.score
        entry.rank = row.rank
        entry.fits = row.fits
        (changed if entry.pk else new).append(entry)
    ForumEntry.objects.bulk_create(new)
    ForumEntry.objects.bulk_update(changed, ["score", "rank", "fits"])


def opd_answer(
    *,
    actor: Any,
    opd: PerangkatDaerah,
    proposal: Proposal,
    accepted: bool,
    reason: str = "",
    programme: str = "",
    activity: str = "",
) -> Proposal:
    """Record *opd*'s answer to *proposal*: accepted into its Renja/RKPD, or refused with a reason.

    The answer reaches the proposals merged into this one through their
    tracking pages, and the proposer by notification.
    """
    if proposal.opd_id != opd.pk:
        raise DomainError(
            _("Usulan %(c)s bukan usulan untuk %(o)s; OPD hanya menjawab usulan miliknya.")
            % {"c": proposal.code, "o": opd}
        )
    if accepted and not (programme.strip() and activity.strip()):
        raise DomainError(
            _("Sebutkan program dan kegiatan Renja/RKPD yang menampung usulan."),
            field_errors={"activity": [_("Wajib diisi bila diterima.")]},
        )
    if not accepted and not reason.strip():
        raise DomainError(
            _("Tuliskan alasan penolakan."),
            field_errors={"reason": [_("Wajib diisi bila ditolak.")]},
        )
    now = timezone.now()
    note = (
        _("Diterima %(o)s: %(a)s (program %(p)s).")
        % {"o": opd, "a": activity.strip(), "p": programme.strip()}
        if accepted
        else _("Ditolak %(o)s: %(r)s") % {"o": opd, "r": reason.strip()}
    )
    return proposal_move(
        actor=actor,
        proposal=proposal,
        to=Stage.OPD_ACCEPTED if accepted else Stage.OPD_REFUSED,
        note=note,
        opd_programme=programme.strip() or proposal.opd_programme,
        answer_activity=activity.strip(),
        answer_reason=reason.strip(),
        answered_at=now,
    )
