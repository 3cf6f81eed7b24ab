"""SKM for the village letter service: the resident's answer and the per-unit figures."""

from __future__ import annotations

import pytest
from django.utils import timezone

from balai.complaints.models import ServiceKind, SurveyResponse
from balai.complaints.services import survey_submit
from balai.complaints.skm import skm_by_unit
from balai.core.errors import ConflictError
from balai.letters.models import Status
from balai.letters.services import residents_auth
from balai.letters.services.requests import letter_request_transition
from balai.letters.services.survey import letter_survey_submit
from balai.regions.models import Area
from conftest import KEC_MASAMBA, login

pytestmark = pytest.mark.django_db

SCORES = {f"u{i}": 3 for i in range(1, 10)}


def signed(make_request, subject, operator, kades):
    request = make_request(subject)
    letter_request_transition(request=request, to=Status.VERIFIED, actor=operator)
    return letter_request_transition(request=request, to=Status.SIGNED, actor=kades)


def test_resident_rates_a_finished_letter_once(
    make_request, head, operator, kades, client, village_settings
):
    request = signed(make_request, head, operator, kades)
    code = residents_auth.activation_issue(actor=operator, resident=head)
    residents_auth.pin_set(nik=head.nik, code=code, pin="135790")
    client.post("/layanan/warga/masuk/", {"nik": head.nik, "pin": "135790"})
    url = f"/layanan/warga/surat/{request.pk}/survei/"
    assert client.get(url).status_code == 200
    client.post(url, {**SCORES, "u1": 4, "suggestion": "cepat"})
    answer = SurveyResponse.objects.get()
    assert (answer.service_kind, answer.object_id, answer.u1, answer.u2) == (
        ServiceKind.LETTER,
        request.pk,
        4,
        3,
    )
    client.post(url, SCORES)
    assert SurveyResponse.objects.count() == 1


def test_unfinished_letter_cannot_be_rated(make_request, head):
    request = make_request(head)
    with pytest.raises(ConflictError):
        letter_survey_submit(request=request, scores=SCORES)
    assert not SurveyResponse.objects.exists()


def test_resident_cannot_rate_someone_elses_letter(
    make_request, head, child, operator, kades, client, village_settings
):
    request = signed(make_request, head, operator, kades)
    code = residents_auth.activation_issue(actor=operator, resident=child)
    residents_auth.pin_set(nik=child.nik, code=code, pin="246810")
    client.post("/layanan/warga/masuk/", {"nik": child.nik, "pin": "246810"})
    response = client.post(f"/layanan/warga/surat/{request.pk}/survei/", SCORES)
    assert response.status_code == 404
    assert not SurveyResponse.objects.exists()


def test_skm_per_unit_flags_a_unit_below_its_minimum_sample(
    make_request, head, child, operator, kades, pincara, village_settings, camat
):
    letters = [signed(make_request, p, operator, kades) for p in (head, child, head)]
    rejected = make_request(child)
    letter_request_transition(
        request=rejected, to=Status.REJECTED, actor=operator, reason="berkas_kurang"
    )
    for request in letters[:2]:
        letter_survey_submit(request=request, scores=SCORES)
    survey_submit(area=pincara, service_kind=ServiceKind.COMPLAINT, object_id=99, scores=SCORES)
    year = timezone.localdate().year
    units = {u.unit: u for u in skm_by_unit(area=Area.objects.get(code=KEC_MASAMBA), year=year)}
    letter_unit = units[ServiceKind.LETTER]
    assert (letter_unit.population, letter_unit.minimum, letter_unit.skm.responses) == (3, 3, 2)
    assert letter_unit.below_minimum
    assert letter_unit.skm.ikm == 75.0
    complaint_unit = units[ServiceKind.COMPLAINT]
    assert (complaint_unit.population, complaint_unit.minimum) == (0, 0)
    assert not complaint_unit.below_minimum
    letter_survey_submit(request=letters[2], scores=SCORES)
    units = {u.unit: u for u in skm_by_unit(area=pincara, year=year)}
    assert not units[ServiceKind.LETTER].below_minimum
    page = login(camat).get(f"/pengaduan/skm/unit/?area={KEC_MASAMBA}&tahun={year}")
    assert page.status_code == 200
    assert "Pelayanan surat desa" in page.content.decode()


def test_skm_unit_page_is_refused_outside_the_area(make_user):
    from balai.accounts.roles import Role

    other = make_user(Role.CAMAT, "73.22.01", username="camat_lain")
    response = login(other).get(f"/pengaduan/skm/unit/?area={KEC_MASAMBA}")
    assert response.status_code == 403
