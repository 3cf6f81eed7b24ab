"""Writes of the agenda: activities, their teams and their visits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.complaints.attachments import clean_upload
from balai.core import areacodes, audit
from balai.core.errors import ConflictError, DomainError
from balai.indicators.services import mark_changed
from balai.regions.models import Area, Level
from balai.supervision.models import (
    Activity,
    ActivityStatus,
    Affiliation,
    Answer,
    AnswerType,
    Instrument,
    Question,
    TeamMember,
    Visit,
    VisitPhoto,
    VisitStatus,
)
from balai.supervision.policies import MAX_PHOTOS
from balai.supervision.services.instruments import instruments_ensure_defaults

INPUT = "supervision.visit"


def quarter_of(day: date) -> int:
    """Return the quarter (1-4) *day* falls in."""
    return (day.month - 1) // 3 + 1


def _check_villages(kecamatan: Area, villages: Iterable[Area]) -> list[Area]:
    chosen = list(villages)
    if not chosen:
        raise DomainError(
            _("Pilih paling sedikit satu desa."),
            field_errors={"villages": [_("Pilih paling sedikit satu desa.")]},
        )
    for village in chosen:
        if village.level != Level.DESA_KELURAHAN or not village.code.startswith(
            kecamatan.code + "."
        ):
            message = _("%(village)s bukan desa/kelurahan di %(kec)s.") % {
                "village": village.name,
                "kec": kecamatan.name,
            }
            raise DomainError(
                message, code="outside_kecamatan", field_errors={"villages": [message]}
            )
    return chosen


@transaction.atomic
def activity_create(
    *,
    actor: Any,
    kecamatan: Area,
    kind: str,
    title: str,
    starts_on: date,
    ends_on: date,
    villages: Iterable[Area],
    topics: str = "",
    leader: Any = None,
) -> Activity:
    """Plan an activity of *kecamatan* with one planned visit per village."""
    if kecamatan.level != Level.KECAMATAN:
        raise DomainError(_("Agenda binwas disusun per kecamatan."))
    chosen = _check_villages(kecamatan, villages)
    if ends_on < starts_on:
        raise DomainError(
            _("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            field_errors={"ends_on": [_("Tanggal selesai tidak boleh sebelum tanggal mulai.")]},
        )
    activity = Activity(
        area=kecamatan,
        year=starts_on.year,
        quarter=quarter_of(starts_on),
        kind=kind,
        title=title,
        topics=topics,
        starts_on=starts_on,
        ends_on=ends_on,
        leader=leader,
        created_by=actor,
    )
    activity.full_clean()
    activity.save()
    Visit.objects.bulk_create(
        Visit(activity=activity, area=v, planned_on=starts_on) for v in chosen
    )
    if leader is not None:
        TeamMember.objects.create(
            activity=activity,
            user=leader,
            name=leader.get_full_name() or leader.username,
            affiliation=Affiliation.KECAMATAN,
        )
    for village in chosen:
        mark_changed(INPUT, village.code, [starts_on])
    audit.record(
        actor=actor,
        action="supervision.activity_planned",
        obj=activity,
        data={"villages": [v.code for v in chosen]},
    )
    return activity


@transaction.atomic
def activity_add_member(
    *,
    actor: Any,
    activity: Activity,
    name: str,
    affiliation: str,
    user: Any = None,
    lead: bool = False,
) -> TeamMember:
    """Add a user or a named guest to *activity*'s team; a user may be made its leader.

    The leader signs the visit reports, so only a user can lead; a user is on
    a team once. The team is fixed once the activity is done or cancelled.
    """
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status != ActivityStatus.PLANNED:
        raise ConflictError(_("Kegiatan ini sudah selesai atau dibatalkan."))
    if lead and user is None:
        message = _("Ketua tim harus pengguna Balai (dia yang menandatangani laporan).")
        raise DomainError(message, field_errors={"lead": [message]})
    member = None
    if user is not None:
        member = activity.team.filter(user=user).first()
        if member is not None and not lead:
            message = _("%(name)s sudah anggota tim.") % {"name": member.name}
            raise DomainError(message, code="already_member", field_errors={"user": [message]})
    if member is None:
        member = TeamMember(
            activity=activity,
            user=user,
            name=" ".join(name.split()) or (user.get_full_name() or user.username if user else ""),
            affiliation=affiliation,
        )
        if not member.name:
            message = _("Pilih pengguna Balai atau tulis nama tamu.")
            raise DomainError(message, field_errors={"name": [message]})
        member.full_clean()
        member.save()
    if lead:
        activity.leader = user
        activity.save(update_fields=["leader", "updated_at"])
    audit.record(
        actor=actor,
        action="supervision.team_member_added",
        obj=activity,
        data={"name": member.name, "user": getattr(user, "pk", None), "lead": lead},
    )
    return member


@transaction.atomic
def activity_cancel(*, actor: Any, activity: Activity) -> Activity:
    """Cancel *activity* and its visits not yet signed."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status != ActivityStatus.PLANNED:
        raise ConflictError(_("Kegiatan ini sudah selesai atau dibatalkan."))
    activity.status = ActivityStatus.CANCELLED
    activity.save(update_fields=["status", "updated_at"])
    open_visits = activity.visits.exclude(status=VisitStatus.SIGNED)
    for visit in open_visits:
        mark_changed(INPUT, str(visit.area_id), [visit.planned_on])
    open_visits.update(status=VisitStatus.CANCELLED)
    audit.record(actor=actor, action="supervision.activity_cancelled", obj=activity)
    return activity


