"""Letter requests: validation, creation and the one transition service."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import date, datetime
from typing import Any

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core import audit
from balai.core.cache import count_hit
from balai.core.errors import ConflictError, DomainError
from balai.core.holidays import calendar_for
from balai.indicators.services import local_days, mark_changed
from balai.letters import catalogue
from balai.letters.catalogue import DEAD, FormField, LetterType
from balai.letters.models import (
    ALLOWED_TRANSITIONS,
    OUTSIDER,
    Channel,
    IssuedDocument,
    LetterRequest,
    LetterTemplate,
    RejectReason,
    ServiceStandard,
    Status,
    StatusChange,
    TimeUnit,
    VillageLetterSettings,
)
from balai.letters.services import compose, numbering, pdf
from balai.regions.models import Area
from balai.registry import codes
from balai.registry.identifiers import normalise_number, validate_nik
from balai.registry.models import MoveScope, Resident
from balai.registry.names import person_name
from balai.registry.services import resident_record_move_out
from balai.registry.validation import identity_checkers

log = logging.getLogger(__name__)


class RequestError(DomainError):
    code = "letter_request_invalid"


def letter_type_or_error(code: str) -> LetterType:
    letter = catalogue.letter_type(code)
    if letter is None:
        raise RequestError(
            _("Jenis surat tidak dikenal."), field_errors={"letter_type": [_("Pilih jenis surat.")]}
        )
    return letter


class LookupThrottledError(DomainError):
    code = "nik_lookup_throttled"
    status = 429


# (look-ups, seconds) of NIKs per user. A counter handles a request or two a
# minute with a few NIKs each; this stops scripted probing.
DEFAULT_NIK_LOOKUP_LIMIT = (60, 600)


def not_in_area_message() -> str:
    """The one answer for a NIK that does not exist and for one that lives elsewhere.

    It names neither the holder nor their village: a NIK typed by someone
    outside the holder's area must not tell them whose it is.
    """
    return _("NIK tidak ditemukan di wilayah Anda.")


def _count_lookup(actor: Any) -> None:
    count, window = getattr(django_settings, "LETTERS_NIK_LOOKUP_LIMIT", DEFAULT_NIK_LOOKUP_LIMIT)
    who = actor.pk if getattr(actor, "is_authenticated", False) else "anon"
    if count_hit(f"letters:nik:{who}", int(window)) > int(count):
        raise LookupThrottledError(
            _("Terlalu banyak pencarian NIK dalam waktu singkat. Coba lagi beberapa menit lagi.")
        )


def resident_by_nik(*, actor: Any, village: Area, nik: str) -> Resident | None:
    """Return the resident with *nik* who lives in *village*, or None.

    Counts against *actor*'s NIK look-up limit (``LETTERS_NIK_LOOKUP_LIMIT``).
    """
    _count_lookup(actor)
    nik = normalise_number(nik)
    if not nik:
        return None
    return (
        Resident.objects.select_related("family", "area")
        .filter(nik=nik, area__within=village.code)
        .first()
    )


def _in_village(resident: Resident, village: Area) -> bool:
    return village.contains(resident.area_id)


def check_subject(resident: Resident, village: Area, letter: LetterType) -> None:
    """Raise RequestError unless *resident* may be the subject of *letter* in *village*."""
    if not _in_village(resident, village):
        raise RequestError(not_in_area_message(), field_errors={"nik": [not_in_area_message()]})
    if letter.subject_status == DEAD and resident.status != codes.BasicStatus.DEAD:
        raise RequestError(
            _("%(name)s tidak tercatat meninggal dunia di data penduduk; catat kematiannya dulu.")
            % {"name": resident.name}
        )
    if letter.subject_status != DEAD and not resident.is_alive:
        raise RequestError(
            _("%(name)s berstatus %(status)s; surat ini hanya untuk penduduk hidup.")
            % {"name": resident.name, "status": resident.get_status_display()}
        )
    if letter.marital_statuses and resident.marital_status not in letter.marital_statuses:
        allowed = ", ".join(str(codes.MaritalStatus(m).label) for m in letter.marital_statuses)
        raise RequestError(
            _(
                "%(type)s hanya untuk penduduk berstatus %(allowed)s; status perkawinan "
                "%(name)s di data penduduk: %(status)s."
            )
            % {
                "type": letter.name,
                "allowed": allowed,
                "name": resident.name,
                "status": codes.marital_label(resident) or _("belum diisi"),
            }
        )
    if letter.head_of_family_only and (
        resident.family_id is None or resident.family_relation != codes.FamilyRelation.HEAD
    ):
        raise RequestError(
            _(
                "%(type)s hanya dapat diberikan kepada kepala keluarga; %(name)s bukan kepala keluarga."
            )
            % {"type": letter.name, "name": resident.name}
        )


def _person(
    village: Area, f: FormField, raw: Any, errors: dict[str, list[str]], actor: Any
) -> Resident | None:
    nik = normalise_number(str(raw or ""))
    if not nik:
        return None
    found = resident_by_nik(actor=actor, village=village, nik=nik)
    if found is None:
        errors.setdefault(f.name, []).append(
            _("NIK %(nik)s tidak ditemukan di wilayah Anda.") % {"nik": nik}
        )
        return None
    wants_dead = f.subject_status == DEAD
    if found.is_alive == wants_dead:
        errors.setdefault(f.name, []).append(
            _("%(name)s berstatus %(status)s.")
            % {"name": found.name, "status": found.get_status_display()}
        )
        return None
    return found


def _heirs(f: FormField, raw: Any, errors: dict[str, list[str]]) -> list[dict[str, str]] | None:
    """Return heirs from "NIK; nama; hubungan" lines (or dicts); they may live anywhere."""
    entries: list[dict[str, str]] = []
    items = raw if isinstance(raw, list) else [x for x in str(raw).splitlines() if x.strip()]
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            parts = [str(item.get(k, "")) for k in ("nik", "nama", "hubungan")]
        else:
            parts = [p.strip() for p in str(item).replace("|", ";").split(";")]
        parts = [*parts, "", ""][:3]
        nik, name, relation = normalise_number(parts[0]), parts[1].strip(), parts[2].strip()
        if len(nik) != 16 or not name or not relation:
            errors.setdefault(f.name, []).append(
                _('%(label)s baris %(n)s: tulis "NIK; nama; hubungan dengan almarhum".')
                % {"label": f.label, "n": number}
            )
            return None
        entries.append({"nik": nik, "nama": person_name(name)[:100], "hubungan": relation[:60]})
    if not f.min_count <= len(entries) <= f.max_count:
        errors.setdefault(f.name, []).append(
            _("%(label)s: isi %(a)s sampai %(b)s orang.")
            % {"label": f.label, "a": f.min_count, "b": f.max_count}
        )
        return None
    return entries


def clean_fields(
    village: Area, letter: LetterType, data: dict[str, Any], actor: Any = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (JSON-ready values, people) for *letter*'s fields; raise on any error.

    Person fields take NIKs (a list, or text with one NIK per line/comma for
    several people); they are stored as NIKs and resolved to residents.
    """
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    people: dict[str, Any] = {}
    for f in letter.fields:
        raw = data.get(f.name)
        empty = raw in (None, "", []) or (isinstance(raw, str) and not raw.strip())
        if empty and f.default:
            raw, empty = f.default, False
        if empty:
            if f.required:
                errors.setdefault(f.name, []).append(
                    _("%(label)s wajib diisi.") % {"label": f.label}
                )
            continue
        if f.kind == "resident":
            found = _person(village, f, raw, errors, actor)
            if found is not None:
                people[f.name], clean[f.name] = found, found.nik
        elif f.kind == "residents":
            items = raw if isinstance(raw, list) else str(raw).replace(",", "\n").splitlines()
            niks = list(dict.fromkeys(n for n in (normalise_number(str(i)) for i in items) if n))
            if not f.min_count <= len(niks) <= f.max_count:
                errors.setdefault(f.name, []).append(
                    _("%(label)s: isi %(a)s sampai %(b)s NIK.")
                    % {"label": f.label, "a": f.min_count, "b": f.max_count}
                )
                continue
            found_all = [_person(village, f, n, errors, actor) for n in niks]
            people[f.name] = [r for r in found_all if r is not None]
            clean[f.name] = niks
        elif f.kind == "heirs":
            heirs = _heirs(f, raw, errors)
            if heirs is not None:
                clean[f.name] = heirs
        elif f.kind == "number":
            try:
                number = int(str(raw).replace(".", "").strip())
                if number < 0:
                    raise ValueError
            except ValueError:
                errors.setdefault(f.name, []).append(
                    _("%(label)s harus berupa bilangan bulat.") % {"label": f.label}
                )
                continue
            clean[f.name] = number
        elif f.kind == "date":
            try:
                clean[f.name] = (
                    raw.isoformat()
                    if isinstance(raw, date)
                    else date.fromisoformat(str(raw)).isoformat()
                )
            except ValueError:
                errors.setdefault(f.name, []).append(
                    _("%(label)s: tanggal tidak valid (TTTT-BB-HH).") % {"label": f.label}
                )
        elif f.kind == "choice":
            if str(raw) not in f.choices:
                errors.setdefault(f.name, []).append(
                    _("%(label)s: pilihan tidak dikenal.") % {"label": f.label}
                )
                continue
            clean[f.name] = str(raw)
        else:
            text = str(raw).strip()
            if len(text) > 500:
                errors.setdefault(f.name, []).append(
                    _("%(label)s terlalu panjang (maks. 500).") % {"label": f.label}
                )
                continue
            clean[f.name] = text
    if errors:
        first = next(iter(errors.values()))[0]
        raise RequestError(first, field_errors=errors)
    return clean, people


