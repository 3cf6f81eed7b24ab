"""Pages of village finance: the village's APBDes, its workflow, realisation, Siskeudes import,
the kecamatan evaluation queue, BUM Desa, the earmark rules and the public APBDes page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import exports as core_exports
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.core.import_jobs import JobStatus
from balai.core.periods import year_param
from balai.finance import exports, import_jobs, selectors, services
from balai.finance.forms import (
    AgreeForm,
    BumDesaForm,
    BumDesaReportForm,
    EnactForm,
    EvaluateForm,
    LineEditForm,
    LineForm,
    NewApbdesForm,
    RealisationForm,
    ReviseForm,
    SubmitForm,
    TransferForm,
    UploadForm,
)
from balai.finance.kegiatan import rkpdes_candidates
from balai.finance.models import Apbdes, EarmarkRule, Realisation, SiskeudesImport, Status
from balai.regions.models import Area, Level

VILLAGE = (Level.DESA_KELURAHAN,)
SUPERVISION = (Level.KABUPATEN_KOTA, Level.KECAMATAN)


def _village(request: HttpRequest, code: str, perm: str) -> Area:
    area = access.get_area_for_user(request.user, code, perm)
    if area.level != Level.DESA_KELURAHAN:
        raise Http404(_("Halaman ini dibuka per desa."))
    return area


def _supervised(request: HttpRequest, code: str, perm: str) -> Area:
    area = access.get_area_for_user(request.user, code, perm)
    if area.level not in SUPERVISION:
        raise Http404(_("Halaman ini dibuka per kecamatan atau kabupaten."))
    return area


# ---- village -------------------------------------------------------------------------


@access.requires(Perm.FINANCE_VIEW)
def village(request: HttpRequest, code: str) -> HttpResponse:
    area = _village(request, code, Perm.FINANCE_VIEW)
    can_edit = access.has_perm(request.user, Perm.FINANCE_EDIT, area)
    year = year_param(request)
    form = NewApbdesForm(request.POST or None, initial={"year": year})
    transfer_form = TransferForm()
    if request.method == "POST" and can_edit and form.is_valid():
        try:
            apbdes = services.apbdes_create(
                actor=request.user, village=area, year=form.cleaned_data["year"]
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            return redirect(apbdes)
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "area": area,
        "years": selectors.budget_years(area),
        "apbdes_list": Apbdes.objects.filter(village=area).order_by("-year", "version"),
        "form": form,
        "can_edit": can_edit,
        "year": year,
        "transfers": selectors.transfers(area, year),
        "transfer_form": transfer_form,
        "bumdesa": selectors.bumdesa_of(area),
    }
    return render(request, "finance/village.html", context)


@require_POST
@access.requires(Perm.FINANCE_EDIT)
def transfer_add(request: HttpRequest, code: str) -> HttpResponse:
    area = _village(request, code, Perm.FINANCE_EDIT)
    year = year_param(request)
    form = TransferForm(request.POST)
    if form.is_valid():
        try:
            services.transfer_record(
                actor=request.user, village=area, year=year, **form.cleaned_data
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Penyaluran dicatat."))
    else:
        messages.error(request, _("Isian penyaluran belum lengkap."))
    return redirect(f"{request.path.rsplit('penyaluran/', 1)[0]}?tahun={year}")


# ---- one APBDes ----------------------------------------------------------------------

ACTIONS: dict[str, tuple[str, type[Any]]] = {
    "sepakati": (Perm.FINANCE_APPROVE, AgreeForm),
    "sampaikan": (Perm.FINANCE_APPROVE, SubmitForm),
    "evaluasi": (Perm.FINANCE_EVALUATE, EvaluateForm),
    "sempurnakan": (Perm.FINANCE_APPROVE, ReviseForm),
    "tetapkan": (Perm.FINANCE_APPROVE, EnactForm),
}

# The form each status offers (who may use it: ``ACTIONS``).
NEXT_ACTION: dict[str, list[str]] = {
    Status.DRAFT: ["sepakati"],
    Status.AGREED: ["sampaikan"],
    Status.SUBMITTED: ["evaluasi"],
    Status.REVISE: ["sempurnakan"],
    Status.APPROVED: ["tetapkan"],
}


def _forms(apbdes: Apbdes, user: Any, data: Any = None, action: str = "") -> dict[str, Any]:
    """Return the workflow forms *user* may use on *apbdes* now."""
    wanted = NEXT_ACTION.get(apbdes.status, [])
    today = timezone.localdate()
    out = {}
    for name in wanted:
        perm, form_class = ACTIONS[name]
        if not access.has_perm(user, perm, apbdes.village):
            continue
        kwargs: dict[str, Any] = {"prefix": name}
        if form_class is EvaluateForm:
            kwargs["checklist"] = selectors.checklist_items()
        date_field = [f for f in form_class.base_fields if f.endswith("_on")]
        if date_field:
            kwargs["initial"] = {date_field[0]: today}
        out[name] = form_class(data if action == name else None, **kwargs)
    return out


def _apbdes_context(request: HttpRequest, apbdes: Apbdes, **extra: Any) -> dict[str, Any]:
    can_edit = apbdes.is_editable and access.has_perm(
        request.user, Perm.FINANCE_EDIT, apbdes.village
    )
    diff = selectors.diff(apbdes.previous, apbdes) if apbdes.previous else None
    lines = list(apbdes.lines.all())
    return {
        "apbdes": apbdes,
        "area": apbdes.village,
        "summary": selectors.summary(apbdes),
        "lines": lines,
        "checks": selectors.spending_checks(apbdes),
        "diff": diff,
        "can_edit": can_edit,
        "can_amend": apbdes.is_current
        and not apbdes.amendments.exists()
        and access.has_perm(request.user, Perm.FINANCE_EDIT, apbdes.village),
        "can_realise": apbdes.is_current
        and access.has_perm(request.user, Perm.FINANCE_EDIT, apbdes.village),
        "line_form": extra.pop("line_form", None) or LineForm(),
        "forms": extra.pop("forms", None) or _forms(apbdes, request.user),
        "checklist_labels": dict(selectors.checklist_items()),
        **extra,
    }


@access.requires(Perm.FINANCE_VIEW)
def apbdes_detail(request: HttpRequest, pk: int) -> HttpResponse:
    apbdes = selectors.apbdes_get_for_user(user=request.user, pk=pk)
    return render(request, "finance/apbdes.html", _apbdes_context(request, apbdes))


@require_POST
@access.requires(Perm.FINANCE_EDIT)
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    apbdes = selectors.apbdes_get_for_user(user=request.user, pk=pk, perm=Perm.FINANCE_EDIT)
    form = LineForm(request.POST)
    if form.is_valid():
        try:
            services.line_add(actor=request.user, apbdes=apbdes, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Baris ditambahkan."))
            return redirect(apbdes)
    context = _apbdes_context(request, apbdes, line_form=form)
    return render(request, "finance/apbdes.html", context)


@access.requires(Perm.FINANCE_EDIT)
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.line_get_for_user(user=request.user, pk=pk)
    apbdes = line.apbdes
    candidates = rkpdes_candidates(apbdes.village_id, apbdes.year, line.kegiatan_code)
    form = LineEditForm(
        request.POST if request.method == "POST" else None,
        initial=selectors.line_initial(line),
        candidates=candidates,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.line_update(actor=request.user, line=line, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Baris diubah."))
            return redirect(apbdes)
    context = {"line": line, "apbdes": apbdes, "area": apbdes.village, "form": form}
    return render(request, "finance/line_edit.html", context)


@require_POST
@access.requires(Perm.FINANCE_EDIT)
def line_delete(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.line_get_for_user(user=request.user, pk=pk)
    try:
        services.line_delete(actor=request.user, line=line)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(line.apbdes)


@require_POST
@access.requires(Perm.FINANCE_VIEW)
def apbdes_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404(_("Tindakan tidak dikenal."))
    perm, _form_class = ACTIONS[action]
    apbdes = selectors.apbdes_get_for_user(user=request.user, pk=pk, perm=perm)
    forms = _forms(apbdes, request.user, request.POST, action)
    form = forms.get(action)
    if form is None:
        messages.error(request, _("Tindakan ini tidak tersedia untuk status APBDes sekarang."))
        return redirect(apbdes)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if action == "sepakati":
                services.apbdes_agree(actor=request.user, apbdes=apbdes, **data)
            elif action == "sampaikan":
                services.apbdes_submit(actor=request.user, apbdes=apbdes, **data)
            elif action == "evaluasi":
                checklist = form.checklist()
                data = {k: v for k, v in data.items() if not k.startswith("check_")}
                services.apbdes_evaluate(
                    actor=request.user, apbdes=apbdes, checklist=checklist, **data
                )
            elif action == "sempurnakan":
                services.apbdes_revised(actor=request.user, apbdes=apbdes, **data)
            else:
                services.apbdes_enact(actor=request.user, apbdes=apbdes, **data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Tersimpan."))
            return redirect(apbdes)
    apbdes.refresh_from_db()
    context = _apbdes_context(request, apbdes, forms=forms)
    return render(request, "finance/apbdes.html", context)


@require_POST
@access.requires(Perm.FINANCE_EDIT)
def apbdes_amend(request: HttpRequest, pk: int) -> HttpResponse:
    apbdes = selectors.apbdes_get_for_user(user=request.user, pk=pk, perm=Perm.FINANCE_EDIT)
    try:
        amendment = services.apbdes_amend(actor=request.user, apbdes=apbdes)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(apbdes)
    return redirect(amendment)


@access.requires(Perm.FINANCE_EDIT)
def realisation(request: HttpRequest, pk: int) -> HttpResponse:
    apbdes = selectors.apbdes_get_for_user(user=request.user, pk=pk, perm=Perm.FINANCE_EDIT)
    form = RealisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        line = apbdes.lines.filter(pk=form.cleaned_data["line"]).first()
        if line is None:
            raise Http404(_("Baris tidak ditemukan."))
        try:
            services.realisation_record(
                actor=request.user,
                line=line,
                month=form.cleaned_data["month"],
                amount=form.cleaned_data["amount"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Realisasi dicatat."))
            return redirect("finance:realisation", pk=apbdes.pk)
    months = range(1, 13)
    grid: dict[int, dict[int, Any]] = {}
    for real in Realisation.objects.filter(line__apbdes=apbdes):
        grid.setdefault(real.line_id, {})[real.month] = real.amount
    rows = [(line, [grid.get(line.pk, {}).get(m) for m in months]) for line in apbdes.lines.all()]
    context = {
        "apbdes": apbdes,
        "area": apbdes.village,
        "rows": rows,
        "form": form,
        "months": list(months),
    }
    return render(request, "finance/realisation.html", context)


@access.requires(Perm.FINANCE_VIEW)
def semester_report(request: HttpRequest, pk: int, semester: int) -> HttpResponseBase:
    apbdes = selectors.apbdes_get_for_user(user=request.user, pk=pk)
    if semester not in (1, 2):
        raise Http404(_("Semester 1 atau 2."))
    data = selectors.semester_report(apbdes, semester)
    if request.GET.get("format") == "xlsx":

        def build(book: core_exports.XlsxWriter) -> None:
            sheet = book.sheet(_("Laporan semester"))
            sheet.append(
                ["kelompok", "kode", "uraian", "anggaran", "realisasi", "persen"], bold=True
            )
            for kind, rows in (
                ("pendapatan", data.income_by_jenis),
                ("belanja", data.spending_by_bidang),
                ("pembiayaan", data.financing),
            ):
                for row in rows:
                    rate = None if row.rate is None else round(row.rate, 2)
                    sheet.append([kind, row.code, row.name, row.budget, row.realised, rate])

        name = f"laporan-semester-{semester}-{apbdes.village_id}-{apbdes.year}.xlsx"
        return core_exports.xlsx_download(build, name, personal=False)
    context = {"apbdes": apbdes, "area": apbdes.village, "data": data, "semester": semester}
    return render(request, "finance/semester.html", context)


# ---- Siskeudes import ----------------------------------------------------------------


@access.requires(Perm.FINANCE_EDIT)
def siskeudes_import(request: HttpRequest, code: str) -> HttpResponse:
    area = _village(request, code, Perm.FINANCE_EDIT)
    form = UploadForm(
        request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = import_jobs.siskeudes_import_create(
                actor=request.user,
                village=area,
                year=form.cleaned_data["year"],
                upload=form.cleaned_data["file"],
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect(job)
    jobs = SiskeudesImport.objects.filter(village=area).select_related("village")[:20]
    return render(request, "finance/import.html", {"area": area, "form": form, "jobs": jobs})


def _job(request: HttpRequest, pk: int) -> SiskeudesImport:
    job = (
        access.scoped(
            SiskeudesImport.objects.select_related("village"),
            request.user,
            Perm.FINANCE_EDIT,
            field="village",
        )
        .filter(pk=pk)
        .first()
    )
    if job is None:
        raise Http404(_("Impor tidak ditemukan."))
    return import_jobs.siskeudes_import_check_alive(job)


@access.requires(Perm.FINANCE_EDIT)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    fragment = request.htmx and job.is_running  # type: ignore[attr-defined]
    template = "finance/import_detail.html" + ("#progress" if fragment else "")
    return render(request, template, {"job": job, "area": job.village})


@require_POST
@access.requires(Perm.FINANCE_EDIT)
def import_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    job = _job(request, pk)
    service = {
        "simpan": import_jobs.siskeudes_import_commit,
        "ulangi": import_jobs.siskeudes_import_retry,
        "buang": import_jobs.siskeudes_import_discard,
    }.get(action)
    if service is None:
        raise Http404(_("Tindakan tidak dikenal."))
    try:
        job = service(job=job, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if job.status == JobStatus.DONE:
            messages.success(request, _("%(n)d baris disimpan.") % {"n": job.written})
    return redirect(job)


# ---- kecamatan and kabupaten ---------------------------------------------------------


@access.requires(Perm.FINANCE_EVALUATE)
def evaluation_queue(request: HttpRequest, code: str) -> HttpResponse:
    area = _supervised(request, code, Perm.FINANCE_EVALUATE)
    rows = selectors.evaluation_queue(user=request.user, area=area)
    year = year_param(request)
    submissions = selectors.apbdes_submission_by_village(area.code, year)
    context = {"area": area, "rows": rows, "submissions": submissions, "year": year}
    return render(request, "finance/queue.html", context)


@access.requires(Perm.FINANCE_VIEW)
def bumdesa_overview(request: HttpRequest, code: str) -> HttpResponse:
    area = _supervised(request, code, Perm.FINANCE_VIEW)
    year = year_param(request, default=timezone.localdate().year - 1)
    rows = selectors.bumdesa_overview(user=request.user, area=area, year=year)
    return render(
        request, "finance/bumdesa_overview.html", {"area": area, "rows": rows, "year": year}
    )


@access.requires(Perm.FINANCE_VIEW)
def bumdesa(request: HttpRequest, code: str) -> HttpResponse:
    area = _village(request, code, Perm.FINANCE_VIEW)
    can_edit = access.has_perm(request.user, Perm.FINANCE_EDIT, area)
    item = selectors.bumdesa_of(area)
    form = BumDesaForm(instance=item)
    report_form = BumDesaReportForm(initial={"year": timezone.localdate().year - 1})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        which = request.POST.get("form")
        if which == "report" and item is not None:
            report_form = BumDesaReportForm(request.POST)
            if report_form.is_valid():
                try:
                    services.bumdesa_report_save(
                        actor=request.user, bumdesa=item, **report_form.cleaned_data
                    )
                except DomainError as exc:
                    apply_domain_error(report_form, exc)
                else:
                    messages.success(request, _("Laporan disimpan."))
                    return redirect("finance:bumdesa", code=area.code)
        else:
            form = BumDesaForm(request.POST, instance=item)
            if form.is_valid():
                try:
                    services.bumdesa_save(actor=request.user, village=area, **form.cleaned_data)
                except DomainError as exc:
                    apply_domain_error(form, exc)
                else:
                    messages.success(request, _("BUM Desa disimpan."))
                    return redirect("finance:bumdesa", code=area.code)
    context = {
        "area": area,
        "item": item,
        "form": form,
        "report_form": report_form,
        "reports": item.reports.order_by("-year", "period") if item else [],
        "capital": sorted(selectors.capital_participation(area.code).items(), reverse=True),
        "can_edit": can_edit,
    }
    return render(request, "finance/bumdesa.html", context)


@access.public
def rules(request: HttpRequest) -> HttpResponse:
    items = EarmarkRule.objects.order_by("-year", "focus")
    return render(request, "finance/rules.html", {"rules": items})


# ---- public --------------------------------------------------------------------------


def _public_village(code: str) -> Area:
    area = Area.objects.filter(code=code, level=Level.DESA_KELURAHAN, is_active=True).first()
    if area is None:
        raise Http404(_("Desa tidak ditemukan."))
    return area


def _public(code: str, year: int) -> tuple[Area, selectors.Summary | None]:
    area = _public_village(code)
    apbdes = selectors.current(area, year)
    return area, selectors.summary(apbdes) if apbdes else None


@access.public
def public_apbdes(request: HttpRequest, code: str) -> HttpResponse:
    year = year_param(request)
    area = _public_village(code)
    versions = selectors.current_versions(area)
    apbdes = versions.get(year)
    context = {
        "area": area,
        "year": year,
        "data": selectors.summary(apbdes) if apbdes else None,
        "years": sorted(versions, reverse=True),
    }
    return render(request, "finance/public.html", context)


@access.public
def public_poster(request: HttpRequest, code: str, year: int) -> HttpResponse:
    area, data = _public(code, year)
    if data is None:
        raise Http404(_("APBDes tahun ini belum ditetapkan."))
    kecamatan = area.parent.name if area.parent else ""
    pdf = exports.poster_pdf(data, area.name, kecamatan)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="apbdes-{code}-{year}.pdf"'
    return response


@access.public
def public_xlsx(request: HttpRequest, code: str, year: int) -> HttpResponseBase:
    _area, data = _public(code, year)
    if data is None:
        raise Http404(_("APBDes tahun ini belum ditetapkan."))
    lines = selectors.open_data_lines(data.apbdes)
    return core_exports.xlsx_download(
        lambda book: exports.open_data_xlsx(book, data, lines),
        f"apbdes-{code}-{year}.xlsx",
        personal=False,
    )