def _locked(visit: Visit) -> Visit:
    locked = Visit.objects.select_for_update().select_related("activity").get(pk=visit.pk)
    if locked.status == VisitStatus.SIGNED:
        raise ConflictError(_("Laporan kunjungan ini sudah ditandatangani dan tidak dapat diubah."))
    if locked.status == VisitStatus.CANCELLED:
        raise ConflictError(_("Kunjungan ini dibatalkan."))
    return locked


@transaction.atomic
def visit_start(*, actor: Any, visit: Visit, brief: Mapping[str, Any]) -> Visit:
    """Open *visit* as a draft with the kabupaten's active instruments and its data brief."""
    visit = _locked(visit)
    if visit.status == VisitStatus.DRAFT:
        return visit
    kabupaten = Area.objects.get(code=areacodes.kabupaten_code(str(visit.area_id)))
    instruments_ensure_defaults(actor=actor, kabupaten=kabupaten)
    instruments = list(Instrument.objects.filter(area=kabupaten, is_active=True))
    visit.status = VisitStatus.DRAFT
    visit.visited_on = visit.visited_on or timezone.localdate()
    visit.brief = dict(brief)
    visit.instrument_names = {str(i.pk): i.name for i in instruments}
    visit.save(update_fields=["status", "visited_on", "brief", "instrument_names", "updated_at"])
    visit.instruments.set(instruments)
    visit.questions.set(Question.objects.filter(instrument__in=instruments, is_active=True))
    audit.record(actor=actor, action="supervision.visit_started", obj=visit)
    return visit