def people_of(village: Area, letter: LetterType, data: dict[str, Any]) -> dict[str, Any]:
    """Return the residents named in a stored request's person fields."""
    people: dict[str, Any] = {}
    niks = {f.name: data.get(f.name) for f in letter.fields if f.is_person and data.get(f.name)}
    flat = [n for v in niks.values() for n in (v if isinstance(v, list) else [v])]
    found = {r.nik: r for r in Resident.objects.select_related("family").filter(nik__in=flat)}
    for name, value in niks.items():
        if isinstance(value, list):
            people[name] = [found[n] for n in value if n in found]
        elif value in found:
            people[name] = found[value]
    return people


def standard_for(village: Area, letter: LetterType) -> ServiceStandard | None:
    """Return the village's published standard for *letter*, if any."""
    return (
        ServiceStandard.objects.filter(area=village, letter_type=letter.code, is_published=True)
        .order_by("id")
        .first()
    )


def due_at(
    village: Area, standard: ServiceStandard | None, letter: LetterType, start: datetime
) -> datetime:
    """Return when a request received at *start* must be done, in working time."""
    cal = calendar_for(village)
    if standard is None:
        return cal.add_working_days(start, letter.service_days)
    if standard.time_unit == TimeUnit.MINUTES:
        return cal.add_working_minutes(start, standard.time_value)
    if standard.time_unit == TimeUnit.HOURS:
        return cal.add_working_minutes(start, standard.time_value * 60)
    return cal.add_working_days(start, standard.time_value)


