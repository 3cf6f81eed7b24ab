"""Village pages: the RKP Desa with its checks, the RPJM Desa, proposals from meetings."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error
from balai.core.periods import year_param
from balai.planning import exports, forms, policies, selectors, services
from balai.planning.models import ForumLevel, Rpjmdes
from balai.regions.models import Area, Level


def _village(request: HttpRequest, code: str, perm: str) -> Area:
    village = access.get_area_for_user(request.user, code, perm)
    if village.level != Level.DESA_KELURAHAN:
        raise Http404(_("Halaman ini dibuka per desa/kelurahan."))
    return village


def _programmes(village: Area, year: int) -> list[tuple[int, str]]:
    plan = selectors.rpjmdes_for_year(village=village, year=year)
    if plan is None:
        return []
    return [
        (p.pk, f"{p.kegiatan_id} {p.name}")
        for p in plan.programmes.all()
        if p.first_year <= year <= p.last_year
    ]


def default_year() -> int:
    """The plan year villages work on now: next year (the RKP Desa is set a year ahead)."""
    return timezone.localdate().year + 1


@access.requires(Perm.PLANNING_VIEW)
def village_home(request: HttpRequest, code: str) -> HttpResponse:
    village = _village(request, code, Perm.PLANNING_VIEW)
    year = year_param(request, default=default_year())
    can_manage = policies.may_plan(request.user, village.code)
    form = forms.ActivityForm(request.POST or None, programmes=_programmes(village, year))
    if request.method == "POST":
        access.require(request.user, policies.PLAN_PERM, village)
        if form.is_valid():
            data = form.cleaned_data
            plan = selectors.rpjmdes_for_year(village=village, year=year)
            programme = (
                plan.programmes.filter(pk=data["programme"]).first()
                if plan and data["programme"]
                else None
            )
            try:
                services.rkpdes_activity_create(
                    actor=request.user,
                    village=village,
                    year=year,
                    kegiatan=selectors.kegiatan_by_code()[data["kegiatan"]],
                    programme=programme,
                    name=data["name"],
                    location=data["location"],
                    volume=data["volume"],
                    unit=data["unit"],
                    beneficiaries=data["beneficiaries"],
                    indicative_cost=data["indicative_cost"],
                    fund_source=data["fund_source"],
                    implementer=data["implementer"],
                    start_month=data["start_month"],
                    duration_days=data["duration_days"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("Kegiatan ditambahkan ke RKP Desa."))
                return redirect(f"{request.path}?tahun={year}")
    proposals = list(
        selectors.proposals_for_user(user=request.user, perm=Perm.PLANNING_VIEW, year=year).filter(
            village=village
        )
    )
    context = {
        "area": village,
        "year": year,
        "years": list(range(default_year() - 3, default_year() + 2)),
        "activities": selectors.rkpdes_activities(village=village, year=year),
        "check": selectors.rkpdes_consistency(village=village, year=year),
        "proposals": proposals,
        "changeable": {
            p.pk for p in proposals if policies.may_change_proposal(request.user, p, resident=None)
        },
        "forum": selectors.forum_get(level=ForumLevel.DESA, area=village, year=year),
        "can_manage": can_manage,
        "can_open": policies.may_open(request.user, ForumLevel.DESA, village.code),
        "form": form,
        "calendar": selectors.calendar_dates(village.code, year),
    }
    return render(request, "planning/village.html", context)


@access.requires(policies.PLAN_PERM)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get_for_user(user=request.user, pk=pk, perm=policies.PLAN_PERM)
    village = activity.village
    initial = {name: getattr(activity, name) for name in forms.ActivityForm.base_fields}
    initial.update(kegiatan=activity.kegiatan_id, programme=activity.programme_id)
    form = forms.ActivityForm(
        request.POST or None, initial=initial, programmes=_programmes(village, activity.year)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["kegiatan"] = selectors.kegiatan_by_code()[data["kegiatan"]]
        plan = selectors.rpjmdes_for_year(village=village, year=activity.year)
        data["programme"] = (
            plan.programmes.filter(pk=data["programme"]).first()
            if plan and data["programme"]
            else None
        )
        try:
            services.rkpdes_activity_update(actor=request.user, activity=activity, **data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Kegiatan RKP Desa diubah."))
            return redirect(village_url(village.code, activity.year))
    context = {
        "area": village,
        "activity": activity,
        "form": form,
        "proposal": getattr(activity, "proposal", None),
        "lock": selectors.activity_lock(activity),
    }
    return render(request, "planning/activity_edit.html", context)


@require_POST
@access.requires(policies.PLAN_PERM)
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get_for_user(user=request.user, pk=pk, perm=policies.PLAN_PERM)
    village, year = activity.village_id, activity.year
    try:
        services.rkpdes_activity_delete(actor=request.user, activity=activity)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kegiatan dihapus dari RKP Desa."))
    return redirect(village_url(village, year))


def village_url(code: str, year: int) -> str:
    """Return the village planning page of *code* for *year*."""
    return reverse("planning:village", args=[code]) + f"?tahun={year}"


@access.requires(Perm.PLANNING_VIEW)
def rpjmdes_page(request: HttpRequest, code: str) -> HttpResponse:
    village = _village(request, code, Perm.PLANNING_VIEW)
    plans = list(
        Rpjmdes.objects.filter(village=village).prefetch_related("goals", "programmes__kegiatan")
    )
    can_manage = access.has_perm(request.user, Perm.PLANNING_MANAGE, village)
    setup = selectors.setup_for(village.code)
    plan_form = forms.RpjmdesForm(
        request.POST if request.POST.get("form") == "plan" else None,
        initial={"term_years": setup.rpjmdes_term_years},
    )
    goal_form = forms.GoalForm(request.POST if request.POST.get("form") == "goal" else None)
    programme_form = forms.ProgrammeForm(
        request.POST if request.POST.get("form") == "programme" else None
    )
    if request.method == "POST":
        access.require(request.user, Perm.PLANNING_MANAGE, village)
        which = request.POST.get("form", "")
        plan = next((p for p in plans if str(p.pk) == request.POST.get("plan")), None)
        form = {"plan": plan_form, "goal": goal_form, "programme": programme_form}.get(which)
        if form is None or (which != "plan" and plan is None):
            raise Http404(_("Formulir tidak dikenal."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                if which == "plan":
                    services.rpjmdes_create(actor=request.user, village=village, **data)
                elif which == "goal" and plan is not None:
                    services.rpjmdes_goal_add(actor=request.user, rpjmdes=plan, **data)
                elif plan is not None:
                    data["kegiatan"] = selectors.kegiatan_by_code()[data["kegiatan"]]
                    services.rpjmdes_programme_add(actor=request.user, rpjmdes=plan, **data)
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("RPJM Desa disimpan."))
                return redirect(request.path)
    context = {
        "area": village,
        "plans": plans,
        "can_manage": can_manage,
        "plan_form": plan_form,
        "goal_form": goal_form,
        "programme_form": programme_form,
    }
    return render(request, "planning/rpjmdes.html", context)


@access.requires(Perm.PLANNING_MANAGE)
def proposal_add(request: HttpRequest, code: str) -> HttpResponse:
    village = _village(request, code, Perm.PLANNING_MANAGE)
    year = year_param(request, default=default_year())
    form = forms.StaffProposalForm(request.POST or None, request.FILES or None)
    similar = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kegiatan = selectors.kegiatan_by_code()[data["kegiatan"]]
        similar = selectors.proposal_similar(
            village=village, year=year, kegiatan=kegiatan, title=data["title"]
        )
        if similar and not request.POST.get("confirm"):
            form.add_error(
                None, _("Ada usulan serupa; periksa daftar di bawah, lalu centang 'tetap ajukan'.")
            )
        else:
            origin_area = None
            if data["origin_area"]:
                origin_area = Area.objects.filter(code=data["origin_area"].strip()).first()
                if origin_area is None:
                    form.add_error("origin_area", _("Kode wilayah tidak dikenal."))
            if not form.errors:
                try:
                    proposal = services.proposal_submit(
                        actor=request.user,
                        village=village,
                        year=year,
                        origin=data["origin"],
                        origin_area=origin_area,
                        group_name=data["group_name"],
                        title=data["title"],
                        description=data["description"],
                        kegiatan=kegiatan,
                        location=data["location"],
                        latitude=data["latitude"],
                        longitude=data["longitude"],
                        volume=data["volume"],
                        unit=data["unit"],
                        estimated_cost=data["estimated_cost"],
                        beneficiaries=data["beneficiaries"],
                        village_authority=data["village_authority"],
                        photos=data["photos"],
                    )
                except DomainError as exc:
                    apply_domain_error(form, exc)
                else:
                    messages.success(request, _("Usulan %(c)s dicatat.") % {"c": proposal.code})
                    return redirect(village_url(village.code, year))
    context = {"area": village, "year": year, "form": form, "similar": similar, "staff": True}
    context.update(map_context(village))
    return render(request, "planning/proposal_form.html", context)


def map_context(village: Area) -> dict[str, object]:
    """Return what the map picker needs: the village polygon (if loaded) and the tile URL."""
    from django.conf import settings

    from balai.regions.models import AreaBoundary

    boundary = AreaBoundary.objects.filter(area=village).first()
    return {
        "map_data": {
            "geometry": boundary.geometry if boundary else None,
            "center": [boundary.centroid_lat, boundary.centroid_lng] if boundary else [-2.5, 120.3],
            "tile_url": settings.BALAI_MAP_TILE_URL,
        }
    }


@require_POST
@access.requires(Perm.PLANNING_VIEW)
def forum_open(request: HttpRequest, code: str, level: str) -> HttpResponse:
    area = access.get_area_for_user(request.user, code, Perm.PLANNING_VIEW)
    if level not in ForumLevel.values:
        raise Http404(_("Tingkat musrenbang tidak dikenal."))
    access.require(request.user, policies.FORUM_PERM[level], area)
    form = forms.ForumOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tahun rencana belum benar."))
        return redirect("planning:index")
    try:
        forum = services.forum_open(
            actor=request.user, level=level, area=area, year=form.cleaned_data["year"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("planning:index")
    return redirect("planning:forum", pk=forum.pk)


@access.requires(Perm.PLANNING_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    """Send the user to the planning page of their own area's level."""
    role = access.acting_role(request.user)
    area = getattr(role, "area", None)
    if area is None or area.level not in PAGE_OF_LEVEL:
        raise Http404(_("Pilih wilayah dari menu."))
    return redirect(PAGE_OF_LEVEL[area.level], code=area.code)


PAGE_OF_LEVEL = {
    Level.DESA_KELURAHAN: "planning:village",
    Level.KECAMATAN: "planning:kecamatan",
    Level.KABUPATEN_KOTA: "planning:kabupaten",
}


@access.requires(Perm.PLANNING_VIEW)
def rkpdes_xlsx(request: HttpRequest, code: str) -> HttpResponseBase:
    village = _village(request, code, Perm.PLANNING_VIEW)
    year = year_param(request, default=default_year())
    activities = list(
        selectors.rkpdes_activities(village=village, year=year).select_related("proposal")
    )
    return exports.rkpdes_xlsx(village.code, year, activities)