def _clean_answer(question: Question, value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    problem = None
    if question.answer_type == AnswerType.YES_NO and value not in ("ya", "tidak"):
        problem = _("Jawab ya atau tidak.")
    elif question.answer_type == AnswerType.NUMBER:
        try:
            Decimal(value.replace(",", "."))
        except InvalidOperation:
            problem = _("Isi dengan angka.")
    elif question.answer_type == AnswerType.CHOICE and value not in question.choice_list:
        problem = _("Pilih salah satu pilihan yang tersedia.")
    if problem:
        raise DomainError(
            _("%(q)s: %(problem)s") % {"q": question.text, "problem": problem},
            code="bad_answer",
            field_errors={f"q{question.pk}": [problem]},
        )
    return value


@transaction.atomic
def visit_save_draft(
    *,
    actor: Any,
    visit: Visit,
    answers: Mapping[int, tuple[str, str]],
    visited_on: date | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    summary: str | None = None,
) -> Visit:
    """Save what has been typed so far (answers, GPS, summary); nothing when one answer is bad."""
    visit = _locked(visit)
    if visit.status != VisitStatus.DRAFT:
        raise ConflictError(_("Mulai kunjungan dulu sebelum mengisi jawaban."))
    questions = {q.pk: q for q in visit.questions.all()}
    cleaned: dict[int, tuple[str, str]] = {}
    for pk, (value, note) in answers.items():
        question = questions.get(pk)
        if question is None:
            raise DomainError(_("Pertanyaan tidak termasuk instrumen kunjungan ini."))
        cleaned[pk] = (_clean_answer(question, value), note.strip()[:500])
    if (latitude is None) != (longitude is None):
        raise DomainError(_("Lokasi GPS perlu lintang dan bujur."))
    if (
        latitude is not None
        and longitude is not None
        and (not -90 <= latitude <= 90 or not -180 <= longitude <= 180)
    ):
        raise DomainError(_("Lokasi GPS tidak sah."))
    existing = {a.question_id: a for a in visit.answers.all()}
    new, changed = [], []
    for pk, (value, note) in cleaned.items():
        if pk in existing:
            answer = existing[pk]
            if (answer.value, answer.note) != (value, note):
                answer.value, answer.note = value, note
                changed.append(answer)
        elif value or note:  # a blank field of the whole form is not an answer
            new.append(Answer(visit=visit, question_id=pk, value=value, note=note))
    Answer.objects.bulk_create(new)
    Answer.objects.bulk_update(changed, ["value", "note"])
    fields = ["updated_at"]
    if visited_on is not None:
        if visited_on > timezone.localdate():
            raise DomainError(_("Tanggal kunjungan tidak boleh di masa depan."))
        visit.visited_on = visited_on
        fields.append("visited_on")
    if latitude is not None:
        visit.latitude, visit.longitude = latitude, longitude
        fields += ["latitude", "longitude"]
    if summary is not None:
        visit.summary = summary
        fields.append("summary")
    visit.save(update_fields=fields)
    if new or changed:
        audit.record(
            actor=actor,
            action="supervision.visit_answers_saved",
            obj=visit,
            data={"answers": {str(a.question_id): a.value for a in [*new, *changed]}},
        )
    return visit


@transaction.atomic
def visit_add_photo(
    *, actor: Any, visit: Visit, stream: IO[bytes], name: str, size: int | None, caption: str = ""
) -> VisitPhoto:
    """Attach a photo to a draft *visit*: re-encoded as JPEG from its pixels (no EXIF, no GPS)."""
    visit = _locked(visit)
    if visit.photos.count() >= MAX_PHOTOS:
        raise DomainError(_("Paling banyak %(n)s foto per kunjungan.") % {"n": MAX_PHOTOS})
    clean = clean_upload(stream, name=name, size=size)
    if clean.content_type != "image/jpeg":
        raise DomainError(
            _("Berkas %(name)s bukan foto (JPEG/PNG/WebP).") % {"name": name},
            code="file_rejected",
        )
    photo = VisitPhoto.objects.create(
        visit=visit, content=clean.content, caption=caption[:200], uploaded_by=actor
    )
    audit.record(actor=actor, action="supervision.photo_added", obj=visit, data={"photo": photo.pk})
    return photo


@transaction.atomic
def visit_sign(*, actor: Any, visit: Visit) -> Visit:
    """Sign off *visit*'s report as its team leader; the activity is done when all are."""
    visit = _locked(visit)
    if visit.status != VisitStatus.DRAFT:
        raise ConflictError(_("Kunjungan belum dimulai."))
    activity = visit.activity
    if activity.leader_id is None or activity.leader_id != getattr(actor, "pk", None):
        raise DomainError(
            _("Laporan kunjungan ditandatangani oleh ketua tim."), code="not_team_leader"
        )
    answered = set(visit.answers.exclude(value="").values_list("question_id", flat=True))
    # Free-text questions are notes; every other question needs an answer.
    missing = visit.questions.exclude(answer_type=AnswerType.TEXT).exclude(pk__in=answered).count()
    if missing:
        raise DomainError(
            _("Masih ada %(n)s pertanyaan yang belum dijawab.") % {"n": missing},
            code="unanswered",
        )
    visit.status = VisitStatus.SIGNED
    visit.signed_at = timezone.now()
    visit.signed_by = actor
    visit.save(update_fields=["status", "signed_at", "signed_by", "updated_at"])
    mark_changed(INPUT, str(visit.area_id), [visit.planned_on])
    if not activity.visits.exclude(status__in=(VisitStatus.SIGNED, VisitStatus.CANCELLED)).exists():
        Activity.objects.filter(pk=activity.pk).update(status=ActivityStatus.DONE)
    audit.record(actor=actor, action="supervision.visit_signed", obj=visit)
    return visit
