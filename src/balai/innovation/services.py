"""Writes of the innovation module: rounds, innovations, answers, evidence, verification."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.complaints.attachments import clean_upload
from balai.core import audit
from balai.core.errors import DomainError
from balai.indicators.services import mark_changed
from balai.innovation import policies
from balai.innovation.models import (
    BASIC_URUSAN,
    Answer,
    Aspect,
    Assessment,
    Evidence,
    IndicatorDef,
    Innovation,
    InnovationStatus,
    OwnerKind,
    Review,
    RuleSet,
)
from balai.regions.models import Area, Level

# What the indicators of this module read (``indicators.services.mark_changed``).
INPUT = "innovation.innovation"
MAX_EVIDENCE_PER_INDICATOR = 5
INNOVATION_FIELDS = (
    "name",
    "bentuk",
    "jenis",
    "inisiator",
    "urusan",
    "tahapan",
    "started_on",
    "trial_on",
    "applied_on",
    "budget",
    "aims",
    "benefits",
    "partners",
    "replication",
)


def _clean(obj: Any, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        errors = getattr(exc, "message_dict", {"__all__": exc.messages})
        raise DomainError(
            " ".join(m for ms in errors.values() for m in ms), field_errors=errors
        ) from exc


def _marked(innovation: Innovation) -> None:
    mark_changed(INPUT, str(innovation.area_id), {date(innovation.assessment.year, 1, 1)})


def _marked_round(assessment: Assessment) -> None:
    """Mark the round's kabupaten stale (its IID: an SPD answer, the round closed)."""
    mark_changed(INPUT, str(assessment.kabupaten_id), {date(assessment.year, 1, 1)})


# ---- rule sets and rounds -------------------------------------------------------


def ruleset_copy(*, actor: Any, source: RuleSet, year: int, **changes: Any) -> RuleSet:
    """Copy *source* (its indicators too) as the method of *year*, with *changes* applied."""
    if RuleSet.objects.filter(year=year).exists():
        raise DomainError(_("Metode penilaian tahun %(y)s sudah ada.") % {"y": year})
    with transaction.atomic():
        fields = {
            f.name: getattr(source, f.name)
            for f in RuleSet._meta.concrete_fields
            if f.name not in ("id", "created_at", "updated_at")
        }
        rule_set = RuleSet(**{**fields, "year": year, **changes})
        _check_method(rule_set)
        _clean(rule_set)
        rule_set.save()
        for ind in source.indicators.all():
            ind.pk = None
            ind.rule_set = rule_set
            ind.save()
        audit.record(
            actor=actor,
            action="innovation.ruleset_copied",
            obj=rule_set,
            data={"from": source.year, "changes": {k: str(v) for k, v in changes.items()}},
        )
    return rule_set


RULESET_FIELDS = (
    "name",
    "source",
    "divisor_min",
    "count_weight",
    "count_cap",
    "count_max",
    "min_basic_urusan",
    "spd_max",
    "sid_max",
    "total_max",
    "bands",
    "below_bands",
)
MIN_YEAR, MAX_YEAR = 2018, 2100


