"""Every write of the poverty module: programmes, recipients, musdes rounds, extreme-poverty cases."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.complaints import attachments
from balai.core import areacodes, audit
from balai.core.errors import ConflictError, DomainError
from balai.indicators.services import mark_changed
from balai.poverty import policies
from balai.poverty.models import (
    DESIL_MAX,
    DESIL_MIN,
    NEEDS,
    ROUND_TRANSITIONS,
    CaseStatus,
    CaseVisit,
    ExtremeCase,
    Intervention,
    PovertySetting,
    Programme,
    Proposal,
    ProposalEvidence,
    ProposalKind,
    ProposalStatus,
    Recipient,
    RecipientSource,
    RoundStatus,
    VerificationRound,
    WelfareEntry,
)
from balai.regions.models import Area, Level
from balai.registry import codes
from balai.registry.models import Family, Resident

PROGRAMME_FIELDS = (
    "code",
    "name",
    "unit",
    "fund_source",
    "start",
    "end",
    "desil_min",
    "desil_max",
    "age_min",
    "age_max",
    "exclude_officials",
    "is_active",
)


def _fail(message: str, field: str | None = None) -> DomainError:
    return DomainError(message, field_errors={field: [message]} if field else None)


def programme_rule_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    """Return the contradictions in a programme's rule ({field: [message]})."""
    errors: dict[str, list[str]] = {}
    low, high = values.get("desil_min"), values.get("desil_max")
    for name in ("desil_min", "desil_max"):
        value = values.get(name)
        if value is not None and not DESIL_MIN <= value <= DESIL_MAX:
            errors.setdefault(name, []).append(_("Desil harus 1 sampai 10."))
    if low is not None and high is not None and low > high:
        errors.setdefault("desil_max", []).append(
            _(
                "Aturan bertentangan: desil tertinggi (%(h)d) lebih kecil dari desil terendah (%(l)d)."
            )
            % {"h": high, "l": low}
        )
    age_min, age_max = values.get("age_min"), values.get("age_max")
    if age_min is not None and age_max is not None and age_min > age_max:
        errors.setdefault("age_max", []).append(
            _("Aturan bertentangan: usia tertinggi lebih kecil dari usia terendah.")
        )
    start, end = values.get("start"), values.get("end")
    if start and end and end < start:
        errors.setdefault("end", []).append(_("Tanggal selesai sebelum tanggal mulai."))
    return errors


def _check_programme(values: dict[str, Any], conflicts: list[Programme], pk: int | None) -> None:
    errors = programme_rule_errors(values)
    if pk is not None and any(p.pk == pk for p in conflicts):
        errors.setdefault("not_combined_with", []).append(
            _("Program tidak dapat dilarang bersamaan dengan dirinya sendiri.")
        )
    if errors:
        first = next(iter(errors.values()))[0]
        raise DomainError(first, field_errors=errors)


def programme_create(
    *, actor: Any, area: Area, conflicts: list[Programme] | None = None, **values: Any
) -> Programme:
    """Create a programme of *area* (a kabupaten, or a village for BLT Dana Desa)."""
    conflicts = conflicts or []
    if area.level not in (Level.KABUPATEN_KOTA, Level.DESA_KELURAHAN):
        raise _fail(_("Program dibuat untuk kabupaten/kota atau satu desa."))
    _check_programme(values, conflicts, None)
    with transaction.atomic():
        programme = Programme(
            area=area, **{k: values.get(k) for k in PROGRAMME_FIELDS if k in values}
        )
        try:
            programme.full_clean()
        except ValidationError as exc:
            raise DomainError(
                "; ".join(m for ms in exc.message_dict.values() for m in ms),
                field_errors=exc.message_dict,
            ) from exc
        programme.save()
        programme.not_combined_with.set(conflicts)
        mark_changed("poverty.programme", area.code)
    return programme


