"""Pages of the poverty module: checks, programmes and recipients, imports, public aggregates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
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
from balai.indicators import registry as indicator_registry
from balai.indicators.periods import PeriodType, period_of
from balai.indicators.selectors import indicator_table
from balai.letters.models import ResidentAccount
from balai.poverty import (
    checks,
    import_jobs,
    policies,
    recipient_import,
    selectors,
    services,
    welfare,
)
from balai.poverty.forms import (
    ProgrammeForm,
    ReasonForm,
    RecipientAddForm,
    RecipientUploadForm,
    SettingForm,
    WelfareUploadForm,
)
from balai.poverty.indicators import SET_CODE
from balai.regions.models import Area, Level
from balai.registry.models import Resident

VILLAGE = (Level.DESA_KELURAHAN,)
KABUPATEN = (Level.KABUPATEN_KOTA,)
WORK_LEVELS = (Level.KABUPATEN_KOTA, Level.KECAMATAN, Level.DESA_KELURAHAN)


def _area(request: HttpRequest, code: str, perm: str, levels: tuple[str, ...]) -> Area:
    area = access.get_area_for_user(request.user, code, perm)
    if area.level not in levels:
        raise Http404(_("Halaman ini tidak tersedia untuk wilayah tersebut."))
    return area


@access.requires(Perm.POVERTY_VIEW)
def overview(request: HttpRequest, code: str) -> HttpResponse:
    area = _area(request, code, Perm.POVERTY_VIEW, WORK_LEVELS)
    period = period_of(timezone.localdate(), PeriodType.QUARTER)
    indicators = [indicator_registry.get(c) for c in indicator_registry.get_set(SET_CODE).codes]
    table = indicator_table(
        indicators=indicators,
        area=area,
        periods=[period],
        children=area.level != Level.DESA_KELURAHAN,
    )
    rows = [(c, name, table.row_values(c, period)) for c, name in table.rows]
    context = {
        "area": area,
        "period": period,
        "indicators": indicators,
        "rows": rows,
        "is_village": area.level == Level.DESA_KELURAHAN,
    }
    return render(request, "poverty/overview.html", context)


@access.requires(Perm.POVERTY_VIEW)
def village(request: HttpRequest, code: str) -> HttpResponse:
    area = _area(request, code, Perm.POVERTY_VIEW, VILLAGE)
    table = [
        {
            "programme": row["programme"],
            "recipients": row["cells"]["recipients"],
            "eligible": row["cells"]["eligible"],
            "counts": [(c.value, row["cells"][c.value]) for c in checks.Check],
        }
        for row in selectors.village_checks(user=request.user, village=area.code)
    ]
    context = {
        "area": area,
        "table": table,
        "checks": list(checks.Check),
        "names": policies.may_see_names(request.user, area.code),
        "manage": access.has_perm(request.user, Perm.POVERTY_MANAGE, area),
        "pool": selectors.pool_families(area.code),
        "distribution": selectors.desil_distribution(within=area.code).get(area.code, {}),
    }
    return render(request, "poverty/village.html", context)


LIST_HEADER = (
    "nik",
    "nama",
    "no_kk",
    "desil",
    "status_dasar",
    "no_peserta",
    "program",
    "pemeriksaan",
)


@access.requires(Perm.POVERTY_NAMES)
def flagged(request: HttpRequest, code: str, programme: int, check: str) -> HttpResponseBase:
    area = _area(request, code, Perm.POVERTY_NAMES, VILLAGE)
    prog = selectors.programme_get_for_user(user=request.user, pk=programme)
    if check not in checks.Check.values:
        raise Http404(_("Pemeriksaan tidak dikenal."))
    label = checks.Check(check).label
    people: list[tuple[Any, ...]]
    if check == checks.Check.EXCLUSION:
        people = [
            (e.resident, e.desil, "")
            for e in checks.excluded_entries(village=area.code, programme=prog)
        ]
    else:
        people = [
            (r.resident, r._desil, r.member_no, r)  # type: ignore[attr-defined]
            for r in checks.flagged_recipients(village=area.code, programme=prog, check=check)
        ]
    audit.record(
        actor=request.user,
        action="poverty.list_viewed",
        obj=prog,
        data={"village": area.code, "check": check, "rows": len(people)},
    )
    if request.GET.get("format") == "xlsx":

        def build(book: exports.XlsxWriter) -> None:
            sheet = book.sheet(str(label))
            sheet.append(list(LIST_HEADER), bold=True)
            for row in people:
                person, desil, member_no = row[0], row[1], row[2]
                rec = row[3] if len(row) > 3 else None
                sheet.append(
                    [
                        person.nik if person else rec.nik,  # type: ignore[union-attr]
                        person.name if person else rec.name,  # type: ignore[union-attr]
                        person.family.no_kk if person and person.family else "",
                        desil or "",
                        person.get_status_display() if person else "",
                        member_no,
                        prog.name,
                        str(label),
                    ]
                )

        return exports.xlsx_download(build, f"bnba-{prog.code}-{check}-{area.code}.xlsx")
    context = {"area": area, "programme": prog, "check": check, "label": label, "people": people}
    return render(request, "poverty/flagged.html", context)


@access.requires(Perm.POVERTY_VIEW)
def programmes(request: HttpRequest, code: str) -> HttpResponse:
    area = _area(request, code, Perm.POVERTY_VIEW, WORK_LEVELS)
    items = selectors.programme_list(user=request.user, area_code=area.code)
    can_create = access.has_perm(request.user, Perm.POVERTY_PROGRAMMES, area) or (
        area.level == Level.DESA_KELURAHAN
        and access.has_perm(request.user, Perm.POVERTY_MANAGE, area)
    )
    form = None
    if can_create:
        form = ProgrammeForm(request.POST or None, choices=items)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            conflicts = list(data.pop("not_combined_with") or [])
            try:
                item = services.programme_create(
                    actor=request.user, area=area, conflicts=conflicts, **data
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("Program %(n)s disimpan.") % {"n": item.name})
                return redirect("poverty:programmes", code=area.code)
    context = {"area": area, "items": items, "form": form}
    return render(request, "poverty/programmes.html", context)


@access.requires(Perm.POVERTY_VIEW)
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.programme_get_for_user(user=request.user, pk=pk)
    editable = access.has_perm(request.user, Perm.POVERTY_PROGRAMMES, str(item.area_id)) or (
        item.area.level == Level.DESA_KELURAHAN
        and access.has_perm(request.user, Perm.POVERTY_MANAGE, str(item.area_id))
    )
    form = None
    if editable:
        choices = selectors.programme_list(user=request.user, area_code=str(item.area_id)).exclude(
            pk=item.pk
        )
        form = ProgrammeForm(
            request.POST or None,
            instance=item,
            choices=choices,
            initial={"not_combined_with": list(item.not_combined_with.all())},
        )
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            conflicts = list(data.pop("not_combined_with") or [])
            try:
                services.programme_update(
                    actor=request.user, programme=item, conflicts=conflicts, **data
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                messages.success(request, _("Program disimpan."))
                return redirect(item)
    role = access.acting_role(request.user)
    own = getattr(role, "area", None)
    village_code = own.code if own is not None and own.level == Level.DESA_KELURAHAN else None
    context = {"item": item, "form": form, "village_code": village_code}
    return render(request, "poverty/programme_detail.html", context)


@access.requires(Perm.POVERTY_NAMES)
def recipients(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    area = _area(request, code, Perm.POVERTY_NAMES, VILLAGE)
    item = selectors.programme_get_for_user(user=request.user, pk=pk)
    rows = selectors.recipients_of(user=request.user, programme=item, village=area.code)
    manage = access.has_perm(request.user, Perm.POVERTY_MANAGE, area)
    add_form = RecipientAddForm(request.POST or None) if manage else None
    if add_form is not None and request.method == "POST" and add_form.is_valid():
        resident = Resident.objects.filter(
            nik=add_form.cleaned_data["nik"], area__within=area.code
        ).first()
        if resident is None:
            add_form.add_error("nik", _("NIK tidak ditemukan di wilayah Anda."))
        else:
            try:
                services.recipient_add(
                    actor=request.user,
                    programme=item,
                    village=area,
                    resident=resident,
                    member_no=add_form.cleaned_data["member_no"],
                )
            except DomainError as exc:
                apply_domain_error(add_form, exc)
            else:
                messages.success(
                    request, _("%(n)s dicatat sebagai penerima.") % {"n": resident.name}
                )
                return redirect("poverty:recipients", pk=item.pk, code=area.code)
    audit.record(
        actor=request.user,
        action="poverty.recipients_viewed",
        obj=item,
        data={"village": area.code},
    )
    jobs = (
        access.scoped(
            import_jobs.RECIPIENTS.model.objects.filter(programme=item, area=area),
            request.user,
            Perm.POVERTY_MANAGE,
        )[:10]
        if manage
        else []
    )
    context = {
        "area": area,
        "item": item,
        "rows": rows,
        "manage": manage,
        "add_form": add_form,
        "upload_form": RecipientUploadForm() if manage else None,
        "jobs": jobs,
    }
    return render(request, "poverty/recipients.html", context)


@require_POST
@access.requires(Perm.POVERTY_MANAGE)
def recipient_remove(request: HttpRequest, pk: int) -> HttpResponse:
    recipient = selectors.recipient_get_for_user(user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    back = redirect("poverty:recipients", pk=recipient.programme_id, code=recipient.area_id)
    if not form.is_valid():
        messages.error(request, _("Isi alasan penghapusan."))
        return back
    try:
        services.recipient_remove(
            actor=request.user, recipient=recipient, reason=form.cleaned_data["reason"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Penerima dihapus dari daftar."))
    return back


@require_POST
@access.requires(Perm.POVERTY_MANAGE)
def recipient_upload(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    area = _area(request, code, Perm.POVERTY_MANAGE, VILLAGE)
    item = selectors.programme_get_for_user(user=request.user, pk=pk)
    form = RecipientUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas penerima."))
        return redirect("poverty:recipients", pk=item.pk, code=area.code)
    try:
        job = import_jobs.recipient_import_create(
            actor=request.user, village=area, programme=item, upload=form.cleaned_data["file"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("poverty:recipients", pk=item.pk, code=area.code)
    return redirect(job)


@access.requires(Perm.POVERTY_PROGRAMMES)
def welfare_import(request: HttpRequest, code: str) -> HttpResponse:
    area = _area(request, code, Perm.POVERTY_PROGRAMMES, (*KABUPATEN, *VILLAGE))
    form = WelfareUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_jobs.welfare_import_create(
                actor=request.user,
                area=area,
                source=form.cleaned_data["source"],
                snapshot_date=form.cleaned_data["snapshot_date"],
                upload=form.cleaned_data["file"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            return redirect(job)
    jobs = access.scoped(
        import_jobs.WELFARE.model.objects.filter(area__within=area.code),
        request.user,
        Perm.POVERTY_PROGRAMMES,
    )[:20]
    snapshots = [
        (s, selectors.snapshot_changes(s, within=area.code))
        for s in selectors.snapshots_for(user=request.user, area_code=area.code)[:10]
    ]
    context = {
        "area": area,
        "form": form,
        "jobs": jobs,
        "snapshots": snapshots,
        "columns": welfare.TEMPLATE_HELP,
    }
    return render(request, "poverty/welfare_import.html", context)


def _job(request: HttpRequest, kind: str, pk: int) -> tuple[Any, Any]:
    if kind == "kesejahteraan":
        job: Any = selectors.welfare_import_get_for_user(user=request.user, pk=pk)
    elif kind == "penerima":
        job = selectors.recipient_import_get_for_user(user=request.user, pk=pk)
    elif kind == "keputusan":
        job = selectors.decision_import_get_for_user(user=request.user, pk=pk)
    else:
        raise Http404(_("Jenis impor tidak dikenal."))
    spec = import_jobs.KINDS[kind]
    return spec, import_jobs.job_check_alive(spec, job)


@access.requires(Perm.POVERTY_PROGRAMMES)
def welfare_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _spec, job = _job(request, "kesejahteraan", pk)
    fragment = request.htmx and job.is_running  # type: ignore[attr-defined]
    template = "poverty/welfare_import_detail.html" + ("#progress" if fragment else "")
    return render(request, template, {"job": job, "area": job.area, "kind": "kesejahteraan"})


@access.requires(Perm.POVERTY_MANAGE)
def recipient_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _spec, job = _job(request, "penerima", pk)
    fragment = request.htmx and job.is_running  # type: ignore[attr-defined]
    template = "poverty/recipient_import_detail.html" + ("#progress" if fragment else "")
    return render(request, template, {"job": job, "area": job.area, "kind": "penerima"})


@require_POST
@access.requires(Perm.POVERTY_VIEW)
def import_action(request: HttpRequest, kind: str, pk: int, action: str) -> HttpResponse:
    spec, job = _job(request, kind, pk)
    try:
        job = import_jobs.job_action(spec, job=job, actor=request.user, action=action)
    except KeyError:
        raise Http404(_("Tindakan tidak dikenal.")) from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if job.status == JobStatus.DONE:
            messages.success(request, _("%(n)d baris disimpan.") % {"n": job.written})
    return redirect(job)


@access.requires(Perm.POVERTY_VIEW)
def template_file(request: HttpRequest, name: str) -> HttpResponse:
    bodies = {"kesejahteraan": welfare.template_csv(), "penerima": recipient_import.TEMPLATE}
    body = bodies.get(name)
    if body is None:
        raise Http404(_("Templat tidak dikenal."))
    response = HttpResponse(body, content_type=exports.CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="templat-{name}.csv"'
    return response


@access.requires(Perm.POVERTY_PROGRAMMES)
def settings_page(request: HttpRequest, code: str) -> HttpResponse:
    area = _area(request, code, Perm.POVERTY_PROGRAMMES, KABUPATEN)
    current = policies.setting_for(area.code)
    form = SettingForm(
        request.POST or None,
        initial={
            "extreme_desil_max": current.extreme_desil_max,
            "income_line": current.income_line,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.setting_save(actor=request.user, kabupaten=area, **form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("Pengaturan disimpan."))
            return redirect("poverty:settings", code=area.code)
    return render(request, "poverty/settings.html", {"area": area, "form": form})


@access.public
def public(request: HttpRequest, code: str) -> HttpResponse:
    from balai.regions.selectors import area_get

    area = area_get(code)
    if area.level not in WORK_LEVELS:
        raise Http404(_("Ringkasan publik tersedia per kabupaten, kecamatan atau desa."))
    rows = selectors.public_table(within=area.code)
    for row in rows:
        row["total_text"] = policies.suppress(row["total"])
    return render(
        request, "poverty/public.html", {"area": area, "rows": rows, "small": policies.SMALL_CELL}
    )


@access.own_account
def mine(request: HttpRequest) -> HttpResponse:
    account = (
        ResidentAccount.objects.filter(user_id=request.user.pk or 0)
        .select_related("resident")
        .first()
    )
    if account is None:
        raise Http404(_("Halaman ini untuk warga yang masuk dengan NIK dan PIN."))
    data = selectors.own_household(account.resident)
    audit.record_view(actor=request.user, obj=account.resident, purpose="poverty.own_household")
    return render(request, "poverty/mine.html", {"resident": account.resident, **data})
