"""A NIK typed for a letter never tells who holds it outside the caller's village; look-ups are throttled."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings

from balai.letters.models import LetterRequest
from conftest import login

pytestmark = pytest.mark.django_db
UNKNOWN_NIK = "7322031705900099"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()


def api_request(client, nik, **data):
    return client.post(
        "/api/v1/letters/requests",
        {"letter_type": "domisili", "nik": nik, "purpose": "bank", **data},
        content_type="application/json",
    )


def test_api_answers_the_same_for_someone_elsewhere_and_for_nobody(
    operator, outsider, village_settings
):
    client = login(operator)
    elsewhere = api_request(client, outsider.nik)
    nobody = api_request(client, UNKNOWN_NIK)
    assert elsewhere.status_code == nobody.status_code == 400
    assert elsewhere.json() == nobody.json()
    body = str(elsewhere.json())
    assert "tidak ditemukan di wilayah Anda" in body
    assert outsider.name not in body and "Pattimang" not in body
    assert not LetterRequest.objects.exists()


def test_counter_page_answers_the_same_for_someone_elsewhere_and_for_nobody(
    operator, outsider, village_settings
):
    client = login(operator)

    def errors(nik):
        response = client.post(
            "/layanan/permohonan/baru/", {"jenis": "domisili", "nik": nik, "purpose": "bank"}
        )
        assert response.status_code == 200
        return response.context["form"].errors

    assert errors(outsider.nik) == errors(UNKNOWN_NIK)
    assert outsider.name not in str(errors(outsider.nik))
    assert not LetterRequest.objects.exists()


def test_person_fields_do_not_name_people_elsewhere(operator, head, outsider, village_settings):
    client = login(operator)
    data = {"sekolah": "SMA 1 Masamba", "penghasilan": 1500000}
    answers = [
        api_request(client, head.nik, letter_type="penghasilan_ortu", data={**data, "anak": nik})
        for nik in (outsider.nik, UNKNOWN_NIK)
    ]
    for answer, nik in zip(answers, (outsider.nik, UNKNOWN_NIK), strict=True):
        assert answer.status_code == 400
        assert answer.json()["errors"] == {"anak": [f"NIK {nik} tidak ditemukan di wilayah Anda."]}
        assert outsider.name not in str(answer.json())
    assert not LetterRequest.objects.exists()


@override_settings(LETTERS_NIK_LOOKUP_LIMIT=(3, 600))
def test_nik_look_ups_are_throttled_per_user(operator, other_operator, head, village_settings):
    client = login(operator)
    for _i in range(3):
        assert api_request(client, UNKNOWN_NIK).status_code == 400
    throttled = api_request(client, head.nik)
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "nik_lookup_throttled"
    assert not LetterRequest.objects.exists()
    # Another user is counted apart.
    assert api_request(login(other_operator), UNKNOWN_NIK).status_code == 400