# The domisili fields a non-permanent resident must fill (domain.md §9.1).
OUTSIDER_FIELDS = ("alamat_asal", "lama_tinggal")


def _with_outsider(
    village: Area, letter: LetterType, clean: dict[str, Any], outsider: dict[str, str]
) -> dict[str, Any]:
    """Return *clean* with the checked identity of a person outside the register."""
    if not letter.serves_outsiders:
        raise RequestError(
            _("%(type)s hanya untuk penduduk yang terdaftar.") % {"type": letter.name}
        )
    errors: dict[str, list[str]] = {}
    name = person_name(outsider.get("nama"))
    address = " ".join(str(outsider.get("alamat") or "").split())
    if not name:
        errors["nama_bukan_penduduk"] = [_("Nama wajib diisi.")]
    if not address:
        errors["alamat_bukan_penduduk"] = [_("Alamat tinggal di desa ini wajib diisi.")]
    exists, retired = identity_checkers()
    check = validate_nik(
        str(outsider.get("nik") or ""),
        kecamatan_exists=exists,
        retired_kecamatan=retired,
        today=timezone.localdate(),
    )
    if not check.is_valid:
        errors["nik"] = list(check.errors)
    elif Resident.objects.filter(nik=check.value, area__within=village.code).exists():
        errors["nik"] = [
            _("NIK ini terdaftar sebagai penduduk desa ini; buat surat sebagai penduduk tetap.")
        ]
    for key in OUTSIDER_FIELDS:
        if not clean.get(key):
            label = next(str(f.label) for f in letter.fields if f.name == key)
            errors[key] = [_("%(label)s wajib diisi.") % {"label": label}]
    if errors:
        raise RequestError(next(iter(errors.values()))[0], field_errors=errors)
    return {
        **clean,
        "status_tinggal": "penduduk nonpermanen",
        OUTSIDER: {"nama": name[:100], "nik": check.value, "alamat": address[:255]},
    }