def programme_update(
    *, actor: Any, programme: Programme, conflicts: list[Programme] | None = None, **values: Any
) -> Programme:
    """Change a programme's fields and rule (checked for contradictions)."""
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        merged = {k: getattr(programme, k) for k in PROGRAMME_FIELDS} | values
        _check_programme(merged, conflicts or [], programme.pk)
        for key in PROGRAMME_FIELDS:
            if key in values:
                setattr(programme, key, values[key])
        try:
            programme.full_clean()
        except ValidationError as exc:
            raise DomainError(
                "; ".join(m for ms in exc.message_dict.values() for m in ms),
                field_errors=exc.message_dict,
            ) from exc
        programme.save()
        if conflicts is not None:
            programme.not_combined_with.set(conflicts)
        mark_changed("poverty.programme", programme.area_id)
    return programme


def recipient_add(
    *, actor: Any, programme: Programme, village: Area, resident: Resident, member_no: str = ""
) -> Recipient:
    """Enter *resident* of *village* as a recipient of *programme*."""
    if areacodes.village_code(str(resident.area_id)) != village.code:
        raise _fail(_("Penduduk ini tidak terdaftar di desa tersebut."), "nik")
    if not str(village.code).startswith(str(programme.area_id)) or not programme.is_active:
        raise _fail(_("Program ini tidak berlaku di desa tersebut."))
    with transaction.atomic():
        existing = Recipient.objects.filter(programme=programme, nik=resident.nik).first()
        if existing is not None:
            raise ConflictError(
                _("NIK ini sudah tercatat sebagai penerima program ini.")
                if existing.area_id == village.code
                else _("NIK ini sudah tercatat sebagai penerima program ini di desa lain.")
            )
        recipient = Recipient(
            programme=programme,
            area=village,
            resident=resident,
            nik=resident.nik,
            name=resident.name,
            member_no=member_no.strip()[:40],
            source=RecipientSource.MANUAL,
        )
        recipient.full_clean(exclude=["programme", "area", "resident"])
        recipient.save()
        mark_changed("poverty.recipient", village.code)
    return recipient


def recipient_remove(*, actor: Any, recipient: Recipient, reason: str) -> None:
    """Take a recipient off a programme's list (the reason is kept in the audit log)."""
    if not reason.strip():
        raise _fail(_("Isi alasan penghapusan."), "reason")
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="poverty.recipient_removed",
            obj=recipient,
            data={
                "programme": recipient.programme_id,
                "nik": recipient.nik,
                "reason": reason[:500],
            },
        )
        village = recipient.area_id
        recipient.delete()
        mark_changed("poverty.recipient", village)


# ---- verification rounds (musdes) --------------------------------------------


def round_create(
    *, actor: Any, village: Area, title: str, meeting_date: dt.date, **values: Any
) -> VerificationRound:
    """Open a verification round for *village*."""
    if village.level != Level.DESA_KELURAHAN:
        raise _fail(_("Musdes diadakan per desa/kelurahan."))
    with transaction.atomic():
        item = VerificationRound(area=village, title=title, meeting_date=meeting_date, **values)
        item.full_clean(exclude=["area"])
        item.save()
    return item


def round_update(*, actor: Any, item: VerificationRound, **values: Any) -> VerificationRound:
    """Change the berita acara fields of a round that is not yet sent."""
    with transaction.atomic():
        item = VerificationRound.objects.select_for_update().get(pk=item.pk)
        if item.status in (RoundStatus.SENT, RoundStatus.CLOSED):
            raise ConflictError(_("Putaran yang sudah dikirim tidak dapat diubah."))
        for key, value in values.items():
            setattr(item, key, value)
        item.full_clean(exclude=["area"])
        item.save()
    return item


def round_transition(*, actor: Any, item: VerificationRound, to: str) -> VerificationRound:
    """Move a round along ``ROUND_TRANSITIONS`` (held needs proposals and attendees)."""
    with transaction.atomic():
        item = VerificationRound.objects.select_for_update().get(pk=item.pk)
        if to not in ROUND_TRANSITIONS[item.status]:
            raise ConflictError(
                _("Status '%(a)s' tidak dapat diubah menjadi '%(b)s'.")
                % {"a": item.get_status_display(), "b": dict(RoundStatus.choices).get(to, to)}
            )
        if to == RoundStatus.HELD:
            if not item.proposals.exists():
                raise DomainError(_("Belum ada usulan untuk dibahas musdes."))
            if item.attendees < 1 or not item.chair:
                raise DomainError(_("Isi pimpinan dan jumlah peserta musdes (berita acara)."))
        before = item.status
        item.status = to
        item.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor, action="poverty.round_moved", obj=item, data={"from": before, "to": to}
        )
    return item


