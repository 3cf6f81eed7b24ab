"""Writes of village finance: APBDes versions and lines, the approval and evaluation workflow,
realisation, fund transfers and BUM Desa.

Every write runs in one transaction, validates the row (``full_clean``),
marks the finance indicators of the village and year stale and is audited.
The workflow table is ``models.ALLOWED_TRANSITIONS``; the clock rules are in
``clock``; the code rules in ``chart``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.errors import ConflictError, DomainError
from balai.finance import chart, clock
from balai.finance.kegiatan import check_kegiatan, rkpdes_candidates, rkpdes_links
from balai.finance.models import (
    ALLOWED_TRANSITIONS,
    Apbdes,
    ApbdesLine,
    BumDesa,
    BumDesaReport,
    EvaluationResult,
    Evaluator,
    Focus,
    FundTransfer,
    Realisation,
    Status,
)
from balai.finance.totals import budget_totals
from balai.indicators.services import mark_changed
from balai.regions.models import Area, Level

INPUT = "finance.apbdes"
BUMDESA_INPUT = "finance.bumdesa"


def _clean(obj: Model) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        raise DomainError(
            _("Data belum benar: %(e)s") % {"e": "; ".join(m for v in fields.values() for m in v)},
            field_errors=fields,
        ) from exc


def _changed(village_code: str, year: int) -> None:
    mark_changed(INPUT, village_code, {dt.date(year, 1, 1)})


def _lock(apbdes: Apbdes) -> Apbdes:
    return Apbdes.objects.select_for_update().get(pk=apbdes.pk)


def _move(apbdes: Apbdes, to: str) -> None:
    if to not in ALLOWED_TRANSITIONS[apbdes.status]:
        raise ConflictError(
            _("APBDes berstatus %(s)s tidak dapat diubah ke %(t)s.")
            % {"s": apbdes.get_status_display(), "t": Status(to).label}
        )
    apbdes.status = to


def _village(village: Area) -> None:
    if village.level != Level.DESA_KELURAHAN:
        raise DomainError(_("APBDes disusun per desa."))


def _today() -> dt.date:
    return timezone.localdate()


# ---- versions ------------------------------------------------------------------------


def apbdes_create(*, actor: Any, village: Area, year: int) -> Apbdes:
    """Start the draft APBDes (version 0) of *village* for *year*."""
    _village(village)
    with transaction.atomic():
        if Apbdes.objects.filter(village=village, year=year).exists():
            raise ConflictError(
                _("APBDes %(y)s desa ini sudah ada; buat perubahan APBDes bila perlu.")
                % {"y": year}
            )
        apbdes = Apbdes(village=village, year=year)
        _clean(apbdes)
        apbdes.save()
        audit.record(actor=actor, action="finance.apbdes_created", obj=apbdes, data={"year": year})
    return apbdes


def apbdes_amend(*, actor: Any, apbdes: Apbdes) -> Apbdes:
    """Start an amendment (perubahan) of the current enacted *apbdes*: a draft copy of its lines."""
    with transaction.atomic():
        base = _lock(apbdes)
        if not base.is_current:
            raise ConflictError(_("Perubahan dibuat dari APBDes yang sedang berlaku."))
        if Apbdes.objects.filter(previous=base).exists():
            raise ConflictError(_("Perubahan APBDes ini sudah dibuat."))
        amendment = Apbdes(
            village_id=base.village_id, year=base.year, version=base.version + 1, previous=base
        )
        _clean(amendment)
        amendment.save()
        lines = list(base.lines.all())
        ApbdesLine.objects.bulk_create(
            ApbdesLine(
                apbdes=amendment,
                account_code=line.account_code,
                kegiatan_code=line.kegiatan_code,
                fund_source=line.fund_source,
                description=line.description,
                amount=line.amount,
                focus=line.focus,
                stunting=line.stunting,
                rkpdes_activity_id=line.rkpdes_activity_id,
            )
            for line in lines
        )
        audit.record(
            actor=actor,
            action="finance.apbdes_amendment_started",
            obj=amendment,
            data={"from": base.pk, "lines": len(lines)},
        )
    return amendment


# ---- lines ---------------------------------------------------------------------------


def _line_fields(
    *,
    account_code: str,
    kegiatan_code: str,
    fund_source: str,
    amount: object,
) -> tuple[str, str, str, Decimal]:
    account = chart.clean_account(account_code)
    kegiatan = ""
    if chart.group_of(account) == chart.EXPENDITURE:
        if not (kegiatan_code or "").strip():
            message = _("Belanja wajib mencantumkan kode kegiatan (bidang.sub-bidang.kegiatan).")
            raise DomainError(message, field_errors={"kegiatan_code": [message]})
        kegiatan = check_kegiatan(chart.clean_kegiatan(kegiatan_code))
    elif (kegiatan_code or "").strip():
        message = _("Kode kegiatan hanya untuk belanja (rekening 5).")
        raise DomainError(message, field_errors={"kegiatan_code": [message]})
    source = fund_source or chart.INCOME_SOURCE.get(
        chart.jenis_of(account),
        chart.INCOME_SOURCE.get(account[:3], chart.INCOME_SOURCE.get(account[:1], "")),
    )
    if not source:
        message = _("Pilih sumber dana belanja ini (DDS, ADD, PAD, ...).")
        raise DomainError(message, field_errors={"fund_source": [message]})
    return account, kegiatan, str(source), chart.parse_amount(amount)


def _editable(apbdes: Apbdes) -> None:
    if not apbdes.is_editable:
        raise ConflictError(
            _("APBDes berstatus %(s)s tidak dapat diubah.") % {"s": apbdes.get_status_display()}
        )


def line_add(
    *,
    actor: Any,
    apbdes: Apbdes,
    account_code: str,
    description: str,
    amount: object,
    kegiatan_code: str = "",
    fund_source: str = "",
    focus: str = "",
    stunting: bool = False,
) -> ApbdesLine:
    """Add a line to a draft (or a draft under revision)."""
    account, kegiatan, source, value = _line_fields(
        account_code=account_code,
        kegiatan_code=kegiatan_code,
        fund_source=fund_source,
        amount=amount,
    )
    with transaction.atomic():
        locked = _lock(apbdes)
        _editable(locked)
        line = ApbdesLine(
            apbdes=locked,
            account_code=account,
            kegiatan_code=kegiatan,
            fund_source=source,
            description=description.strip(),
            amount=value,
            focus=focus if kegiatan else Focus.NONE,
            stunting=bool(stunting and kegiatan),
            rkpdes_activity=rkpdes_links(locked.village_id, locked.year).get(kegiatan),
        )
        _clean(line)
        line.save()
        audit.record(
            actor=actor,
            action="finance.line_added",
            obj=locked,
            data={"line": line.pk, "account": account, "amount": str(value)},
        )
    return line


def _rkpdes_link(line: ApbdesLine, kegiatan: str, fields: dict[str, Any]) -> Any:
    """Return the RKP Desa activity *line* (now of *kegiatan*) carries out.

    The only activity of its kegiatan links itself. Otherwise the one chosen
    in ``fields["rkpdes_activity"]`` (among ``rkpdes_candidates``; None: no
    link), or, when nothing is chosen and the kegiatan is unchanged, the
    line's earlier choice.
    """
    village, year = line.apbdes.village_id, line.apbdes.year
    auto = rkpdes_links(village, year).get(kegiatan)
    if "rkpdes_activity" not in fields:
        return auto or (line.rkpdes_activity if kegiatan == line.kegiatan_code else None)
    chosen = fields["rkpdes_activity"]
    if chosen is not None and chosen.pk not in {
        a.pk for a in rkpdes_candidates(village, year, kegiatan)
    }:
        message = _(
            "Kegiatan RKP Desa itu tidak dapat dipilih untuk baris ini: pilih kegiatan RKP Desa "
            "%(y)s desa ini (yang kodenya %(k)s bila ada lebih dari satu)."
        ) % {"y": year, "k": kegiatan or "—"}
        raise DomainError(message, field_errors={"rkpdes_activity": [message]})
    return auto or chosen


def line_update(*, actor: Any, line: ApbdesLine, **fields: Any) -> ApbdesLine:
    """Change a line of a draft; *fields* as for ``line_add``, plus ``rkpdes_activity``.

    ``rkpdes_activity`` is the hand-picked RKP Desa activity when none or
    several activities share the line's kegiatan (see ``_rkpdes_link``).
    """
    account, kegiatan, source, value = _line_fields(
        account_code=fields.get("account_code", line.account_code),
        kegiatan_code=fields.get("kegiatan_code", line.kegiatan_code),
        fund_source=fields.get("fund_source", line.fund_source),
        amount=fields.get("amount", line.amount),
    )
    with transaction.atomic():
        _editable(_lock(line.apbdes))
        link = _rkpdes_link(line, kegiatan, fields)
        line.account_code, line.kegiatan_code, line.fund_source, line.amount = (
            account,
            kegiatan,
            source,
            value,
        )
        line.description = fields.get("description", line.description).strip()
        line.focus = fields.get("focus", line.focus) if kegiatan else Focus.NONE
        line.stunting = bool(fields.get("stunting", line.stunting) and kegiatan)
        line.rkpdes_activity = link
        _clean(line)
        line.save()
        audit.record(
            actor=actor,
            action="finance.line_changed",
            obj=line.apbdes,
            data={
                "line": line.pk,
                "account": account,
                "amount": str(value),
                "rkpdes_activity": link.pk if link else None,
            },
        )
    return line


def line_delete(*, actor: Any, line: ApbdesLine) -> None:
    """Remove a line from a draft."""
    with transaction.atomic():
        _editable(_lock(line.apbdes))
        data = {"line": line.pk, "account": line.account_code, "amount": str(line.amount)}
        line.delete()
        audit.record(actor=actor, action="finance.line_deleted", obj=line.apbdes, data=data)


# ---- approval and evaluation ---------------------------------------------------------


def apbdes_agree(
    *, actor: Any, apbdes: Apbdes, agreed_on: dt.date, agreement_number: str
) -> Apbdes:
    """Record the agreement with the BPD (date and berita acara number)."""
    with transaction.atomic():
        locked = _lock(apbdes)
        if not locked.lines.exists():
            raise DomainError(_("APBDes belum berisi baris anggaran."))
        if agreed_on > _today():
            raise DomainError(_("Tanggal kesepakatan tidak boleh di masa depan."))
        _move(locked, Status.AGREED)
        locked.agreed_on = agreed_on
        locked.agreement_number = agreement_number.strip()
        if not locked.agreement_number:
            raise DomainError(_("Isi nomor berita acara kesepakatan dengan BPD."))
        _clean(locked)
        locked.save()
        audit.record(
            actor=actor,
            action="finance.apbdes_agreed",
            obj=locked,
            data={"agreed_on": agreed_on.isoformat(), "number": locked.agreement_number},
        )
    return locked


def apbdes_submit(
    *, actor: Any, apbdes: Apbdes, submitted_on: dt.date, evaluator: str = Evaluator.CAMAT
) -> Apbdes:
    """Record that the agreed draft reached the camat: the 20-working-day clock starts."""
    with transaction.atomic():
        locked = _lock(apbdes)
        _move(locked, Status.SUBMITTED)
        assert locked.agreed_on is not None  # noqa: S101 -- AGREED has a date
        if submitted_on < locked.agreed_on or submitted_on > _today():
            raise DomainError(
                _("Tanggal penyampaian harus antara tanggal kesepakatan dan hari ini.")
            )
        locked.submitted_on = submitted_on
        locked.submitted_late = clock.submitted_late(locked.agreed_on, submitted_on)
        locked.evaluator = evaluator
        locked.evaluation_due = clock.due_after(
            locked.village, submitted_on, clock.EVALUATION_WORKING_DAYS
        )
        _clean(locked)
        locked.save()
        audit.record(
            actor=actor,
            action="finance.apbdes_submitted",
            obj=locked,
            data={
                "submitted_on": submitted_on.isoformat(),
                "due": locked.evaluation_due.isoformat(),
                "late": locked.submitted_late,
            },
        )
    return locked


def _lapse(apbdes: Apbdes, actor: Any) -> None:
    apbdes.status = Status.APPROVED
    apbdes.evaluation_result = EvaluationResult.LAPSED
    apbdes.save(update_fields=["status", "evaluation_result", "updated_at"])
    audit.record(
        actor=actor,
        action="finance.apbdes_applied_by_itself",
        obj=apbdes,
        data={"due": apbdes.evaluation_due.isoformat() if apbdes.evaluation_due else None},
    )


def apbdes_lapse_overdue(*, today: dt.date | None = None, actor: Any = None) -> int:
    """Record every draft whose evaluation clock ran out as applying by itself; return the count."""
    day = today or _today()
    count = 0
    with transaction.atomic():
        for apbdes in Apbdes.objects.select_for_update().filter(
            status=Status.SUBMITTED, evaluation_due__lt=day
        ):
            _lapse(apbdes, actor)
            count += 1
    return count


def apbdes_evaluate(
    *,
    actor: Any,
    apbdes: Apbdes,
    result: str,
    evaluated_on: dt.date,
    number: str,
    note: str = "",
    checklist: dict[str, bool] | None = None,
    today: dt.date | None = None,
) -> Apbdes:
    """Record the evaluation result (camat or bupati) within the 20-working-day clock.

    After the clock ran out the result is refused and the APBDes is recorded
    as applying by itself (``apbdes_lapse_overdue``).
    """
    day = today or _today()
    with transaction.atomic():
        locked = _lock(apbdes)
        if locked.status != Status.SUBMITTED:
            raise ConflictError(
                _("APBDes berstatus %(s)s tidak sedang menunggu evaluasi.")
                % {"s": locked.get_status_display()}
            )
        due = locked.evaluation_due
        assert due is not None  # noqa: S101 -- SUBMITTED has a due date
        assert locked.submitted_on is not None  # noqa: S101
        overdue = day > due
        if overdue:
            _lapse(locked, actor)
    if overdue:
        raise ConflictError(
            _(
                "Batas evaluasi %(d)s sudah lewat: hasil evaluasi tidak dapat dicatat lagi dan "
                "APBDes berlaku dengan sendirinya (sudah dicatat)."
            )
            % {"d": due.strftime("%d-%m-%Y")},
            code="evaluation_overdue",
        )
    if result not in (EvaluationResult.OK, EvaluationResult.REVISE):
        raise DomainError(_("Pilih hasil evaluasi."))
    if not locked.submitted_on <= evaluated_on <= min(due, day):
        raise DomainError(
            _("Tanggal hasil evaluasi harus antara %(a)s dan %(b)s.")
            % {
                "a": locked.submitted_on.strftime("%d-%m-%Y"),
                "b": min(due, day).strftime("%d-%m-%Y"),
            }
        )
    if not number.strip():
        raise DomainError(_("Isi nomor keputusan hasil evaluasi."))
    with transaction.atomic():
        locked = _lock(apbdes)
        _move(locked, Status.APPROVED if result == EvaluationResult.OK else Status.REVISE)
        locked.evaluation_result = result
        locked.evaluated_on = evaluated_on
        locked.evaluation_number = number.strip()
        locked.evaluation_note = note.strip()
        locked.checklist = {k: bool(v) for k, v in (checklist or {}).items()}
        if result == EvaluationResult.REVISE:
            locked.revision_due = clock.due_after(
                locked.village, evaluated_on, clock.REVISION_WORKING_DAYS
            )
        _clean(locked)
        locked.save()
        audit.record(
            actor=actor,
            action="finance.apbdes_evaluated",
            obj=locked,
            data={"result": result, "on": evaluated_on.isoformat(), "checklist": locked.checklist},
        )
    return locked


def apbdes_revised(*, actor: Any, apbdes: Apbdes, revised_on: dt.date) -> Apbdes:
    """Record that the village revised the draft as the evaluation asked."""
    with transaction.atomic():
        locked = _lock(apbdes)
        _move(locked, Status.APPROVED)
        assert locked.evaluated_on is not None  # noqa: S101 -- REVISE has both dates
        assert locked.revision_due is not None  # noqa: S101
        if not locked.evaluated_on <= revised_on <= _today():
            raise DomainError(_("Tanggal penyempurnaan harus antara hasil evaluasi dan hari ini."))
        locked.revised_on = revised_on
        locked.revised_late = revised_on > locked.revision_due
        locked.save()
        audit.record(
            actor=actor,
            action="finance.apbdes_revised",
            obj=locked,
            data={"revised_on": revised_on.isoformat(), "late": locked.revised_late},
        )
    return locked


def apbdes_enact(*, actor: Any, apbdes: Apbdes, enacted_on: dt.date, perdes_number: str) -> Apbdes:
    """Enact the APBDes as Perdes; it must balance. It becomes the version figures read."""
    with transaction.atomic():
        locked = _lock(apbdes)
        _move(locked, Status.ENACTED)
        totals = budget_totals(locked.lines.all())
        if totals.net != 0:
            raise DomainError(
                _(
                    "APBDes belum seimbang: pendapatan + penerimaan pembiayaan Rp%(a)s, belanja + "
                    "pengeluaran pembiayaan Rp%(b)s (selisih Rp%(d)s). Perbaiki sebelum ditetapkan."
                )
                % {
                    "a": f"{totals.income + totals.financing_in:,.0f}".replace(",", "."),
                    "b": f"{totals.expenditure + totals.financing_out:,.0f}".replace(",", "."),
                    "d": f"{abs(totals.net):,.0f}".replace(",", "."),
                },
                code="unbalanced",
            )
        if not perdes_number.strip():
            raise DomainError(_("Isi nomor Perdes APBDes."))
        if enacted_on > _today() or (locked.agreed_on and enacted_on < locked.agreed_on):
            raise DomainError(_("Tanggal penetapan harus antara kesepakatan dan hari ini."))
        previous = (
            Apbdes.objects.select_for_update()
            .filter(village_id=locked.village_id, year=locked.year, is_current=True)
            .first()
        )
        if previous is not None:
            previous.is_current = False
            previous.save(update_fields=["is_current", "updated_at"])
            _carry_realisation(previous, locked)
        locked.enacted_on = enacted_on
        locked.perdes_number = perdes_number.strip()
        locked.is_current = True
        _clean(locked)
        locked.save()
        _changed(str(locked.village_id), locked.year)
        audit.record(
            actor=actor,
            action="finance.apbdes_enacted",
            obj=locked,
            data={"perdes": locked.perdes_number, "on": enacted_on.isoformat()},
        )
    return locked


def _line_key(line: ApbdesLine) -> tuple[str, str, str, str]:
    return (line.account_code, line.kegiatan_code, line.fund_source, line.description)


def _carry_realisation(old: Apbdes, new: Apbdes) -> None:
    """Move the realisation of *old*'s lines onto the same lines of the amendment *new*."""
    targets = {_line_key(line): line.pk for line in new.lines.all()}
    Realisation.objects.filter(line__apbdes=new).delete()
    moved = []
    for real in Realisation.objects.filter(line__apbdes=old).select_related("line"):
        target = targets.get(_line_key(real.line))
        if target is None:
            if real.amount:
                raise ConflictError(
                    _(
                        "Baris %(l)s sudah direalisasikan tetapi dihapus di perubahan APBDes: "
                        "pertahankan barisnya (boleh dengan anggaran baru)."
                    )
                    % {"l": f"{real.line.account_code} {real.line.description}"}
                )
            continue
        moved.append(Realisation(line_id=target, month=real.month, amount=real.amount))
    Realisation.objects.bulk_create(moved)


