from __future__ import annotations

from datetime import date

import pytest

from balai.core.errors import DomainError
from balai.regions.models import Area
from balai.registry import codes
from balai.registry.errors import DuplicateNikError, InvalidEventError, InvalidIdentityError
from balai.registry.models import EventKind, LifeEvent, Resident
from balai.registry.services import (
    resident_move_within_village,
    resident_record_death,
    resident_record_move_out,
    resident_record_return,
    resident_register,
    resident_update,
)
from balai.registry.tests.factories import make_family, make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA


@pytest.mark.django_db
def test_register_writes_the_resident_and_a_registration_event(tree: None) -> None:
    family = make_family(DESA_PINCARA)
    person = make_resident(f"{DESA_PINCARA}.01.001", name="Andi", family=family)
    (event,) = person.events.all()
    assert event.kind == EventKind.REGISTERED
    assert event.delta == 1
    assert event.area_id == f"{DESA_PINCARA}.01.001"
    assert person.family == family


@pytest.mark.django_db
def test_invalid_nik_is_refused_with_a_reason(tree: None) -> None:
    area = Area.objects.get(code=DESA_PINCARA)
    with pytest.raises(InvalidIdentityError) as caught:
        resident_register(
            actor=None, area=area, data={"nik": "7322033102901234", "name": "X", "sex": 1}
        )
    assert "31-02" in caught.value.message or "tidak ada" in caught.value.message
    assert not Resident.objects.filter(name="X").exists()


@pytest.mark.django_db
def test_duplicate_nik_names_the_holders_village(tree: None) -> None:
    first = make_resident(DESA_PATTIMANG, name="Pemilik")
    with pytest.raises(DuplicateNikError, match="Pattimang"):
        make_resident(DESA_PINCARA, name="Peniru", nik=first.nik)
    assert Resident.objects.filter(nik=first.nik).count() == 1


@pytest.mark.django_db
def test_person_without_nik_gets_a_marked_temporary_number(tree: None) -> None:
    area = Area.objects.get(code=DESA_PINCARA)
    a, _w = resident_register(
        actor=None, area=area, data={"nik": "", "name": "Tanpa NIK", "sex": 2}
    )
    b, _w = resident_register(
        actor=None, area=area, data={"nik": "", "name": "Tanpa NIK 2", "sex": 2}
    )
    assert a.nik_is_temporary
    assert a.nik == "0732203200400001"
    assert b.nik == "0732203200400002"


@pytest.mark.django_db
def test_sex_mismatch_with_nik_is_a_warning_not_a_block(tree: None) -> None:
    area = Area.objects.get(code=DESA_PINCARA)
    female_nik = "7322035705900001"  # day 57 = 17th, woman
    person, warnings = resident_register(
        actor=None,
        area=area,
        data={
            "nik": female_nik,
            "name": "Laki",
            "sex": codes.Sex.MALE,
            "birth_date": date(1990, 5, 17),
        },
    )
    assert person.pk
    assert warnings


@pytest.mark.django_db
def test_death_changes_status_by_event_and_keeps_history(tree: None) -> None:
    person = make_resident(DESA_PINCARA)
    resident_record_death(
        actor=None, resident=person, event_date=date(2025, 2, 3), report_date=date(2025, 3, 10)
    )
    person.refresh_from_db()
    assert person.status == codes.BasicStatus.DEAD
    kinds = list(person.events.values_list("kind", "delta"))
    assert kinds == [("registered", 1), ("death", -1)]
    death = person.events.get(kind=EventKind.DEATH)
    assert death.is_late
    with pytest.raises(InvalidEventError):
        resident_record_death(actor=None, resident=person, event_date=date(2025, 2, 4))


@pytest.mark.django_db
def test_event_dates_are_checked(tree: None) -> None:
    person = make_resident(DESA_PINCARA, birth_date=date(2000, 1, 1))
    with pytest.raises(InvalidEventError, match="masa depan"):
        resident_record_death(actor=None, resident=person, event_date=date(2999, 1, 1))
    with pytest.raises(InvalidEventError, match="sebelum tanggal lahir"):
        resident_record_death(actor=None, resident=person, event_date=date(1999, 1, 1))
    with pytest.raises(InvalidEventError, match="sebelum tanggal peristiwa"):
        resident_record_death(
            actor=None, resident=person, event_date=date(2024, 5, 1), report_date=date(2024, 4, 1)
        )
    assert Resident.objects.get(pk=person.pk).status == codes.BasicStatus.ALIVE


@pytest.mark.django_db
def test_move_out_and_return(tree: None) -> None:
    person = make_resident(DESA_PINCARA)
    with pytest.raises(InvalidEventError):
        resident_record_move_out(
            actor=None, resident=person, event_date=date(2025, 1, 5), scope="desa", destination="x"
        )
    resident_record_move_out(
        actor=None,
        resident=person,
        event_date=date(2025, 1, 5),
        scope="kabupaten",
        destination="Masamba",
    )
    person.refresh_from_db()
    assert person.status == codes.BasicStatus.MOVED
    resident_record_return(actor=None, resident=person, event_date=date(2025, 6, 1))
    person.refresh_from_db()
    assert person.status == codes.BasicStatus.ALIVE
    assert [e.delta for e in person.events.all()] == [1, -1, 1]


@pytest.mark.django_db
def test_address_moves_only_within_the_village(tree: None) -> None:
    person = make_resident(f"{DESA_PINCARA}.01.001")
    resident_move_within_village(
        actor=None,
        resident=person,
        area=Area.objects.get(code=f"{DESA_PINCARA}.01.002"),
        event_date=date(2025, 1, 1),
    )
    person.refresh_from_db()
    assert person.area_id == f"{DESA_PINCARA}.01.002"
    with pytest.raises(InvalidEventError):
        resident_move_within_village(
            actor=None,
            resident=person,
            area=Area.objects.get(code=DESA_PATTIMANG),
            event_date=date(2025, 1, 2),
        )


@pytest.mark.django_db
def test_update_logs_a_change_event_and_refuses_projected_fields(tree: None) -> None:
    person = make_resident(DESA_PINCARA, occupation=9)
    resident_update(actor=None, resident=person, data={"occupation": 88, "phone": "0812"})
    change = person.events.get(kind=EventKind.CHANGE)
    assert change.changes == {"occupation": [9, 88], "phone": ["", "0812"]}
    with pytest.raises(DomainError, match="peristiwa"):
        resident_update(actor=None, resident=person, data={"status": 2})
    assert LifeEvent.objects.filter(resident=person).count() == 2