def letter_request_create(
    *,
    actor: Any,
    village: Area,
    letter_type: str,
    subject: Resident | None,
    data: dict[str, Any],
    purpose: str = "",
    channel: str = Channel.COUNTER,
    applicant: Resident | None = None,
    outsider: dict[str, str] | None = None,
) -> LetterRequest:
    """Validate and record a request; its service clock starts now.

    Without *subject*, the letter is about *outsider* (``nama``, ``nik``,
    ``alamat``): a person outside the village register, for letter types that
    serve them (``serves_outsiders``). Their NIK is checked with the
    registry's rules; no resident is created.
    """
    letter = letter_type_or_error(letter_type)
    template = compose.template_for(village, letter)
    if not template.is_active:
        raise RequestError(_("Desa ini tidak melayani %(type)s.") % {"type": letter.name})
    if channel == Channel.ONLINE and not template.online:
        raise RequestError(
            _("%(type)s hanya dapat dimohon di kantor desa.") % {"type": letter.name}
        )
    if subject is not None:
        check_subject(subject, village, letter)
    purpose = purpose.strip()
    if letter.asks_purpose and not purpose:
        raise RequestError(
            _("Keperluan wajib diisi."), field_errors={"purpose": [_("Keperluan wajib diisi.")]}
        )
    clean, _people = clean_fields(village, letter, data, actor)
    if subject is None:
        clean = _with_outsider(village, letter, clean, outsider or {})
    elif letter.records_move_out and subject.nik in clean.get("pengikut", []):
        raise RequestError(
            _("%(name)s adalah pemohon pindah; jangan dicantumkan lagi sebagai pengikut.")
            % {"name": subject.name},
            field_errors={"pengikut": [_("Hapus NIK pemohon dari daftar pengikut.")]},
        )
    now = timezone.now()
    standard = standard_for(village, letter)
    with transaction.atomic():
        request = LetterRequest(
            area=village,
            letter_type=letter.code,
            subject=subject,
            data=clean,
            purpose=purpose[:255],
            channel=channel,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            applicant=applicant,
            standard=standard,
            received_at=now,
            due_at=due_at(village, standard, letter, now),
        )
        request.full_clean()
        request.save()
        StatusChange.objects.create(
            request=request,
            from_status="",
            to_status=Status.SUBMITTED,
            actor=request.created_by,
            at=now,
        )
        mark_changed(
            "letters.request", request.area_id, local_days(request.received_at, request.due_at)
        )
        audit.record(
            actor=actor,
            action="letter.requested",
            obj=request,
            data={"type": letter.code, "channel": channel},
            kind=audit.CREATE,
        )
    return request


# The permission that moves a request forward from each status.
def next_forward(request: LetterRequest, requires_approval: bool) -> list[str]:
    """Return the statuses *request* may move forward to under the village's settings."""
    letter = catalogue.letter_type(request.letter_type)
    countersign = bool(letter and letter.countersign)
    status = request.status
    if status == Status.SUBMITTED:
        return [Status.VERIFIED]
    if status == Status.VERIFIED:
        return [Status.APPROVED if requires_approval else Status.SIGNED]
    if status == Status.APPROVED:
        return [Status.SIGNED]
    if status == Status.SIGNED:
        return [Status.COUNTERSIGNED] if countersign else [Status.DONE]
    if status == Status.COUNTERSIGNED:
        return [Status.DONE]
    return []


def site_url() -> str:
    return str(django_settings.BALAI_SITE_URL)


def verification_url(code: str, base: str = "") -> str:
    return (base or site_url()).rstrip("/") + reverse("letters:verify", args=[code])


def request_doc(
    request: LetterRequest,
    *,
    letter: LetterType,
    settings: VillageLetterSettings,
    template: LetterTemplate,
    number: str,
    day: date,
    verify_code: str = "",
    verify_url: str = "",
    draft: bool = False,
) -> pdf.LetterDoc:
    """Compose *request*'s letter: the signed one, or the unnumbered draft the head reads first."""
    village = request.area
    values = compose.values_for(
        village=village,
        settings=settings,
        letter=letter,
        subject=request.subject,
        people=people_of(village, letter, request.data),
        data=request.data,
        purpose=request.purpose,
        number=number,
        day=day,
        verify_code=verify_code,
    )
    return compose.compose(
        village=village,
        settings=settings,
        letter=letter,
        body=template.body,
        values=values,
        number=number,
        day=day,
        verify_url=verify_url,
        verify_code=verify_code,
        draft=draft,
    )