def _check_method(rule_set: RuleSet) -> None:
    """Refuse a method the formula cannot use: every message in Indonesian, per field."""
    errors: dict[str, list[str]] = {}

    def bad(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not MIN_YEAR <= rule_set.year <= MAX_YEAR:
        bad("year", _("Tahun harus antara %(a)s dan %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR})
    if not rule_set.divisor_min or rule_set.divisor_min < 1:
        bad("divisor_min", _("Pembagi paling kecil harus 1 atau lebih."))
    if rule_set.count_cap is None or rule_set.count_cap < 1:
        bad("count_cap", _("Batas inovasi yang dihitung harus 1 atau lebih."))
    if rule_set.count_weight is None or Decimal(rule_set.count_weight) < 0:
        bad("count_weight", _("Skor per inovasi tidak boleh negatif."))
    if rule_set.min_basic_urusan is not None and rule_set.min_basic_urusan > len(BASIC_URUSAN):
        bad(
            "min_basic_urusan",
            _("Urusan wajib pelayanan dasar hanya ada %(n)s.") % {"n": len(BASIC_URUSAN)},
        )
    maxima = {}
    for name in ("spd_max", "sid_max", "count_max", "total_max"):
        value = getattr(rule_set, name)
        if value is None or Decimal(value) <= 0:
            bad(name, _("Skor maksimum harus lebih dari 0."))
        else:
            maxima[name] = Decimal(value)
    if len(maxima) == 4 and maxima["total_max"] != (
        maxima["spd_max"] + maxima["sid_max"] + maxima["count_max"]
    ):
        bad(
            "total_max",
            _("Skor total maksimum harus sama dengan SPD + SID + jumlah inovasi (%(sum)s).")
            % {"sum": maxima["spd_max"] + maxima["sid_max"] + maxima["count_max"]},
        )
    for message in _band_errors(rule_set.bands):
        bad("bands", message)
    if not str(rule_set.below_bands or "").strip():
        bad("below_bands", _("Isi predikat untuk IID di bawah semua batas."))
    if errors:
        raise DomainError(
            " ".join(m for ms in errors.values() for m in ms),
            field_errors=errors,
            code="ruleset_invalid",
        )


def _band_errors(bands: Any) -> list[str]:
    """Bands are [[lowest IID, label], ...], highest first, each lowest bound in (0, 100]."""
    if not isinstance(bands, list) or not bands:
        return [_("Isi paling sedikit satu predikat dengan batas bawahnya.")]
    out: list[str] = []
    previous: Decimal | None = None
    labels: set[str] = set()
    for n, band in enumerate(bands, 1):
        try:
            lowest, label = Decimal(str(band[0])), str(band[1]).strip()
        except (TypeError, ValueError, IndexError, ArithmeticError):
            out.append(_("Predikat ke-%(n)s tidak sah.") % {"n": n})
            continue
        if not label:
            out.append(_("Predikat ke-%(n)s belum bernama.") % {"n": n})
        elif label.lower() in labels:
            out.append(_("Predikat %(label)s tercantum dua kali.") % {"label": label})
        labels.add(label.lower())
        if not Decimal("0") < lowest <= Decimal("100"):
            out.append(
                _("Batas bawah predikat %(label)s harus lebih dari 0 dan paling besar 100.")
                % {"label": label or n}
            )
        if previous is not None and lowest >= previous:
            out.append(
                _(
                    "Batas bawah predikat %(label)s (%(low)s) harus lebih kecil dari batas "
                    "predikat di atasnya (%(prev)s): urutkan dari yang tertinggi, tanpa tumpang "
                    "tindih."
                )
                % {"label": label or n, "low": lowest, "prev": previous}
            )
        previous = lowest
    return out


def ruleset_update(
    *, actor: Any, rule_set: RuleSet, mandatory: Iterable[str] | None = None, **fields: Any
) -> RuleSet:
    """Change the method of a year while no round scored with it is closed.

    *fields* are ``RULESET_FIELDS``; *mandatory* the labels ("16", "32") of the SID
    indicators that are mandatory from now on (None leaves them as they are).
    """
    unknown = set(fields) - set(RULESET_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    with transaction.atomic():
        rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
        policies.ensure_ruleset_open(rule_set)
        before = {k: _plain(getattr(rule_set, k)) for k in fields}
        for key, value in fields.items():
            setattr(rule_set, key, value)
        _check_method(rule_set)
        _clean(rule_set)
        rule_set.save()
        changes: dict[str, Any] = {
            k: [before[k], _plain(v)] for k, v in fields.items() if before[k] != _plain(v)
        }
        if mandatory is not None:
            wanted = {str(label) for label in mandatory}
            sid = list(rule_set.indicators.filter(aspect=Aspect.SID))
            unknown_labels = wanted - {i.label for i in sid}
            if unknown_labels:
                raise DomainError(
                    _("Indikator SID %(list)s tidak ada dalam metode ini.")
                    % {"list": ", ".join(sorted(unknown_labels))},
                    field_errors={"mandatory": [_("Pilih indikator SID metode ini.")]},
                )
            flipped = [i for i in sid if i.mandatory != (i.label in wanted)]
            for ind in flipped:
                ind.mandatory = not ind.mandatory
                ind.save(update_fields=["mandatory"])
            if flipped:
                changes["mandatory"] = sorted((i.label for i in sid if i.label in wanted), key=_n)
        audit.record(actor=actor, action="innovation.ruleset_updated", obj=rule_set, data=changes)
        for kabupaten in rule_set.assessments.values_list("kabupaten_id", flat=True):
            mark_changed(INPUT, str(kabupaten), {date(rule_set.year, 1, 1)})
    return rule_set


def _plain(value: Any) -> Any:
    """A value as the audit stores it (Decimal as text, bands as they are)."""
    return str(value) if isinstance(value, Decimal) else value


def _n(label: str) -> tuple[int, str]:
    digits = "".join(c for c in label if c.isdigit())
    return int(digits or 0), label


def assessment_open(*, actor: Any, kabupaten: Area, year: int, deadline: date) -> Assessment:
    """Open (or move the deadline of) *kabupaten*'s IID round of *year*."""
    if kabupaten.level != Level.KABUPATEN_KOTA:
        raise DomainError(_("Penilaian IID dibuka per kabupaten/kota."))
    rule_set = RuleSet.objects.filter(year=year).first()
    if rule_set is None:
        raise DomainError(_("Belum ada metode penilaian IID untuk tahun %(y)s.") % {"y": year})
    with transaction.atomic():
        found = (
            Assessment.objects.select_for_update()
            .filter(kabupaten=kabupaten, rule_set=rule_set)
            .first()
        )
        if found is not None:
            policies.ensure_open(found)
        assessment = found or Assessment(kabupaten=kabupaten, rule_set=rule_set)
        assessment.deadline = deadline
        _clean(assessment)
        assessment.save()
        for ind in rule_set.indicators.filter(aspect=Aspect.SPD):
            Answer.objects.get_or_create(assessment=assessment, innovation=None, indicator=ind)
        audit.record(
            actor=actor,
            action="innovation.round_opened",
            obj=assessment,
            data={"year": year, "deadline": deadline.isoformat()},
        )
        _marked_round(assessment)
    return assessment


def assessment_close(*, actor: Any, assessment: Assessment) -> Assessment:
    """Close verification: from now on nothing of the round changes."""
    with transaction.atomic():
        # The method first (the order ruleset_update takes): an edit of the method and
        # the close that freezes it never interleave.
        RuleSet.objects.select_for_update().filter(pk=assessment.rule_set_id).first()
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        policies.ensure_open(assessment)
        assessment.closed_at = timezone.now()
        assessment.save(update_fields=["closed_at", "updated_at"])
        audit.record(actor=actor, action="innovation.round_closed", obj=assessment)
    _marked_round(assessment)
    return assessment


# ---- innovations ----------------------------------------------------------------


def innovation_create(
    *,
    actor: Any,
    assessment: Assessment,
    owner_kind: str,
    area: Area,
    office: str = "",
    **fields: Any,
) -> Innovation:
    """Register an innovation of an owner, with an empty answer for each SID indicator."""
    if area.level != policies.OWNER_LEVELS.get(owner_kind):
        raise DomainError(_("Pemilik inovasi tidak sesuai dengan wilayahnya."))
    if not (area.code + ".").startswith(str(assessment.kabupaten_id) + "."):
        raise DomainError(_("Wilayah pemilik berada di luar kabupaten penilaian ini."))
    if (owner_kind == OwnerKind.OFFICE) != bool(office):
        raise DomainError(_("Inovasi perangkat daerah harus menyebut perangkat daerahnya."))
    unknown = set(fields) - set(INNOVATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    with transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update().select_related("rule_set").get(pk=assessment.pk)
        )
        policies.ensure_open(assessment)
        innovation = Innovation(
            assessment=assessment, owner_kind=owner_kind, area=area, office=office, **fields
        )
        _check_dates(innovation)
        _clean(innovation)
        innovation.save()
        Answer.objects.bulk_create(
            Answer(assessment=assessment, innovation=innovation, indicator=ind)
            for ind in assessment.rule_set.indicators.filter(aspect=Aspect.SID)
        )
        audit.record(actor=actor, action="innovation.created", obj=innovation)
        _marked(innovation)
    return innovation


def _check_dates(innovation: Innovation) -> None:
    steps = [innovation.started_on, innovation.trial_on, innovation.applied_on]
    known = [d for d in steps if d]
    if known != sorted(known):
        raise DomainError(
            _("Tanggal tahapan harus berurutan: inisiatif, uji coba, lalu penerapan."),
            field_errors={"applied_on": [_("Tanggal tahapan tidak berurutan.")]},
        )
    if innovation.tahapan == "penerapan" and not innovation.applied_on:
        raise DomainError(
            _("Inovasi pada tahap penerapan harus mencantumkan tanggal penerapan."),
            field_errors={"applied_on": [_("Wajib diisi untuk tahap penerapan.")]},
        )


def innovation_update(*, actor: Any, innovation: Innovation, **fields: Any) -> Innovation:
    """Change the profile of *innovation* (draft or returned, round open)."""
    unknown = set(fields) - set(INNOVATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    with transaction.atomic():
        innovation = (
            Innovation.objects.select_for_update()
            .select_related("assessment__rule_set")
            .get(pk=innovation.pk)
        )
        policies.ensure_editable(innovation)
        for key, value in fields.items():
            setattr(innovation, key, value)
        _check_dates(innovation)
        _clean(innovation)
        innovation.save()
        _marked(innovation)
    return innovation


# ---- answers and evidence ---------------------------------------------------------


def _locked_answer(answer: Answer) -> Answer:
    found = (
        Answer.objects.select_for_update(of=("self",))
        .select_related("indicator", "assessment__rule_set", "innovation__assessment__rule_set")
        .get(pk=answer.pk)
    )
    policies.ensure_answer_editable(found)
    return found


def answer_set(*, actor: Any, answer: Answer, parameter: int | None, note: str = "") -> Answer:
    """Choose the parameter (1-3, or none) of one indicator; a rejected answer reopens."""
    if parameter is not None and parameter not in (1, 2, 3):
        raise DomainError(
            _("Parameter harus 1, 2 atau 3."), field_errors={"parameter": [_("Pilih 1, 2 atau 3.")]}
        )
    with transaction.atomic():
        answer = _locked_answer(answer)
        before = answer.parameter
        answer.parameter = parameter
        answer.note = note.strip()[:2000]
        if answer.review == Review.REJECTED:
            answer.review = Review.OPEN
        _clean(answer, exclude=["assessment", "innovation", "indicator"])
        answer.save()
        audit.record(
            actor=actor,
            action="innovation.answer_set",
            obj=answer,
            data={"indicator": answer.indicator.label, "before": before, "after": parameter},
        )
        if answer.innovation is not None:
            _marked(answer.innovation)
        else:
            _marked_round(answer.assessment)
    return answer


def evidence_add(
    *,
    actor: Any,
    answer: Answer,
    upload: IO[bytes] | None = None,
    name: str = "",
    size: int | None = None,
    url: str = "",
) -> Evidence:
    """Attach a file (PDF or photo, checked and re-encoded, 5 MB at most) or a link."""
    url = url.strip()
    if (upload is None) == (not url):
        raise DomainError(_("Lampirkan satu berkas atau satu tautan."))
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise DomainError(
                _("Tautan harus alamat web lengkap (http:// atau https://)."),
                field_errors={"url": [_("Tautan tidak sah.")]},
            ) from None
    clean = clean_upload(upload, name=name or "bukti", size=size) if upload is not None else None
    with transaction.atomic():
        answer = _locked_answer(answer)
        if answer.evidence.count() >= MAX_EVIDENCE_PER_INDICATOR:
            raise DomainError(
                _("Paling banyak %(n)s bukti per indikator.") % {"n": MAX_EVIDENCE_PER_INDICATOR}
            )
        evidence = Evidence(
            answer=answer,
            url=url,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if clean is not None:
            digest = hashlib.sha256(clean.content).hexdigest()
            evidence.content_type = clean.content_type
            evidence.size = len(clean.content)
            evidence.original_name = clean.original_name[-200:]
            evidence.sha256 = digest
            evidence.file.save(
                f"{answer.pk}-{digest[:16]}.{clean.extension}",
                ContentFile(clean.content),
                save=False,
            )
        _clean(evidence, exclude=["answer", "uploaded_by"])
        evidence.save()
        if answer.review == Review.REJECTED:
            answer.review = Review.OPEN
            answer.save(update_fields=["review", "updated_at"])
        audit.record(
            actor=actor,
            action="innovation.evidence_added",
            obj=answer,
            data={"indicator": answer.indicator.label, "evidence": evidence.pk, "url": url},
        )
        if answer.innovation is not None:
            _marked(answer.innovation)
        else:
            _marked_round(answer.assessment)
    return evidence


def evidence_remove(*, actor: Any, evidence: Evidence) -> None:
    with transaction.atomic():
        answer = _locked_answer(evidence.answer)
        name = str(evidence)
        evidence.file.delete(save=False) if evidence.file else None
        evidence.delete()
        audit.record(
            actor=actor,
            action="innovation.evidence_removed",
            obj=answer,
            data={"indicator": answer.indicator.label, "evidence": name},
        )
        if answer.innovation is not None:
            _marked(answer.innovation)
        else:
            _marked_round(answer.assessment)


# ---- submission and verification -------------------------------------------------


def missing_mandatory(innovation: Innovation) -> list[IndicatorDef]:
    """Return the mandatory indicators without a parameter or without evidence."""
    return [
        a.indicator
        for a in innovation.answers.select_related("indicator").prefetch_related("evidence")
        if a.indicator.mandatory and (a.parameter is None or not a.evidence.all())
    ]


def innovation_submit(*, actor: Any, innovation: Innovation) -> Innovation:
    """Send the innovation to Bappeda: every mandatory indicator needs a parameter and evidence."""
    with transaction.atomic():
        innovation = (
            Innovation.objects.select_for_update()
            .select_related("assessment__rule_set")
            .get(pk=innovation.pk)
        )
        policies.ensure_editable(innovation)
        missing = missing_mandatory(innovation)
        if missing:
            raise DomainError(
                _("Indikator wajib belum lengkap (parameter dan bukti): %(list)s.")
                % {"list": ", ".join(str(i) for i in missing)},
                code="mandatory_missing",
            )
        unproven = innovation.answers.filter(parameter__isnull=False, evidence__isnull=True)
        if unproven.exists():
            labels = ", ".join(a.indicator.label for a in unproven.select_related("indicator"))
            raise DomainError(
                _("Indikator %(list)s sudah diberi parameter tetapi belum ada buktinya.")
                % {"list": labels},
                code="evidence_missing",
            )
        innovation.answers.filter(
            parameter__isnull=False, review__in=[Review.OPEN, Review.REJECTED]
        ).update(review=Review.PENDING, updated_at=timezone.now())
        innovation.status = InnovationStatus.SUBMITTED
        innovation.submitted_at = timezone.now()
        innovation.save(update_fields=["status", "submitted_at", "updated_at"])
        audit.record(
            actor=actor,
            action="innovation.submitted",
            obj=innovation,
            data={"late": timezone.localdate() > innovation.assessment.deadline},
        )
        _marked(innovation)
    return innovation


def answer_review(*, actor: Any, answer: Answer, accept: bool, note: str = "") -> Answer:
    """Accept or reject one indicator's evidence; the innovation moves on when none is pending."""
    note = note.strip()
    if not accept and not note:
        raise DomainError(
            _("Tuliskan alasan penolakan agar pemilik dapat memperbaikinya."),
            field_errors={"note": [_("Wajib diisi saat menolak.")]},
        )
    with transaction.atomic():
        answer = (
            Answer.objects.select_for_update(of=("self",))
            .select_related("indicator", "assessment", "innovation")
            .get(pk=answer.pk)
        )
        policies.ensure_open(answer.assessment)
        if answer.innovation is None or answer.review != Review.PENDING:
            raise DomainError(_("Indikator ini tidak sedang menunggu verifikasi."))
        answer.review = Review.ACCEPTED if accept else Review.REJECTED
        answer.review_note = note[:2000]
        answer.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
        answer.reviewed_at = timezone.now()
        answer.save()
        audit.record(
            actor=actor,
            action="innovation.answer_reviewed",
            obj=answer,
            data={"indicator": answer.indicator.label, "accepted": accept, "note": note},
        )
        innovation = Innovation.objects.select_for_update().get(pk=answer.innovation.pk)
        reviews = set(innovation.answers.values_list("review", flat=True))
        if Review.PENDING not in reviews:
            innovation.status = (
                InnovationStatus.RETURNED
                if Review.REJECTED in reviews
                else InnovationStatus.VERIFIED
            )
            innovation.save(update_fields=["status", "updated_at"])
            audit.record(
                actor=actor,
                action="innovation.reviewed",
                obj=innovation,
                data={"status": innovation.status},
            )
        _marked(innovation)
    return answer
