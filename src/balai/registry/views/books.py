"""Registry pages in OpenSID's habits: print sheets, the population books, exports.

- ``/penduduk/<pk>/cetak/`` (biodata) and ``/penduduk/keluarga/<pk>/cetak/`` (the
  family card as the KK form lays it out): A4 print pages, audited as views.
- ``/penduduk/buku/induk/`` and ``/penduduk/buku/mutasi/``: the Permendagri 47/2016
  books of one village and month, printable, as XLSX or CSV.
- ``/penduduk/daftar/ekspor/`` and ``/penduduk/keluarga/ekspor/``: the lists with their
  current filters, through ``core.exports`` (one formula guard), audited.

Every read goes through the registry selectors (the caller's scope); personal
pages are ``no-store`` (``NoStoreMiddleware``), downloads too (``file_download``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import access
from balai.accounts.roles import Perm
from balai.core import audit, exports, periods
from balai.core.areacodes import village_code
from balai.core.exports import CsvWriter, XlsxWriter
from balai.regions import selectors as regions
from balai.regions.models import KEMENDAGRI_LEVELS, Area, Level
from balai.registry import books, codes, selectors
from balai.registry.forms import FamilyFilterForm, ResidentFilterForm
from balai.registry.models import Family, Resident
from balai.registry.selectors import ResidentFilters
from balai.registry.views.people import _field_groups, _present

VIEW = Perm.REGISTRY_VIEW
FORMATS = ("xlsx", "csv")


class _Identity:
    """Full or masked NIK/No. KK per village, decided once per village."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self._shows: dict[str, bool] = {}

    def shows(self, area_code: str) -> bool:
        village = village_code(area_code)
        if village not in self._shows:
            self._shows[village] = selectors.may_see_identity(self.user, village)
        return self._shows[village]

    def number(self, value: str, area_code: str) -> str:
        return value if self.shows(area_code) else selectors.mask_number(value)


def _download(
    request: HttpRequest,
    fmt: str,
    name: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    action: str,
    data: dict[str, Any],
) -> HttpResponseBase:
    """Send *rows* as XLSX or CSV and audit the export of personal data."""
    count = 0

    def counted() -> Iterable[Sequence[Any]]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    def build_xlsx(book: XlsxWriter) -> None:
        sheet = book.sheet(name)
        sheet.append(list(header), bold=True)
        for row in counted():
            sheet.append(row)

    def build_csv(writer: CsvWriter) -> None:
        writer.writerow(header)
        writer.writerows(counted())

    stamp = timezone.localdate().isoformat()
    filename = f"{name.lower().replace(' ', '-')}-{stamp}.{fmt}"
    build: Callable[..., Any] = build_xlsx if fmt == "xlsx" else build_csv
    if fmt == "xlsx":
        response = exports.xlsx_download(build, filename)
    else:
        response = exports.csv_download(build, filename)
    audit.record(
        actor=request.user,
        action=action,
        obj=Resident,
        data={**data, "format": fmt, "rows": count},
        kind=audit.ACCESS,
    )
    return response


def _format(request: HttpRequest) -> str:
    fmt = request.GET.get("format", "")
    return fmt if fmt in FORMATS else ""


# ---- print sheets ------------------------------------------------------------


@access.requires(VIEW)
def resident_print(request: HttpRequest, pk: int) -> HttpResponse:
    resident = selectors.resident_get_for_user(user=request.user, pk=pk, log_view=False)
    audit.record_view(actor=request.user, obj=resident, purpose="registry.biodata_print")
    _present(request.user, [resident])
    context = {
        "resident": resident,
        "groups": _field_groups(resident),
        "village": _village(resident.area),
        "today": timezone.localdate(),
    }
    return render(request, "registry/print_biodata.html", context)


