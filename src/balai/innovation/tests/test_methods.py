"""Scoring methods as data: Bappeda copies a year's method and edits it until a round closes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from balai.core.errors import DomainError
from balai.innovation import selectors, services
from balai.innovation.models import RuleSet
from balai.innovation.tests.conftest import MANDATORY, fill, make_innovation
from balai.regions.models import Area
from conftest import KAB_LUWU, login

pytestmark = pytest.mark.django_db


def form_of(rule_set: RuleSet, **changes: object) -> dict[str, object]:
    """The edit form's POST for *rule_set* as it stands, with *changes*."""
    data: dict[str, object] = {
        "name": rule_set.name,
        "source": rule_set.source,
        "divisor_min": rule_set.divisor_min,
        "count_weight": rule_set.count_weight,
        "count_cap": rule_set.count_cap,
        "count_max": rule_set.count_max,
        "min_basic_urusan": rule_set.min_basic_urusan,
        "spd_max": rule_set.spd_max,
        "sid_max": rule_set.sid_max,
        "total_max": rule_set.total_max,
        "below_bands": rule_set.below_bands,
        "mandatory": list(MANDATORY),
    }
    for n, (low, label) in enumerate(rule_set.bands, 1):
        data[f"band_min_{n}"] = low
        data[f"band_label_{n}"] = label
    data.update(changes)
    return data


@pytest.fixture
def method_2023(tree: None) -> RuleSet:
    return RuleSet.objects.get(year=2023)


def test_bappeda_copies_a_method_and_edits_its_numbers(method_2023, bappeda) -> None:
    client = login(bappeda)
    assert client.get("/inovasi/metode/").status_code == 200
    response = client.post("/inovasi/metode/", {"source": method_2023.pk, "year": 2026})
    copy = RuleSet.objects.get(year=2026)
    assert response.status_code == 302 and response["Location"] == f"/inovasi/metode/{copy.pk}/"
    assert copy.indicators.count() == method_2023.indicators.count()
    page = client.get(f"/inovasi/metode/{copy.pk}/")
    assert b'data-testid="method-form"' in page.content
    data = form_of(
        copy,
        divisor_min=14,
        band_min_1="65.01",
        band_min_2="40,01",  # a decimal comma, as Indonesians type it
        band_min_3="0.01",
        min_basic_urusan=6,
        mandatory=["16", "17", "32", "33"],  # 35 no longer mandatory
    )
    response = client.post(f"/inovasi/metode/{copy.pk}/", data)
    assert response.status_code == 302, response.content.decode()
    copy.refresh_from_db()
    assert copy.divisor_min == 14 and copy.min_basic_urusan == 6
    assert copy.bands == [
        ["65.01", "Sangat Inovatif"],
        ["40.01", "Inovatif"],
        ["0.01", "Kurang Inovatif"],
    ]
    assert not copy.indicators.get(number=35).mandatory
    assert copy.indicators.get(number=16).mandatory
    # The 2023 method is untouched.
    method_2023.refresh_from_db()
    assert method_2023.divisor_min == 10 and method_2023.indicators.get(number=35).mandatory
    method = selectors.method_of(copy)
    assert method.bands[0] == (Decimal("65.01"), "Sangat Inovatif")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"band_min_2": "70.00"}, "harus lebih kecil dari batas predikat di atasnya"),
        ({"band_min_3": "60.01"}, "tanpa tumpang tindih"),
        ({"band_min_1": "120"}, "paling besar 100"),
        ({"band_label_2": ""}, "Isi nama predikat untuk batas ini"),
        ({"band_min_2": ""}, "Isi batas bawah predikat ini"),
        ({"band_label_2": "Sangat Inovatif"}, "tercantum dua kali"),
        (
            {"band_min_1": "", "band_label_1": "", "band_min_2": "", "band_label_2": ""}
            | {"band_min_3": "", "band_label_3": ""},
            "paling sedikit satu predikat",
        ),
        ({"count_max": "0"}, "Skor maksimum harus lebih dari 0"),
        ({"spd_max": "-5"}, "Skor maksimum harus lebih dari 0"),
        ({"total_max": "300"}, "harus sama dengan SPD + SID + jumlah inovasi (250.00)"),
        ({"divisor_min": "0"}, "Pembagi paling kecil harus 1 atau lebih"),
        ({"min_basic_urusan": "9"}, "Urusan wajib pelayanan dasar hanya ada 6"),
        ({"count_weight": "abc"}, "Masukkan sebuah bilangan"),
        ({"mandatory": ["99"]}, "99"),
    ],
)
def test_bad_method_is_refused_in_indonesian_and_nothing_changes(
    method_2023, bappeda, changes, message
) -> None:
    copy = services.ruleset_copy(actor=None, source=method_2023, year=2027)
    response = login(bappeda).post(f"/inovasi/metode/{copy.pk}/", form_of(copy, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    fresh = RuleSet.objects.get(pk=copy.pk)
    assert (fresh.bands, fresh.total_max, fresh.divisor_min) == (
        method_2023.bands,
        method_2023.total_max,
        10,
    )
    assert fresh.indicators.filter(aspect="sid", mandatory=True).count() == len(MANDATORY)


def test_a_method_of_a_closed_round_is_read_only(assessment, bappeda) -> None:
    rule_set = assessment.rule_set
    client = login(bappeda)
    # While the round is open, its Bappeda may change the method.
    assert b'data-testid="method-form"' in client.get(f"/inovasi/metode/{rule_set.pk}/").content
    services.assessment_close(actor=None, assessment=assessment)
    page = client.get(f"/inovasi/metode/{rule_set.pk}/")
    assert b'data-testid="method-locked"' in page.content
    assert b'data-testid="method-form"' not in page.content
    assert client.post(f"/inovasi/metode/{rule_set.pk}/", form_of(rule_set)).status_code == 403
    with pytest.raises(DomainError, match="tidak dapat diubah lagi"):
        services.ruleset_update(actor=None, rule_set=rule_set, divisor_min=12)
    # Copying it for another year still works.
    copy = services.ruleset_copy(actor=None, source=rule_set, year=2024)
    assert copy.divisor_min == rule_set.divisor_min


def test_editing_the_method_rescores_the_open_round(assessment, bappeda) -> None:
    innovation = make_innovation(assessment)
    fill(innovation, MANDATORY)
    services.innovation_submit(actor=None, innovation=innovation)
    before = selectors.iid(assessment).score
    assert before.divisor == 10
    services.ruleset_update(actor=None, rule_set=assessment.rule_set, divisor_min=14)
    assessment.refresh_from_db()
    after = selectors.iid(assessment).score
    assert after.divisor == 14 and after.sid_average < before.sid_average


def test_only_bappeda_manages_methods(method_2023, dinkes, operator) -> None:
    assert login(dinkes).get("/inovasi/metode/").status_code == 403
    assert login(operator).get(f"/inovasi/metode/{method_2023.pk}/").status_code == 403
    assert b"menu-methods" not in login(dinkes).get("/inovasi/").content


def test_a_method_another_kabupaten_uses_is_not_editable_here(method_2023, bappeda) -> None:
    luwu = Area.objects.get(code=KAB_LUWU)
    services.assessment_open(actor=None, kabupaten=luwu, year=2023, deadline=date(2030, 6, 30))
    page = login(bappeda).get(f"/inovasi/metode/{method_2023.pk}/")
    assert b'data-testid="method-shared"' in page.content
    assert (
        login(bappeda).post(f"/inovasi/metode/{method_2023.pk}/", form_of(method_2023)).status_code
        == 403
    )
