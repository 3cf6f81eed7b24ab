"""The prevalence parameter page: read by every health viewer, set by the kabupaten's Dinkes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from balai.accounts.roles import Office, Role
from balai.health.models import PrevalenceParameter
from balai.health.prevalence import national_defaults
from conftest import DESA_PINCARA, KAB_LUTRA, KAB_LUWU, login

pytestmark = pytest.mark.django_db
PAGE = "/kesehatan/parameter/"
SAVE = "/kesehatan/parameter/simpan/"


def form(**changes):
    data = {
        "kabupaten": KAB_LUTRA,
        "year": "2025",
        "group": "diabetes",
        "rate_percent": "2,5".replace(",", "."),
        "age_min": "15",
        "age_max": "",
        "source": "Profil Kesehatan Luwu Utara 2024",
        "confirmed": "on",
    }
    data.update(changes)
    return data


def test_national_defaults_are_shipped_with_their_source_and_marked_unconfirmed():
    defaults = national_defaults()
    assert set(defaults) == {"hipertensi", "diabetes", "odgj", "tb", "hiv"}
    assert all(r.source and not r.confirmed and r.national for r in defaults.values())


def test_dinkes_sets_a_figure_that_replaces_the_default_for_that_year(dinkes):
    client = login(dinkes)
    page = client.get(PAGE, {"tahun": "2025"}).content.decode()
    assert "angka nasional bawaan" in page and "belum dikonfirmasi" in page
    assert 'data-testid="parameter-form"' in page
    response = client.post(SAVE, form(), follow=True)
    assert "Parameter prevalensi disimpan" in response.content.decode()
    row = PrevalenceParameter.objects.get()
    assert (row.area_id, row.year, row.group, row.rate_percent, row.confirmed) == (
        KAB_LUTRA,
        2025,
        "diabetes",
        Decimal("2.5000"),
        True,
    )
    assert "ditetapkan kabupaten" in response.content.decode()
    # Setting it again replaces the row (one per kabupaten, year and group).
    client.post(SAVE, form(rate_percent="3"))
    assert list(PrevalenceParameter.objects.values_list("rate_percent", flat=True)) == [
        Decimal("3.0000")
    ]


def test_bad_figures_are_refused_with_a_message(dinkes):
    client = login(dinkes)
    response = client.post(SAVE, form(rate_percent="140"), follow=True)
    assert response.status_code == 200 and "100" in response.content.decode()
    response = client.post(SAVE, form(age_min="50", age_max="20"), follow=True)
    assert "lebih kecil" in response.content.decode()
    assert PrevalenceParameter.objects.count() == 0


def test_a_village_office_reads_its_kabupatens_figures_but_cannot_set_them(operator, dinkes):
    login(dinkes).post(SAVE, form())
    client = login(operator)
    page = client.get(PAGE, {"tahun": "2025"})
    assert page.status_code == 200 and page.context["kabupaten"].code == KAB_LUTRA
    assert "ditetapkan kabupaten" in page.content.decode()
    assert 'data-testid="parameter-form"' not in page.content.decode()
    assert client.post(SAVE, form(rate_percent="9")).status_code == 403
    assert client.get(PAGE, {"wilayah": KAB_LUWU}).status_code == 403
    assert client.get(PAGE, {"wilayah": DESA_PINCARA}).status_code == 404
    assert PrevalenceParameter.objects.get().rate_percent == Decimal("2.5000")


def test_other_offices_and_kabupaten_cannot_set_figures(make_user):
    dpmd = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DPMD, username="dpmd")
    luwu = make_user(Role.KABUPATEN_STAFF, KAB_LUWU, office=Office.DINKES, username="dinkes_luwu")
    assert login(dpmd).post(SAVE, form()).status_code == 403
    assert login(luwu).post(SAVE, form()).status_code == 403
    assert login(dpmd).get(PAGE).status_code == 200  # reading is fine
    assert PrevalenceParameter.objects.count() == 0


def test_menu_links_follow_the_office(make_user, dinkes, operator):
    dpmd = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office=Office.DPMD, username="dpmd")
    home = login(dinkes).get("/").content.decode()
    assert f"/kesehatan/impor/{KAB_LUTRA}/" in home and PAGE in home
    for user in (dpmd, operator):
        home = login(user).get("/").content.decode()
        assert "/kesehatan/impor/" not in home and PAGE in home


def test_the_api_lists_the_parameters_in_force(dinkes, operator, csrf_client):
    login(dinkes).post(SAVE, form())
    csrf_client.force_login(operator)
    body = csrf_client.get("/api/v1/health/parameters", {"year": 2025}).json()
    by_group = {row["group"]: row for row in body}
    assert by_group["diabetes"]["rate_percent"] in ("2.5000", "2.5", 2.5)
    assert by_group["diabetes"]["national"] is False and by_group["diabetes"]["confirmed"]
    assert by_group["hipertensi"]["national"] is True
    response = csrf_client.get("/api/v1/health/parameters", {"year": 1900})
    assert response.status_code == 400 and response.json()["code"] == "invalid_period"
    assert csrf_client.get("/api/v1/health/parameters", {"area": KAB_LUWU}).status_code == 403
