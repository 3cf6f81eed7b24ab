from __future__ import annotations

from datetime import date

import pytest

from balai.posyandu.models import Enrolment, Pregnancy, PregnancyVisit
from balai.registry import codes
from balai.registry.models import EventKind, LifeEvent, Resident
from balai.registry.tests.factories import make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA, login

pytestmark = pytest.mark.django_db


def test_cadre_registers_a_newborn_through_the_birth_event(cadre, posyandu):
    mother = make_resident(
        f"{DESA_PINCARA}.01", name="Siti", sex=codes.Sex.FEMALE, birth_date=date(1995, 1, 1)
    )
    response = login(cadre).post(
        f"/posyandu/{posyandu.pk}/bayi-baru/",
        {"name": "Bayi Siti", "sex": "2", "birth_date": "2025-06-01", "mother": str(mother.pk)},
    )
    baby = Resident.objects.get(name="BAYI SITI")
    assert response.status_code == 302
    assert baby.mother_nik == mother.nik and baby.nik_is_temporary
    assert LifeEvent.objects.filter(
        resident=baby, kind=EventKind.BIRTH, event_date=date(2025, 6, 1)
    ).exists()
    assert Enrolment.objects.get(resident=baby).posyandu == posyandu


def test_newborn_with_a_mother_from_another_village_is_404(cadre, posyandu):
    far = make_resident(
        DESA_PATTIMANG, name="Jauh", sex=codes.Sex.FEMALE, birth_date=date(1995, 1, 1)
    )
    response = login(cadre).post(
        f"/posyandu/{posyandu.pk}/bayi-baru/",
        {"name": "Bayi", "sex": "1", "birth_date": "2025-06-01", "mother": str(far.pk)},
    )
    assert response.status_code in (200, 404)
    assert not Resident.objects.filter(name="Bayi").exists()


def test_newborn_born_in_the_future_is_refused(cadre, posyandu):
    response = login(cadre).post(
        f"/posyandu/{posyandu.pk}/bayi-baru/",
        {"name": "Bayi", "sex": "1", "birth_date": "2025-07-01", "mother_name": "Ibu"},
    )
    assert "masa depan" in response.content.decode()
    assert not Resident.objects.filter(name="Bayi").exists()


def test_pregnancy_opened_and_kek_visit_recorded(cadre, posyandu):
    mother = make_resident(
        f"{DESA_PINCARA}.01", name="Rina", sex=codes.Sex.FEMALE, birth_date=date(1996, 1, 1)
    )
    client = login(cadre)
    r = client.post(
        f"/posyandu/{posyandu.pk}/ibu-hamil/",
        {"mother": str(mother.pk), "first_day": "2025-03-01", "risk": "normal"},
    )
    pregnancy = Pregnancy.objects.get(mother=mother)
    assert r.status_code == 302
    r = client.post(
        f"/posyandu/kehamilan/{pregnancy.pk}/",
        {
            "visit_date": "2025-06-10",
            "anc": "on",
            "fe_tablets": "30",
            "muac_cm": "22,9",
            "risk": "normal",
        },
    )
    assert r.status_code == 302
    visit = PregnancyVisit.objects.get()
    pregnancy.refresh_from_db()
    assert visit.kek and pregnancy.kek and visit.gestational_weeks == 14


def test_pregnancy_visit_before_hpht_is_refused(cadre, posyandu):
    mother = make_resident(
        f"{DESA_PINCARA}.01", name="Rina", sex=codes.Sex.FEMALE, birth_date=date(1996, 1, 1)
    )
    from balai.posyandu import services

    pregnancy = services.pregnancy_open(
        actor=None, posyandu=posyandu, mother=mother, first_day=date(2025, 3, 1)
    )
    r = login(cadre).post(
        f"/posyandu/kehamilan/{pregnancy.pk}/", {"visit_date": "2025-02-10", "risk": "normal"}
    )
    assert "sebelum HPHT" in r.content.decode()
    assert PregnancyVisit.objects.count() == 0


def test_growth_trend_marks_n_t_o_b():
    from decimal import Decimal

    from balai.posyandu.services import growth_trend

    marks = growth_trend(
        [
            (date(2025, 1, 5), 100, Decimal("6.0")),
            (date(2025, 2, 5), 131, Decimal("6.5")),  # +500 g at 4 months: needs 600 -> T
            (date(2025, 3, 5), 159, Decimal("7.1")),  # +600 g at 5 months: needs 500 -> N
            (date(2025, 5, 5), 220, Decimal("7.5")),  # April missed -> O
        ]
    )
    assert marks == ["B", "T", "N", "O"]


def test_newborn_name_is_stored_in_the_registers_case(cadre, posyandu):
    mother = make_resident(
        f"{DESA_PINCARA}.01", name="SITI AMINAH", sex=codes.Sex.FEMALE, birth_date=date(1995, 1, 1)
    )
    login(cadre).post(
        f"/posyandu/{posyandu.pk}/bayi-baru/",
        {
            "name": "  bayi   Siti ",
            "sex": "2",
            "birth_date": "2025-06-01",
            "mother": str(mother.pk),
        },
    )
    baby = Resident.objects.get(mother_nik=mother.nik)
    assert (baby.name, baby.mother_name) == ("BAYI SITI", "SITI AMINAH")
