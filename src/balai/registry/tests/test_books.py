"""OpenSID habits in the registry: print sheets, the population books, list exports."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from balai.accounts.models import User
from balai.regions.models import Area
from balai.registry import codes
from balai.registry.models import EventKind, Family, MoveScope
from balai.registry.selectors import mask_number
from balai.registry.services import (
    family_get_or_create,
    resident_record_death,
    resident_record_move_out,
    resident_register,
)
from balai.registry.synth import kk_for
from balai.registry.tests.factories import make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA, close_response, login

pytestmark = pytest.mark.django_db
RT1 = f"{DESA_PINCARA}.01.001"
INDUK = reverse("registry:book_induk")
MUTASI = reverse("registry:book_mutation")


@pytest.fixture
def village(tree: None) -> dict[str, Any]:
    """Pincara's people, with hand-dated events in 2026 (and one outsider)."""
    family = family_get_or_create(
        no_kk=kk_for("73.22.03", date(2015, 3, 2), 4321),
        area=Area.objects.get(code=RT1),
        address="Jl. Poros Masamba",
    )
    ayu = make_resident(
        RT1,
        name="AYU LESTARI",
        sex=codes.Sex.FEMALE,
        family=family,
        birth_place="Masamba",
        religion=codes.Religion.ISLAM,
        occupation=codes.OCCUPATION_CHOICES[1][0],
    )
    baso = make_resident(
        RT1, name="BASO TANG", family=family, relation=codes.FamilyRelation.HUSBAND
    )
    resident_record_death(actor=None, resident=baso, event_date=date(2026, 3, 10))
    cici, _w = resident_register(
        actor=None,
        area=Area.objects.get(code=RT1),
        family=family,
        kind=EventKind.BIRTH,
        event_date=date(2026, 3, 5),
        place="Puskesmas Masamba",
        data={
            "name": "CICI LESTARI",
            "sex": codes.Sex.FEMALE,
            "birth_date": date(2026, 3, 5),
            "family_relation": codes.FamilyRelation.CHILD,
            "mother_nik": ayu.nik,
            "mother_name": ayu.name,
        },
    )
    dedi, _w = resident_register(
        actor=None,
        area=Area.objects.get(code=RT1),
        kind=EventKind.MOVE_IN,
        event_date=date(2026, 4, 2),
        move_scope=MoveScope.PROVINCE,
        place="Palopo",
        data={"nik": "", "name": "DEDI PRATAMA", "sex": codes.Sex.MALE},
    )
    eka = make_resident(RT1, name="EKA SAPUTRA")
    resident_record_move_out(
        actor=None,
        resident=eka,
        event_date=date(2026, 3, 20),
        scope=MoveScope.PROVINCE,
        destination="Makassar",
    )
    other = make_resident(DESA_PATTIMANG, name="ORANG PATTIMANG")
    return {"ayu": ayu, "baso": baso, "cici": cici, "dedi": dedi, "eka": eka, "other": other}


def names(response: Any, testid: str) -> list[str]:
    text = response.content.decode()
    body = text.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    every = ["AYU LESTARI", "BASO TANG", "CICI LESTARI", "DEDI PRATAMA", "EKA SAPUTRA"]
    return [n for n in [*every, "ORANG PATTIMANG"] if n in body]


def xlsx_text(response: Any) -> str:
    data = b"".join(response.streaming_content)
    close_response(response)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return book.read("xl/worksheets/sheet1.xml").decode()


def exports(action: str) -> list[LogEntry]:
    return [
        e
        for e in LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
        if (e.additional_data or {}).get("event") == action
    ]


# ---- buku induk -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        # Before March: all three 2024 registrations, nobody born or arrived yet.
        ("2026-02", ["AYU LESTARI", "BASO TANG", "EKA SAPUTRA"]),
        # March: Cici born; Baso died, Eka moved out.
        ("2026-03", ["AYU LESTARI", "CICI LESTARI"]),
        # April: Dedi arrived.
        ("2026-04", ["AYU LESTARI", "CICI LESTARI", "DEDI PRATAMA"]),
    ],
)
def test_buku_induk_lists_the_register_at_the_end_of_the_month(
    operator: User, village: dict[str, Any], month: str, expected: list[str]
) -> None:
    response = login(operator).get(INDUK, {"bulan": month})
    assert response.status_code == 200
    assert names(response, "book-induk") == expected
    assert "no-store" in response["Cache-Control"]


def test_buku_induk_row_follows_the_book_columns(operator: User, village: dict[str, Any]) -> None:
    text = login(operator).get(INDUK, {"bulan": "2026-04"}).content.decode()
    ayu = village["ayu"]
    row = text.split("AYU LESTARI", 1)[1].split("</tr>", 1)[0]
    assert "Perempuan" in row
    assert "Masamba, 17-05-1990" in row
    assert "Islam" in row
    assert ayu.nik in row and ayu.family.no_kk in row
    assert "Jl. Poros Masamba" in row


