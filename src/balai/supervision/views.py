"""Pages of the binwas module: agenda, calendar, visits, follow-ups, reports, overview."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.models import User
from balai.accounts.roles import Perm
from balai.core import exports
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.core.periods import month_param, year_param
from balai.letters.actions import pdf_response
from balai.regions.models import Area, Level
from balai.supervision import exports as docs
from balai.supervision import policies, selectors, services
from balai.supervision.forms import (
    ActivityForm,
    AnswerEvidenceForm,
    FindingForm,
    MemberForm,
    PhotoForm,
    ReceiptForm,
    VerifyForm,
    visit_form,
)
from balai.supervision.models import (
    ActivityStatus,
    FollowUpStatus,
    FollowUpStep,
    Question,
    ReportKind,
    VisitPhoto,
    VisitStatus,
)

VIEW, MANAGE = Perm.SUPERVISION_VIEW, Perm.SUPERVISION_MANAGE
AGENDA_LEVELS = (Level.KECAMATAN, Level.KABUPATEN_KOTA)
KECAMATAN_ONLY = (Level.KECAMATAN,)
KABUPATEN_ONLY = (Level.KABUPATEN_KOTA,)


def _quarter(request: HttpRequest) -> int | None:
    raw = request.GET.get("triwulan", "")
    if raw in ("1", "2", "3", "4"):
        return int(raw)
    if raw:
        messages.error(request, _("Triwulan harus 1 sampai 4."))
    return None


def _require_manage(request: HttpRequest, code: str) -> None:
    if not access.has_perm(request.user, MANAGE, code):
        raise PermissionDenied(_("Anda tidak berwenang untuk tindakan ini di wilayah ini."))


# ---- agenda -----------------------------------------------------------------------


@access.requires(VIEW)
def agenda(request: HttpRequest) -> HttpResponse:
    area = access.page_area(request, VIEW, levels=AGENDA_LEVELS)
    year, quarter = year_param(request), _quarter(request)
    activities = selectors.activity_list(
        user=request.user, within=area.code, year=year, quarter=quarter
    )
    context = {
        "area": area,
        "year": year,
        "quarter": quarter,
        "activities": activities,
        "may_plan": area.level == Level.KECAMATAN and access.has_perm(request.user, MANAGE, area),
        "is_kabupaten": area.level == Level.KABUPATEN_KOTA,
        "feed": selectors.feed_of(request.user),
    }
    return render(request, "supervision/agenda.html", context)


@access.requires(MANAGE)
def activity_new(request: HttpRequest) -> HttpResponse:
    area = access.page_area(request, MANAGE, levels=KECAMATAN_ONLY)
    form = ActivityForm(request.POST or None, kecamatan=area)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        villages = list(Area.objects.filter(code__in=d["villages"]))
        try:
            activity = services.activity_create(
                actor=request.user,
                kecamatan=area,
                kind=d["kind"],
                title=d["title"],
                topics=d["topics"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                villages=villages,
                leader=request.user if d["lead"] else None,
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Kegiatan direncanakan."))
            return redirect("supervision:activity", pk=activity.pk)
    return render(request, "supervision/activity_new.html", {"area": area, "form": form})


@access.requires(VIEW)
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    may_manage = access.has_perm(request.user, MANAGE, activity.area)
    candidates = selectors.team_candidates(activity)
    form = MemberForm(request.POST or None, candidates=candidates)
    if request.method == "POST":
        _require_manage(request, str(activity.area_id))
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.activity_add_member(
                    actor=request.user,
                    activity=activity,
                    name=d["name"],
                    affiliation=d["affiliation"],
                    user=User.objects.get(pk=d["user"]) if d["user"] else None,
                    lead=d["lead"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("Anggota tim ditambahkan."))
                return redirect("supervision:activity", pk=activity.pk)
    context = {
        "activity": activity,
        "visits": activity.visits.select_related("area"),
        "team": activity.team.all(),
        "form": form,
        "may_manage": may_manage and activity.status == ActivityStatus.PLANNED,
    }
    return render(
        request, "supervision/activity_detail.html", context, status=400 if form.errors else 200
    )


@require_POST
@access.requires(MANAGE)
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get_for_user(user=request.user, pk=pk, perm=MANAGE)
    try:
        services.activity_cancel(actor=request.user, activity=activity)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("supervision:activity", pk=activity.pk)


@access.requires(VIEW)
def agenda_calendar(request: HttpRequest) -> HttpResponse:
    area = access.page_area(request, VIEW, levels=AGENDA_LEVELS)
    year, month = month_param(request)
    weeks = selectors.month_calendar(user=request.user, area=area, year=year, month=month)
    prev = (year - 1, 12) if month == 1 else (year, month - 1)
    nxt = (year + 1, 1) if month == 12 else (year, month + 1)
    context = {
        "area": area,
        "weeks": weeks,
        "month": date(year, month, 1),
        "prev": f"{prev[0]}-{prev[1]:02d}",
        "next": f"{nxt[0]}-{nxt[1]:02d}",
    }
    return render(request, "supervision/calendar.html", context)


@access.requires(VIEW)
def agenda_ical(request: HttpRequest) -> HttpResponse:
    area = access.page_area(request, VIEW, levels=AGENDA_LEVELS)
    year = year_param(request)
    return ical_response(request, user=request.user, area=area, years=[year])


def ical_response(request: HttpRequest, *, user: Any, area: Area, years: list[int]) -> HttpResponse:
    """Return *area*'s agenda in *years* as *user* may see it, as an iCal download."""
    activities, meetings = selectors.calendar_items(user=user, within=area.code, years=years)
    body = docs.ical_feed(
        activities,
        meetings,
        host=request.get_host().split(":")[0],
        name=_("Agenda binwas %(area)s") % {"area": area.name},
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    name = f"binwas-{area.code}-{years[0]}" + (f"-{years[-1]}" if len(years) > 1 else "")
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


# ---- visits -----------------------------------------------------------------------


def _questions(visit: Any) -> list[Question]:
    return selectors.visit_questions(visit)


def _visit_form(visit: Any, data: Any = None) -> Any:
    answers = {a.question_id: a for a in visit.answers.all()}
    initial: dict[str, Any] = {
        "visited_on": visit.visited_on,
        "latitude": visit.latitude,
        "longitude": visit.longitude,
        "summary": visit.summary,
    }
    for pk, a in answers.items():
        initial[f"q{pk}"], initial[f"n{pk}"] = a.value, a.note
    return visit_form(_questions(visit), data=data, initial=initial)


@access.requires(VIEW)
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    may_manage = access.has_perm(request.user, MANAGE, visit.activity.area)
    form = _visit_form(visit)
    # Headed by the instrument names the visit started with.
    by_instrument: dict[str, list[Any]] = {}
    for q in _questions(visit):
        name = selectors.visit_instrument_name(visit, q)
        by_instrument.setdefault(name, []).append((q, form[f"q{q.pk}"], form[f"n{q.pk}"]))
    context = {
        "visit": visit,
        "activity": visit.activity,
        "form": form,
        "by_instrument": by_instrument,
        "photos": visit.photos.all(),
        "findings": visit.followups.all(),
        "finding_form": FindingForm(),
        "photo_form": PhotoForm(),
        "may_edit": may_manage and visit.status == VisitStatus.DRAFT,
        "may_start": may_manage and visit.status == VisitStatus.PLANNED,
        "may_sign": visit.status == VisitStatus.DRAFT
        and visit.activity.leader_id == request.user.pk,
    }
    return render(request, "supervision/visit.html", context)


def _managed_visit(request: HttpRequest, pk: int) -> Any:
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    _require_manage(request, str(visit.activity.area_id))
    return visit


@require_POST
@access.requires(MANAGE)
def visit_start(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _managed_visit(request, pk)
    brief = selectors.visit_brief(user=request.user, village=visit.area, on=timezone.localdate())
    try:
        services.visit_start(actor=request.user, visit=visit, brief=brief)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("supervision:visit", pk=visit.pk)


@require_POST
@access.requires(MANAGE)
def visit_save(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _managed_visit(request, pk)
    form = _visit_form(visit, data=request.POST)
    error = ""
    if form.is_valid():
        d = form.cleaned_data
        answers = {
            q.pk: (d.get(f"q{q.pk}") or "", d.get(f"n{q.pk}") or "")
            for q in _questions(visit)
            if f"q{q.pk}" in request.POST
        }
        try:
            services.visit_save_draft(
                actor=request.user,
                visit=visit,
                answers=answers,
                visited_on=d["visited_on"],
                latitude=d["latitude"],
                longitude=d["longitude"],
                summary=d["summary"],
            )
        except DomainError as exc:
            error = exc.message
    else:
        error = "; ".join(
            f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items()
        )
    if request.htmx:  # type: ignore[attr-defined]
        # 200 even for a refused answer: htmx swaps only successful responses,
        # and the message must replace the "saved" note under the form.
        return render(
            request,
            "supervision/visit.html#saved",
            {"error": error, "saved_at": timezone.localtime()},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Draf tersimpan."))
    return redirect("supervision:visit", pk=visit.pk)


@require_POST
@access.requires(MANAGE)
def visit_photo(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _managed_visit(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["photo"]
        try:
            services.visit_add_photo(
                actor=request.user,
                visit=visit,
                stream=upload,
                name=upload.name,
                size=upload.size,
                caption=form.cleaned_data["caption"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Foto tersimpan (tanpa data EXIF)."))
    else:
        messages.error(request, _("Pilih foto untuk diunggah."))
    return redirect("supervision:visit", pk=visit.pk)


@access.requires(VIEW)
def visit_photo_file(request: HttpRequest, pk: int) -> HttpResponse:
    photo = VisitPhoto.objects.filter(pk=pk).first()
    if photo is None:
        raise Http404(_("Foto tidak ditemukan."))
    selectors.visit_get_for_user(user=request.user, pk=photo.visit_id)
    response = HttpResponse(bytes(photo.content), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@access.requires(MANAGE)
def visit_finding(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _managed_visit(request, pk)
    form = FindingForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.followup_create(
                actor=request.user,
                visit=visit,
                area=visit.area,
                description=d["description"],
                recommendation=d["recommendation"],
                responsible=d["responsible"],
                office=d["office"],
                due_days=d["due_days"],
                due_on=d["due_on"],
                indicator=d["indicator"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Temuan dicatat."))
    else:
        messages.error(request, _("Lengkapi uraian temuan dan rekomendasinya."))
    return redirect(reverse("supervision:visit", args=[visit.pk]) + "#temuan")


@require_POST
@access.requires(MANAGE)
def visit_sign(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _managed_visit(request, pk)
    try:
        services.visit_sign(actor=request.user, visit=visit)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Laporan kunjungan ditandatangani."))
    return redirect("supervision:visit", pk=visit.pk)


@access.requires(VIEW)
def visit_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    answers = list(
        visit.answers.select_related("question").order_by("question__instrument", "question__order")
    )
    pdf = docs.visit_report_pdf(visit, answers, list(visit.followups.all()))
    return pdf_response(pdf, f"laporan-kunjungan-{visit.pk}.pdf")


# ---- follow-ups ---------------------------------------------------------------------


@access.requires(VIEW)
def followups(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "terbuka")
    if status not in ("terbuka", *FollowUpStatus.values, "semua"):
        status = "terbuka"
    overdue = request.GET.get("terlambat") == "1"
    items = selectors.followup_list(
        user=request.user, status="" if status == "semua" else status, overdue=overdue
    )[:300]
    statuses = [("terbuka", _("Belum selesai")), *FollowUpStatus.choices, ("semua", _("Semua"))]
    context = {
        "items": items,
        "status": status,
        "overdue": overdue,
        "statuses": statuses,
        "today": timezone.localdate(),
    }
    return render(request, "supervision/followups.html", context)


@access.requires(VIEW)
def followup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.followup_get_for_user(user=request.user, pk=pk)
    context = {
        "item": item,
        "steps": item.steps.select_related("actor"),
        "answer_form": AnswerEvidenceForm(),
        "verify_form": VerifyForm(),
        "may_respond": policies.may_respond(request.user, item),
        "may_verify": item.status == FollowUpStatus.ANSWERED
        and policies.may_verify(request.user, item),
        "today": timezone.localdate(),
    }
    return render(request, "supervision/followup.html", context)


@require_POST
@access.requires(VIEW)
def followup_answer(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.followup_get_for_user(user=request.user, pk=pk)
    if item.status == FollowUpStatus.CLOSED:
        messages.error(request, _("Tindak lanjut ini sudah selesai dan tidak dapat diubah lagi."))
        return redirect("supervision:followup", pk=item.pk)
    if not policies.may_respond(request.user, item):
        raise PermissionDenied(_("Tindak lanjut ini dijawab oleh penanggung jawabnya."))
    form = AnswerEvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["evidence"]
        try:
            services.followup_answer(
                actor=request.user,
                item=item,
                note=form.cleaned_data["note"],
                evidence=upload,
                evidence_name=upload.name if upload else "",
                evidence_size=upload.size if upload else None,
            )
        except DomainError as exc:
            return render(
                request,
                "supervision/followup.html",
                {
                    "item": item,
                    "steps": item.steps.select_related("actor"),
                    "answer_form": _with_error(form, exc),
                    "verify_form": VerifyForm(),
                    "may_respond": True,
                    "today": timezone.localdate(),
                },
                status=400,
            )
        messages.success(request, _("Tindak lanjut dikirim untuk diverifikasi."))
    else:
        messages.error(request, _("Tuliskan tindak lanjut yang sudah dilakukan."))
    return redirect("supervision:followup", pk=item.pk)


def _with_error(form: Any, exc: DomainError) -> Any:
    if exc.code in ("file_too_large", "file_rejected", "file_empty"):
        form.add_error("evidence", exc.message)
    else:
        apply_domain_error(form, exc)
    return form


@require_POST
@access.requires(MANAGE)
def followup_verify(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.followup_get_for_user(user=request.user, pk=pk)
    if not policies.may_verify(request.user, item):
        raise PermissionDenied(_("Anda tidak berwenang memverifikasi tindak lanjut ini."))
    form = VerifyForm(request.POST)
    form.is_valid()
    accept = request.POST.get("keputusan") == "tutup"
    try:
        services.followup_verify(
            actor=request.user, item=item, accept=accept, note=form.cleaned_data.get("note", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Tindak lanjut ditutup.") if accept else _("Tindak lanjut dikembalikan.")
        )
    return redirect("supervision:followup", pk=item.pk)


@access.requires(VIEW)
def followup_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    step = FollowUpStep.objects.filter(pk=pk).exclude(evidence=None).first()
    if step is None:
        raise Http404(_("Bukti tidak ditemukan."))
    selectors.followup_get_for_user(user=request.user, pk=step.followup_id)
    response = HttpResponse(bytes(step.evidence or b""), content_type=step.evidence_type)
    response["Content-Disposition"] = f'inline; filename="{step.evidence_name or "bukti"}"'
    response["Cache-Control"] = "private, no-store"
    return response


# ---- reports the kecamatan chases ------------------------------------------------------


@access.requires(VIEW)
def village_reports(request: HttpRequest) -> HttpResponse:
    area = access.page_area(request, VIEW, levels=KECAMATAN_ONLY)
    default_year = timezone.localdate().year - 1
    year = year_param(request, default=default_year)
    may_record = access.has_perm(request.user, MANAGE, area)
    form = ReceiptForm(request.POST or None, kecamatan=area, initial={"kind": ReportKind.LPPDES})
    if request.method == "POST":
        _require_manage(request, area.code)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.report_receive(
                    actor=request.user,
                    village=Area.objects.get(code=d["village"]),
                    kind=d["kind"],
                    year=year,
                    received_on=d["received_on"],
                    note=d["note"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("Penerimaan laporan dicatat."))
                return redirect(f"{request.path}?wilayah={area.code}&tahun={year}")
    rows = selectors.reports_table(kecamatan=area, year=year)
    context = {
        "area": area,
        "year": year,
        "rows": rows,
        "form": form,
        "may_record": may_record,
        "deadline": selectors.lppdes_deadline(year),
    }
    return render(request, "supervision/reports.html", context, status=400 if form.errors else 200)


# ---- overview and quarterly report --------------------------------------------------------


@access.requires(VIEW)
def overview(request: HttpRequest) -> HttpResponseBase:
    area = access.page_area(request, VIEW, levels=AGENDA_LEVELS)
    year, quarter = year_param(request), _quarter(request)
    rows = selectors.overview(area=area, year=year, quarter=quarter)
    total = selectors.overview_total(rows, area.code, _("Jumlah"))
    period = f"{year}" + (f" triwulan {quarter}" if quarter else "")
    title = _("Binwas desa %(area)s %(period)s") % {"area": area.name, "period": period}
    fmt = request.GET.get("format", "")
    if fmt == "pdf":
        return pdf_response(
            docs.quarterly_pdf(title, rows, total), f"binwas-{area.code}-{year}-{quarter or 0}.pdf"
        )
    if fmt == "xlsx":
        return exports.xlsx_download(
            lambda book: docs.quarterly_xlsx(book, title, rows, total),
            f"binwas-{area.code}-{year}-{quarter or 0}.xlsx",
            personal=False,
        )
    context = {
        "area": area,
        "year": year,
        "quarter": quarter,
        "rows": rows,
        "total": total,
        "columns": [(k, label()) for k, label in selectors.OVERVIEW_COLUMNS],
        "title": title,
        "child_is_kecamatan": area.level == Level.KABUPATEN_KOTA,
    }
    return render(request, "supervision/overview.html", context)
