"""Seed the Dana Desa earmark rules of 2024-2026 (domain reference §5.4)."""

from decimal import Decimal

from django.db import migrations

RULES = (
    # year, focus, bound, percent, legal basis, confirmed
    (2024, "blt", "max", "25", "PMK 146/2023 (sebagaimana dikutip)", False),
    (2024, "pangan", "min", "20", "PMK 146/2023 (sebagaimana dikutip)", False),
    (2024, "operasional", "max", "3", "PMK 146/2023 (sebagaimana dikutip)", False),
    (2025, "blt", "max", "15", "Permendes 2/2024; PMK 108/2024", True),
    (2025, "pangan", "min", "20", "Permendes 2/2024; PMK 108/2024", True),
    (2025, "operasional", "max", "3", "Permendes 2/2024; PMK 108/2024", True),
    (2026, "operasional", "max", "3", "Permendes 16/2025; PMK 7/2025", True),
)


def seed(apps, schema_editor):
    rule = apps.get_model("finance", "EarmarkRule")
    for year, focus, bound, percent, basis, confirmed in RULES:
        rule.objects.update_or_create(
            year=year,
            focus=focus,
            defaults={
                "bound": bound,
                "percent": Decimal(percent),
                "legal_basis": basis,
                "confirmed": confirmed,
            },
        )


def unseed(apps, schema_editor):
    rule = apps.get_model("finance", "EarmarkRule")
    for year, focus, *_rest in RULES:
        rule.objects.filter(year=year, focus=focus).delete()


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_apbdes_realisation_bumdesa")]

    operations = [migrations.RunPython(seed, unseed)]
