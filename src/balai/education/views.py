"""Pages of the education module: the school roll import and the out-of-school list."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import exports
from balai.core.errors import DomainError
from balai.core.import_jobs import JobStatus
from balai.core.periods import year_param
from balai.education import import_jobs, imports, schooling, selectors
from balai.education.forms import RollUploadForm
from balai.education.models import RollImport
from balai.regions.models import Level

IMPORT_LEVELS = (Level.KABUPATEN_KOTA, Level.KECAMATAN, Level.DESA_KELURAHAN)


@access.requires(Perm.EDUCATION_IMPORT)
def roll_import(request: HttpRequest, code: str) -> HttpResponse:
    area = access.get_area_for_user(request.user, code, Perm.EDUCATION_IMPORT)
    if area.level not in IMPORT_LEVELS:
        raise Http404(_("Halaman ini tidak tersedia untuk wilayah tersebut."))
    form = RollUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_jobs.roll_import_create(
                actor=request.user, area=area, upload=form.cleaned_data["file"]
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect(job)
    jobs = selectors.roll_import_list(user=request.user).filter(area__within=area.code)[:20]
    context = {"area": area, "form": form, "jobs": jobs, "columns": imports.TEMPLATE_HELP}
    return render(request, "education/import.html", context)


@access.requires(Perm.EDUCATION_IMPORT)
def roll_template(request: HttpRequest, fmt: str) -> HttpResponseBase:
    if fmt == "csv":
        response = HttpResponse(imports.template_csv(), content_type=exports.CSV_TYPE)
        response["Content-Disposition"] = 'attachment; filename="templat-daftar-murid.csv"'
        return response
    if fmt == "xlsx":
        return exports.xlsx_download(
            imports.template_xlsx, "templat-daftar-murid.xlsx", personal=False
        )
    raise Http404(_("Format tidak dikenal."))


def _job(request: HttpRequest, pk: int) -> RollImport:
    job = selectors.roll_import_get_for_user(user=request.user, pk=pk)
    return import_jobs.roll_import_check_alive(job)


@access.requires(Perm.EDUCATION_IMPORT)
def roll_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    fragment = request.htmx and job.is_running  # type: ignore[attr-defined]
    template = "education/import_detail.html" + ("#progress" if fragment else "")
    return render(request, template, {"job": job, "area": job.area})


@require_POST
@access.requires(Perm.EDUCATION_IMPORT)
def roll_import_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    job = _job(request, pk)
    service = {
        "simpan": import_jobs.roll_import_commit,
        "ulangi": import_jobs.roll_import_retry,
        "buang": import_jobs.roll_import_discard,
    }.get(action)
    if service is None:
        raise Http404(_("Tindakan tidak dikenal."))
    try:
        job = service(job=job, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if job.status == JobStatus.DONE:
            messages.success(request, _("%(n)d murid disimpan.") % {"n": job.written})
    return redirect(job)


@access.requires(Perm.EDUCATION_VIEW)
def out_of_school(request: HttpRequest, code: str) -> HttpResponseBase:
    village = access.get_area_for_user(request.user, code, Perm.EDUCATION_VIEW)
    if village.level != Level.DESA_KELURAHAN:
        raise Http404(_("Daftar anak tidak sekolah dibuka per desa/kelurahan."))
    current = selectors.current_school_year()
    year = year_param(request, default=current)
    rows = selectors.out_of_school(user=request.user, village=village, school_year=year)
    fmt = request.GET.get("format", "")
    if fmt in ("xlsx", "csv"):
        return _export(rows, village.code, year, fmt)
    context = {
        "area": village,
        "rows": rows,
        "year": year,
        "year_label": schooling.label(year),
        "years": list(range(current - 3, current + 1)),
        "current": current,
    }
    return render(request, "education/out_of_school.html", context)


HEADER = (
    "nik",
    "nama",
    "jenis_kelamin",
    "tanggal_lahir",
    "usia_1_juli",
    "wilayah",
    "alasan",
    "terakhir_terdaftar",
    "jenjang_terakhir",
    "pendidikan_sedang_ditempuh",
)


def _export(
    rows: list[selectors.OutOfSchoolRow], code: str, year: int, fmt: str
) -> HttpResponseBase:
    def values(row: selectors.OutOfSchoolRow) -> list[object]:
        person = row.resident
        return [
            person.nik,
            person.name,
            person.get_sex_display(),
            person.birth_date.isoformat() if person.birth_date else "",
            row.age,
            person.area_id,
            row.reason_label,
            schooling.label(row.last_year) if row.last_year else "",
            row.last_level,
            person.get_education_current_display() if person.education_current else "",
        ]

    name = f"anak-tidak-sekolah-{code}-{year}"
    if fmt == "csv":
        with exports.export_file(".csv") as path:
            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = exports.CsvWriter(handle)
                writer.writerow(HEADER)
                writer.writerows(values(row) for row in rows)
            return exports.file_download(path, f"{name}.csv", content_type=exports.CSV_TYPE)

    def build(book: exports.XlsxWriter) -> None:
        sheet = book.sheet(_("Anak tidak sekolah"))
        sheet.append(list(HEADER), bold=True)
        for row in rows:
            sheet.append(values(row))

    return exports.xlsx_download(build, f"{name}.xlsx")
