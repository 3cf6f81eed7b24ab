"""Writes of the kabupaten's instruments: the default set, instruments and their questions.

A question a visit was asked is never rewritten: changing what it asks
retires it and adds its successor in the same place, so a visit keeps the
questions (and, in ``Visit.instrument_names``, the instrument names) it
started with.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.errors import DomainError
from balai.regions.models import Area, Level
from balai.supervision.instruments import DEFAULTS, NO, YES
from balai.supervision.models import AnswerType, Instrument, Question
from balai.supervision.selectors import question_was_asked

# The fields that make up what a question asks (the rest is its place and state).
ASKED_FIELDS = ("text", "answer_type", "choices", "evidence", "rule", "finding_if")


@transaction.atomic
def instruments_ensure_defaults(*, actor: Any, kabupaten: Area) -> int:
    """Give *kabupaten* the default instruments if it has none yet; return how many were made."""
    if Instrument.objects.filter(area=kabupaten).exists():
        return 0
    for code, name, questions in DEFAULTS:
        instrument = Instrument.objects.create(area=kabupaten, code=code, name=str(name))
        Question.objects.bulk_create(
            Question(
                instrument=instrument,
                order=n,
                text=str(text),
                answer_type=answer_type,
                choices=choices,
                evidence=str(evidence),
                rule=str(rule),
                finding_if=finding_if,
            )
            for n, (text, answer_type, choices, evidence, rule, finding_if) in enumerate(
                questions, 1
            )
        )
    audit.record(
        actor=actor,
        action="supervision.instruments_defaulted",
        obj=Instrument,
        data={"kabupaten": kabupaten.code},
    )
    return len(DEFAULTS)


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("Beri nama instrumen."), field_errors={"name": [_("Wajib diisi.")]})
    return name


@transaction.atomic
def instrument_create(*, actor: Any, kabupaten: Area, code: str, name: str) -> Instrument:
    """Add an instrument (empty checklist) to *kabupaten*; its code must be new there."""
    if kabupaten.level != Level.KABUPATEN_KOTA:
        raise DomainError(_("Instrumen binwas ditetapkan per kabupaten/kota."))
    code = code.strip().lower()
    if Instrument.objects.filter(area=kabupaten, code=code).exists():
        message = _("Kode %(code)s sudah dipakai instrumen lain.") % {"code": code}
        raise DomainError(message, code="code_taken", field_errors={"code": [message]})
    instrument = Instrument(area=kabupaten, code=code, name=_clean_name(name))
    instrument.full_clean()
    instrument.save()
    audit.record(actor=actor, action="supervision.instrument_added", obj=instrument)
    return instrument


@transaction.atomic
def instrument_update(
    *, actor: Any, instrument: Instrument, name: str, is_active: bool
) -> Instrument:
    """Rename *instrument* or (de)activate it; visits already started are not touched.

    A deactivated instrument is not given to visits started later.
    """
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    before = {"name": instrument.name, "is_active": instrument.is_active}
    instrument.name, instrument.is_active = _clean_name(name), is_active
    instrument.full_clean()
    instrument.save(update_fields=["name", "is_active", "updated_at"])
    audit.record(
        actor=actor,
        action="supervision.instrument_changed",
        obj=instrument,
        data={"before": before, "after": {"name": instrument.name, "is_active": is_active}},
    )
    return instrument


def _check_question(question: Question) -> None:
    """Refuse a question whose choices or finding answer cannot work."""
    if question.answer_type == AnswerType.CHOICE and len(question.choice_list) < 2:
        raise DomainError(
            _("Pertanyaan pilihan perlu paling sedikit dua pilihan, dipisah dengan |."),
            field_errors={"choices": [_("Isi paling sedikit dua pilihan, dipisah dengan |.")]},
        )
    if question.answer_type != AnswerType.CHOICE and question.choices.strip():
        message = _("Pilihan jawaban hanya untuk jenis jawaban Pilihan.")
        raise DomainError(message, field_errors={"choices": [message]})
    finding = question.finding_if.strip()
    if not finding:
        return
    problem = ""
    if question.answer_type == AnswerType.YES_NO and finding not in (YES, NO):
        problem = _("Untuk pertanyaan ya/tidak, isi ya atau tidak.")
    elif question.answer_type == AnswerType.CHOICE and finding not in question.choice_list:
        problem = _("Isi salah satu pilihan jawaban.")
    elif question.answer_type == AnswerType.TEXT:
        problem = _("Jawaban teks tidak menjadi temuan; kosongkan isian ini.")
    if problem:
        raise DomainError(problem, field_errors={"finding_if": [problem]})


@transaction.atomic
def question_add(
    *,
    actor: Any,
    instrument: Instrument,
    text: str,
    answer_type: str,
    choices: str = "",
    evidence: str = "",
    rule: str = "",
    finding_if: str = "",
) -> Question:
    """Add a question at the end of a kabupaten's *instrument*."""
    order = instrument.questions.order_by("-order").values_list("order", flat=True).first() or 0
    question = Question(
        instrument=instrument,
        order=order + 1,
        text=text.strip(),
        answer_type=answer_type,
        choices=choices.strip(),
        evidence=evidence.strip(),
        rule=rule.strip(),
        finding_if=finding_if.strip(),
    )
    _check_question(question)
    question.full_clean()
    question.save()
    audit.record(
        actor=actor, action="supervision.question_added", obj=instrument, data={"text": text}
    )
    return question


@transaction.atomic
def question_update(
    *,
    actor: Any,
    question: Question,
    text: str,
    answer_type: str,
    choices: str = "",
    evidence: str = "",
    rule: str = "",
    finding_if: str = "",
    order: int | None = None,
    is_active: bool = True,
) -> Question:
    """Change *question*; return the question that now stands in its place.

    When what it asks changes and a visit was already given it, the old
    question is retired (kept for those visits) and a new one takes its
    place; otherwise it is changed where it is.
    """
    question = Question.objects.select_for_update().get(pk=question.pk)
    asked = {
        "text": text.strip(),
        "answer_type": answer_type,
        "choices": choices.strip(),
        "evidence": evidence.strip(),
        "rule": rule.strip(),
        "finding_if": finding_if.strip(),
    }
    before = {f: getattr(question, f) for f in (*ASKED_FIELDS, "order", "is_active")}
    changes_asked = any(getattr(question, f) != v for f, v in asked.items())
    place = {"order": question.order if order is None else order, "is_active": is_active}
    if changes_asked and question_was_asked(question):
        successor = Question(instrument_id=question.instrument_id, **asked, **place)
        _check_question(successor)
        successor.full_clean()
        successor.save()
        question.is_active = False
        question.save(update_fields=["is_active", "updated_at"])
        audit.record(
            actor=actor,
            action="supervision.question_revised",
            obj=successor,
            data={"replaces": question.pk, "before": before},
        )
        return successor
    for field, value in {**asked, **place}.items():
        setattr(question, field, value)
    _check_question(question)
    question.full_clean()
    question.save(update_fields=[*ASKED_FIELDS, "order", "is_active", "updated_at"])
    audit.record(
        actor=actor, action="supervision.question_changed", obj=question, data={"before": before}
    )
    return question
