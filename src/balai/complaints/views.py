"""Complaint pages: the public form and tracking, self-service, the officers' queue."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.complaints import dashboards, ratelimit, selectors, services
from balai.complaints.forms import (
    CATEGORY_INITIAL,
    CategoryForm,
    ComplaintForm,
    RateForm,
    ReopenForm,
    SurveyForm,
    TextForm,
    TrackForm,
)
from balai.complaints.models import (
    SKM_FIELDS,
    Channel,
    Complaint,
    Status,
)
from balai.complaints.policies import DASHBOARD_LEVELS
from balai.complaints.services.workflow import reopen_deadline
from balai.complaints.units import unit_choices
from balai.core import exports, periods
from balai.core.client_ip import client_ip
from balai.core.dbrouter import reads_from_replica
from balai.core.errors import DomainError
from balai.regions.models import Level
from balai.regions.selectors import area_search

TRACKED = "complaints_tracked"
FILED = "complaints_filed"
MAX_TRACKED = 20


# ---- public: file ---------------------------------------------------------------


@access.public
def index(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:100]
    villages = area_search(q, levels=(Level.DESA_KELURAHAN,), limit=20) if q else []
    template = "complaints/index.html#villages" if request.htmx else "complaints/index.html"  # type: ignore[attr-defined]
    return render(request, template, {"q": q, "villages": villages, "track_form": TrackForm()})


def _files(request: HttpRequest) -> list[tuple[Any, str, int | None]]:
    return [(f, f.name or "berkas", f.size) for f in request.FILES.getlist("lampiran")]


@access.public
def file(request: HttpRequest, code: str) -> HttpResponse:
    village = selectors.village_get(code)
    categories = selectors.categories_for_area(village)
    subareas = selectors.subareas_of(village).exclude(code=village.code)
    form = ComplaintForm(
        request.POST or None,
        request.FILES or None,
        categories=categories,
        subareas=subareas,
        units=unit_choices(village.code),
    )
    context = {"village": village, "form": form}
    if request.method != "POST":
        return render(request, "complaints/file.html", context)
    if not ratelimit.allow(client_ip(request)):
        messages.error(request, _("Terlalu banyak pengiriman dari alamat Anda. Coba lagi nanti."))
        return render(request, "complaints/file.html", context, status=429)
    if request.POST.get("website"):
        messages.error(request, _("Formulir tidak dapat diproses."))
        return render(request, "complaints/file.html", context, status=400)
    if not form.is_valid():
        return render(request, "complaints/file.html", context, status=400)
    data = form.cleaned_data
    user = request.user if request.user.is_authenticated else None
    try:
        filed = services.complaint_file(
            actor=user,
            area=data.get("location_area") or village,
            category=data["category"],
            classification=data["classification"],
            title=data["title"],
            description=data["description"],
            location=data["location"],
            channel=Channel.SELF_SERVICE if user else Channel.WEB,
            reporter_name=data["reporter_name"],
            reporter_phone=data["reporter_phone"],
            reporter_email=data["reporter_email"],
            is_anonymous=data["is_anonymous"],
            is_confidential=data["is_confidential"],
            reporter_user=user,
            files=_files(request),
            categories=categories,
            unit_code=data.get("unit_code") or "",
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return render(request, "complaints/file.html", context, status=400)
    request.session[FILED] = {"number": filed.complaint.number, "code": filed.tracking_code}
    _remember(request, filed.complaint.number)
    return redirect("complaints:filed")


@access.public
def filed(request: HttpRequest) -> HttpResponse:
    shown = request.session.pop(FILED, None)
    if not shown:
        return redirect("complaints:track")
    return render(request, "complaints/filed.html", shown)


# ---- public: track and the complainant's own actions ---------------------------------


def _remember(request: HttpRequest, number: str) -> None:
    tracked = [n for n in request.session.get(TRACKED, []) if n != number]
    request.session[TRACKED] = [number, *tracked][:MAX_TRACKED]


def _tracked(request: HttpRequest, number: str) -> Complaint:
    """Return complaint *number* if this browser proved the code or filed it logged in."""
    own = selectors.complaint_get_for_reporter(user=request.user, number=number)
    if own is not None:
        return own
    if number in request.session.get(TRACKED, []):
        found = Complaint.objects.select_related("area", "category").filter(number=number).first()
        if found is not None:
            return found
    raise Http404(_("Nomor tiket atau kode pelacakan tidak cocok."))


@access.public
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.allow(client_ip(request), scope="track"):
            messages.error(request, _("Terlalu banyak percobaan. Coba lagi nanti."))
            return render(request, "complaints/track.html", {"form": form}, status=429)
        if form.is_valid():
            try:
                complaint = selectors.complaint_track(
                    number=form.cleaned_data["number"], code=form.cleaned_data["code"]
                )
            except DomainError as exc:
                messages.error(request, exc.message)
                return render(request, "complaints/track.html", {"form": form}, status=404)
            _remember(request, complaint.number)
            return redirect("complaints:status", number=complaint.number)
    return render(request, "complaints/track.html", {"form": form})


@access.public
def status(request: HttpRequest, number: str) -> HttpResponse:
    try:
        complaint = _tracked(request, number)
    except Http404:
        messages.error(request, _("Masukkan nomor tiket dan kode pelacakan Anda."))
        return redirect("complaints:track")
    limit = reopen_deadline(complaint)
    context = {
        "complaint": complaint,
        "events": selectors.public_events(complaint),
        "can_reply": complaint.status not in (Status.SELESAI, Status.DITOLAK),
        "can_reopen": limit is not None and timezone.now() <= limit,
        "reopen_until": limit,
        "can_rate": complaint.status == Status.SELESAI and complaint.rating is None,
        "can_survey": complaint.status == Status.SELESAI and not hasattr(complaint, "survey"),
        "reply_form": TextForm(),
        "reopen_form": ReopenForm(),
        "rate_form": RateForm(),
    }
    return render(request, "complaints/status.html", context)


def _complainant_action(request: HttpRequest, number: str, action: Any) -> HttpResponse:
    complaint = _tracked(request, number)
    try:
        action(complaint)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Terima kasih, sudah kami catat."))
    return redirect("complaints:status", number=complaint.number)


@require_POST
@access.public
def reply(request: HttpRequest, number: str) -> HttpResponse:
    form = TextForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pesan tidak boleh kosong dan paling banyak 5000 karakter."))
        return redirect("complaints:status", number=number)
    text = form.cleaned_data["text"]
    return _complainant_action(
        request, number, lambda c: services.complaint_reply(complaint=c, text=text)
    )


@require_POST
@access.public
def reopen(request: HttpRequest, number: str) -> HttpResponse:
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Tuliskan alasan dan centang persetujuan untuk membuka kembali pengaduan.")
        )
        return redirect("complaints:status", number=number)
    text = form.cleaned_data["text"]
    return _complainant_action(
        request, number, lambda c: services.complaint_reopen(complaint=c, reason=text)
    )


@require_POST
@access.public
def rate(request: HttpRequest, number: str) -> HttpResponse:
    form = RateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih penilaian 1 sampai 5."))
        return redirect("complaints:status", number=number)
    data = form.cleaned_data
    return _complainant_action(
        request,
        number,
        lambda c: services.complaint_rate(
            complaint=c, rating=data["rating"], comment=data["comment"]
        ),
    )


@access.public
def survey(request: HttpRequest, number: str) -> HttpResponse:
    complaint = _tracked(request, number)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scores = {name: form.cleaned_data[name] for name in SKM_FIELDS}
        try:
            services.complaint_survey_submit(
                complaint=complaint, scores=scores, suggestion=form.cleaned_data["suggestion"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Terima kasih atas penilaian Anda."))
        return redirect("complaints:status", number=complaint.number)
    return render(request, "complaints/survey.html", {"complaint": complaint, "form": form})


@access.own_account
def mine(request: HttpRequest) -> HttpResponse:
    complaints = selectors.complaints_of_reporter(user=request.user)
    return render(request, "complaints/mine.html", {"complaints": complaints})


# ---- officers -------------------------------------------------------------------------


@access.requires(Perm.COMPLAINTS_VIEW)
def queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    filters = {
        "status": status if status in Status.values else "",
        "overdue": request.GET.get("terlambat") == "1",
        "escalated": request.GET.get("eskalasi") == "1",
        "q": request.GET.get("q", "")[:100],
    }
    complaints = selectors.complaint_list(
        user=request.user,
        status=str(filters["status"]),
        overdue=bool(filters["overdue"]),
        escalated=bool(filters["escalated"]),
        q=str(filters["q"]),
    )[:200]
    template = "complaints/queue.html#rows" if request.htmx else "complaints/queue.html"  # type: ignore[attr-defined]
    context = {
        "complaints": complaints,
        "filters": filters,
        "statuses": Status.choices,
        "now": timezone.now(),
        "can_file": access.has_perm(request.user, Perm.COMPLAINTS_HANDLE),
    }
    return render(request, template, context)


@access.requires(Perm.COMPLAINTS_VIEW)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.complaint_get_for_user(user=request.user, pk=pk)
    may_handle = selectors.may_handle(request.user, complaint)
    context = {
        "complaint": complaint,
        "events": selectors.all_events(complaint),
        "attachments": complaint.attachments.all(),
        "show_identity": selectors.may_see_identity(request.user, complaint),
        "may_handle": may_handle,
        "officers": selectors.officers_for(complaint) if may_handle else [],
        "forward_targets": selectors.forward_targets(complaint) if may_handle else [],
        "now": timezone.now(),
        "offices": _offices(),
    }
    return render(request, "complaints/detail.html", context)


def _offices() -> list[tuple[str, str]]:
    from balai.accounts.roles import Office

    return [(str(v), str(label)) for v, label in Office.choices]


@require_POST
@access.requires(Perm.COMPLAINTS_HANDLE)
def act(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = selectors.complaint_get_for_user(
        user=request.user, pk=pk, perm=Perm.COMPLAINTS_HANDLE
    )
    from balai.complaints.actions import ActionError, run_action

    try:
        message = run_action(request.user, complaint, request.POST)
    except (DomainError, ActionError) as exc:
        messages.error(request, str(getattr(exc, "message", exc)))
    else:
        messages.success(request, message)
    return redirect("complaints:detail", pk=complaint.pk)


@access.requires(Perm.COMPLAINTS_HANDLE)
def counter(request: HttpRequest) -> HttpResponse:
    from balai.complaints.actions import counter_villages

    villages = counter_villages(request.user)
    code = (
        request.POST.get("village")
        or request.GET.get("village")
        or (villages[0].code if len(villages) == 1 else "")
    )
    village = next((v for v in villages if v.code == code), None)
    if village is None:
        return render(request, "complaints/counter.html", {"villages": villages, "form": None})
    categories = selectors.categories_for_area(village)
    form = ComplaintForm(
        request.POST or None,
        request.FILES or None,
        categories=categories,
        subareas=selectors.subareas_of(village).exclude(code=village.code),
    )
    context = {"villages": villages, "village": village, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = services.complaint_file(
                actor=request.user,
                area=data.get("location_area") or village,
                category=data["category"],
                classification=data["classification"],
                title=data["title"],
                description=data["description"],
                location=data["location"],
                channel=Channel.COUNTER,
                reporter_name=data["reporter_name"],
                reporter_phone=data["reporter_phone"],
                reporter_email=data["reporter_email"],
                is_anonymous=data["is_anonymous"],
                is_confidential=data["is_confidential"],
                files=_files(request),
                categories=categories,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return render(
                request,
                "complaints/filed.html",
                {
                    "number": filed.complaint.number,
                    "code": filed.tracking_code,
                    "detail_url": reverse("complaints:detail", args=[filed.complaint.pk]),
                },
            )
    return render(
        request, "complaints/counter.html", context, status=400 if request.method == "POST" else 200
    )


@access.requires(Perm.COMPLAINTS_VIEW)
def attachment(request: HttpRequest, pk: int, id: int) -> FileResponse:
    complaint = selectors.complaint_get_for_user(user=request.user, pk=pk)
    found = complaint.attachments.filter(pk=id).first()
    if found is None:
        raise Http404(_("Lampiran tidak ditemukan."))
    response = FileResponse(
        found.file.open("rb"),
        content_type=found.content_type,
        as_attachment=found.content_type == "application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---- figures -----------------------------------------------------------------------


def _dashboard_area(request: HttpRequest) -> Any:
    code = request.GET.get("area")
    if code:
        return access.get_area_for_user(request.user, code, Perm.COMPLAINTS_DASHBOARD)
    return access.page_area(request, Perm.COMPLAINTS_DASHBOARD, levels=DASHBOARD_LEVELS)


def _year(request: HttpRequest) -> int:
    return periods.year_param(request)


@access.requires(Perm.COMPLAINTS_DASHBOARD)
@reads_from_replica
def dashboard(request: HttpRequest) -> HttpResponse:
    area = _dashboard_area(request)
    year = _year(request)
    figures = dashboards.complaint_figures(area=area, year=year)
    overdue = selectors.complaint_list(user=request.user, overdue=True).filter(
        area__within=area.code
    )[:50]
    skm_total, skm_rows = dashboards.survey_index(area=area, year=year)
    context = {
        "f": figures,
        "overdue": overdue,
        "skm_total": skm_total,
        "skm_rows": skm_rows,
        "year": year,
    }
    return render(request, "complaints/dashboard.html", context)


@access.requires(Perm.COMPLAINTS_DASHBOARD)
@reads_from_replica
def dashboard_xlsx(request: HttpRequest) -> HttpResponseBase:
    from balai.complaints.export import dashboard_workbook

    area = _dashboard_area(request)
    year = _year(request)
    overdue = selectors.complaint_list(user=request.user, overdue=True).filter(
        area__within=area.code
    )
    return exports.xlsx_download(
        lambda book: dashboard_workbook(book, area=area, year=year, overdue=overdue),
        f"pengaduan-{area.code}-{year}.xlsx",
    )


@access.requires(Perm.COMPLAINTS_DASHBOARD)
@reads_from_replica
def skm(request: HttpRequest) -> HttpResponse:
    area = _dashboard_area(request)
    year = _year(request)
    period = request.GET.get("periode", "year")
    total, rows = dashboards.survey_index(area=area, year=year, period=period)
    context = {
        "area": area,
        "year": year,
        "period": period,
        "total": total,
        "rows": rows,
        "elements": SKM_FIELDS,
        "bands": dashboards.IKM_BANDS,
    }
    return render(request, "complaints/skm.html", context)


@access.requires(Perm.COMPLAINTS_DASHBOARD)
def skm_units(request: HttpRequest) -> HttpResponse:
    from balai.complaints.skm import skm_by_unit

    area = _dashboard_area(request)
    year = _year(request)
    period = request.GET.get("periode", "year")
    context = {
        "area": area,
        "year": year,
        "period": period,
        "units": skm_by_unit(area=area, year=year, period=period),
    }
    return render(request, "complaints/skm_units.html", context)


@access.requires(Perm.COMPLAINTS_CONFIGURE)
def categories(request: HttpRequest) -> HttpResponse:
    from balai.complaints.actions import save_category

    code = request.GET.get("area")
    if code:
        kabupaten = access.get_area_for_user(request.user, code, Perm.COMPLAINTS_CONFIGURE)
        if kabupaten.level != Level.KABUPATEN_KOTA:
            raise Http404(_("Kategori diatur per kabupaten/kota."))
    else:
        kabupaten = access.page_area(
            request, Perm.COMPLAINTS_CONFIGURE, levels=(Level.KABUPATEN_KOTA,)
        )
    form = None
    if request.method == "POST":
        form, saved = save_category(request.user, kabupaten, request.POST)
        if saved:
            messages.success(request, _("Kategori disimpan."))
            return redirect(f"{reverse('complaints:categories')}?area={kabupaten.code}")
    context = {
        "kabupaten": kabupaten,
        "categories": selectors.categories_for_kabupaten(kabupaten),
        "form": form or CategoryForm(initial=CATEGORY_INITIAL),
    }
    return render(request, "complaints/categories.html", context)