def test_buku_induk_xlsx_is_the_filtered_month_audited_and_not_stored(
    operator: User, village: dict[str, Any]
) -> None:
    response = login(operator).get(INDUK, {"bulan": "2026-03", "format": "xlsx"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]
    sheet = xlsx_text(response)
    assert "AYU LESTARI" in sheet and "CICI LESTARI" in sheet
    assert "BASO TANG" not in sheet and "DEDI PRATAMA" not in sheet
    [entry] = exports("registry.book_induk_exported")
    assert entry.additional_data["rows"] == 2
    assert entry.additional_data["month"] == "2026-03"
    assert entry.actor_id == operator.pk


def test_buku_induk_csv_download(operator: User, village: dict[str, Any]) -> None:
    response = login(operator).get(INDUK, {"bulan": "2026-02", "format": "csv"})
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    close_response(response)
    lines = data.strip().splitlines()
    assert lines[0].startswith("No.,Nama lengkap")
    assert len(lines) == 1 + 3


def test_buku_induk_of_another_village_is_not_shown(
    other_operator: User, village: dict[str, Any]
) -> None:
    response = login(other_operator).get(INDUK, {"bulan": "2026-04", "wilayah": DESA_PINCARA})
    assert response.status_code == 200
    # The foreign village is not among the caller's areas: their own village is shown.
    assert names(response, "book-induk") == ["ORANG PATTIMANG"]


def test_buku_induk_asks_a_camat_to_pick_a_village_and_masks_nik(
    camat: User, village: dict[str, Any]
) -> None:
    client = login(camat)
    response = client.get(INDUK, {"bulan": "2026-04"})
    assert response.status_code == 200
    assert 'data-testid="book-pick-village"' in response.content.decode()
    assert 'data-testid="book-induk"' not in response.content.decode()
    response = client.get(INDUK, {"bulan": "2026-04", "wilayah": DESA_PINCARA})
    text = response.content.decode()
    ayu = village["ayu"]
    assert ayu.nik not in text and mask_number(ayu.nik) in text


def test_buku_induk_bad_month_falls_back_with_a_message(
    operator: User, village: dict[str, Any]
) -> None:
    response = login(operator).get(INDUK, {"bulan": "2026-13"})
    assert response.status_code == 200
    assert "Bulan &#x27;2026-13&#x27; tidak dikenal" in response.content.decode()


def test_books_need_login(client: Any, village: dict[str, Any]) -> None:
    for url in (INDUK, MUTASI):
        response = client.get(url)
        assert response.status_code == 302
        assert "/akun/masuk/" in response["Location"]


# ---- buku mutasi ------------------------------------------------------------------


def test_buku_mutasi_lists_the_months_births_deaths_and_moves(
    operator: User, village: dict[str, Any]
) -> None:
    response = login(operator).get(MUTASI, {"bulan": "2026-03"})
    assert response.status_code == 200
    text = response.content.decode()
    table = text.split('data-testid="book-mutation"', 1)[1].split("</table>", 1)[0]
    # By event date: the birth (5th), the death (10th), the move out (20th).
    assert table.index("CICI LESTARI") < table.index("BASO TANG") < table.index("EKA SAPUTRA")
    assert "DEDI PRATAMA" not in table and "AYU LESTARI" not in table
    assert "Makassar" in table and "Puskesmas Masamba" in table
    summary = text.split('data-testid="book-mutation-summary"', 1)[1].split("</table>", 1)[0]
    cells = [c.split("</td>")[0] for c in summary.split("<td>")[1:]]
    # Lahir 1, Datang 0, penambahan 1; Meninggal 1, Pindah 1, pengurangan 2.
    assert cells[1::2] == ["1", "0", "1", "1", "1", "2"]


def test_buku_mutasi_april_has_the_move_in_only(operator: User, village: dict[str, Any]) -> None:
    response = login(operator).get(MUTASI, {"bulan": "2026-04", "format": "xlsx"})
    sheet = xlsx_text(response)
    assert "DEDI PRATAMA" in sheet and "Palopo" in sheet
    assert "CICI LESTARI" not in sheet
    [entry] = exports("registry.book_mutation_exported")
    assert entry.additional_data["rows"] == 1


# ---- print sheets -------------------------------------------------------------------


def test_biodata_print_is_audited_and_not_stored(operator: User, village: dict[str, Any]) -> None:
    ayu = village["ayu"]
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    response = login(operator).get(reverse("registry:resident_print", args=[ayu.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert 'data-testid="biodata"' in text and "AYU LESTARI" in text and ayu.nik in text
    assert "Pincara" in text and "Masamba" in text
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before + 1
    assert entry.object_pk == str(ayu.pk)
    assert entry.additional_data["purpose"] == "registry.biodata_print"


def test_print_sheets_of_another_village_are_404_and_not_logged(
    other_operator: User, village: dict[str, Any]
) -> None:
    ayu = village["ayu"]
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    client = login(other_operator)
    assert client.get(reverse("registry:resident_print", args=[ayu.pk])).status_code == 404
    assert client.get(reverse("registry:family_print", args=[ayu.family_id])).status_code == 404
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before


def test_family_card_lists_living_members_with_the_kk_columns(
    operator: User, village: dict[str, Any]
) -> None:
    ayu, cici = village["ayu"], village["cici"]
    response = login(operator).get(reverse("registry:family_print", args=[ayu.family_id]))
    assert response.status_code == 200
    text = response.content.decode()
    identity = text.split('data-testid="family-card-identity"', 1)[1].split("</table>", 1)[0]
    assert identity.count("<tr>") == 1 + 2  # header + Ayu and Cici (Baso has died)
    assert "AYU LESTARI" in identity and "CICI LESTARI" in identity
    assert "BASO TANG" not in identity
    assert cici.nik in identity and "05-03-2026" in identity
    status = text.split('data-testid="family-card-status"', 1)[1].split("</table>", 1)[0]
    assert ayu.name in status or "Anak" in status
    assert ayu.family.no_kk in text
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert entry.additional_data["purpose"] == "registry.family_print"


# ---- list exports --------------------------------------------------------------------


def test_resident_export_keeps_the_filters_and_the_scope(
    operator: User, village: dict[str, Any]
) -> None:
    response = login(operator).get(
        reverse("registry:resident_export"), {"sex": codes.Sex.FEMALE, "format": "csv"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    close_response(response)
    lines = data.strip().splitlines()
    assert len(lines) == 1 + 2
    assert "AYU LESTARI" in data and "CICI LESTARI" in data
    assert "DEDI PRATAMA" not in data and "ORANG PATTIMANG" not in data
    [entry] = exports("registry.residents_exported")
    assert entry.additional_data["rows"] == 2
    assert entry.additional_data["filters"]["sex"] == str(codes.Sex.FEMALE)


def test_resident_export_masks_nik_for_supervisors(camat: User, village: dict[str, Any]) -> None:
    response = login(camat).get(reverse("registry:resident_export"), {"format": "xlsx"})
    sheet = xlsx_text(response)
    ayu = village["ayu"]
    assert "AYU LESTARI" in sheet
    assert ayu.nik not in sheet and mask_number(ayu.nik) in sheet


def test_family_export_lists_the_families_in_scope(operator: User, village: dict[str, Any]) -> None:
    response = login(operator).get(reverse("registry:family_export"), {"format": "csv"})
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    close_response(response)
    families = Family.objects.filter(area__code__startswith=DESA_PINCARA)
    assert len(data.strip().splitlines()) == 1 + families.count()
    assert village["ayu"].family.no_kk in data
    other = village["other"]
    assert other.family is None or other.family.no_kk not in data
    [entry] = exports("registry.families_exported")
    assert entry.additional_data["rows"] == families.count()


def test_list_pages_link_their_exports_with_the_filters(operator: User, village: Any) -> None:
    text = login(operator).get(reverse("registry:resident_list"), {"sex": "2"}).content.decode()
    assert f"{reverse('registry:resident_export')}?sex=2&amp;format=xlsx" in text


def test_books_are_for_the_office_and_supervisors_not_neighbourhood_roles(
    make_user: Any, village: dict[str, Any]
) -> None:
    from balai.accounts.roles import Role
    from balai.core.menu import sections_for

    rt_head = make_user(Role.RT_HEAD, RT1)
    client = login(rt_head)
    assert client.get(INDUK, {"bulan": "2026-04"}).status_code == 403
    assert client.get(MUTASI, {"bulan": "2026-04"}).status_code == 403
    links = [link.url for s in sections_for(rt_head, None) for link in s.links]
    assert INDUK not in links and MUTASI not in links
    before = len(exports("registry.book_induk_exported"))
    assert client.get(INDUK, {"format": "xlsx"}).status_code == 403
    assert len(exports("registry.book_induk_exported")) == before


def test_books_are_in_the_menu_of_the_village_office(
    operator: User, camat: User, village: dict[str, Any]
) -> None:
    from balai.core.menu import sections_for

    for user in (operator, camat):
        links = [link.url for s in sections_for(user, None) for link in s.links]
        assert INDUK in links and MUTASI in links
        assert reverse("letters:register") in links