# ---- realisation and transfers -------------------------------------------------------


def realisation_record(
    *, actor: Any, line: ApbdesLine, month: int, amount: object
) -> Realisation | None:
    """Set what was received or spent on *line* in *month* of the current APBDes (0 deletes)."""
    value = chart.parse_amount(amount)
    if not 1 <= month <= 12:
        raise DomainError(_("Bulan harus 1 sampai 12."))
    with transaction.atomic():
        apbdes = _lock(line.apbdes)
        if not apbdes.is_current:
            raise ConflictError(_("Realisasi dicatat pada APBDes yang sedang berlaku."))
        Realisation.objects.filter(line=line, month=month).delete()
        real = None
        if value:
            real = Realisation(line=line, month=month, amount=value)
            _clean(real)
            real.save()
        _changed(str(apbdes.village_id), apbdes.year)
        audit.record(
            actor=actor,
            action="finance.realisation_recorded",
            obj=apbdes,
            data={"line": line.pk, "month": month, "amount": str(value)},
        )
    return real


def transfer_record(
    *,
    actor: Any,
    village: Area,
    year: int,
    source: str,
    stage: int,
    amount: object,
    transferred_on: dt.date,
) -> FundTransfer:
    """Record (or correct) a transfer stage of DD/ADD/BHPR to the village account."""
    _village(village)
    value = chart.parse_amount(amount)
    with transaction.atomic():
        transfer = FundTransfer.objects.select_for_update().filter(
            village=village, year=year, source=source, stage=stage
        ).first() or FundTransfer(village=village, year=year, source=source, stage=stage)
        transfer.amount = value
        transfer.transferred_on = transferred_on
        _clean(transfer)
        transfer.save()
        audit.record(
            actor=actor,
            action="finance.transfer_recorded",
            obj=transfer,
            data={"amount": str(value), "on": transferred_on.isoformat()},
        )
    return transfer


