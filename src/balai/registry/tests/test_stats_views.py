from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from balai.accounts.models import User
from balai.accounts.roles import Role
from balai.regions.models import Area
from balai.registry import codes
from balai.registry.services import resident_record_death
from balai.registry.stats.models import PopulationSummary
from balai.registry.tests.factories import make_resident
from conftest import (
    DESA_PATTIMANG,
    DESA_PINCARA,
    KAB_LUTRA,
    KEC_MALANGKE,
    KEC_MASAMBA,
    KEL_KAPPUNA,
    MakeUser,
    login,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tree")]
RT1 = f"{DESA_PINCARA}.01.001"


@pytest.fixture(autouse=True)
def frozen() -> object:
    with time_machine.travel(date(2025, 6, 15), tick=False) as traveller:
        yield traveller


@pytest.fixture
def people() -> None:
    """Pincara: 7 Islam men, 2 Kristen women (a small cell); Pattimang: 6 women."""
    for i in range(7):
        make_resident(RT1, religion=codes.Religion.ISLAM, birth_date=date(1980, 1, 1 + i))
    for i in range(2):
        make_resident(
            RT1,
            sex=codes.Sex.FEMALE,
            religion=codes.Religion.KRISTEN,
            birth_date=date(2001, 1, 1 + i),
        )
    for i in range(6):
        make_resident(DESA_PATTIMANG, sex=codes.Sex.FEMALE, birth_date=date(1990, 2, 1 + i))


def stats_url(code: str, suffix: str = "") -> str:
    return f"/penduduk/statistik/{code}/{suffix}"


def test_operator_sees_village_tables_and_pyramid(operator: User, people: None) -> None:
    response = login(operator).get(stats_url(DESA_PINCARA))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="population">9<' in html
    assert "<svg" in html
    assert "<script" not in html.split("</head>")[1]
    assert 'style="' not in html
    religion = response.context["stats"].table("religion")
    assert {r.label: (r.male, r.female) for r in religion.rows if r.total} == {
        "Islam": (7, 0),
        "Kristen": (0, 2),
    }


def test_home_redirects_to_the_acting_role_area(operator: User) -> None:
    response = login(operator).get("/penduduk/statistik/")
    assert response["Location"] == stats_url(DESA_PINCARA)


@pytest.mark.parametrize(
    "path",
    [
        stats_url(DESA_PINCARA),
        stats_url(DESA_PINCARA, "unduh.xlsx"),
        stats_url(DESA_PINCARA, "bulanan/"),
        stats_url(DESA_PINCARA, "bulanan/unduh.xlsx"),
        stats_url(KEC_MASAMBA),
        f"/api/v1/registry/stats/{DESA_PINCARA}",
        f"/api/v1/registry/stats/{DESA_PINCARA}/monthly",
    ],
)
def test_operator_of_another_village_is_refused(
    other_operator: User, people: None, path: str
) -> None:
    response = login(other_operator).get(path)
    assert response.status_code == 403
    assert b"Islam" not in response.content
    assert not PopulationSummary.objects.filter(
        computed_on__isnull=False
    ).exists()  # nothing computed


def test_resident_role_has_no_statistics(make_user: MakeUser, people: None) -> None:
    resident = make_user(Role.RESIDENT, DESA_PINCARA)
    assert login(resident).get(stats_url(DESA_PINCARA)).status_code == 403


def test_unknown_area_is_404(operator: User) -> None:
    assert login(operator).get(stats_url("73.22.03.2999")).status_code == 404


def test_camat_sees_the_kecamatan_and_its_villages_only(camat: User, people: None) -> None:
    client = login(camat)
    kec = client.get(stats_url(KEC_MASAMBA))
    assert kec.status_code == 200
    assert kec.context["stats"].population.total == 9
    assert client.get(stats_url(KEL_KAPPUNA)).status_code == 200
    assert client.get(stats_url(KEC_MALANGKE)).status_code == 403
    assert client.get(stats_url(KAB_LUTRA)).status_code == 403


def test_kabupaten_page_reads_summaries_with_few_queries(
    make_user: MakeUser, people: None, django_assert_max_num_queries: object
) -> None:
    staff = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="DPMD")
    client = login(staff)
    first = client.get(stats_url(KAB_LUTRA))
    assert first.context["stats"].population.total == 15
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        again = client.get(stats_url(KAB_LUTRA))
    assert again.context["stats"].population.total == 15
    person = make_resident(DESA_PATTIMANG, sex=codes.Sex.FEMALE, birth_date=date(1999, 9, 9))
    assert client.get(stats_url(KAB_LUTRA)).context["stats"].population.total == 16
    resident_record_death(actor=None, resident=person, event_date=date(2025, 6, 14))
    assert client.get(stats_url(KAB_LUTRA)).context["stats"].population.female == 8


