"""Posyandu pages: the cadre's posyandu day, visits, child charts, prevalence, follow-up,
scorecard, import and the monthly report."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.models import User
from balai.accounts.roles import Perm
from balai.core import exports, periods
from balai.core.areacodes import village_code
from balai.core.dbrouter import reads_from_replica
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.indicators import registry
from balai.indicators.periods import Period as FactPeriod
from balai.indicators.selectors import value_for
from balai.posyandu import (
    care,
    charts,
    dashboard,
    forms,
    import_jobs,
    imports,
    reports,
    selectors,
    services,
)
from balai.posyandu.assessment import Z_NAMES, completed_months
from balai.posyandu.menu import dashboard_links
from balai.posyandu.models import (
    ChildVisit,
    Measure,
    Posyandu,
    VisitImport,
    VisitImportStatus,
)
from balai.posyandu.periods import parse_period, quarter_of
from balai.posyandu.scorecard import scorecard as compute_scorecard
from balai.regions.models import Level
from balai.registry import codes
from balai.registry.errors import PossibleDuplicateBirthError
from balai.registry.models import Resident


def _area_code(request: HttpRequest) -> str:
    role = access.acting_role(request.user)
    return (role.scope_code if role else None) or ""


@access.requires(Perm.POSYANDU_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    code = _area_code(request)
    query = request.GET.get("q", "").strip()[:100]
    posyandus = list(selectors.posyandu_search(selectors.posyandu_list(user=request.user), query))
    groups = selectors.posyandu_grouped(posyandus)
    context = {
        "posyandus": posyandus,
        "groups": groups,
        "grouped": len(groups) > 1 or sum(len(g.villages) for g in groups) > 1,
        "query": query,
        "area_code": code,
        "can_manage": access.has_perm(request.user, Perm.POSYANDU_MANAGE),
        "dashboard_links": dashboard_links(request.user),
        "create_form": forms.PosyanduCreateForm(initial={"area": code}),
        "is_cadre": selectors.is_cadre(request.user),
    }
    return render(request, "posyandu/index.html", context)


@require_POST
@access.requires(Perm.POSYANDU_MANAGE)
def posyandu_create(request: HttpRequest) -> HttpResponse:
    form = forms.PosyanduCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Data tidak valid: %(e)s") % {"e": form.errors.as_text()})
        return redirect("posyandu:index")
    area = access.get_area_for_user(request.user, form.cleaned_data["area"], Perm.POSYANDU_MANAGE)
    try:
        posyandu = services.posyandu_create(
            actor=request.user,
            area=area,
            name=form.cleaned_data["name"],
            address=form.cleaned_data["address"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("posyandu:index")
    messages.success(request, _("%(p)s ditambahkan.") % {"p": posyandu})
    return redirect("posyandu:day", pk=posyandu.pk)


@require_POST
@access.requires(Perm.POSYANDU_MANAGE)
def cadre_link(request: HttpRequest, pk: int) -> HttpResponse:
    posyandu = selectors.posyandu_get_for_user(user=request.user, pk=pk, perm=Perm.POSYANDU_MANAGE)
    form = forms.CadreLinkForm(request.POST)
    user = User.objects.filter(username=form.data.get("username", "")).first()
    try:
        if user is None:
            raise DomainError(_("Pengguna tidak ditemukan."))
        services.cadre_link(actor=request.user, posyandu=posyandu, user=user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(u)s menjadi kader %(p)s.") % {"u": user, "p": posyandu})
    return redirect("posyandu:day", pk=posyandu.pk)


def _day(request: HttpRequest) -> date:
    return periods.day_param(request, default=services.today())


@access.requires(Perm.POSYANDU_VIEW)
def day(request: HttpRequest, pk: int) -> HttpResponse:
    posyandu = selectors.posyandu_get_for_user(user=request.user, pk=pk)
    on = min(_day(request), services.today())
    rows = selectors.expected_children(user=request.user, posyandu=posyandu, on=on)
    context = {
        "posyandu": posyandu,
        "on": on,
        "rows": rows,
        "done": sum(1 for r in rows if r["done"]),
        "can_record": access.has_perm(request.user, Perm.POSYANDU_RECORD, posyandu.area),
        "can_manage": access.has_perm(request.user, Perm.POSYANDU_MANAGE, posyandu.area),
        "cadres": posyandu.cadres.select_related("user"),
        "pregnancies": selectors.pregnancy_list(user=request.user, posyandu=posyandu).filter(
            delivered_on__isnull=True
        ),
    }
    return render(request, "posyandu/day.html", context)


def _visit_context(
    posyandu: Posyandu, child: Resident, form: forms.ChildVisitForm
) -> dict[str, Any]:
    return {"posyandu": posyandu, "child": child, "form": form, "z_names": Z_NAMES}


def _child_for_visit(request: HttpRequest, pk: int, child_pk: int) -> tuple[Posyandu, Resident]:
    posyandu = selectors.posyandu_get_for_user(user=request.user, pk=pk, perm=Perm.POSYANDU_RECORD)
    child = selectors.child_get_for_user(user=request.user, pk=child_pk, log_view=False)
    return posyandu, child


@access.requires(Perm.POSYANDU_RECORD)
def visit_new(request: HttpRequest, pk: int, child_pk: int) -> HttpResponse:
    posyandu, child = _child_for_visit(request, pk, child_pk)
    on = min(_day(request), services.today())
    if request.method != "POST":
        age = (on - child.birth_date).days if child.birth_date else 0
        initial = {"visit_date": on, "measure": Measure.LYING if age < 731 else Measure.STANDING}
        form = forms.ChildVisitForm(initial=initial)
        return render(request, "posyandu/visit_form.html", _visit_context(posyandu, child, form))
    form = forms.ChildVisitForm(request.POST)
    context = _visit_context(posyandu, child, form)
    if form.is_valid():
        try:
            visit, _result = services.child_visit_record(
                actor=request.user,
                posyandu=posyandu,
                resident=child,
                data=form.data_object(),
                confirm_implausible=form.cleaned_data["confirm"],
            )
        except services.ImplausibleMeasurementError as exc:
            context["needs_confirm"] = True
            apply_domain_error(form, exc)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Kunjungan %(n)s tersimpan.") % {"n": child.name})
            url = reverse("posyandu:day", args=[posyandu.pk])
            return redirect(f"{url}?tanggal={visit.visit_date.isoformat()}")
    context["result"] = preview_result(child, form)
    return render(request, "posyandu/visit_form.html", context, status=200)


def _tristate_value(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


def _visit_initial(visit: ChildVisit) -> dict[str, Any]:
    names = services.ChildVisitData.__dataclass_fields__
    initial = {name: getattr(visit, name) for name in names}
    for name in ("exclusive_breastfeeding", "clean_water", "latrine"):
        initial[name] = _tristate_value(initial[name])
    return initial


@access.requires(Perm.POSYANDU_RECORD)
def visit_edit(request: HttpRequest, visit_pk: int) -> HttpResponse:
    """Correct a saved visit (the cadre of its posyandu or the village office)."""
    visit = selectors.child_visit_get_for_user(user=request.user, pk=visit_pk)
    posyandu, child = visit.posyandu, visit.resident
    if request.method != "POST":
        form = forms.ChildVisitForm(initial=_visit_initial(visit))
        context = {**_visit_context(posyandu, child, form), "visit": visit}
        return render(request, "posyandu/visit_form.html", context)
    form = forms.ChildVisitForm(request.POST)
    context = {**_visit_context(posyandu, child, form), "visit": visit}
    if form.is_valid():
        try:
            services.child_visit_update(
                actor=request.user,
                visit=visit,
                data=form.data_object(),
                confirm_implausible=form.cleaned_data["confirm"],
            )
        except services.ImplausibleMeasurementError as exc:
            context["needs_confirm"] = True
            apply_domain_error(form, exc)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Kunjungan %(n)s diperbaiki.") % {"n": child.name})
            return redirect("posyandu:child", pk=child.pk)
    context["result"] = preview_result(child, form)
    return render(request, "posyandu/visit_form.html", context)


@require_POST
@access.requires(Perm.POSYANDU_RECORD)
def visit_delete(request: HttpRequest, visit_pk: int) -> HttpResponse:
    """Delete a visit entered by mistake (the cadre of its posyandu or the village office)."""
    visit = selectors.child_visit_get_for_user(user=request.user, pk=visit_pk)
    child = visit.resident
    services.child_visit_delete(actor=request.user, visit=visit)
    messages.success(request, _("Kunjungan %(n)s dihapus.") % {"n": child.name})
    return redirect("posyandu:child", pk=child.pk)


def preview_result(child: Resident, form: forms.ChildVisitForm) -> Any:
    """Assess the form's measurement for the feedback box (None if it cannot be read)."""
    if not form.is_bound:
        return None
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    if "visit_date" not in data:
        return None
    return services.child_assess(
        child,
        services.ChildVisitData(
            visit_date=data["visit_date"],
            weight_kg=data.get("weight_kg"),
            lenhei_cm=data.get("lenhei_cm"),
            measure=data.get("measure") or "",
            oedema=bool(data.get("oedema")),
            muac_cm=data.get("muac_cm"),
            head_cm=data.get("head_cm"),
        ),
    )


