"""The duplicate finder: scoring, dismissal, and merges that keep history."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from balai.accounts.models import User
from balai.registry import codes
from balai.registry.duplicates import find_pairs, kept_for, normalise_name, phonetic, resident_merge
from balai.registry.duplicates_models import DuplicateDismissal, ResidentMerge
from balai.registry.models import EventKind, LifeEvent, Resident
from balai.registry.tests.factories import make_family, make_resident
from conftest import DESA_PATTIMANG, DESA_PINCARA, login

pytestmark = pytest.mark.django_db
RT1 = f"{DESA_PINCARA}.01.001"
BORN = date(1980, 7, 9)
PAGE = reverse("registry:duplicate_list")


@pytest.fixture
def pair(tree: None) -> tuple[Resident, Resident]:
    family = make_family(DESA_PINCARA)
    a = make_resident(
        RT1,
        name="HJ. SITTI AMINAH",
        sex=codes.Sex.FEMALE,
        birth_date=BORN,
        family=family,
        birth_place="Masamba",
        mother_name="Hasnah",
    )
    b = make_resident(
        DESA_PINCARA,
        name="Siti Aminah, S.Pd",
        sex=codes.Sex.FEMALE,
        birth_date=BORN,
        birth_place="MASAMBA",
        mother_name="HASNA",
    )
    return a, b


def test_names_are_normalised_for_comparison() -> None:
    assert normalise_name("Hj. Siti Aminah, S.Pd") == "SITI AMINAH"
    assert normalise_name("Muh. Ridwan") == normalise_name("MUHAMMAD RIDWAN") == "RIDWAN"
    assert phonetic("SOEKARNO") == phonetic("SUKARNO")
    assert phonetic("DJOKO") == phonetic("JOKO")


def test_finder_proposes_the_pair_with_evidence(pair: tuple[Resident, Resident]) -> None:
    make_resident(RT1, name="BUDI SANTOSO", birth_date=BORN)  # same birthday, other name
    make_resident(RT1, name="SITTI AMINAH", sex=codes.Sex.FEMALE, birth_date=date(1950, 1, 1))
    (found,) = [p for p in find_pairs(DESA_PINCARA) if {p.a, p.b} == set(pair)]
    assert found.score >= 80
    text = " ".join(found.evidence)
    assert "Tanggal lahir sama" in text and "Tempat lahir sama" in text and "Nama ibu" in text
    assert all("BUDI" not in (p.a.name + p.b.name) for p in find_pairs(DESA_PINCARA))


def test_finder_stays_inside_the_area(pair: tuple[Resident, Resident]) -> None:
    make_resident(DESA_PATTIMANG, name="SITI AMINAH", sex=codes.Sex.FEMALE, birth_date=BORN)
    assert all(
        p.a.area_id.startswith(DESA_PINCARA) and p.b.area_id.startswith(DESA_PINCARA)
        for p in find_pairs(DESA_PINCARA)
    )


def test_dismissed_pair_never_comes_back(operator: User, pair: tuple[Resident, Resident]) -> None:
    a, b = pair
    client = login(operator)
    assert "SITTI AMINAH" in client.get(PAGE).content.decode()
    response = client.post(reverse("registry:duplicate_dismiss"), {"kept": b.pk, "removed": a.pk})
    assert response.status_code == 302
    assert DuplicateDismissal.objects.filter(resident_a=min(a.pk, b.pk)).count() == 1
    assert find_pairs(DESA_PINCARA) == []
    assert 'data-testid="duplicate-pair"' not in client.get(PAGE).content.decode()


def test_merge_keeps_history_and_records_the_mapping(
    operator: User, pair: tuple[Resident, Resident]
) -> None:
    a, b = pair
    client = login(operator)
    client.post(
        reverse("registry:resident_event", args=[b.pk, "pindah-alamat"]),
        {"event_date": "2024-06-01", "area": RT1},
    )
    b_events = set(b.events.values_list("id", flat=True))
    before = LifeEvent.objects.count()
    response = client.post(reverse("registry:duplicate_merge"), {"kept": a.pk, "removed": b.pk})
    assert response.status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert b.status == codes.BasicStatus.INVALID and Resident.objects.filter(pk=b.pk).exists()
    assert b_events <= set(a.events.values_list("id", flat=True))
    merged = b.events.get()
    assert merged.kind == EventKind.MERGED and merged.delta == -1
    assert merged.changes["merged_into"] == a.pk
    assert LifeEvent.objects.count() == before + 1
    assert ResidentMerge.objects.get(removed=b).kept == a and kept_for(b.pk) == a.pk
    assert LogEntry.objects.filter(additional_data__event="registry.merged").exists()
    assert find_pairs(DESA_PINCARA) == []
    # population: the two registrations (+1 each) and the merge (-1) leave one person
    assert (
        sum(LifeEvent.objects.filter(area__within=DESA_PINCARA).values_list("delta", flat=True))
        == 1
    )


def test_merge_takes_the_family_when_kept_has_none(pair: tuple[Resident, Resident]) -> None:
    a, b = pair
    resident_merge(actor=None, kept=b, removed=a)
    b.refresh_from_db()
    a.refresh_from_db()
    assert b.family is not None and a.family is None
    assert kept_for(a.pk) == b.pk


def test_merge_twice_is_refused(pair: tuple[Resident, Resident]) -> None:
    from balai.core.errors import DomainError

    a, b = pair
    resident_merge(actor=None, kept=a, removed=b)
    with pytest.raises(DomainError):
        resident_merge(actor=None, kept=a, removed=b)
    assert ResidentMerge.objects.count() == 1


def test_duplicate_actions_denied_outside_scope(
    other_operator: User, camat: User, pair: tuple[Resident, Resident]
) -> None:
    a, b = pair
    for user, status in ((other_operator, 404), (camat, 403)):
        client = login(user)
        assert (
            client.post(
                reverse("registry:duplicate_merge"), {"kept": a.pk, "removed": b.pk}
            ).status_code
            == status
        )
        assert (
            client.post(
                reverse("registry:duplicate_dismiss"), {"kept": a.pk, "removed": b.pk}
            ).status_code
            == status
        )
    assert login(other_operator).get(PAGE, {"wilayah": DESA_PINCARA}).status_code == 403
    assert login(camat).get(PAGE).status_code == 403
    assert not ResidentMerge.objects.exists() and not DuplicateDismissal.objects.exists()
    assert Resident.objects.get(pk=b.pk).status == codes.BasicStatus.ALIVE
