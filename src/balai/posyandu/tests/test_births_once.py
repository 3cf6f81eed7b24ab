"""A birth enters the register once, whether the village office or a posyandu cadre records it.

Both the operator's birth form (registry) and the cadre's newborn form (posyandu)
go through the registry's birth rule: the same mother, a birth date within two
days and the same name (or a still unnamed "BAYI …") is refused with the
earlier record named, and saved only when the user confirms another birth.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from balai.registry import codes
from balai.registry.models import LifeEvent, Resident
from balai.registry.tests.factories import make_family, make_resident
from conftest import DESA_PINCARA, login

pytestmark = pytest.mark.django_db
RT = f"{DESA_PINCARA}.01.001"


def _years_ago(years: int, days: int = 0) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


@pytest.fixture
def family_with_mother(tree):
    family = make_family(RT)
    make_resident(RT, name="AHMAD", family=family, birth_date=date(1990, 1, 1))
    mother = make_resident(
        RT,
        name="SITI",
        sex=codes.Sex.FEMALE,
        family=family,
        relation=codes.FamilyRelation.WIFE,
        birth_date=date(1995, 1, 1),
    )
    return family, mother


def _birth_post(mother, **extra):
    data = {
        "name": "Nur Aisyah",
        "sex": "2",
        "birth_date": "2025-06-01",
        "birth_place": "Masamba",
        "religion": str(codes.Religion.ISLAM),
        "citizenship": str(codes.Citizenship.WNI),
        "mother": str(mother.pk),
        "report_date": "2025-06-03",
    }
    return {**data, **extra}


def test_operator_birth_form_asks_only_what_a_newborn_has(operator, family_with_mother):
    family, _mother = family_with_mother
    page = login(operator).get(f"/penduduk/baru/?jenis=lahir&keluarga={family.pk}").content.decode()
    assert 'name="name"' in page and 'name="birth_date"' in page
    for adult_field in ("occupation", "marital_status", "education_kk", "blood_type", "pregnant"):
        assert f'name="{adult_field}"' not in page


def test_same_birth_recorded_by_the_cadre_then_the_operator_is_refused_until_confirmed(
    operator, cadre, posyandu, family_with_mother
):
    family, mother = family_with_mother
    login(cadre).post(
        f"/posyandu/{posyandu.pk}/bayi-baru/",
        {"name": "Nur Aisyah", "sex": "2", "birth_date": "2025-06-01", "mother": str(mother.pk)},
    )
    assert Resident.objects.filter(mother_nik=mother.nik).count() == 1
    url = f"/penduduk/baru/?jenis=lahir&keluarga={family.pk}"
    client = login(operator)
    response = client.post(url, _birth_post(mother, birth_date="2025-06-02"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "sudah tercatat" in page
    assert 'data-testid="similar-births"' in page and "nur aisyah" in page.lower()
    assert 'type="checkbox" name="confirm_new_birth"' in page
    assert Resident.objects.filter(mother_nik=mother.nik).count() == 1  # nothing saved
    assert LifeEvent.objects.filter(resident__mother_nik=mother.nik).count() == 1
    # Confirmed as another birth, it is saved.
    response = client.post(
        url, _birth_post(mother, birth_date="2025-06-02", confirm_new_birth="on")
    )
    assert response.status_code == 302
    assert Resident.objects.filter(mother_nik=mother.nik).count() == 2


def test_cadre_newborn_after_the_operators_birth_is_refused(
    operator, cadre, posyandu, family_with_mother
):
    family, mother = family_with_mother
    client = login(operator)
    client.post(f"/penduduk/baru/?jenis=lahir&keluarga={family.pk}", _birth_post(mother))
    assert Resident.objects.filter(mother_nik=mother.nik).count() == 1
    response = login(cadre).post(
        f"/posyandu/{posyandu.pk}/bayi-baru/",
        {"name": "Bayi Siti", "sex": "2", "birth_date": "2025-05-31", "mother": str(mother.pk)},
    )
    assert response.status_code == 200
    assert "sudah tercatat" in response.content.decode()
    assert Resident.objects.filter(mother_nik=mother.nik).count() == 1


def test_twins_with_their_own_names_are_two_births(operator, family_with_mother):
    family, mother = family_with_mother
    client = login(operator)
    url = f"/penduduk/baru/?jenis=lahir&keluarga={family.pk}"
    assert client.post(url, _birth_post(mother, name="Hasan")).status_code == 302
    assert client.post(url, _birth_post(mother, name="Husain")).status_code == 302
    assert Resident.objects.filter(mother_nik=mother.nik).count() == 2


def test_mother_lists_hold_only_women_of_childbearing_age(operator, cadre, posyandu):
    family = make_family(RT)
    make_resident(RT, name="KEPALA", family=family)
    woman = {"sex": codes.Sex.FEMALE, "family": family, "relation": codes.FamilyRelation.OTHER}
    young = make_resident(RT, name="IBU MUDA", birth_date=_years_ago(30), **woman)
    girl = make_resident(RT, name="ANAK GADIS", birth_date=_years_ago(12), **woman)
    grandmother = make_resident(RT, name="NENEK", birth_date=_years_ago(62), **woman)
    just_fifty = make_resident(RT, name="LIMA PULUH", birth_date=_years_ago(50), **woman)
    registry_page = login(operator).get(f"/penduduk/baru/?jenis=lahir&keluarga={family.pk}")
    offered = {m.pk for m in registry_page.context["birth"].fields["mother"].queryset}
    assert young.pk in offered
    assert not offered & {girl.pk, grandmother.pk, just_fifty.pk}
    newborn_page = login(cadre).get(f"/posyandu/{posyandu.pk}/bayi-baru/").content.decode()
    assert "IBU MUDA" in newborn_page
    assert "NENEK" not in newborn_page and "ANAK GADIS" not in newborn_page
