"""A cadre corrects or deletes a saved visit: rescored, audited, figures refreshed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from balai.accounts.roles import Role
from balai.indicators.testing import fact
from balai.posyandu import services
from balai.posyandu.models import ChildVisit
from balai.posyandu.tests.conftest import visit
from conftest import DESA_PINCARA, login

pytestmark = pytest.mark.django_db


def form(**extra):
    data = {"visit_date": "2025-06-20", "weight_kg": "9,2", "lenhei_cm": "74.5", "measure": "L"}
    data.update(extra)
    return data


def cells(on: date) -> list[tuple[str, int, int]]:
    """The village's underweight figure for the month and quarter of *on*, from the facts."""
    month = f"{on.year}-{on.month:02d}"
    quarter = f"{on.year}-Q{(on.month - 1) // 3 + 1}"
    return [(key, *fact("posyandu.underweight", DESA_PINCARA, key)) for key in (month, quarter)]


def test_cadre_corrects_a_weight_and_it_is_rescored_and_audited(cadre, posyandu, make_child):
    child = make_child(posyandu, date(2024, 6, 1))
    v = visit(posyandu, child, date(2025, 6, 20), "9.2", "74.5", "L")
    before_z = v.zwei
    client = login(cadre)
    page = client.get(f"/posyandu/anak/{child.pk}/").content.decode()
    assert f"/posyandu/kunjungan/{v.pk}/ubah/" in page
    edit = client.get(f"/posyandu/kunjungan/{v.pk}/ubah/")
    assert edit.status_code == 200 and 'value="9.2' in edit.content.decode().replace(",", ".")
    response = client.post(f"/posyandu/kunjungan/{v.pk}/ubah/", form(weight_kg="7,1"))
    assert response.status_code == 302
    v.refresh_from_db()
    assert v.weight_kg == Decimal("7.10")
    expected = services.child_assess(
        child,
        services.ChildVisitData(
            visit_date=v.visit_date,
            weight_kg=Decimal("7.1"),
            lenhei_cm=Decimal("74.5"),
            measure="L",
        ),
    )
    assert v.zwei == pytest.approx(expected.z["zwei"]) and v.zwei < before_z
    assert v.status_bbu == expected.status["bbu"]
    entry = LogEntry.objects.get(additional_data__event="posyandu.visit_updated")
    assert entry.additional_data["before"]["weight_kg"] == "9.20"
    assert entry.additional_data["after"]["weight_kg"] == "7.10"
    assert ChildVisit.objects.count() == 1


def test_correction_refreshes_the_figures_it_fed(cadre, posyandu, make_child):
    child = make_child(posyandu, date(2024, 6, 1))
    v = visit(posyandu, child, date(2025, 6, 20), "9.2", "74.5", "L")
    fresh = cells(date(2025, 6, 1))
    response = login(cadre).post(f"/posyandu/kunjungan/{v.pk}/ubah/", form(weight_kg="7,0"))
    assert response.status_code == 302
    changed = cells(date(2025, 6, 1))
    assert changed != fresh  # an underweight child now counts
    services.child_visit_update(
        actor=cadre,
        visit=ChildVisit.objects.get(),
        data=services.ChildVisitData(
            visit_date=date(2025, 6, 20),
            weight_kg=Decimal("9.2"),
            lenhei_cm=Decimal("74.5"),
            measure="L",
        ),
    )
    assert cells(date(2025, 6, 1)) == fresh


def test_correction_cannot_land_on_another_visit_day(cadre, posyandu, make_child):
    child = make_child(posyandu, date(2024, 6, 1))
    visit(posyandu, child, date(2025, 5, 20), "9.0", "73.5", "L")
    v = visit(posyandu, child, date(2025, 6, 20), "9.2", "74.5", "L")
    response = login(cadre).post(f"/posyandu/kunjungan/{v.pk}/ubah/", form(visit_date="2025-05-20"))
    assert response.status_code == 200 and "sudah tercatat" in response.content.decode()
    v.refresh_from_db()
    assert v.visit_date == date(2025, 6, 20)


def test_cadre_deletes_a_visit_and_figures_follow(cadre, posyandu, make_child):
    child = make_child(posyandu, date(2024, 6, 1))
    v = visit(posyandu, child, date(2025, 6, 20), "9.2", "74.5", "L")
    client = login(cadre)
    assert client.get(f"/posyandu/kunjungan/{v.pk}/hapus/").status_code == 405
    response = client.post(f"/posyandu/kunjungan/{v.pk}/hapus/")
    assert response.status_code == 302
    assert not ChildVisit.objects.exists()
    entry = LogEntry.objects.get(additional_data__event="posyandu.visit_deleted")
    assert entry.additional_data["before"]["weight_kg"] == "9.20"
    assert all(den == 0 for _k, _num, den in cells(date(2025, 6, 1)))


def test_other_cadre_and_other_village_cannot_correct_or_delete(
    make_user, cadre, posyandu, other_posyandu, make_child, other_operator
):
    other_cadre = make_user(Role.POSYANDU_CADRE, DESA_PINCARA, username="kader_melati")
    services.cadre_link(actor=None, posyandu=other_posyandu, user=other_cadre)
    child = make_child(posyandu, date(2024, 6, 1))
    v = visit(posyandu, child, date(2025, 6, 20), "9.2", "74.5", "L")
    for user in (other_cadre, other_operator):
        client = login(user)
        assert client.get(f"/posyandu/kunjungan/{v.pk}/ubah/").status_code == 404
        assert (
            client.post(f"/posyandu/kunjungan/{v.pk}/ubah/", form(weight_kg="5")).status_code == 404
        )
        assert client.post(f"/posyandu/kunjungan/{v.pk}/hapus/").status_code == 404
    v.refresh_from_db()
    assert v.weight_kg == Decimal("9.20")
    assert not LogEntry.objects.filter(
        additional_data__event__in=["posyandu.visit_updated", "posyandu.visit_deleted"]
    ).exists()


def test_village_office_may_correct(operator, posyandu, make_child):
    child = make_child(posyandu, date(2024, 6, 1))
    v = visit(posyandu, child, date(2025, 6, 20), "9.2", "74.5", "L")
    response = login(operator).post(f"/posyandu/kunjungan/{v.pk}/ubah/", form(weight_kg="9,4"))
    assert response.status_code == 302
    v.refresh_from_db()
    assert v.weight_kg == Decimal("9.40")