@require_POST
@access.requires(Perm.POSYANDU_RECORD)
def visit_preview(request: HttpRequest, pk: int, child_pk: int) -> HttpResponse:
    """htmx: the z-scores and status of what has been typed so far (nothing saved)."""
    posyandu, child = _child_for_visit(request, pk, child_pk)
    form = forms.ChildVisitForm(request.POST)
    form.is_valid()  # partial input is fine: assess what can be read
    context = {**_visit_context(posyandu, child, form), "result": preview_result(child, form)}
    return render(request, "posyandu/visit_form.html#feedback", context)


@access.requires(Perm.POSYANDU_RECORD)
def newborn(request: HttpRequest, pk: int) -> HttpResponse:
    posyandu = selectors.posyandu_get_for_user(user=request.user, pk=pk, perm=Perm.POSYANDU_RECORD)
    mothers = selectors.mother_candidates(
        user=request.user, posyandu=posyandu, q=request.GET.get("ibu", "")
    )
    form = forms.NewbornForm(request.POST or None)
    form.fields["mother"].widget.choices = [("", "—")] + [
        (m.pk, f"{m.name} ({m.area_id})") for m in mothers
    ]
    if request.method == "POST" and form.is_valid():
        mother = None
        if form.cleaned_data["mother"]:
            mother = selectors.mother_get_for_user(
                user=request.user, posyandu=posyandu, pk=form.cleaned_data["mother"]
            )
        try:
            child = services.newborn_register(
                actor=request.user, posyandu=posyandu, data=form.data_object(mother)
            )
        except PossibleDuplicateBirthError as exc:
            apply_domain_error(form, exc)
            form.ask_to_confirm()
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(
                request, _("%(n)s terdaftar sebagai kelahiran baru.") % {"n": child.name}
            )
            return redirect("posyandu:visit_new", pk=posyandu.pk, child_pk=child.pk)
    return render(request, "posyandu/newborn.html", {"posyandu": posyandu, "form": form})


