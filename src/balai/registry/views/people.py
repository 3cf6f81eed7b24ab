"""Registry pages: people (routes listed in ``urlpatterns``, gathered by registry/urls.py).

Lists and details go through the scoped selectors (404 outside the user's
area); writes also need REGISTRY_CHANGE on the resident's area (403 for
supervisors who may only look). Every form calls one service.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core.errors import DomainError
from balai.regions.models import Area
from balai.registry import codes, duplicates, selectors, services, services_people
from balai.registry.duplicates_models import ResidentMerge
from balai.registry.errors import PossibleDuplicateBirthError
from balai.registry.forms import (
    EVENT_FORMS,
    GROUPS,
    BirthForm,
    DuplicateActionForm,
    EntryKind,
    FamilyFilterForm,
    FamilySplitForm,
    NewbornForm,
    ResidentEntryForm,
    ResidentFilterForm,
    ResidentForm,
    apply_domain_error,
)
from balai.registry.models import EventKind, Family, Resident
from balai.registry.selectors import ResidentFilters
from balai.registry.validation import village_code

VIEW = Perm.REGISTRY_VIEW
CHANGE = Perm.REGISTRY_CHANGE
EVENT_LABELS = {
    "kematian": EventKind.DEATH,
    "pindah-keluar": EventKind.MOVE_OUT,
    "hilang": EventKind.MISSING,
    "kembali": EventKind.RETURN,
    "pindah-alamat": EventKind.ADDRESS,
    "gabung-kk": EventKind.FAMILY_JOIN,
}


def _today() -> date:
    return timezone.localdate()


def _present(user: Any, residents: list[Resident]) -> None:
    """Attach what the templates show: the NIK/No. KK (masked if needed) and the age."""
    today = _today()
    for r in residents:
        shows = selectors.may_see_identity(user, r.area_id)
        r.nik_shown = r.nik if shows else selectors.mask_number(r.nik)  # type: ignore[attr-defined]
        kk = r.family.no_kk if r.family_id and r.family else ""
        r.kk_shown = kk if shows else selectors.mask_number(kk)  # type: ignore[attr-defined]
        r.age = r.age_on(today)  # type: ignore[attr-defined]


def _for_change(request: HttpRequest, pk: int) -> Resident:
    resident = selectors.resident_get_for_user(user=request.user, pk=pk, log_view=False)
    access.require(request.user, CHANGE, resident.area)
    return resident


def _family_for_change(request: HttpRequest, pk: int) -> Family:
    family = selectors.family_get_for_user(user=request.user, pk=pk)
    access.require(request.user, CHANGE, family.area)
    return family


def _export_query(query: dict[str, Any]) -> str:
    """The list's filters as a query prefix for its export links (``a=1&``)."""
    return f"{urlencode(query)}&" if query else ""


def _partial(request: HttpRequest, template: str, part: str) -> str:
    return f"{template}#{part}" if getattr(request, "htmx", False) else template


# ---- residents ---------------------------------------------------------------


@access.requires(VIEW)
def resident_list(request: HttpRequest) -> HttpResponse:
    areas = selectors.areas_for_filter(request.user)
    form = ResidentFilterForm(request.GET, areas=areas)
    filters, after = ResidentFilters(), None
    if form.is_valid():
        d = form.cleaned_data
        after = d["after"]
        filters = ResidentFilters(
            q=d["q"],
            area=d["area"],
            sex=d["sex"],
            status=d["status"],
            age_band=d["age_band"],
            pregnant=True if d["pregnant"] else None,
        )
    matches = None
    if selectors.is_name_query(filters.q):
        rows, next_after, matches = selectors.resident_name_search(
            user=request.user, filters=filters, after=after
        )
    else:
        rows, next_after = selectors.resident_page(user=request.user, filters=filters, after=after)
    _present(request.user, rows)
    query = {k: v for k, v in request.GET.items() if k != "after" and v}
    context = {
        "form": form,
        "rows": rows,
        "next_url": f"?{urlencode({**query, 'after': next_after})}" if next_after else "",
        "first_url": f"?{urlencode(query)}" if after else "",
        "export_query": _export_query(query),
        "can_change": access.has_perm(request.user, CHANGE),
        "matches": matches,
        "match_cap": number_format(selectors.NAME_MATCH_CAP, force_grouping=True),
        "name_page_size": selectors.NAME_PAGE_SIZE,
    }
    return render(request, _partial(request, "registry/resident_list.html", "rows"), context)


