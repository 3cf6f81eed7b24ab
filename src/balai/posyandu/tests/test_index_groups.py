"""The kabupaten's posyandu list: grouped by kecamatan and village, with counts and search."""

from __future__ import annotations

import pytest

from balai.accounts.roles import Role
from balai.posyandu import services
from balai.regions.models import Area
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEC_MALANGKE, KEC_MASAMBA, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(tree):
    made = {}
    for code, name in [
        (f"{DESA_PINCARA}.01", "Posyandu Mawar"),
        (DESA_PINCARA, "Posyandu Melati"),
        (f"{DESA_PATTIMANG}.01", "Posyandu Anggrek"),
    ]:
        area = Area.objects.get(code=code)
        made[name] = services.posyandu_create(actor=None, area=area, name=name)
    return made


def test_kabupaten_sees_posyandu_grouped_by_kecamatan_and_village(make_user, spread):
    staff = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="dinkes", username="dinkes")
    response = login(staff).get("/posyandu/")
    groups = response.context["groups"]
    assert [g.code for g in groups] == [KEC_MALANGKE, KEC_MASAMBA]
    malangke, masamba = groups
    assert (malangke.count, masamba.count) == (1, 2)
    assert [v.code for v in masamba.villages] == [DESA_PINCARA]
    assert [p.name for p in masamba.villages[0].posyandus] == ["Posyandu Mawar", "Posyandu Melati"]
    html = response.content.decode()
    assert 'data-testid="posyandu-groups"' in html and 'name="q"' in html
    assert Area.objects.get(code=KEC_MASAMBA).name in html
    assert "3 posyandu" in html


def test_search_narrows_by_posyandu_or_village_name(make_user, spread):
    staff = make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="dinkes", username="dinkes")
    client = login(staff)
    by_name = client.get("/posyandu/", {"q": "anggrek"}).context["posyandus"]
    assert [p.name for p in by_name] == ["Posyandu Anggrek"]
    village = Area.objects.get(code=DESA_PINCARA).name
    by_village = client.get("/posyandu/", {"q": village.lower()}).context["posyandus"]
    assert {p.name for p in by_village} == {"Posyandu Mawar", "Posyandu Melati"}
    none = client.get("/posyandu/", {"q": "tidak ada"})
    assert list(none.context["posyandus"]) == []
    assert "Tidak ada posyandu yang cocok" in none.content.decode()


def test_search_stays_inside_the_scope(camat, spread):
    client = login(camat)  # Camat Masamba
    found = client.get("/posyandu/", {"q": "anggrek"}).context["posyandus"]
    assert list(found) == []
    everything = client.get("/posyandu/").context["posyandus"]
    assert {p.name for p in everything} == {"Posyandu Mawar", "Posyandu Melati"}