@access.requires(Perm.POSYANDU_VIEW)
def child(request: HttpRequest, pk: int) -> HttpResponse:
    kid = selectors.child_get_for_user(user=request.user, pk=pk)
    visits = selectors.child_visits(kid)
    enrolment = getattr(kid, "posyandu_enrolment", None)
    context = {
        "child": kid,
        "visits": visits[::-1],
        "charts": charts.charts_for(kid.sex, visits),
        "enrolment": enrolment,
        "age_months": completed_months((services.today() - kid.birth_date).days)
        if kid.birth_date
        else None,
        "doses": care.immunisation_schedule(
            kid.birth_date, {v for visit in visits for v in visit.immunisations}
        )
        if kid.birth_date
        else [],
        "today": services.today(),
        "editable": selectors.editable_posyandu_ids(request.user)
        if access.has_perm(request.user, Perm.POSYANDU_RECORD, kid.area_id)
        else set(),
    }
    return render(request, "posyandu/child.html", context)


@access.requires(Perm.POSYANDU_VIEW)
def child_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    kid = selectors.child_get_for_user(user=request.user, pk=pk)
    enrolment = getattr(kid, "posyandu_enrolment", None)
    pdf = charts.kms_pdf(
        name=kid.name,
        sex_label=str(codes.Sex(kid.sex).label),
        birth_date=kid.birth_date,
        mother=kid.mother_name,
        posyandu=str(enrolment.posyandu) if enrolment else "",
        visits=selectors.child_visits(kid),
        sex=kid.sex,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kms-{kid.pk}.pdf"'
    return response


def _posyandu_param(request: HttpRequest) -> Posyandu | None:
    value = request.GET.get("posyandu", "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404(_("Posyandu tidak ditemukan."))
    return selectors.posyandu_get_for_user(user=request.user, pk=int(value))


@access.requires(Perm.POSYANDU_DASHBOARD)
@reads_from_replica
def prevalence(request: HttpRequest, code: str) -> HttpResponse:
    area = access.get_area_for_user(request.user, code, Perm.POSYANDU_DASHBOARD)
    if area.is_subvillage:  # figures are kept per village
        return redirect("posyandu:prevalence", code=village_code(code))
    try:
        period = parse_period(
            request.GET.get("periode", ""), dashboard.default_period(services.today())
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        period = dashboard.default_period(services.today())
    page = dashboard.prevalence_page(area, period)
    defaulted = period == dashboard.default_period(services.today()) and not request.GET.get(
        "periode"
    )
    context = {"area": area, "page": page, "period": period, "defaulted": defaulted}
    return render(request, "posyandu/prevalence.html", context)


@access.requires(Perm.POSYANDU_VIEW)
def followup(request: HttpRequest, code: str) -> HttpResponse:
    area = access.get_area_for_user(request.user, code, Perm.POSYANDU_VIEW)
    posyandu = _posyandu_param(request)
    if area.level in (Level.PROVINSI, Level.KABUPATEN_KOTA) and posyandu is None:
        messages.info(request, _("Daftar tindak lanjut dibuka per kecamatan, desa atau posyandu."))
        return redirect("posyandu:prevalence", code=code)
    result = selectors.followup(
        user=request.user, on=services.today(), within=code, posyandu=posyandu
    )
    return render(
        request, "posyandu/followup.html", {"area": area, "posyandu": posyandu, "f": result}
    )


@access.requires(Perm.POSYANDU_DASHBOARD)
@reads_from_replica
def scorecard(request: HttpRequest, code: str) -> HttpResponse:
    area = access.get_area_for_user(request.user, code, Perm.POSYANDU_DASHBOARD)
    default = quarter_of(services.today())
    try:
        quarter = parse_period(request.GET.get("triwulan", ""), default)
        if quarter.kind != "Q":
            raise DomainError(_("Pilih triwulan, misalnya 2025-Q1."))
    except DomainError as exc:
        messages.error(request, exc.message)
        quarter = default
    if area.level in (Level.PROVINSI, Level.KABUPATEN_KOTA):
        messages.info(request, _("Kartu skor konvergensi dihitung per desa atau kecamatan."))
        return redirect("posyandu:prevalence", code=code)
    posyandu = _posyandu_param(request)
    card = compute_scorecard(user=request.user, within=code, quarter=quarter, posyandu=posyandu)
    convergence = None
    if posyandu is None and not area.is_subvillage:
        # The area's figure is the indicator's fact (the targets below stay a list).
        convergence = value_for(
            registry.get("posyandu.konvergensi"), area, FactPeriod("Q", quarter.start)
        )
    context = {
        "area": area,
        "card": card,
        "convergence": convergence,
        "posyandu": posyandu,
        "posyandus": selectors.posyandu_list(user=request.user).filter(area__within=code),
        "previous": quarter.previous().key,
    }
    return render(request, "posyandu/scorecard.html", context)


@access.requires(Perm.POSYANDU_RECORD)
def import_visits(request: HttpRequest, pk: int) -> HttpResponse:
    posyandu = selectors.posyandu_get_for_user(user=request.user, pk=pk, perm=Perm.POSYANDU_RECORD)
    if request.GET.get("templat"):
        response = HttpResponse(imports.template_csv(), content_type=exports.CSV_TYPE)
        response["Content-Disposition"] = 'attachment; filename="templat-posyandu.csv"'
        return response
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_jobs.visit_import_create(
                actor=request.user, posyandu=posyandu, upload=form.cleaned_data["file"]
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect(job)
    jobs = posyandu.imports.all()[:10]
    return render(
        request, "posyandu/import.html", {"posyandu": posyandu, "form": form, "jobs": jobs}
    )


def _import_job(request: HttpRequest, pk: int, job_pk: int) -> VisitImport:
    posyandu = selectors.posyandu_get_for_user(user=request.user, pk=pk, perm=Perm.POSYANDU_RECORD)
    job = selectors.visit_import_get_for_user(user=request.user, posyandu=posyandu, pk=job_pk)
    return import_jobs.visit_import_check_alive(job)


@access.requires(Perm.POSYANDU_RECORD)
def import_detail(request: HttpRequest, pk: int, job_pk: int) -> HttpResponse:
    job = _import_job(request, pk, job_pk)
    fragment = request.htmx and job.is_running  # type: ignore[attr-defined]
    template = "posyandu/import_detail.html" + ("#progress" if fragment else "")
    return render(request, template, {"job": job, "posyandu": job.posyandu})


@require_POST
@access.requires(Perm.POSYANDU_RECORD)
def import_action(request: HttpRequest, pk: int, job_pk: int, action: str) -> HttpResponse:
    job = _import_job(request, pk, job_pk)
    service = {
        "simpan": import_jobs.visit_import_commit,
        "ulangi": import_jobs.visit_import_retry,
        "buang": import_jobs.visit_import_discard,
    }.get(action)
    if service is None:
        raise Http404(_("Tindakan tidak dikenal."))
    try:
        job = service(job=job, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if job.status == VisitImportStatus.DONE:
            messages.success(request, _("%(n)d kunjungan diimpor.") % {"n": job.created_visits})
            return redirect("posyandu:day", pk=pk)
    return redirect(job)


@access.requires(Perm.POSYANDU_VIEW)
def report(request: HttpRequest, code: str) -> HttpResponseBase:
    area = access.get_area_for_user(request.user, code, Perm.POSYANDU_VIEW)
    try:
        period = parse_period(
            request.GET.get("periode", ""), dashboard.default_period(services.today())
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("posyandu:index")
    return exports.xlsx_download(
        lambda book: reports.monthly_xlsx(book, user=request.user, within=area.code, period=period),
        f"laporan-gizi-{area.code}-{period.key}.xlsx",
    )


@access.requires(Perm.POSYANDU_RECORD)
def pregnancy_new(request: HttpRequest, pk: int) -> HttpResponse:
    posyandu = selectors.posyandu_get_for_user(user=request.user, pk=pk, perm=Perm.POSYANDU_RECORD)
    mothers = selectors.mother_candidates(
        user=request.user, posyandu=posyandu, q=request.GET.get("ibu", "")
    )
    form = forms.PregnancyOpenForm(request.POST or None)
    form.fields["mother"].widget.choices = [(m.pk, f"{m.name} ({m.area_id})") for m in mothers]
    if request.method == "POST" and form.is_valid():
        woman = selectors.mother_get_for_user(
            user=request.user, posyandu=posyandu, pk=form.cleaned_data["mother"]
        )
        try:
            pregnancy = services.pregnancy_open(
                actor=request.user,
                posyandu=posyandu,
                mother=woman,
                first_day=form.cleaned_data["first_day"],
                risk=form.cleaned_data["risk"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            return redirect("posyandu:pregnancy_visit", pk=pregnancy.pk)
    return render(request, "posyandu/pregnancy_new.html", {"posyandu": posyandu, "form": form})


@access.requires(Perm.POSYANDU_RECORD)
def pregnancy_visit(request: HttpRequest, pk: int) -> HttpResponse:
    pregnancy = selectors.pregnancy_get_for_user(user=request.user, pk=pk)
    access.require(request.user, Perm.POSYANDU_RECORD, pregnancy.posyandu.area)
    form = forms.PregnancyVisitForm(
        request.POST or None, initial={"visit_date": services.today(), "risk": pregnancy.risk}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.pregnancy_visit_record(
                actor=request.user, pregnancy=pregnancy, data=form.data_object()
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Kunjungan ibu hamil tersimpan."))
            return redirect("posyandu:day", pk=pregnancy.posyandu_id)
    visits = list(pregnancy.visits.order_by("visit_date"))
    review = care.pregnancy_care(
        first_day=pregnancy.first_day,
        delivered_on=pregnancy.delivered_on,
        visits=visits,
        today=services.today(),
    )
    return render(
        request,
        "posyandu/pregnancy_visit.html",
        {"pregnancy": pregnancy, "form": form, "visits": visits, "care": review},
    )