def proposal_add(
    *,
    actor: Any,
    item: VerificationRound,
    kind: str,
    resident: Resident,
    programme: Programme | None,
    reason: str,
    evidence: str,
    files: Sequence[UploadedFile[Any]] = (),
) -> Proposal:
    """Add a proposal to a round still being drafted, with its evidence files (photos/PDF).

    Each file is checked by its content (``complaints.attachments.clean_upload``:
    photos re-encoded from their pixels, so EXIF and GPS are gone; PDFs with
    scripts refused; at most 5 MB); one bad file refuses the whole proposal.
    """
    if item.status != RoundStatus.DRAFT:
        raise ConflictError(_("Usulan hanya dapat ditambah sebelum musdes dilaksanakan."))
    if areacodes.village_code(str(resident.area_id)) != item.area_id:
        raise _fail(_("Penduduk ini tidak terdaftar di desa tersebut."), "nik")
    if not reason.strip() or not evidence.strip():
        raise _fail(_("Usulan harus disertai alasan dan bukti."))
    receives = (
        programme is not None
        and Recipient.objects.filter(programme=programme, resident=resident).exists()
    )
    if kind == ProposalKind.REMOVE and programme is not None and not receives:
        raise _fail(
            _("Penduduk ini bukan penerima program tersebut; tidak dapat diusulkan dihapus.")
        )
    if kind == ProposalKind.ADD and receives:
        raise _fail(_("Penduduk ini sudah menerima program tersebut."))
    if len(files) > attachments.MAX_FILES:
        raise _fail(
            _("Paling banyak %(n)d berkas bukti per usulan.") % {"n": attachments.MAX_FILES},
            "evidence_file",
        )
    cleaned = []
    for upload in files:
        try:
            cleaned.append(
                attachments.clean_upload(upload, name=upload.name or "berkas", size=upload.size)
            )
        except DomainError as exc:
            raise _fail(exc.message, "evidence_file") from exc
    with transaction.atomic():
        proposal = Proposal(
            round=item,
            kind=kind,
            resident=resident,
            programme=programme,
            reason=reason,
            evidence=evidence,
        )
        try:
            proposal.full_clean(exclude=["round", "resident", "programme"])
            proposal.save()
        except IntegrityError as exc:
            raise ConflictError(_("Usulan yang sama sudah ada di putaran ini.")) from exc
        for clean in cleaned:
            stored = ProposalEvidence(
                proposal=proposal,
                content_type=clean.content_type,
                original_name=clean.original_name,
                size=len(clean.content),
            )
            stored.file.save(f"bukti.{clean.extension}", ContentFile(clean.content), save=False)
            stored.save()
    return proposal


def proposal_decisions_check(
    *, item: VerificationRound, rows: list[tuple[int, str, str, str, str]]
) -> tuple[list[tuple[Proposal, str, str]], list[str]]:
    """Match Dinsos' decision rows to the round's proposals: (decided, per-row errors).

    Each row must name a proposal of the round (by NIK, and the programme code
    when the resident has several); status ``diterima``/``ditolak`` (a rejection
    needs its reason).
    """
    if item.status not in (RoundStatus.SENT, RoundStatus.CLOSED):
        raise ConflictError(_("Hasil verifikasi diimpor setelah usulan dikirim ke Dinsos."))
    proposals = list(item.proposals.select_related("resident", "programme"))
    errors: list[str] = []
    decided: list[tuple[Proposal, str, str]] = []
    statuses: dict[str, str] = {
        "diterima": ProposalStatus.ACCEPTED,
        "accepted": ProposalStatus.ACCEPTED,
        "ditolak": ProposalStatus.REJECTED,
        "rejected": ProposalStatus.REJECTED,
    }
    for line, nik, programme_code, status_text, reason in rows:
        nik = re.sub(r"\D", "", nik)
        matches = [
            p
            for p in proposals
            if p.resident.nik == nik
            and (not programme_code or (p.programme.code if p.programme else "") == programme_code)
        ]
        status = statuses.get(status_text.strip().lower())
        if not matches:
            errors.append(
                _("Baris %(l)d: tidak ada usulan dengan NIK ini di putaran ini.") % {"l": line}
            )
        elif len(matches) > 1:
            errors.append(
                _("Baris %(l)d: NIK ini punya beberapa usulan; isi kolom program.") % {"l": line}
            )
        elif status is None:
            errors.append(_("Baris %(l)d: status harus 'diterima' atau 'ditolak'.") % {"l": line})
        elif status == ProposalStatus.REJECTED and not reason.strip():
            errors.append(_("Baris %(l)d: penolakan harus disertai alasan.") % {"l": line})
        else:
            decided.append((matches[0], status, reason.strip()[:1000]))
    return decided, errors