def _field_groups(resident: Resident) -> list[tuple[str, list[tuple[str, Any]]]]:
    groups = []
    for title, names in GROUPS:
        items = []
        for name in names:
            if name == "nik":
                continue
            field = Resident._meta.get_field(name)
            value = getattr(resident, name)
            if name == "marital_status":
                value = codes.marital_label(resident)
            elif getattr(field, "choices", None):
                value = getattr(resident, f"get_{name}_display")()
            elif isinstance(value, bool):
                value = _("Ya") if value else _("Tidak")
            items.append((str(getattr(field, "verbose_name", name)), value))
        groups.append((str(title), items))
    return groups


@access.requires(VIEW)
def resident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resident = selectors.resident_get_for_user(user=request.user, pk=pk)
    members = list(selectors.family_members(resident.family)) if resident.family else []
    _present(request.user, [resident, *members])
    merge = ResidentMerge.objects.filter(removed=resident).select_related("kept").first()
    context = {
        "resident": resident,
        "groups": _field_groups(resident),
        "events": list(selectors.resident_events(resident)),
        "members": members,
        "merged_into": merge.kept if merge else None,
        "can_change": access.has_perm(request.user, CHANGE, resident.area),
        "event_forms": [(slug, title) for slug, (_f, title) in EVENT_FORMS.items()],
    }
    return render(request, "registry/resident_detail.html", context)