def test_xlsx_holds_every_table_with_counts(operator: User, people: None) -> None:
    response = login(operator).get(stats_url(DESA_PINCARA, "unduh.xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.getvalue()))
    assert {"age", "religion", "education", "occupation", "ektp"} <= set(book.sheetnames)
    rows = {r[1]: r[2:5] for r in book["religion"].iter_rows(values_only=True)}
    assert rows["Islam"] == (7, 0, 7)
    assert rows["Kristen"] == (0, 2, 2)
    assert rows["Jumlah"] == (7, 2, 9)


def test_api_gives_counts_with_their_denominator(operator: User, people: None) -> None:
    data = login(operator).get(f"/api/v1/registry/stats/{DESA_PINCARA}").json()
    religion = next(t for t in data["tables"] if t["key"] == "religion")
    assert religion["denominator"] == {"male": 7, "female": 2, "total": 9}
    islam = next(r for r in religion["rows"] if r["value"] == codes.Religion.ISLAM)
    assert (islam["male"], islam["female"], islam["total"]) == (7, 0, 7)
    assert data["suppressed"] is False


def test_anonymous_api_caller_gets_401_on_scoped_stats() -> None:
    for path in (
        f"/api/v1/registry/stats/{DESA_PINCARA}",
        f"/api/v1/registry/stats/{DESA_PINCARA}/monthly",
    ):
        assert Client().get(path).status_code == 401


def test_public_page_needs_no_login_and_hides_small_cells(people: None) -> None:
    response = Client().get(f"/penduduk/publik/statistik/{DESA_PINCARA}/")
    assert response.status_code == 200
    religion = {r.value: r for r in response.context["stats"].table("religion").rows}
    assert religion[codes.Religion.KRISTEN].shown("female") == "<5"
    assert "&lt;5" in response.content.decode()
    data = Client().get(f"/api/v1/registry/stats/public/{DESA_PINCARA}").json()
    assert data["suppressed"] is True
    rows = next(t for t in data["tables"] if t["key"] == "religion")["rows"]
    assert next(r for r in rows if r["value"] == codes.Religion.KRISTEN)["female"] == "<5"
    book = load_workbook(
        BytesIO(Client().get(f"/penduduk/publik/statistik/{DESA_PINCARA}/unduh.xlsx").getvalue())
    )
    cells = {r[1]: r[2:5] for r in book["religion"].iter_rows(values_only=True) if r[0] is not None}
    assert cells["Kristen"][1] == "<5"


@pytest.mark.parametrize("code", [KAB_LUTRA, RT1, "73.22.03.2999"])
def test_public_pages_exist_only_for_villages_and_kecamatan(code: str) -> None:
    assert Client().get(f"/penduduk/publik/statistik/{code}/").status_code == 404
    assert Client().get(f"/api/v1/registry/stats/public/{code}").status_code == 404


def test_kecamatan_public_page(people: None) -> None:
    response = Client().get(f"/penduduk/publik/statistik/{KEC_MASAMBA}/")
    assert response.status_code == 200
    assert response.context["stats"].population.shown("total") == "9"


def test_monthly_page_states_its_basis_and_downloads(operator: User, people: None) -> None:
    client = login(operator)
    page = client.get(stats_url(DESA_PINCARA, "bulanan/") + "?bulan=2024-01&dasar=lapor")
    assert page.status_code == 200
    assert page.context["report"].basis == "lapor"
    assert "tanggal lapor" in page.content.decode()
    by_event = client.get(stats_url(DESA_PINCARA, "bulanan/") + "?bulan=2024-01")
    # make_resident registers on 2 January 2024, reported today (June 2025): late.
    assert by_event.context["report"].flows["other_in"].total == 9
    assert by_event.context["report"].late_total == 9
    xlsx = client.get(stats_url(DESA_PINCARA, "bulanan/unduh.xlsx") + "?bulan=2024-01")
    book = load_workbook(BytesIO(xlsx.getvalue()))
    sheet = book.worksheets[0]
    text = [str(r[0]) for r in sheet.iter_rows(values_only=True)]
    assert any("tanggal peristiwa" in t for t in text)
    values = {r[0]: r[1:4] for r in sheet.iter_rows(values_only=True) if r[0]}
    assert values["Penduduk akhir bulan"] == (7, 2, 9)
    assert book.worksheets[1].max_row == 10  # header + 9 late registrations
    data = client.get(
        f"/api/v1/registry/stats/{DESA_PINCARA}/monthly?month=2024-01&basis=lapor"
    ).json()
    assert data["basis"] == "lapor"
    assert next(f for f in data["figures"] if f["key"] == "end")["total"] == 0


def test_monthly_report_is_not_offered_below_a_village(operator: User) -> None:
    Area.objects.get(code=RT1)
    assert login(operator).get(stats_url(RT1, "bulanan/")).status_code == 404
