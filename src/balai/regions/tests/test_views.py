from __future__ import annotations

import pytest
from django.test import Client

from balai.regions.models import Area
from conftest import DESA_PATTIMANG, DESA_PINCARA, KEC_MALANGKE, KEC_MASAMBA, KEL_KAPPUNA, login


@pytest.mark.django_db
def test_unknown_code_gives_404_in_indonesian(tree: None) -> None:
    response = Client().get("/wilayah/99.99/")
    assert response.status_code == 404
    assert "Wilayah dengan kode 99.99 tidak ditemukan." in response.content.decode()


@pytest.mark.django_db
def test_public_sees_kemendagri_children_but_no_subareas(tree: None) -> None:
    response = Client().get(f"/wilayah/{DESA_PINCARA}/")
    assert response.status_code == 200
    assert list(response.context["children"]) == []
    assert Client().get(f"/wilayah/{DESA_PINCARA}.01/").status_code == 404
    kec = Client().get(f"/wilayah/{KEC_MASAMBA}/")
    assert [a.code for a in kec.context["children"]] == [KEL_KAPPUNA, DESA_PINCARA]


@pytest.mark.django_db
def test_operator_sees_own_subareas_and_not_the_neighbours(operator: object) -> None:
    client = login(operator)  # type: ignore[arg-type]
    own = client.get(f"/wilayah/{DESA_PINCARA}/")
    assert [a.code for a in own.context["children"]] == [f"{DESA_PINCARA}.01"]
    assert own.context["can_add"] is True
    assert client.get(f"/wilayah/{DESA_PATTIMANG}.01/").status_code == 404
    other = client.get(f"/wilayah/{DESA_PATTIMANG}/")
    assert list(other.context["children"]) == []
    assert other.context["can_add"] is False


@pytest.mark.django_db
def test_camat_sees_every_village_of_the_kecamatan_and_none_outside(camat: object) -> None:
    client = login(camat)  # type: ignore[arg-type]
    assert client.get(f"/wilayah/{KEL_KAPPUNA}.001/").status_code == 200
    assert client.get(f"/wilayah/{DESA_PINCARA}.01.002/").status_code == 200
    assert client.get(f"/wilayah/{DESA_PATTIMANG}.01/").status_code == 404
    page = client.get(f"/wilayah/{DESA_PINCARA}/")
    assert page.context["can_add"] is False


@pytest.mark.django_db
def test_operator_adds_an_rt_in_own_village(operator: object) -> None:
    client = login(operator)  # type: ignore[arg-type]
    response = client.post(f"/wilayah/{DESA_PINCARA}.01/tambah/", {"level": "rt", "name": ""})
    assert response.status_code == 302
    rt = Area.objects.get(code=f"{DESA_PINCARA}.01.003")
    assert rt.name == "RT 003"
    from auditlog.models import LogEntry

    entry = LogEntry.objects.get_for_object(rt).get(action=LogEntry.Action.CREATE)
    assert entry.actor == operator
    assert entry.remote_addr == "127.0.0.1"


@pytest.mark.parametrize(
    ("path", "data"),
    [
        (f"/wilayah/{DESA_PATTIMANG}/tambah/", {"level": "dusun"}),
        (f"/wilayah/{DESA_PATTIMANG}.01/ubah/", {"name": "Diambil alih"}),
        (f"/wilayah/{DESA_PATTIMANG}.01/nonaktifkan/", {}),
    ],
)
@pytest.mark.django_db
def test_operator_cannot_change_another_village(
    operator: object, path: str, data: dict[str, str]
) -> None:
    before = list(
        Area.objects.filter(code__within=DESA_PATTIMANG).values_list("code", "name", "is_active")
    )
    response = login(operator).post(path, data)  # type: ignore[arg-type]
    assert response.status_code == 403
    after = list(
        Area.objects.filter(code__within=DESA_PATTIMANG).values_list("code", "name", "is_active")
    )
    assert after == before


@pytest.mark.django_db
def test_camat_cannot_change_a_village_of_the_kecamatan(camat: object) -> None:
    response = login(camat).post(f"/wilayah/{DESA_PINCARA}/tambah/", {"level": "dusun"})  # type: ignore[arg-type]
    assert response.status_code == 403
    assert not Area.objects.filter(code=f"{DESA_PINCARA}.02").exists()


@pytest.mark.django_db
def test_invalid_subarea_form_is_reported_not_saved(operator: object) -> None:
    client = login(operator)  # type: ignore[arg-type]
    response = client.post(f"/wilayah/{DESA_PINCARA}/tambah/", {"level": "kota"}, follow=True)
    assert "Data tidak valid" in response.content.decode()
    response = client.post(f"/wilayah/{DESA_PINCARA}/tambah/", {"level": "rt"}, follow=True)
    assert "tidak bisa berada di bawah" in response.content.decode()
    assert Area.objects.filter(code__within=DESA_PINCARA).count() == 4


@pytest.mark.django_db
def test_search_finds_by_name_and_htmx_gets_only_the_fragment(tree: None) -> None:
    page = Client().get("/wilayah/cari/", {"q": "masam"})
    assert [a.code for a in page.context["results"]] == [KEC_MASAMBA]
    assert "<html" in page.content.decode()
    fragment = Client().get("/wilayah/cari/", {"q": "malangke"}, headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert "<html" not in body
    assert KEC_MALANGKE in body
    assert "73.22.01.2002" in body