@access.requires(CHANGE)
def resident_create(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("jenis") or EntryKind.REGISTERED
    if kind == EntryKind.BIRTH:
        return _birth_create(request)
    if kind not in (EntryKind.REGISTERED, EntryKind.MOVE_IN):
        raise Http404
    areas = selectors.villages_for_change(request.user)
    data = request.POST if request.method == "POST" else None
    form = ResidentForm(data)
    entry = ResidentEntryForm(data, areas=areas, kind=kind)
    if data is not None and form.is_valid() and entry.is_valid():
        resident = _enter(request, form, entry)
        if resident is not None:
            return redirect(resident)
    context = {"form": form, "entry": entry, "kind": kind, "kinds": EntryKind.CHOICES}
    return render(request, "registry/resident_form.html", context)


def _enter(request: HttpRequest, form: ResidentForm, entry: ResidentEntryForm) -> Resident | None:
    e = entry.cleaned_data
    family = None
    if e["no_kk"]:
        family = selectors.family_get_by_kk_for_user(
            user=request.user, no_kk=e["no_kk"], perm=CHANGE
        )
        if family is None and Family.objects.filter(no_kk=e["no_kk"]).exists():
            entry.add_error("no_kk", _("No. KK ini terdaftar di wilayah lain."))
            return None
    kind = EventKind.MOVE_IN if entry.kind == EntryKind.MOVE_IN else EventKind.REGISTERED
    try:
        resident, warnings = services_people.resident_enter(
            actor=request.user,
            area=e["area"],
            data=form.resident_data(),
            kind=kind,
            family=family,
            no_kk=e["no_kk"],
            family_address=e["family_address"],
            event_date=e["event_date"],
            report_date=e["report_date"],
            move_scope=e.get("move_scope") or "",
            place=e.get("place") or "",
        )
    except DomainError as exc:
        apply_domain_error(form, exc, user=request.user)
        return None
    for warning in warnings:
        messages.warning(request, warning)
    messages.success(request, _("%(name)s ditambahkan.") % {"name": resident.name})
    return resident


def _birth_create(request: HttpRequest) -> HttpResponse:
    family_pk = request.GET.get("keluarga", "")
    if not family_pk.isdigit():
        kk = request.GET.get("no_kk", "")
        family = (
            selectors.family_get_by_kk_for_user(user=request.user, no_kk=kk, perm=CHANGE)
            if kk
            else None
        )
        if family is not None:
            return redirect(f"{request.path}?jenis={EntryKind.BIRTH}&keluarga={family.pk}")
        context = {"kk": kk, "not_found": bool(kk)}
        return render(request, "registry/birth_pick_family.html", context)
    family = _family_for_change(request, int(family_pk))
    members = selectors.family_members(family)
    data = request.POST if request.method == "POST" else None
    form = NewbornForm(data)
    birth = BirthForm(data, members=members)
    duplicates: list[Any] = []
    if data is not None and form.is_valid() and birth.is_valid():
        b = birth.cleaned_data
        child = form.resident_data()
        mother, father = b["mother"], b["father"]
        child.update(
            mother_nik=mother.nik,
            mother_name=mother.name,
            family_relation=codes.FamilyRelation.CHILD,
        )
        if father is not None:
            child.update(father_nik=father.nik, father_name=father.name)
        try:
            resident, _w = services.resident_register(
                actor=request.user,
                area=mother.area,
                data=child,
                family=family,
                kind=EventKind.BIRTH,
                event_date=b["event_date"] or child["birth_date"],
                report_date=b["report_date"],
                place=b["place"],
                confirm_new_birth=b["confirm_new_birth"],
            )
        except PossibleDuplicateBirthError as exc:
            duplicates = exc.candidates
            apply_domain_error(birth, exc)
            birth.ask_to_confirm()
        except DomainError as exc:
            apply_domain_error(form, exc, user=request.user)
        else:
            messages.success(request, _("Kelahiran %(name)s dicatat.") % {"name": resident.name})
            return redirect(resident)
    context = {
        "form": form,
        "birth": birth,
        "family": family,
        "kind": EntryKind.BIRTH,
        "duplicates": duplicates,
    }
    return render(request, "registry/birth_form.html", context)


@access.requires(CHANGE)
def resident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resident = _for_change(request, pk)
    data = request.POST if request.method == "POST" else None
    form = ResidentForm(data, instance=resident)
    if data is not None and form.is_valid():
        try:
            resident = services.resident_update(
                actor=request.user,
                resident=resident,
                data=form.resident_data(keep_nik_if_blank=True),
            )
        except DomainError as exc:
            apply_domain_error(form, exc, user=request.user)
        else:
            messages.success(request, _("Data %(name)s disimpan.") % {"name": resident.name})
            return redirect(resident)
    resident.refresh_from_db()
    return render(request, "registry/resident_edit.html", {"form": form, "resident": resident})


def _event_form_kwargs(request: HttpRequest, slug: str, resident: Resident) -> dict[str, Any]:
    if slug not in ("kembali", "pindah-alamat"):
        return {}
    areas = selectors.areas_for_residents(request.user, village_code(resident.area_id))
    if slug == "pindah-alamat":
        areas = [a for a in areas if a.code != resident.area_id]
    return {"areas": areas}


def _record_event(request: HttpRequest, slug: str, resident: Resident, d: dict[str, Any]) -> None:
    actor, dates = request.user, {"event_date": d["event_date"], "report_date": d["report_date"]}
    if slug == "kematian":
        services.resident_record_death(
            actor=actor, resident=resident, place=d["place"], note=d["note"], **dates
        )
    elif slug == "pindah-keluar":
        services.resident_record_move_out(
            actor=actor,
            resident=resident,
            scope=d["scope"],
            destination=d["destination"],
            note=d["note"],
            **dates,
        )
    elif slug == "hilang":
        services.resident_record_missing(actor=actor, resident=resident, note=d["note"], **dates)
    elif slug == "kembali":
        services.resident_record_return(
            actor=actor, resident=resident, area=d["area"], note=d["note"], **dates
        )
    elif slug == "pindah-alamat":
        services.resident_move_within_village(
            actor=actor, resident=resident, area=d["area"], **dates
        )
    elif slug == "gabung-kk":
        family = selectors.family_get_by_kk_for_user(user=actor, no_kk=d["no_kk"], perm=CHANGE)
        if family is None:
            raise DomainError(
                _("No. KK tidak ditemukan di wilayah Anda."),
                field_errors={"no_kk": [_("No. KK tidak ditemukan di wilayah Anda.")]},
            )
        services_people.family_join(
            actor=actor, resident=resident, family=family, relation=d["relation"], **dates
        )


@access.requires(CHANGE)
def resident_event(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in EVENT_FORMS:
        raise Http404
    resident = _for_change(request, pk)
    form_class, title = EVENT_FORMS[kind]
    data = request.POST if request.method == "POST" else None
    form = form_class(data, **_event_form_kwargs(request, kind, resident))
    if data is not None and form.is_valid():
        try:
            _record_event(request, kind, resident, form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            label = EVENT_LABELS[kind].label
            messages.success(request, _("Peristiwa %(event)s dicatat.") % {"event": label})
            return redirect(resident)
    context = {"form": form, "resident": resident, "title": title, "kind": kind}
    return render(request, "registry/event_form.html", context)


# ---- families ----------------------------------------------------------------


@access.requires(VIEW)
def family_list(request: HttpRequest) -> HttpResponse:
    areas = selectors.areas_for_filter(request.user)
    form = FamilyFilterForm(request.GET, areas=areas)
    q = area = after = ""
    if form.is_valid():
        q, area, after = (
            form.cleaned_data["q"],
            form.cleaned_data["area"],
            form.cleaned_data["after"],
        )
    rows, next_after = selectors.family_page(user=request.user, q=q, area=area, after=after)
    for f in rows:
        shows = selectors.may_see_identity(request.user, f.area_id)
        f.kk_shown = f.no_kk if shows else selectors.mask_number(f.no_kk)  # type: ignore[attr-defined]
    query = {k: v for k, v in request.GET.items() if k != "after" and v}
    context = {
        "form": form,
        "rows": rows,
        "next_url": f"?{urlencode({**query, 'after': next_after})}" if next_after else "",
        "first_url": f"?{urlencode(query)}" if after else "",
        "export_query": _export_query(query),
    }
    return render(request, _partial(request, "registry/family_list.html", "rows"), context)


@access.requires(VIEW)
def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    family = selectors.family_get_for_user(user=request.user, pk=pk)
    members = list(selectors.family_members(family))
    _present(request.user, members)
    shows = selectors.may_see_identity(request.user, family.area_id)
    context = {
        "family": family,
        "kk_shown": family.no_kk if shows else selectors.mask_number(family.no_kk),
        "members": members,
        "can_change": access.has_perm(request.user, CHANGE, family.area),
    }
    return render(request, "registry/family_detail.html", context)


@access.requires(CHANGE)
def family_split(request: HttpRequest, pk: int) -> HttpResponse:
    family = _family_for_change(request, pk)
    data = request.POST if request.method == "POST" else None
    form = FamilySplitForm(data, members=selectors.family_members(family))
    if data is not None and form.is_valid():
        d = form.cleaned_data
        try:
            new = services_people.family_split(
                actor=request.user,
                family=family,
                members=list(d["members"]),
                head=d["head"],
                no_kk=d["no_kk"],
                address=d["address"],
                event_date=d["event_date"],
                report_date=d["report_date"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("KK baru %(kk)s dibuat.") % {"kk": new.no_kk})
            return redirect(new)
    return render(request, "registry/family_split.html", {"form": form, "family": family})


# ---- duplicates --------------------------------------------------------------


def _duplicate_area(request: HttpRequest) -> Area | None:
    code = request.GET.get("wilayah") or request.POST.get("wilayah") or ""
    scope = access.scope_code(request.user, CHANGE)
    if not code and scope is not None and len(scope) >= len("73.22.03"):
        code = scope
    if not code:
        return None
    return access.get_area_for_user(request.user, code, CHANGE)


@access.requires(CHANGE)
def duplicate_list(request: HttpRequest) -> HttpResponse:
    area = _duplicate_area(request)
    pairs = duplicates.find_pairs(area.code) if area is not None else []
    for pair in pairs:
        _present(request.user, [pair.a, pair.b])
    context = {"area": area, "pairs": pairs, "areas": selectors.villages_for_change(request.user)}
    return render(request, "registry/duplicates.html", context)


def _duplicate_pair(request: HttpRequest, form: DuplicateActionForm) -> tuple[Resident, Resident]:
    kept = _for_change(request, form.cleaned_data["kept"])
    removed = _for_change(request, form.cleaned_data["removed"])
    return kept, removed


def _back_to_duplicates(resident: Resident) -> HttpResponse:
    query = urlencode({"wilayah": village_code(resident.area_id)})
    return redirect(f"{reverse('registry:duplicate_list')}?{query}")


@require_POST
@access.requires(CHANGE)
def duplicate_merge(request: HttpRequest) -> HttpResponse:
    form = DuplicateActionForm(request.POST)
    if not form.is_valid():
        raise Http404
    kept, removed = _duplicate_pair(request, form)
    try:
        duplicates.resident_merge(actor=request.user, kept=kept, removed=removed)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(removed)s digabung ke %(kept)s.") % {"removed": removed.nik, "kept": kept.nik},
        )
    return _back_to_duplicates(kept)


@require_POST
@access.requires(CHANGE)
def duplicate_dismiss(request: HttpRequest) -> HttpResponse:
    form = DuplicateActionForm(request.POST)
    if not form.is_valid():
        raise Http404
    a, b = _duplicate_pair(request, form)
    try:
        duplicates.pair_dismiss(actor=request.user, a=a, b=b, note=form.cleaned_data["note"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Pasangan ditandai bukan data ganda."))
    return _back_to_duplicates(a)


urlpatterns: list[URLPattern] = [
    path("", resident_list, name="resident_list"),
    path("baru/", resident_create, name="resident_create"),
    path("<int:pk>/", resident_detail, name="resident_detail"),
    path("<int:pk>/ubah/", resident_edit, name="resident_edit"),
    path("<int:pk>/peristiwa/<slug:kind>/", resident_event, name="resident_event"),
    path("keluarga/", family_list, name="family_list"),
    path("keluarga/<int:pk>/", family_detail, name="family_detail"),
    path("keluarga/<int:pk>/pecah/", family_split, name="family_split"),
    path("ganda/", duplicate_list, name="duplicate_list"),
    path("ganda/gabung/", duplicate_merge, name="duplicate_merge"),
    path("ganda/abaikan/", duplicate_dismiss, name="duplicate_dismiss"),
]