# ---- BUM Desa ------------------------------------------------------------------------

BUMDESA_FIELDS = (
    "name",
    "registration_number",
    "registered_on",
    "perdes_number",
    "business_units",
    "director",
    "advisor",
    "supervisor",
    "classification",
)


def bumdesa_save(*, actor: Any, village: Area, **fields: Any) -> BumDesa:
    """Register or update the BUM Desa of *village*."""
    _village(village)
    with transaction.atomic():
        bumdesa = BumDesa.objects.select_for_update().filter(village=village).first() or BumDesa(
            village=village
        )
        for name in BUMDESA_FIELDS:
            if name in fields:
                setattr(bumdesa, name, fields[name])
        _clean(bumdesa)
        bumdesa.save()
        audit.record(actor=actor, action="finance.bumdesa_saved", obj=bumdesa, data={})
    return bumdesa


def bumdesa_report_save(
    *,
    actor: Any,
    bumdesa: BumDesa,
    year: int,
    period: str,
    revenue: object,
    profit: object,
    assets: object,
    contribution: object,
) -> BumDesaReport:
    """Record (or correct) a semester or annual report of *bumdesa*."""
    profit_text = str(profit).strip()
    loss = profit_text.startswith("-")
    profit_value = chart.parse_amount(profit_text.lstrip("-"))
    with transaction.atomic():
        report = BumDesaReport.objects.select_for_update().filter(
            bumdesa=bumdesa, year=year, period=period
        ).first() or BumDesaReport(bumdesa=bumdesa, year=year, period=period)
        report.revenue = chart.parse_amount(revenue)
        report.profit = -profit_value if loss else profit_value
        report.assets = chart.parse_amount(assets)
        report.contribution = chart.parse_amount(contribution)
        _clean(report)
        report.save()
        mark_changed(BUMDESA_INPUT, str(bumdesa.village_id), {dt.date(year, 1, 1)})
        audit.record(
            actor=actor,
            action="finance.bumdesa_report_saved",
            obj=bumdesa,
            data={"year": year, "period": period},
        )
    return report
