from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from balai.indicators.testing import fact
from balai.posyandu import imports
from balai.posyandu.models import ChildVisit
from conftest import DESA_PINCARA, login

pytestmark = pytest.mark.django_db

HEADER = "nik,nama,tanggal_lahir,nama_ibu,tanggal_kunjungan,berat_kg,panjang_cm,cara_ukur,edema\n"


def upload(client, posyandu, text, name="ukur.csv"):
    f = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(f"/posyandu/{posyandu.pk}/impor/", {"file": f})


def test_dry_run_then_commit_writes_all_rows_in_one_go(operator, posyandu, make_child):
    a = make_child(posyandu, date(2024, 1, 10), name="Budi", mother_name="Siti")
    b = make_child(posyandu, date(2024, 2, 10), name="Ani", mother_name="Rina")
    text = (
        HEADER
        + f'{a.nik},,,,2025-03-05,"9,2",74.5,L,n\n'
        + ",Ani,10-02-2024,rina,05/03/2025,8.9,,,\n"
    )
    client = login(operator)
    response = upload(client, posyandu, text)
    preview = response.context["preview"]
    assert [r.ok for r in preview.rows] == [True, True]
    assert [r.child.pk for r in preview.rows] == [a.pk, b.pk]
    assert ChildVisit.objects.count() == 0  # dry run writes nothing
    response = client.post(f"/posyandu/{posyandu.pk}/impor/", {"token": preview.token})
    assert response.status_code == 302
    assert ChildVisit.objects.count() == 2
    assert ChildVisit.objects.get(resident=a).zlen is not None
    assert fact("posyandu.cakupan", DESA_PINCARA, "2025-03")[0] == 2


def test_rows_with_errors_are_listed_by_line_and_nothing_is_written(operator, posyandu, make_child):
    a = make_child(posyandu, date(2024, 1, 10), name="Budi", mother_name="Siti")
    text = (
        HEADER
        + f"{a.nik},,,,2025-03-05,9.2,74.5,L,n\n"
        + "9999999999999999,,,,2025-03-05,9,,,\n"
        + f"{a.nik},,,,2025-03-06,0,,,\n"
        + f"{a.nik},,,,2099-03-06,9,,,\n"
        + ",Tono,2024-01-01,,2025-03-05,9,,,\n"
        + f"{a.nik},,,,2025-03-05,abc,,X,maybe\n"
    )
    response = upload(login(operator), posyandu, text)
    rows = response.context["preview"].rows
    assert [r.line for r in rows if not r.ok] == [3, 4, 5, 6, 7]
    messages = {r.line: " ".join(r.errors) for r in rows}
    assert "tidak ada di data penduduk" in messages[3]
    assert "lebih dari 0" in messages[4]
    assert "masa depan" in messages[5]
    assert "nama ibu" in messages[6]
    assert "harus angka" in messages[7] and "cara_ukur" in messages[7]
    assert "Simpan semua" not in response.content.decode()
    assert ChildVisit.objects.count() == 0


def test_commit_rechecks_and_refuses_a_tampered_or_stale_token(
    operator, posyandu, other_posyandu, make_child
):
    from balai.core.errors import DomainError

    a = make_child(posyandu, date(2024, 1, 10))
    preview = imports.preview(
        posyandu, "x.csv", (HEADER + f"{a.nik},,,,2025-03-05,9.2,,,\n").encode()
    )
    with pytest.raises(DomainError, match="tidak sah"):
        imports.commit(actor=None, posyandu=posyandu, token=preview.token + "x")
    with pytest.raises(DomainError, match="posyandu lain"):
        imports.commit(actor=None, posyandu=other_posyandu, token=preview.token)
    assert imports.commit(actor=None, posyandu=posyandu, token=preview.token) == 1
    with pytest.raises(DomainError, match="tidak ada yang disimpan"):
        imports.commit(actor=None, posyandu=posyandu, token=preview.token)  # now a duplicate
    assert ChildVisit.objects.count() == 1


def test_xlsx_upload_with_date_cells(operator, posyandu, make_child):
    from io import BytesIO

    from openpyxl import Workbook

    a = make_child(posyandu, date(2024, 1, 10))
    book = Workbook()
    sheet = book.active
    sheet.append(["NIK", "tanggal_kunjungan", "berat_kg"])
    sheet.append([a.nik, date(2025, 3, 5), 9.2])
    buf = BytesIO()
    book.save(buf)
    preview = imports.preview(posyandu, "ukur.xlsx", buf.getvalue())
    assert [r.ok for r in preview.rows] == [True]


def test_unusable_files_are_clear_messages(operator, posyandu):
    client = login(operator)
    response = upload(client, posyandu, "a,b\n1,2\n")
    assert "Header harus memuat" in response.content.decode()
    response = upload(client, posyandu, "x", name="ukur.pdf")
    assert ".csv atau .xlsx" in response.content.decode()


def test_template_download_and_cadre_of_other_posyandu_is_denied(
    make_user, operator, posyandu, other_posyandu
):
    from balai.accounts.roles import Role
    from balai.posyandu import services

    assert (
        login(operator)
        .get(f"/posyandu/{posyandu.pk}/impor/?templat=1")
        .content.decode()
        .startswith("nik,nama")
    )
    other = make_user(Role.POSYANDU_CADRE, DESA_PINCARA, username="kader_x")
    services.cadre_link(actor=None, posyandu=other_posyandu, user=other)
    assert login(other).get(f"/posyandu/{posyandu.pk}/impor/").status_code == 404
