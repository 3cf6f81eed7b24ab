"""OpenSID habits in letters: the subject picked by name, the register by month, exports."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from balai.letters.models import IssuedDocument, LetterRequest, Status
from balai.letters.services.requests import letter_request_transition
from conftest import close_response, login

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
SEARCH = reverse("letters:subject_search")
PICK = reverse("letters:subject_pick")
CREATE = reverse("letters:request_create")
REGISTER = reverse("letters:register")


@pytest.fixture(autouse=True)
def _fresh_counters() -> None:
    cache.clear()


def exports(action: str) -> list[LogEntry]:
    return [
        e
        for e in LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
        if (e.additional_data or {}).get("event") == action
    ]


def signed_on(when: datetime, make_request: Any, subject: Any, operator: Any, kades: Any) -> Any:
    with time_machine.travel(when, tick=False):
        request = make_request(subject)
        letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)
        letter_request_transition(request=request, to=Status.SIGNED, actor=kades)
    return IssuedDocument.objects.get(request=request)


# ---- the subject by name ---------------------------------------------------------


def test_name_search_shows_who_is_who_in_the_village(operator, head, child, outsider) -> None:
    response = login(operator).get(SEARCH, {"cari": "santo"})
    assert response.status_code == 200
    text = response.content.decode()
    options = text.count('data-testid="subject-option"')
    assert options == 2
    # Ordered by name: Ani before Budi; NIK, birth date and dusun/RT beside each.
    assert text.index("ANI SANTOSO") < text.index("BUDI SANTOSO")
    assert child.nik in text and "04-03-2012" in text
    assert "Dusun Satu / " in text
    none = login(operator).get(SEARCH, {"cari": "Orang Desa Lain"}).content.decode()
    assert 'data-testid="subject-none"' in none and outsider.nik not in none


def test_name_search_needs_two_letters_and_letters_process(operator, camat_user, head) -> None:
    text = login(operator).get(SEARCH, {"cari": "b"}).content.decode()
    assert "BUDI" not in text
    assert login(camat_user).get(SEARCH, {"cari": "budi"}).status_code == 403


def test_pick_gives_the_subject_field_and_stays_in_the_village(operator, head, outsider) -> None:
    client = login(operator)
    text = client.get(PICK, {"pk": head.pk}).content.decode()
    assert f'name="subjek" value="{head.pk}"' in text and "BUDI SANTOSO" in text
    assert client.get(PICK, {"pk": outsider.pk}).status_code == 404
    assert client.get(PICK, {"pk": "x"}).status_code == 404


@override_settings(LETTERS_NIK_LOOKUP_LIMIT=(1, 600))
def test_request_with_a_picked_subject_needs_no_nik(operator, head, village_settings) -> None:
    client = login(operator)
    for _i in range(2):  # beyond the NIK limit: a pick is not a NIK look-up
        response = client.post(
            CREATE, {"jenis": "domisili", "subjek": head.pk, "purpose": "melamar pekerjaan"}
        )
        assert response.status_code == 302
    assert LetterRequest.objects.filter(subject=head).count() == 2
    # The API path still counts NIK look-ups.
    api = [
        client.post(
            "/api/v1/letters/requests",
            {"letter_type": "domisili", "nik": head.nik, "purpose": "bank"},
            content_type="application/json",
        ).status_code
        for _i in range(2)
    ]
    assert api == [201, 429]


def test_request_subject_outside_the_village_or_missing_changes_nothing(
    operator, outsider, village_settings
) -> None:
    client = login(operator)
    outside = client.post(CREATE, {"jenis": "domisili", "subjek": outsider.pk, "purpose": "x"})
    assert outside.status_code == 404
    missing = client.post(CREATE, {"jenis": "domisili", "purpose": "x"})
    assert missing.status_code == 200
    assert "Pilih penduduk dari pencarian nama" in missing.content.decode()
    assert not LetterRequest.objects.exists()


def test_counter_form_offers_the_name_search(operator, village_settings) -> None:
    text = login(operator).get(CREATE, {"jenis": "domisili"}).content.decode()
    assert 'data-testid="subject-search"' in text and SEARCH in text


# ---- the register by month -------------------------------------------------------


@pytest.fixture
def two_letters(make_request, head, child, operator, kades) -> tuple[Any, Any]:
    january = signed_on(datetime(2026, 1, 15, 10, tzinfo=WITA), make_request, head, operator, kades)
    march = signed_on(datetime(2026, 3, 10, 10, tzinfo=WITA), make_request, child, operator, kades)
    return january, march


def test_register_filters_by_month_with_the_agenda_columns(operator, two_letters) -> None:
    january, march = two_letters
    client = login(operator)
    year = client.get(REGISTER, {"tahun": 2026}).content.decode()
    assert january.number in year and march.number in year
    text = client.get(REGISTER, {"tahun": 2026, "bulan": 3}).content.decode()
    table = text.split('data-testid="register"', 1)[1].split("</table>", 1)[0]
    assert march.number in table and january.number not in table
    assert "ANI SANTOSO" in table and "BUDI SANTOSO" not in table
    assert "Surat Keterangan Domisili" in table and "Andi Baso" in table
    assert "Ditandatangani" in table
    assert "Maret 2026" in text


def test_register_xlsx_holds_the_month_and_is_audited(operator, two_letters) -> None:
    january, march = two_letters
    response = login(operator).get(REGISTER, {"tahun": 2026, "bulan": 1, "format": "xlsx"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    data = b"".join(response.streaming_content)
    close_response(response)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert january.number in sheet and march.number not in sheet
    [entry] = exports("letters.register_exported")
    assert entry.additional_data["rows"] == 1 and entry.additional_data["month"] == 1


def test_register_of_another_village_is_empty(other_operator, two_letters) -> None:
    january, march = two_letters
    text = login(other_operator).get(REGISTER, {"tahun": 2026}).content.decode()
    assert january.number not in text and march.number not in text


def test_register_bad_month_is_a_message(operator, two_letters) -> None:
    response = login(operator).get(REGISTER, {"tahun": 2026, "bulan": "13"})
    assert response.status_code == 200
    assert "Bulan tidak dikenal" in response.content.decode()


# ---- the request list export -----------------------------------------------------


def test_request_export_keeps_the_queue_filters_and_scope(
    operator, other_operator, make_request, head, child
) -> None:
    make_request(head)
    done = make_request(child)
    letter_request_transition(request=done, to=Status.VERIFIED, actor=operator)
    response = login(operator).get(
        reverse("letters:request_export"), {"status": Status.VERIFIED, "format": "csv"}
    )
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    close_response(response)
    lines = data.strip().splitlines()
    assert len(lines) == 2 and "ANI SANTOSO" in lines[1] and "BUDI SANTOSO" not in data
    [entry] = exports("letters.requests_exported")
    assert entry.additional_data["rows"] == 1
    other = login(other_operator).get(reverse("letters:request_export"), {"status": ""})
    sheet = b"".join(other.streaming_content)
    close_response(other)
    with zipfile.ZipFile(io.BytesIO(sheet)) as book:
        assert "SANTOSO" not in book.read("xl/worksheets/sheet1.xml").decode()