def proposal_decisions_apply(
    *, actor: Any, item: VerificationRound, rows: list[tuple[int, str, str, str, str]]
) -> int:
    """Apply Dinsos' decisions (line, nik, programme code, status, reason): all rows or none.

    Checked as ``proposal_decisions_check``; closes the round when every
    proposal is decided.
    """
    decided, errors = proposal_decisions_check(item=item, rows=rows)
    if errors:
        raise DomainError(" ".join(errors[:20]) + (" …" if len(errors) > 20 else ""))
    if not decided:
        raise DomainError(_("Berkas tidak berisi keputusan."))
    with transaction.atomic():
        item = VerificationRound.objects.select_for_update().get(pk=item.pk)
        for proposal, status, reason in decided:
            proposal.status = status
            proposal.decision_reason = reason
            proposal.full_clean(exclude=["round", "resident", "programme"])
            proposal.save(update_fields=["status", "decision_reason", "updated_at"])
        if not item.proposals.filter(status=ProposalStatus.SUBMITTED).exists():
            item.status = RoundStatus.CLOSED
            item.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor, action="poverty.decisions_imported", obj=item, data={"rows": len(decided)}
        )
    return len(decided)


# ---- extreme poverty -----------------------------------------------------------


def setting_save(
    *, actor: Any, kabupaten: Area, extreme_desil_max: int, income_line: int
) -> PovertySetting:
    """Save a kabupaten's extreme-poverty limit and income line."""
    if kabupaten.level != Level.KABUPATEN_KOTA:
        raise _fail(_("Pengaturan berlaku per kabupaten/kota."))
    if not DESIL_MIN <= extreme_desil_max <= DESIL_MAX:
        raise _fail(_("Desil harus 1 sampai 10."), "extreme_desil_max")
    with transaction.atomic():
        setting, _created = PovertySetting.objects.select_for_update().get_or_create(
            area=kabupaten,
            defaults={"extreme_desil_max": extreme_desil_max, "income_line": income_line},
        )
        setting.extreme_desil_max = extreme_desil_max
        setting.income_line = income_line
        setting.full_clean(exclude=["area"])
        setting.save()
        mark_changed("poverty.setting", kabupaten.code)
    return setting


def cases_open_for_pool(*, actor: Any, village: Area, today: dt.date | None = None) -> int:
    """Open a case for every pool family of *village* without an open or graduated case."""
    today = today or timezone.localdate()
    pool = WelfareEntry.objects.filter(
        policies.extreme_pool_q(),
        current=True,
        area_id=village.code,
        resident__status=codes.BasicStatus.ALIVE,
        resident__family__isnull=False,
    )
    with transaction.atomic():
        followed = ExtremeCase.objects.filter(
            area=village, status__in=(CaseStatus.OPEN, CaseStatus.GRADUATED)
        ).values("family_id")
        families = (
            Family.objects.filter(pk__in=pool.values("resident__family_id"))
            .exclude(pk__in=followed)
            .values_list("pk", flat=True)
        )
        new = [ExtremeCase(area=village, family_id=pk, opened_on=today) for pk in families]
        ExtremeCase.objects.bulk_create(new)
        if new:
            mark_changed("poverty.case", village.code)
        audit.record(
            actor=actor,
            action="poverty.cases_opened",
            obj=ExtremeCase,
            data={"village": village.code, "count": len(new)},
        )
    return len(new)