@access.requires(VIEW)
def family_print(request: HttpRequest, pk: int) -> HttpResponse:
    family = selectors.family_get_for_user(user=request.user, pk=pk)
    audit.record_view(actor=request.user, obj=family, purpose="registry.family_print")
    members = [m for m in selectors.family_members(family) if m.is_alive]  # as on the card
    _present(request.user, members)
    for m in members:
        m.marital_shown = codes.marital_label(m)  # type: ignore[attr-defined]
    shows = selectors.may_see_identity(request.user, family.area_id)
    head = next((m for m in members if m.family_relation == codes.FamilyRelation.HEAD), None)
    context = {
        "family": family,
        "kk_shown": family.no_kk if shows else selectors.mask_number(family.no_kk),
        "members": members,
        "head": head,
        "village": _village(family.area),
        "today": timezone.localdate(),
    }
    return render(request, "registry/print_family.html", context)


def _village(area: Area) -> dict[str, str]:
    """The names the sheets print: village, kecamatan, kabupaten, province, and the area."""
    chain = {a.level: a.name for a in [*regions.area_ancestors(area), area]}
    return {
        "desa": chain.get(Level.DESA_KELURAHAN, ""),
        "kecamatan": chain.get(Level.KECAMATAN, ""),
        "kabupaten": chain.get(Level.KABUPATEN_KOTA, ""),
        "provinsi": chain.get(Level.PROVINSI, ""),
        "area": area.name if area.level not in KEMENDAGRI_LEVELS else "",
    }


# ---- the population books ------------------------------------------------------


def _book_context(request: HttpRequest) -> tuple[dict[str, Any], str | None, books.Month]:
    if not books.may_open_books(request.user):
        raise PermissionDenied
    year, month = periods.month_param(request)
    period = books.Month(year, month)
    areas = selectors.areas_for_filter(request.user)
    chosen = request.GET.get("wilayah", "")
    if chosen and chosen not in {code for code, _label in areas}:
        chosen = ""
    village = books.book_village(request.user, chosen)
    area = chosen or village
    context = {
        "areas": areas,
        "chosen": chosen,
        "month": period,
        "village": Area.objects.filter(code=village).first() if village else None,
        "query": f"wilayah={chosen}&bulan={period.param}",
    }
    return context, area, period


@access.requires(VIEW)
def book_induk(request: HttpRequest) -> HttpResponseBase:
    context, area, month = _book_context(request)
    if area is None:
        return render(request, "registry/book_induk.html", context)
    qs = books.induk_list(user=request.user, area=area, month=month)
    ident = _Identity(request.user)

    def rows() -> Iterable[list[Any]]:
        for n, r in enumerate(qs.iterator(chunk_size=2000), start=1):
            nik = ident.number(r.nik, r.area_id)
            kk = ident.number(r.family.no_kk, r.area_id) if r.family else ""
            yield books.induk_row(n, r, nik=nik, no_kk=kk)

    fmt = _format(request)
    if fmt:
        return _download(
            request,
            fmt,
            _("Buku induk penduduk"),
            books.induk_header(),
            rows(),
            action="registry.book_induk_exported",
            data={"area": area, "month": month.param},
        )
    listed = list(rows())
    audit.record(
        actor=request.user,
        action="registry.book_induk_viewed",
        obj=Resident,
        data={"area": area, "month": month.param, "rows": len(listed)},
        kind=audit.ACCESS,
    )
    context.update(header=books.induk_header(), rows=listed)
    return render(request, "registry/book_induk.html", context)


@access.requires(VIEW)
def book_mutation(request: HttpRequest) -> HttpResponseBase:
    context, area, month = _book_context(request)
    if area is None:
        return render(request, "registry/book_mutation.html", context)
    events = list(books.mutation_list(user=request.user, area=area, month=month))
    rows = [books.mutation_row(n, e) for n, e in enumerate(events, start=1)]
    fmt = _format(request)
    data = {"area": area, "month": month.param}
    if fmt:
        return _download(
            request,
            fmt,
            _("Buku mutasi penduduk"),
            books.mutation_header(),
            rows,
            action="registry.book_mutation_exported",
            data=data,
        )
    audit.record(
        actor=request.user,
        action="registry.book_mutation_viewed",
        obj=Resident,
        data={**data, "rows": len(rows)},
        kind=audit.ACCESS,
    )
    context.update(
        header=books.mutation_header(), rows=rows, summary=books.mutation_summary(events)
    )
    return render(request, "registry/book_mutation.html", context)


