"""Pages of the village's poverty work: musdes verification rounds and extreme-poverty cases."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import audit, exports
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.core.import_jobs import JobStatus
from balai.indicators.periods import PeriodError, PeriodType, parse_period, period_of
from balai.poverty import checks, import_jobs, policies, selectors, services
from balai.poverty import exports as poverty_exports
from balai.poverty.forms import (
    CloseForm,
    DecisionUploadForm,
    InterventionForm,
    ProposalForm,
    RoundForm,
    VisitForm,
)
from balai.poverty.models import ROUND_TRANSITIONS, RoundStatus
from balai.poverty.views import KABUPATEN, VILLAGE, _area
from balai.registry.models import Resident


@access.requires(Perm.POVERTY_NAMES)
def rounds(request: HttpRequest, code: str) -> HttpResponse:
    area = _area(request, code, Perm.POVERTY_NAMES, VILLAGE)
    manage = access.has_perm(request.user, Perm.POVERTY_MANAGE, area)
    form = RoundForm(request.POST or None) if manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            item = services.round_create(actor=request.user, village=area, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            return redirect(item)
    items = selectors.round_list(user=request.user, village=area.code)
    return render(request, "poverty/rounds.html", {"area": area, "items": items, "form": form})


@access.requires(Perm.POVERTY_NAMES)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.round_get_for_user(user=request.user, pk=pk)
    manage = access.has_perm(request.user, Perm.POVERTY_MANAGE, str(item.area_id))
    programmes = checks.programmes_for_area(str(item.area_id))
    form = None
    if manage and item.status == RoundStatus.DRAFT:
        form = ProposalForm(request.POST or None, request.FILES or None, programmes=programmes)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            resident = Resident.objects.filter(
                nik=data["nik"], area__within=str(item.area_id)
            ).first()
            if resident is None:
                form.add_error("nik", _("NIK tidak ditemukan di wilayah Anda."))
            else:
                try:
                    services.proposal_add(
                        actor=request.user,
                        item=item,
                        kind=data["kind"],
                        resident=resident,
                        programme=data["programme"],
                        reason=data["reason"],
                        evidence=data["evidence"],
                        files=[data["evidence_file"]] if data["evidence_file"] else [],
                    )
                except DomainError as exc:
                    apply_domain_error(form, exc)
                else:
                    messages.success(request, _("Usulan ditambahkan."))
                    return redirect(item)
    ba_form = (
        RoundForm(instance=item)
        if manage and item.status in (RoundStatus.DRAFT, RoundStatus.HELD)
        else None
    )
    context = {
        "item": item,
        "proposals": item.proposals.select_related("resident", "programme").prefetch_related(
            "files"
        ),
        "form": form,
        "ba_form": ba_form,
        "manage": manage,
        "decide": access.has_perm(request.user, Perm.POVERTY_PROGRAMMES, str(item.area_id)),
        "decision_form": DecisionUploadForm(),
        "decision_jobs": [
            import_jobs.job_check_alive(import_jobs.DECISIONS, job)
            for job in item.decision_imports.all()[:3]
        ]
        if access.has_perm(request.user, Perm.POVERTY_PROGRAMMES, str(item.area_id))
        else [],
        "next": [
            (to, label)
            for to, label in RoundStatus.choices
            if to in ROUND_TRANSITIONS[item.status] and to != RoundStatus.CLOSED
        ],
    }
    return render(request, "poverty/round_detail.html", context)


@require_POST
@access.requires(Perm.POVERTY_MANAGE)
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.round_get_for_user(user=request.user, pk=pk)
    access.require(request.user, Perm.POVERTY_MANAGE, str(item.area_id))
    form = RoundForm(request.POST, instance=item)
    if form.is_valid():
        try:
            services.round_update(actor=request.user, item=item, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Berita acara disimpan."))
    else:
        messages.error(request, _("Periksa isian berita acara."))
    return redirect(item)


@require_POST
@access.requires(Perm.POVERTY_MANAGE)
def round_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.round_get_for_user(user=request.user, pk=pk)
    access.require(request.user, Perm.POVERTY_MANAGE, str(item.area_id))
    try:
        services.round_transition(actor=request.user, item=item, to=request.POST.get("ke", ""))
    except (DomainError, KeyError) as exc:
        messages.error(request, getattr(exc, "message", _("Status tidak dikenal.")))
    return redirect(item)


@require_POST
@access.requires(Perm.POVERTY_PROGRAMMES)
def round_decisions(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.round_get_for_user(user=request.user, pk=pk)
    access.require(request.user, Perm.POVERTY_PROGRAMMES, str(item.area_id))
    form = DecisionUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas hasil verifikasi."))
        return redirect(item)
    try:
        job = import_jobs.decision_import_create(
            actor=request.user, item=item, upload=form.cleaned_data["file"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if job.status == JobStatus.FAILED:
            messages.error(request, job.error)
    return redirect(item)


@access.requires(Perm.POVERTY_NAMES)
def proposal_evidence(request: HttpRequest, pk: int) -> FileResponse:
    found = selectors.proposal_evidence_get_for_user(user=request.user, pk=pk)
    audit.record_view(
        actor=request.user, obj=found.proposal.resident, purpose="poverty.proposal_evidence"
    )
    response = FileResponse(
        found.file.open("rb"),
        content_type=found.content_type,
        as_attachment=found.content_type == "application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@access.requires(Perm.POVERTY_NAMES)
def round_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    item = selectors.round_get_for_user(user=request.user, pk=pk)
    proposals = list(item.proposals.select_related("resident", "resident__family", "programme"))
    audit.record(
        actor=request.user, action="poverty.round_exported", obj=item, data={"format": fmt}
    )
    if fmt == "xlsx":
        return exports.xlsx_download(
            lambda book: poverty_exports.round_xlsx(book, item, proposals),
            f"usulan-musdes-{item.area_id}-{item.pk}.xlsx",
        )
    if fmt == "pdf":
        response = HttpResponse(
            poverty_exports.round_pdf(item, proposals), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="berita-acara-musdes-{item.pk}.pdf"'
        return response
    raise Http404(_("Format tidak dikenal."))


@access.requires(Perm.POVERTY_NAMES)
def cases(request: HttpRequest, code: str) -> HttpResponse:
    area = _area(request, code, Perm.POVERTY_NAMES, VILLAGE)
    manage = access.has_perm(request.user, Perm.POVERTY_MANAGE, area)
    if request.method == "POST":
        access.require(request.user, Perm.POVERTY_MANAGE, area)
        n = services.cases_open_for_pool(actor=request.user, village=area)
        messages.success(request, _("%(n)d kasus baru dibuka.") % {"n": n})
        return redirect("poverty:cases", code=area.code)
    context = {
        "area": area,
        "items": selectors.case_list(user=request.user, village=area.code),
        "pool": selectors.pool_families(area.code),
        "setting": policies.setting_for(area.code),
        "manage": manage,
    }
    return render(request, "poverty/cases.html", context)


@access.requires(Perm.POVERTY_NAMES)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    manage = (
        access.has_perm(request.user, Perm.POVERTY_MANAGE, str(case.area_id))
        and case.status == "open"
    )
    audit.record_view(actor=request.user, obj=case, purpose="poverty.case")
    visits = list(case.visits.all())
    setting = policies.setting_for(str(case.area_id))
    programmes = checks.programmes_for_area(str(case.area_id))
    context = {
        "case": case,
        "members": selectors.family_members(case.family_id),
        "visits": visits,
        "interventions": case.interventions.select_related("programme"),
        "blockers": policies.graduation_blockers(visits[0] if visits else None, setting),
        "setting": setting,
        "manage": manage,
        "visit_form": VisitForm(initial={"visit_date": timezone.localdate()}) if manage else None,
        "intervention_form": InterventionForm(programmes=programmes) if manage else None,
        "close_form": CloseForm() if manage else None,
    }
    return render(request, "poverty/case_detail.html", context)


@require_POST
@access.requires(Perm.POVERTY_MANAGE)
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    access.require(request.user, Perm.POVERTY_MANAGE, str(case.area_id))
    today = timezone.localdate()
    try:
        if action == "kunjungan":
            form = VisitForm(request.POST)
            if not form.is_valid():
                raise DomainError(_("Periksa isian kunjungan: %(e)s") % {"e": _errors(form)})
            services.case_visit_add(actor=request.user, case=case, **form.cleaned_data)
        elif action == "intervensi":
            iform = InterventionForm(
                request.POST, programmes=checks.programmes_for_area(str(case.area_id))
            )
            if not iform.is_valid():
                raise DomainError(_("Periksa isian intervensi: %(e)s") % {"e": _errors(iform)})
            services.intervention_add(actor=request.user, case=case, **iform.cleaned_data)
        elif action == "graduasi":
            services.case_graduate(actor=request.user, case=case, on=today)
        elif action == "tutup":
            cform = CloseForm(request.POST)
            note = cform.cleaned_data["note"] if cform.is_valid() else ""
            services.case_close(actor=request.user, case=case, on=today, note=note)
        else:
            raise Http404(_("Tindakan tidak dikenal."))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Disimpan."))
    return redirect(case)


def _errors(form: object) -> str:
    errors = getattr(form, "errors", {})
    return "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items())


@access.requires(Perm.POVERTY_VIEW)
def quarterly(request: HttpRequest, code: str) -> HttpResponseBase:
    area = _area(request, code, Perm.POVERTY_VIEW, KABUPATEN)
    current = period_of(timezone.localdate(), PeriodType.QUARTER)
    period = current
    raw = request.GET.get("periode", "")
    error = ""
    if raw:
        try:
            period = parse_period(raw)
            if period.type != PeriodType.QUARTER or period.start > current.start:
                raise ValueError
        except (ValueError, PeriodError):
            period, error = (
                current,
                _("Periode harus triwulan, mis. 2026-Q1, dan tidak di masa depan."),
            )
    rows = selectors.quarterly_report(within=area.code, period=period)
    title = _("Laporan triwulan penghapusan kemiskinan ekstrem %(a)s %(p)s (Inpres 4/2022)") % {
        "a": area.name,
        "p": period.label,
    }
    if request.GET.get("format") == "xlsx" and not error:
        return exports.xlsx_download(
            lambda book: poverty_exports.quarterly_xlsx(book, rows, title=title),
            f"laporan-kemiskinan-ekstrem-{area.code}-{period.key}.xlsx",
            personal=False,
        )
    if request.GET.get("format") == "pdf" and not error:
        response = HttpResponse(
            poverty_exports.quarterly_pdf(rows, title=title, area_name=area.name),
            content_type="application/pdf",
        )
        name = f"laporan-kemiskinan-ekstrem-{area.code}-{period.key}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response
    totals = {
        k: sum(r[k] for r in rows)
        for k in ("pool", "open", "opened", "assessed", "helped", "graduated")
    }
    quarters = [current]
    for _i in range(7):
        quarters.append(quarters[-1].previous())
    context = {
        "area": area,
        "rows": rows,
        "period": period,
        "title": title,
        "totals": totals,
        "quarters": quarters,
        "error": error,
    }
    return render(request, "poverty/quarterly.html", context)