def _sign(request: LetterRequest, actor: Any, now: datetime, base_url: str) -> IssuedDocument:
    village = request.area
    letter = letter_type_or_error(request.letter_type)
    settings = compose.settings_for(village)
    template = compose.template_for(village, letter)
    day = timezone.localtime(now, calendar_for(village).tz).date()
    fmt = template.number_format or settings.number_format
    classification = compose.classification_of(template, letter)
    alloc = numbering.number_take(
        village=village,
        year=day.year,
        scope=numbering.scope_key(settings, letter.code),
        render=lambda sequence: numbering.format_number(
            fmt, sequence=sequence, classification=classification, village=village, day=day
        ),
    )
    number = alloc.number
    code = secrets.token_urlsafe(15)
    doc = request_doc(
        request,
        letter=letter,
        settings=settings,
        template=template,
        number=number,
        day=day,
        verify_code=code,
        verify_url=verification_url(code, base_url),
    )
    content = pdf.render_letter(doc)
    valid_until = None
    if letter.validity_days:
        from datetime import timedelta

        valid_until = day + timedelta(days=letter.validity_days)
    return IssuedDocument.objects.create(
        request=request,
        area=village,
        year=alloc.year,
        scope_key=alloc.scope_key,
        sequence=alloc.sequence,
        number=number,
        letter_type=letter.code,
        title=str(letter.name),
        subject_name=request.subject_name,
        signer_name=settings.head_name or str(actor),
        signer_title=doc.signer_title,
        signed_by=actor if getattr(actor, "is_authenticated", False) else None,
        issued_at=now,
        valid_until=valid_until,
        verification_code=code,
        layout=compose.doc_to_json(doc),
        pdf=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _countersign(request: LetterRequest, actor: Any, now: datetime) -> None:
    issued = IssuedDocument.objects.select_for_update().get(request=request)
    settings = compose.settings_for(request.area)
    name = settings.camat_name or (actor.get_full_name() if hasattr(actor, "get_full_name") else "")
    doc = compose.doc_from_json(issued.layout, settings)
    from dataclasses import replace

    doc = replace(doc, countersign_name=name or str(actor))
    content = pdf.render_letter(doc)
    issued.countersigned_by = actor if getattr(actor, "is_authenticated", False) else None
    issued.countersigner_name = doc.countersign_name
    issued.countersigned_at = now
    issued.layout = compose.doc_to_json(doc)
    issued.pdf = content
    issued.sha256 = hashlib.sha256(content).hexdigest()
    issued.save(
        update_fields=[
            "countersigned_by", "countersigner_name", "countersigned_at", "layout", "pdf",
            "sha256", "updated_at",
        ]
    )  # fmt: skip


def _record_move_out(request: LetterRequest, actor: Any, now: datetime) -> None:
    """Record the move-out of the subject and each follower through the registry.

    A move letter is signed before the move; an event cannot lie in the future,
    so a later planned date is recorded as today with the plan in the note.
    """
    data = request.data
    planned = date.fromisoformat(data["tanggal_pindah"])
    today = timezone.localdate(now)
    scope = catalogue.MOVE_SCOPES.get(data.get("jenis_pindah", ""), MoveScope.KABUPATEN)
    note = _("Surat keterangan pindah; rencana pindah %(day)s.") % {"day": planned.isoformat()}
    followers = data.get("pengikut") or []
    if request.subject is None:  # move letters are only for residents (no serves_outsiders)
        raise RequestError(_("Surat pindah hanya untuk penduduk yang terdaftar."))
    movers = [request.subject, *Resident.objects.filter(nik__in=followers).order_by("pk")]
    for resident in movers:
        resident_record_move_out(
            actor=actor,
            resident=resident,
            event_date=min(planned, today),
            report_date=today,
            scope=scope,
            destination=str(data.get("alamat_tujuan", ""))[:255],
            note=note[:255],
        )


def _complete(request: LetterRequest, now: datetime) -> None:
    request.completed_at = now
    minutes = calendar_for(request.area).working_minutes_between(request.received_at, now)
    request.working_minutes = max(0, minutes)


def letter_request_transition(
    *,
    request: LetterRequest,
    to: str,
    actor: Any,
    note: str = "",
    reason: str = "",
    base_url: str = "",
) -> LetterRequest:
    """Move *request* to status *to*: lock, check, apply effects, record history and audit.

    Signing takes the number and renders the PDF in this transaction. A signed
    letter is never rejected (see ALLOWED_TRANSITIONS); it is voided instead.
    The caller has checked that *actor* may make this move.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = (
            LetterRequest.objects.select_for_update(of=("self",))
            .select_related("area", "subject", "subject__family")
            .get(pk=request.pk)
        )
        current = locked.status
        settings = compose.settings_for(locked.area)
        allowed = ALLOWED_TRANSITIONS.get(current, set())
        forward = next_forward(locked, settings.requires_approval)
        if to not in allowed or (to != Status.REJECTED and to not in forward):
            raise ConflictError(
                _("Permohonan berstatus %(cur)s tidak dapat diubah menjadi %(to)s.")
                % {
                    "cur": Status(current).label,
                    "to": Status(to).label if to in Status.values else to,
                }
            )
        if to == Status.REJECTED:
            if reason not in RejectReason.values:
                raise RequestError(
                    _("Pilih alasan penolakan."), field_errors={"reason": [_("Pilih alasan.")]}
                )
            if reason == RejectReason.OTHER and not note.strip():
                raise RequestError(_("Tuliskan alasan penolakan."))
            locked.reject_reason, locked.reject_note = reason, note.strip()[:255]
            if locked.completed_at is None:
                _complete(locked, now)
        elif to == Status.SIGNED:
            _sign(locked, actor, now, base_url)
            letter = letter_type_or_error(locked.letter_type)
            if letter.records_move_out:
                _record_move_out(locked, actor, now)
            if not letter.countersign:
                _complete(locked, now)
        elif to == Status.COUNTERSIGNED:
            _countersign(locked, actor, now)
            _complete(locked, now)
        locked.status = to
        locked.full_clean()
        locked.save(
            update_fields=[
                "status", "reject_reason", "reject_note", "completed_at", "working_minutes",
                "updated_at",
            ]
        )  # fmt: skip
        mark_changed(
            "letters.request", locked.area_id, local_days(locked.received_at, locked.due_at)
        )
        StatusChange.objects.create(
            request=locked,
            from_status=current,
            to_status=to,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            note=note.strip()[:255],
            at=now,
        )
        audit.record(
            actor=actor,
            action=f"letter.{to}",
            obj=locked,
            data={"from": current, "to": to, "note": note, "reason": reason},
        )
        pk = locked.pk
        transaction.on_commit(lambda: notify(pk))
    return locked


def issued_document_void(*, request: LetterRequest, actor: Any, reason: str) -> IssuedDocument:
    """Void the signed letter of *request*: it stays in the register under its number.

    The verification page then says it is voided and residents can no longer
    download it. The caller has checked that *actor* may sign for the village.
    """
    reason = reason.strip()
    if not reason:
        raise RequestError(
            _("Tuliskan alasan pembatalan."), field_errors={"reason": [_("Wajib diisi.")]}
        )
    with transaction.atomic():
        issued = IssuedDocument.objects.select_for_update().filter(request=request).first()
        if issued is None:
            raise ConflictError(_("Permohonan ini belum memiliki surat yang ditandatangani."))
        if issued.is_void:
            raise ConflictError(_("Surat ini sudah dibatalkan."))
        issued.voided_at = timezone.now()
        issued.void_reason = reason[:255]
        issued.full_clean()
        issued.save(update_fields=["voided_at", "void_reason", "updated_at"])
        audit.record(
            actor=actor,
            action="letter.void",
            obj=issued,
            data={"number": issued.number, "reason": issued.void_reason, "request": request.pk},
        )
    return issued


def notify(request_pk: int) -> None:
    """Tell the applicant about their request's new status (email when known; logged)."""
    request = (
        LetterRequest.objects.select_related("subject", "applicant").filter(pk=request_pk).first()
    )
    if request is None:
        return
    person = request.applicant or request.subject
    log.info("letter request %s is now %s", request.pk, request.status)
    if person is not None and person.email:
        send_mail(
            subject=_("Permohonan surat Anda: %(status)s")
            % {"status": request.get_status_display()},
            message=_("Permohonan #%(pk)s (%(type)s) kini berstatus %(status)s.")
            % {
                "pk": request.pk,
                "type": request.letter_type,
                "status": request.get_status_display(),
            },
            from_email=None,
            recipient_list=[person.email],
            fail_silently=True,
        )