# ---- list exports --------------------------------------------------------------


def resident_export_header() -> list[str]:
    return [
        _("NIK"),
        _("Nama"),
        _("Jenis kelamin"),
        _("Tempat, tanggal lahir"),
        _("Umur"),
        _("Agama"),
        _("Pendidikan"),
        _("Pekerjaan"),
        _("Status perkawinan"),
        _("Hubungan dalam keluarga"),
        _("No. KK"),
        _("Wilayah"),
        _("Kode wilayah"),
        _("Status"),
    ]


@access.requires(VIEW)
def resident_export(request: HttpRequest) -> HttpResponseBase:
    """The resident list with the filters on screen, as XLSX or CSV."""
    form = ResidentFilterForm(request.GET, areas=selectors.areas_for_filter(request.user))
    filters = ResidentFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = ResidentFilters(
            q=d["q"],
            area=d["area"],
            sex=d["sex"],
            status=d["status"],
            age_band=d["age_band"],
            pregnant=True if d["pregnant"] else None,
        )
    qs = selectors.resident_list(user=request.user, filters=filters)
    ident, today = _Identity(request.user), timezone.localdate()

    def rows() -> Iterable[list[Any]]:
        for r in qs.iterator(chunk_size=2000):
            yield [
                ident.number(r.nik, r.area_id),
                r.name,
                r.get_sex_display(),
                books.birth_line(r),
                r.age_on(today),
                r.get_religion_display() if r.religion else "",
                r.get_education_kk_display() if r.education_kk else "",
                r.get_occupation_display() if r.occupation else "",
                codes.marital_label(r),
                r.get_family_relation_display() if r.family_relation else "",
                ident.number(r.family.no_kk, r.area_id) if r.family else "",
                r.area.name,
                r.area_id,
                r.get_status_display(),
            ]

    return _download(
        request,
        _format(request) or "xlsx",
        _("Daftar penduduk"),
        resident_export_header(),
        rows(),
        action="registry.residents_exported",
        data={"filters": {k: str(v) for k, v in filters.__dict__.items() if v}},
    )


@access.requires(VIEW)
def family_export(request: HttpRequest) -> HttpResponseBase:
    """The family list with the filters on screen, as XLSX or CSV."""
    form = FamilyFilterForm(request.GET, areas=selectors.areas_for_filter(request.user))
    q = area = ""
    if form.is_valid():
        q, area = form.cleaned_data["q"], form.cleaned_data["area"]
    qs = selectors.family_export_list(user=request.user, q=q, area=area)
    ident = _Identity(request.user)

    def rows() -> Iterable[list[Any]]:
        f: Family
        for f in qs.iterator(chunk_size=2000):
            yield [
                ident.number(f.no_kk, f.area_id),
                f.head_name or "",  # type: ignore[attr-defined]
                f.member_count or 0,  # type: ignore[attr-defined]
                f.address,
                f.area.name,
                f.area_id,
            ]

    header = [
        _("No. KK"),
        _("Kepala keluarga"),
        _("Jumlah anggota"),
        _("Alamat"),
        _("Wilayah"),
        _("Kode wilayah"),
    ]
    return _download(
        request,
        _format(request) or "xlsx",
        _("Daftar keluarga"),
        header,
        rows(),
        action="registry.families_exported",
        data={"filters": {"q": q, "area": area}},
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/cetak/", resident_print, name="resident_print"),
    path("keluarga/<int:pk>/cetak/", family_print, name="family_print"),
    path("buku/induk/", book_induk, name="book_induk"),
    path("buku/mutasi/", book_mutation, name="book_mutation"),
    path("daftar/ekspor/", resident_export, name="resident_export"),
    path("keluarga/ekspor/", family_export, name="family_export"),
]
