"""Finance pages through the test client: the main flow, denials (nothing changed), public pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from balai.accounts.models import User
from balai.accounts.roles import Role
from balai.finance.models import Apbdes, ApbdesLine, EvaluationResult, Status
from balai.regions.models import Area
from conftest import DESA_PATTIMANG, DESA_PINCARA, KEC_MASAMBA, MakeUser, close_response, login

from .conftest import build_draft

LINE = {
    "account_code": "5.2.2.01",
    "kegiatan_code": "1.4.01",
    "fund_source": "ADD",
    "description": "Honor tim",
    "amount": "1.500.000",
}


def test_sekdes_drafts_through_the_pages(sekdes: User, pincara: Area) -> None:
    client = login(sekdes)
    page = client.get(f"/keuangan/desa/{DESA_PINCARA}/")
    assert page.status_code == 200
    response = client.post(f"/keuangan/desa/{DESA_PINCARA}/", {"year": 2026})
    apbdes = Apbdes.objects.get(village=pincara, year=2026)
    assert response.status_code == 302 and response["Location"] == f"/keuangan/apbdes/{apbdes.pk}/"
    response = client.post(f"/keuangan/apbdes/{apbdes.pk}/baris/", LINE)
    assert response.status_code == 302
    assert apbdes.lines.get().amount == 1_500_000
    bad = client.post(f"/keuangan/apbdes/{apbdes.pk}/baris/", {**LINE, "amount": "15O0000"})
    assert bad.status_code == 200
    assert "Jumlah 15O0000 tidak sah" in bad.content.decode()
    assert apbdes.lines.count() == 1


def test_other_village_cannot_see_or_write(make_user: MakeUser, draft: Apbdes) -> None:
    other = login(make_user(Role.SEKRETARIS_DESA, DESA_PATTIMANG, username="sekdes_pattimang"))
    assert other.get(f"/keuangan/apbdes/{draft.pk}/").status_code == 404
    assert other.post(f"/keuangan/apbdes/{draft.pk}/baris/", LINE).status_code == 404
    line = draft.lines.first()
    assert line is not None
    assert other.post(f"/keuangan/baris/{line.pk}/hapus/").status_code == 404
    assert draft.lines.count() == 10
    assert other.get(f"/keuangan/desa/{DESA_PINCARA}/").status_code in (403, 404)


def test_camat_reads_but_cannot_edit(camat_user: User, draft: Apbdes) -> None:
    client = login(camat_user)
    assert client.get(f"/keuangan/apbdes/{draft.pk}/").status_code == 200
    assert client.post(f"/keuangan/apbdes/{draft.pk}/baris/", LINE).status_code == 403
    assert draft.lines.count() == 10


def test_sekdes_cannot_enact_or_agree(sekdes: User, draft: Apbdes) -> None:
    client = login(sekdes)
    response = client.post(
        f"/keuangan/apbdes/{draft.pk}/sepakati/",
        {"sepakati-agreed_on": "2024-10-21", "sepakati-agreement_number": "1"},
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_kades_and_camat_run_the_workflow(kades: User, camat_user: User, draft: Apbdes) -> None:
    village = login(kades)
    ok = village.post(
        f"/keuangan/apbdes/{draft.pk}/sepakati/",
        {"sepakati-agreed_on": "2026-01-05", "sepakati-agreement_number": "01/BA-BPD/2026"},
    )
    assert ok.status_code == 302
    village.post(
        f"/keuangan/apbdes/{draft.pk}/sampaikan/",
        {"sampaikan-submitted_on": "2026-01-06", "sampaikan-evaluator": "camat"},
    )
    draft.refresh_from_db()
    # Day 0 Tue 6 Jan; 16 Jan closed: the 20th working day is Wed 4 Feb.
    assert (draft.status, draft.evaluation_due) == (Status.SUBMITTED, dt.date(2026, 2, 4))
    camat = login(camat_user)
    queue = camat.get(f"/keuangan/evaluasi/{KEC_MASAMBA}/")
    assert queue.status_code == 200 and "PINCARA" in queue.content.decode().upper()
    response = camat.post(
        f"/keuangan/apbdes/{draft.pk}/evaluasi/",
        {
            "evaluasi-result": "ok",
            "evaluasi-evaluated_on": "2026-01-19",
            "evaluasi-number": "140/3/KEC",
            "evaluasi-check_balanced": "on",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.APPROVED and draft.checklist["balanced"] is True
    assert draft.checklist["rkpdes"] is False
    enacted = village.post(
        f"/keuangan/apbdes/{draft.pk}/tetapkan/",
        {"tetapkan-enacted_on": "2026-01-20", "tetapkan-perdes_number": "1 Tahun 2025"},
    )
    assert enacted.status_code == 302
    draft.refresh_from_db()
    assert draft.is_current and draft.perdes_number == "1 Tahun 2025"


def test_kades_cannot_evaluate(kades: User, draft: Apbdes) -> None:
    response = login(kades).post(
        f"/keuangan/apbdes/{draft.pk}/evaluasi/",
        {"evaluasi-result": "ok", "evaluasi-evaluated_on": "2026-01-19", "evaluasi-number": "1"},
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.evaluation_result == ""


def test_late_evaluation_shows_the_message_and_records_the_lapse(
    camat_user: User, pincara: Area
) -> None:
    from balai.finance import services

    apbdes = build_draft(pincara, 2026)
    services.apbdes_agree(
        actor=None, apbdes=apbdes, agreed_on=dt.date(2025, 12, 1), agreement_number="x"
    )
    services.apbdes_submit(actor=None, apbdes=apbdes, submitted_on=dt.date(2025, 12, 2))
    response = login(camat_user).post(
        f"/keuangan/apbdes/{apbdes.pk}/evaluasi/",
        {"evaluasi-result": "ok", "evaluasi-evaluated_on": "2026-01-02", "evaluasi-number": "1"},
    )
    assert response.status_code == 200
    assert "sudah lewat" in response.content.decode()
    apbdes.refresh_from_db()
    assert apbdes.evaluation_result == EvaluationResult.LAPSED


def test_public_page_poster_and_open_data(client: object, enacted: Apbdes) -> None:
    from django.test import Client

    anonymous = Client()
    page = anonymous.get(f"/keuangan/publik/{DESA_PINCARA}/?tahun=2025")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Rp950.000.000" in body and "1 Tahun 2025" in body
    poster = anonymous.get(f"/keuangan/publik/{DESA_PINCARA}/2025/poster.pdf")
    assert poster.status_code == 200 and poster.content.startswith(b"%PDF")
    data = anonymous.get(f"/keuangan/publik/{DESA_PINCARA}/2025/apbdes.xlsx")
    assert data.status_code == 200
    close_response(data)
    assert anonymous.get(f"/keuangan/publik/{DESA_PINCARA}/2024/poster.pdf").status_code == 404


def test_public_page_sums_realisation_in_a_fixed_number_of_queries(
    enacted: Apbdes, django_assert_max_num_queries: Any
) -> None:
    from django.test import Client

    from balai.finance import services

    road = enacted.lines.get(account_code="5.3.5.01")
    income = enacted.lines.get(account_code="4.2.1.01")
    for line, month, amount in ((road, 3, 100_000_000), (road, 7, 50_000_000), (income, 2, 8)):
        services.realisation_record(actor=None, line=line, month=month, amount=amount)
    url = f"/keuangan/publik/{DESA_PINCARA}/?tahun=2025"
    anonymous = Client()
    anonymous.get(url)  # warm the reference lists read once per process
    # The village, its versions in force, the lines with their realisation.
    with django_assert_max_num_queries(3):
        body = anonymous.get(url).content.decode()
    # Bidang 2 (2.2.02 and 2.3.10): budget 480 M, realised 150 M (March and July).
    assert "<td>Rp480.000.000</td><td>Rp150.000.000</td>" in body
    assert "<td>Rp800.000.000</td><td>Rp8</td>" in body  # Dana Desa


def test_public_page_of_a_draft_shows_nothing(draft: Apbdes) -> None:
    from django.test import Client

    body = Client().get(f"/keuangan/publik/{DESA_PINCARA}/?tahun=2025").content.decode()
    assert "belum ditetapkan" in body and "Rp950.000.000" not in body
    assert ApbdesLine.objects.filter(apbdes=draft).count() == 10


def test_bumdesa_register_and_report(kades: User, camat_user: User, pincara: Area) -> None:
    client = login(kades)
    response = client.post(
        f"/keuangan/desa/{DESA_PINCARA}/bumdes/",
        {"form": "bumdesa", "name": "BUM Desa Pincara Jaya", "classification": "pemula"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/keuangan/desa/{DESA_PINCARA}/bumdes/",
        {
            "form": "report",
            "year": 2025,
            "period": "year",
            "revenue": "120000000",
            "profit": "-2000000",
            "assets": "300000000",
            "contribution": "abc",
        },
    )
    assert response.status_code == 200 and "Jumlah abc tidak sah" in response.content.decode()
    overview = login(camat_user).get(f"/keuangan/bumdes/{KEC_MASAMBA}/?tahun=2025")
    assert "BUM Desa Pincara Jaya" in overview.content.decode()
    assert (
        login(camat_user)
        .post(f"/keuangan/desa/{DESA_PINCARA}/bumdes/", {"form": "bumdesa", "name": "X"})
        .status_code
        == 403
    )


def _edit_data(line: ApbdesLine, **changes: str) -> dict[str, str]:
    data = {
        "account_code": line.account_code,
        "kegiatan_code": line.kegiatan_code,
        "fund_source": line.fund_source,
        "description": line.description,
        "amount": str(line.amount),
        "focus": line.focus,
    }
    return {**data, **changes}


def test_sekdes_edits_one_line_of_the_draft(sekdes: User, draft: Apbdes) -> None:
    client = login(sekdes)
    line = draft.lines.get(account_code="5.3.5.01")
    detail = client.get(f"/keuangan/apbdes/{draft.pk}/").content.decode()
    assert f"/keuangan/baris/{line.pk}/ubah/" in detail
    page = client.get(f"/keuangan/baris/{line.pk}/ubah/")
    assert page.status_code == 200 and 'value="400000000.00"' in page.content.decode()
    bad = client.post(f"/keuangan/baris/{line.pk}/ubah/", _edit_data(line, amount="4OO juta"))
    assert bad.status_code == 200 and "Jumlah 4OO juta tidak sah" in bad.content.decode()
    unknown = client.post(
        f"/keuangan/baris/{line.pk}/ubah/", _edit_data(line, kegiatan_code="2.3.77")
    )
    assert "tidak ada di daftar kegiatan" in unknown.content.decode()
    line.refresh_from_db()
    assert (line.amount, line.kegiatan_code) == (400_000_000, "2.3.10")
    response = client.post(
        f"/keuangan/baris/{line.pk}/ubah/",
        _edit_data(line, amount="350.000.000", description="Rabat beton Dusun Dua"),
    )
    assert response.status_code == 302 and response["Location"] == f"/keuangan/apbdes/{draft.pk}/"
    line.refresh_from_db()
    assert (line.amount, line.description) == (350_000_000, "Rabat beton Dusun Dua")


def test_line_edit_is_refused_outside_the_village_and_after_agreement(
    make_user: MakeUser, camat_user: User, kades: User, draft: Apbdes
) -> None:
    line = draft.lines.get(account_code="5.3.5.01")
    url = f"/keuangan/baris/{line.pk}/ubah/"
    other = login(make_user(Role.SEKRETARIS_DESA, DESA_PATTIMANG, username="sekdes_pattimang"))
    assert other.get(url).status_code == 404
    assert other.post(url, _edit_data(line, amount="1")).status_code == 404
    assert login(camat_user).post(url, _edit_data(line, amount="1")).status_code == 403
    login(kades).post(
        f"/keuangan/apbdes/{draft.pk}/sepakati/",
        {"sepakati-agreed_on": "2026-01-05", "sepakati-agreement_number": "01/BA"},
    )
    draft.refresh_from_db()
    assert draft.status == Status.AGREED
    operator = login(make_user(Role.SEKRETARIS_DESA, DESA_PINCARA, username="sekdes2"))
    assert "tidak dapat diubah" in operator.get(url).content.decode()
    refused = operator.post(url, _edit_data(line, amount="1"))
    assert refused.status_code == 200 and "tidak dapat diubah" in refused.content.decode()
    line.refresh_from_db()
    assert line.amount == 400_000_000


def test_line_edit_offers_the_rkpdes_activities_when_several_match(
    sekdes: User, pincara: Area
) -> None:
    from decimal import Decimal

    from balai.planning.selectors import kegiatan_by_code
    from balai.planning.services.plans import rkpdes_activity_create

    made = [
        rkpdes_activity_create(
            actor=None,
            village=pincara,
            year=2026,
            kegiatan=kegiatan_by_code()["2.3.10"],
            name=name,
            location=name,
            volume=Decimal(1),
            unit="paket",
            indicative_cost=Decimal(1_000_000),
        )
        for name in ("Rabat beton Dusun Satu", "Rabat beton Dusun Dua")
    ]
    apbdes = build_draft(pincara, 2026)
    line = apbdes.lines.get(account_code="5.3.5.01")
    client = login(sekdes)
    page = client.get(f"/keuangan/baris/{line.pk}/ubah/").content.decode()
    assert "Rabat beton Dusun Satu" in page and "Rabat beton Dusun Dua" in page
    income = apbdes.lines.get(account_code="4.2.1.01")
    assert (
        'name="rkpdes_activity"'
        not in client.get(f"/keuangan/baris/{income.pk}/ubah/").content.decode()
    )
    response = client.post(
        f"/keuangan/baris/{line.pk}/ubah/", _edit_data(line, rkpdes_activity=str(made[1].pk))
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.rkpdes_activity == made[1]
