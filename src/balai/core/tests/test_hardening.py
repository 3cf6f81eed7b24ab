"""Input that used to end in server errors: NUL characters, out-of-range periods,
malformed codes, unhandled API errors; and the published OpenAPI's schema names.

Run these on PostgreSQL too: NUL in a query parameter is a server error only there.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from ninja import Schema

from balai.accounts.models import User
from balai.complaints.models import Category, Complaint
from balai.complaints.services.categories import category_defaults_ensure
from balai.core import periods
from balai.core.errors import DomainError
from conftest import DESA_PINCARA, KEC_MASAMBA, close_response, login

NUL_MESSAGE = "karakter yang tidak diizinkan"


# ---- NUL characters -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/wilayah/cari/?q=Pin%00cara",
        "/layanan/verifikasi/?kode=abc%00def",
        "/pengaduan/lacak/?nomor=P%00&kode=x",
        "/layanan/v/abc%00def/",
    ],
)
def test_nul_in_a_page_query_or_path_is_a_400_page_in_indonesian(tree: None, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()


@pytest.mark.django_db
def test_nul_in_an_api_query_is_a_400_in_the_error_shape(tree: None) -> None:
    response = Client().get("/api/v1/regions/?q=Pin%00cara")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_characters" and NUL_MESSAGE in body["message"]
    assert body["errors"] == {}


@pytest.mark.django_db
def test_nul_in_a_json_body_is_refused_and_nothing_is_stored(tree: None) -> None:
    category_defaults_ensure()
    payload = {
        "area": DESA_PINCARA,
        "category": Category.objects.filter(kabupaten=None).first().pk,
        "title": "Jalan rusak\u0000",
        "description": "Jalan berlubang di depan sekolah sejak sebulan lalu.",
        "reporter_name": "Warga",
    }
    response = Client().post(
        "/api/v1/complaints/", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_characters"
    assert Complaint.objects.count() == 0


@pytest.mark.django_db
def test_nul_in_form_data_is_refused_and_nothing_is_stored(operator: User) -> None:
    client = login(operator)
    before = User.objects.count()
    response = client.post("/akun/masuk/", {"username": "op\x00", "password": "x"})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()
    assert User.objects.count() == before


@pytest.mark.django_db
def test_a_cookie_with_nul_is_ignored_not_a_server_error(operator: User) -> None:
    client = Client()
    client.cookies["sessionid"] = "abc\x00def"
    response = client.get("/wilayah/")
    assert response.status_code == 200
    api = client.get("/api/v1/me")
    assert api.status_code == 401  # treated as no session at all


# ---- periods --------------------------------------------------------------------------


def test_period_parser_bounds_years_and_refuses_garbage() -> None:
    this_year = periods.this_month()[0]
    assert periods.parse_year("", default=2024) == 2024
    assert periods.parse_year("2026", default=2024) == 2026
    assert periods.parse_month("2025-3", default=(2024, 1)) == (2025, 3)
    for raw in ("0", "-1", "10000", "1999", str(this_year + 2), "\uff12\uff10\uff12\uff16", "20x6"):
        with pytest.raises(DomainError):
            periods.parse_year(raw, default=2024)
    for raw in ("0001-01", "9999-12", "2026-13", "2026-00", "2026"):
        with pytest.raises(DomainError):
            periods.parse_month(raw, default=(2024, 1))
    for raw in ("0001-01-01", "9999-12-31", "2026-02-30", "20260101"):
        with pytest.raises(DomainError):
            periods.parse_day(raw, default=periods.timezone.localdate())


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["0", "-1", "10000", "99999999999999999999"])
def test_api_dashboard_refuses_out_of_range_years_with_400(camat: User, year: str) -> None:
    response = login(camat).get(f"/api/v1/complaints/dashboard?area={KEC_MASAMBA}&year={year}")
    assert response.status_code in (400, 422)
    body = response.json()
    assert set(body) == {"code", "message", "errors"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "/pengaduan/dasbor/?tahun=0",
        "/pengaduan/dasbor/?tahun=-1",
        "/pengaduan/dasbor/xlsx/?tahun=10000",
        "/pengaduan/skm/?tahun=10000",
        "/layanan/agenda/?tahun=0",
        "/layanan/kinerja/?bulan=9999-12",
        "/layanan/kinerja/?bulan=0001-01",
        "/indikator/spm-desa/?bulan=9999-12",
        "/indikator/spm-desa/?bulan=0001-01",
    ],
)
def test_dashboards_show_a_form_error_for_out_of_range_periods(camat: User, query: str) -> None:
    response = login(camat).get(query, follow=True)
    close_response(response)  # an XLSX download of the current year holds an open file
    # A figure page may answer 200 with the current period and a message, or 400 saying why
    # (the indicator pages); never a 500.
    assert response.status_code in (200, 400)
    if response.get("Content-Type", "").startswith("text/html"):
        shown = [str(m) for m in response.context["messages"]]
        body = response.content.decode()
        assert any(m.startswith(("Tahun", "Bulan", "Periode")) for m in shown) or (
            response.status_code == 400 and ("Periode" in body or "Tahun" in body)
        ), shown


@pytest.mark.django_db
@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2026-13"])
def test_monthly_population_report_refuses_out_of_range_months(operator: User, month: str) -> None:
    client = login(operator)
    page = client.get(f"/penduduk/statistik/{DESA_PINCARA}/bulanan/?bulan={month}")
    assert page.status_code == 200
    assert "Bulan" in page.content.decode() or "Tahun" in page.content.decode()
    api = client.get(f"/api/v1/registry/stats/{DESA_PINCARA}/monthly?month={month}")
    assert api.status_code == 400 and api.json()["code"] == "invalid_period"


# ---- codes ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["a/b", "../x", "a b", "x" * 40])
def test_verification_lookup_with_a_malformed_code_is_a_plain_not_found(
    tree: None, code: str
) -> None:
    response = Client().get("/layanan/verifikasi/", {"kode": code})
    assert response.status_code == 404
    assert "Kode tidak dikenal" in response.content.decode()


@pytest.mark.django_db
def test_verification_lookup_with_a_good_code_redirects(tree: None) -> None:
    response = Client().get("/layanan/verifikasi/", {"kode": "Abc_123-xyz"})
    assert response.status_code == 302 and response["Location"].endswith("/v/Abc_123-xyz/")


# ---- API server errors and schema -----------------------------------------------------


@pytest.mark.django_db
def test_unhandled_api_error_is_a_500_in_the_error_shape_and_logged(
    tree: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from balai.web.regions import api as regions_api

    def broken(code: str) -> Any:
        raise RuntimeError("boom in selector")

    monkeypatch.setattr(regions_api.selectors, "area_get", broken)
    with caplog.at_level(logging.ERROR, logger="balai.api"):
        response = Client().get(f"/api/v1/regions/{DESA_PINCARA}")
    assert response.status_code == 500
    assert response.json() == {
        "code": "server_error",
        "message": "Terjadi kesalahan pada server. Silakan coba lagi.",
        "errors": {},
    }
    assert "boom" not in response.content.decode()  # no internals to the caller
    record = next(r for r in caplog.records if r.name == "balai.api")
    assert record.exc_info is not None and "boom in selector" in str(record.exc_info[1])


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def test_api_schema_names_are_unique_so_the_openapi_is_right() -> None:
    from balai.config.api import api

    names = Counter(c.__name__ for c in _subclasses(Schema) if c.__module__.startswith("balai."))
    assert [name for name, n in names.items() if n > 1] == []
    schema = api.get_openapi_schema()
    dashboard = schema["paths"]["/api/v1/complaints/dashboard"]["get"]["responses"]["200"]
    ref = dashboard["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "ikm" in schema["components"]["schemas"][ref]["properties"]
    prevalence = schema["paths"]["/api/v1/posyandu/prevalence/{code}"]["get"]["responses"]["200"]
    ref = prevalence["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    total = schema["components"]["schemas"][ref]["properties"]["total"]["$ref"].rsplit("/", 1)[-1]
    assert "stunted" in schema["components"]["schemas"][total]["properties"]


def test_every_operation_documents_the_error_shape() -> None:
    from balai.config.api import api

    schema = api.get_openapi_schema()
    assert set(schema["components"]["schemas"]["ErrorOut"]["required"]) == {
        "code",
        "message",
        "errors",
    }
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"4XX", "5XX"} <= set(operation["responses"]), (method, path)


# ---- Cache-Control --------------------------------------------------------------------


def _no_store(response: Any) -> bool:
    value = response.get("Cache-Control", "")
    close_response(response)  # downloads hold an open file
    return "no-store" in value and "private" in value


@pytest.mark.django_db
def test_every_response_to_a_signed_in_user_is_no_store(operator: User, camat: User) -> None:
    client = login(operator)
    assert _no_store(client.get("/"))
    assert _no_store(client.get(f"/penduduk/statistik/{DESA_PINCARA}/"))
    pdf = client.get(f"/layanan/desa/{DESA_PINCARA}/standar.pdf")
    assert pdf["Content-Type"] == "application/pdf" and _no_store(pdf)
    export = login(camat).get(f"/pengaduan/dasbor/xlsx/?area={KEC_MASAMBA}")
    assert export.status_code == 200 and _no_store(export)
    assert _no_store(client.get("/halaman-yang-tidak-ada/"))
    assert _no_store(client.get("/api/v1/me"))


@pytest.mark.django_db
def test_public_pages_with_a_tracking_result_or_secret_are_no_store(tree: None) -> None:
    client = Client()
    assert _no_store(client.get("/pengaduan/lacak/"))
    assert _no_store(client.get("/pengaduan/lacak/P-0000/"))
    assert _no_store(client.get("/layanan/v/kodeverifikasi/"))
    assert _no_store(client.get("/api/v1/letters/verify/kodeverifikasi"))
    assert _no_store(client.get("/akun/masuk/"))


@pytest.mark.django_db
def test_public_pages_without_personal_data_stay_cacheable_for_anonymous_callers(
    tree: None,
) -> None:
    client = Client()
    for url in ("/wilayah/", f"/layanan/desa/{DESA_PINCARA}/standar.pdf", "/api/v1/regions/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.get("Cache-Control", ""), url


# ---- lost races -----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_integrity_error_from_a_lost_race_is_a_409_not_a_500(
    tree: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import IntegrityError

    from balai.regions import selectors

    def clash(*args: Any, **kwargs: Any) -> Any:
        raise IntegrityError('duplicate key value violates unique constraint "x"')

    monkeypatch.setattr(selectors, "area_get", clash)  # read by the API and the page
    api = Client().get(f"/api/v1/regions/{DESA_PINCARA}")
    assert api.status_code == 409
    assert api.json()["code"] == "conflict" and "Muat ulang" in api.json()["message"]
    page = Client().get(f"/wilayah/{DESA_PINCARA}/")
    assert page.status_code == 409 and "Muat ulang halaman" in page.content.decode()


@pytest.mark.django_db
def test_statistics_lookup_with_a_malformed_code_is_a_plain_not_found(operator: User) -> None:
    response = login(operator).get("/penduduk/statistik/", {"kode": "a/b"})
    assert response.status_code == 404
    good = login(operator).get("/penduduk/statistik/", {"kode": DESA_PINCARA})
    assert good.status_code == 302 and good["Location"].endswith(f"/statistik/{DESA_PINCARA}/")


@pytest.mark.django_db
def test_deeply_nested_or_broken_json_with_nul_is_a_400(tree: None) -> None:
    for body in ("[" * 50000 + '"\\u0000"', '{"number": "\x00', b"\xff\xfe\x00"):
        response = Client().post("/api/v1/complaints/track", body, content_type="application/json")
        assert response.status_code == 400, body[:20]
        assert set(response.json()) == {"code", "message", "errors"}


@pytest.mark.django_db
def test_a_500_outside_the_api_handlers_still_has_the_error_shape_under_api(
    tree: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from balai.core import middleware

    def broken(request: Any) -> bool:
        raise RuntimeError("boom in middleware")

    monkeypatch.setattr(middleware, "request_has_nul", broken)
    client = Client(raise_request_exception=False)
    api = client.get("/api/v1/regions/")
    assert api.status_code == 500 and api.json()["code"] == "server_error"
    page = client.get("/wilayah/")
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2025-02-30", "kemarin"])
def test_posyandu_day_with_an_impossible_date_is_a_form_error(operator: User, day: str) -> None:
    from balai.posyandu import services as posyandu_services
    from balai.regions.models import Area

    unit = posyandu_services.posyandu_create(
        actor=None, area=Area.objects.get(code=f"{DESA_PINCARA}.01"), name="Posyandu Melati"
    )
    response = login(operator).get(f"/posyandu/{unit.pk}/", {"tanggal": day})
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any(m.startswith(("Tanggal", "Tahun")) for m in shown), shown
