"""One stored form of a person's name, whoever writes it."""

from __future__ import annotations

from datetime import date
from importlib import import_module

import pytest
from django.apps import apps

from balai.registry.importing.parse import parse_row
from balai.registry.models import Resident
from balai.registry.names import person_name
from balai.registry.services import resident_update
from balai.registry.tests.factories import make_resident
from conftest import DESA_PINCARA

pytestmark = pytest.mark.django_db


def test_person_name_is_upper_case_with_single_spaces() -> None:
    assert person_name("  siti   Nur'aini  ") == "SITI NUR'AINI"
    assert person_name(None) == ""


def test_registry_services_store_every_name_field_in_one_form(tree: None) -> None:
    person = make_resident(
        f"{DESA_PINCARA}.01", name="budi  Santoso", father_name="ahmad", mother_name="Sri Wahyuni"
    )
    person.refresh_from_db()
    assert (person.name, person.father_name, person.mother_name) == (
        "BUDI SANTOSO",
        "AHMAD",
        "SRI WAHYUNI",
    )
    resident_update(actor=None, resident=person, data={"name": "Budi santoso"})
    person.refresh_from_db()
    assert person.name == "BUDI SANTOSO"  # the same name: nothing changed, no event


def test_imported_names_take_the_registers_form() -> None:
    row = parse_row(
        {"nama": "dewi  lestari", "nama_ibu": "Ani"},
        line=2,
        sheet="",
        today=date(2025, 6, 1),
        kecamatan_exists=lambda _c: True,
        retired_kecamatan=lambda _c: False,
    )
    assert row.values["name"] == "DEWI LESTARI"
    assert row.values["mother_name"] == "ANI"


def test_migration_brings_older_mixed_case_rows_to_the_register_form(tree: None) -> None:
    person = make_resident(f"{DESA_PINCARA}.01", name="ANI")
    # A row as older versions stored it (the newborn form kept the typed case).
    Resident.objects.filter(pk=person.pk).update(name="Bayi  ani", mother_name="siti")
    untouched = make_resident(f"{DESA_PINCARA}.01", name="BUDI")
    before = Resident.objects.get(pk=untouched.pk).updated_at
    import_module("balai.registry.migrations.0009_names_upper_case").forwards(apps, None)
    person.refresh_from_db()
    assert (person.name, person.mother_name) == ("BAYI ANI", "SITI")
    assert Resident.objects.get(pk=untouched.pk).updated_at == before
    names = list(
        Resident.objects.filter(pk__in=[person.pk, untouched.pk])
        .order_by("name")
        .values_list("name", flat=True)
    )
    assert names == ["BAYI ANI", "BUDI"]
