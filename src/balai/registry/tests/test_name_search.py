"""Name search: best matches first, a page at a time, counted only up to a cap, in scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from balai.accounts.models import User
from balai.accounts.roles import Role
from balai.registry import selectors
from balai.registry.selectors import ResidentFilters, resident_name_search
from balai.registry.tests.factories import make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA, KAB_LUTRA, KEL_KAPPUNA, MakeUser, login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tree")]
RT1 = f"{DESA_PINCARA}.01.001"
LIST = reverse("registry:resident_list")


@pytest.fixture
def staff(make_user: MakeUser) -> User:
    return make_user(Role.KABUPATEN_STAFF, KAB_LUTRA, office="DPMD")


def names(rows: list[object]) -> list[str]:
    return [r.name for r in rows]  # type: ignore[attr-defined]


def search(user: User, text: str, **kwargs: object) -> tuple[list[str], int | None, object]:
    rows, after, matches = resident_name_search(
        user=user, filters=ResidentFilters(q=text), **kwargs
    )
    return names(rows), after, matches


def test_names_starting_with_the_text_come_first_then_the_rest_alphabetically(
    staff: User,
) -> None:
    for name in ("ZAINAL MUHAMMAD", "MUHAMMAD RAUF", "ANDI MUHAMMADIN", "muhammad ali", "ABDUL"):
        make_resident(RT1, name=name)
    found, after, matches = search(staff, "  Muhammad ")
    assert found == ["MUHAMMAD ALI", "MUHAMMAD RAUF", "ANDI MUHAMMADIN", "ZAINAL MUHAMMAD"]
    assert after is None
    assert (matches.count, matches.more) == (4, False)  # type: ignore[attr-defined]


def test_every_word_must_match_in_any_order(staff: User) -> None:
    for name in ("ANDI MAPPA", "MAPPA ANDI", "ANDI BACO"):
        make_resident(RT1, name=name)
    found, _after, _m = search(staff, "mappa andi")
    assert found == ["MAPPA ANDI", "ANDI MAPPA"]


def test_pages_follow_the_ranking_without_repeats(staff: User) -> None:
    for i in range(7):
        make_resident(RT1, name=f"SITTI {chr(65 + i)}")
        make_resident(RT1, name=f"{chr(65 + i)} SITTI")
    seen: list[str] = []
    after = None
    while True:
        page, after, _m = search(staff, "sitti", after=after, size=3)
        seen += page
        if after is None:
            break
    assert seen[:7] == [f"SITTI {chr(65 + i)}" for i in range(7)]
    assert seen[7:] == [f"{chr(65 + i)} SITTI" for i in range(7)]


def test_beyond_the_cap_no_count_and_names_starting_with_the_text_first(
    staff: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "NAME_MATCH_CAP", 5)
    for i in range(6):
        make_resident(RT1, name=f"{chr(75 - i)} NUR")  # K NUR, J NUR, ... (other matches)
    for i in range(3):
        make_resident(RT1, name=f"NUR {chr(65 + i)}")
    found, after, matches = search(staff, "nur", size=4)
    assert (matches.count, matches.more) == (5, True)  # type: ignore[attr-defined]
    assert found == ["NUR A", "NUR B", "NUR C", "F NUR"]  # filled with the others, in order
    rest, after2, _m = search(staff, "nur", size=4, after=after)
    assert rest == ["G NUR", "H NUR", "I NUR", "J NUR"]
    assert after2 is not None


def test_search_stays_inside_the_users_area(operator: User, make_user: MakeUser) -> None:
    make_resident(RT1, name="HASAN BASRI")
    make_resident(DESA_PATTIMANG, name="HASAN BASRI")
    make_resident(KEL_KAPPUNA, name="HASAN TAHIR")
    found, _a, matches = search(operator, "hasan")
    assert found == ["HASAN BASRI"]  # Pincara's operator: own village only
    assert matches.count == 1  # type: ignore[attr-defined]
    response = login(operator).get(LIST, {"q": "hasan"})
    assert [r.area_id for r in response.context["rows"]] == [RT1]
    camat = make_user(Role.CAMAT, DESA_PINCARA[:8])
    found, _a, _m = search(camat, "hasan")
    assert sorted(found) == ["HASAN BASRI", "HASAN TAHIR"]  # Masamba, not Pattimang


def test_the_page_states_the_behaviour_and_the_cap(
    staff: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(3):
        make_resident(RT1, name=f"RATNA {chr(65 + i)}")
    client = login(staff)
    page = client.get(LIST, {"q": "ratna"}).content.decode()
    assert "3 penduduk cocok." in page
    assert "kecocokan terbaik" in page
    monkeypatch.setattr(selectors, "NAME_MATCH_CAP", 2)
    page = client.get(LIST, {"q": "ratna"}).content.decode()
    assert "Lebih dari 2 penduduk cocok — persempit pencarian" in page
    plain = client.get(LIST).content.decode()
    assert "penduduk cocok" not in plain  # the plain list keeps its pages