def case_visit_add(
    *, actor: Any, case: ExtremeCase, visit_date: dt.date, **values: Any
) -> CaseVisit:
    """Record an assessment or follow-up visit of an open case."""
    if case.status != CaseStatus.OPEN:
        raise ConflictError(_("Kasus ini sudah ditutup."))
    if visit_date < case.opened_on or visit_date > timezone.localdate():
        raise _fail(
            _("Tanggal kunjungan harus antara tanggal kasus dibuka dan hari ini."), "visit_date"
        )
    with transaction.atomic():
        visit = CaseVisit(
            case=case,
            visit_date=visit_date,
            **{
                k: v
                for k, v in values.items()
                if k in (*NEEDS, "monthly_income", "members", "notes")
            },
        )
        visit.full_clean(exclude=["case"])
        visit.save()
    return visit


def intervention_add(
    *, actor: Any, case: ExtremeCase, description: str, start_date: dt.date, **values: Any
) -> Intervention:
    """Link a programme and/or village spending (kegiatan code and amount) to a case."""
    if case.status != CaseStatus.OPEN:
        raise ConflictError(_("Kasus ini sudah ditutup."))
    code = (values.get("kegiatan_code") or "").strip()
    if code and not re.fullmatch(r"\d{2}(\.\d{2}){1,3}\.?", code):
        raise _fail(
            _("Kode kegiatan ditulis seperti 02.04.01 (bidang.sub-bidang.kegiatan)."),
            "kegiatan_code",
        )
    if not values.get("programme") and not code:
        raise _fail(_("Pilih program atau isi kode kegiatan APBDes."))
    end = values.get("end_date")
    if end and end < start_date:
        raise _fail(_("Tanggal selesai sebelum tanggal mulai."), "end_date")
    with transaction.atomic():
        item = Intervention(
            case=case,
            description=description,
            start_date=start_date,
            programme=values.get("programme"),
            kegiatan_code=code,
            amount=values.get("amount"),
            end_date=end,
        )
        item.full_clean(exclude=["case", "programme"])
        item.save()
    return item


def case_graduate(*, actor: Any, case: ExtremeCase, on: dt.date) -> ExtremeCase:
    """Graduate a case whose latest visit meets the rule (``policies.graduation_blockers``)."""
    with transaction.atomic():
        case = ExtremeCase.objects.select_for_update().get(pk=case.pk)
        if case.status != CaseStatus.OPEN:
            raise ConflictError(_("Kasus ini sudah ditutup."))
        blockers = policies.graduation_blockers(
            case.visits.order_by("-visit_date", "-pk").first(), policies.setting_for(case.area_id)
        )
        if blockers:
            raise DomainError(_("Belum dapat graduasi: %(b)s") % {"b": " ".join(blockers)})
        case.status = CaseStatus.GRADUATED
        case.closed_on = on
        case.full_clean(exclude=["area", "family"])
        case.save(update_fields=["status", "closed_on", "updated_at"])
        mark_changed("poverty.case", case.area_id)
        audit.record(
            actor=actor, action="poverty.case_graduated", obj=case, data={"on": on.isoformat()}
        )
    return case


def case_close(*, actor: Any, case: ExtremeCase, on: dt.date, note: str) -> ExtremeCase:
    """Close a case without graduation (the family died out or moved away)."""
    if not note.strip():
        raise _fail(_("Isi alasan penutupan."), "note")
    with transaction.atomic():
        case = ExtremeCase.objects.select_for_update().get(pk=case.pk)
        if case.status != CaseStatus.OPEN:
            raise ConflictError(_("Kasus ini sudah ditutup."))
        case.status = CaseStatus.CLOSED
        case.closed_on = on
        case.close_note = note
        case.full_clean(exclude=["area", "family"])
        case.save(update_fields=["status", "closed_on", "close_note", "updated_at"])
        mark_changed("poverty.case", case.area_id)
    return case
