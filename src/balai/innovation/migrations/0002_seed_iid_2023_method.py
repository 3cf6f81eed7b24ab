"""Seed the 2023 IID method (domain.md §7.2) as the first rule set."""

from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from balai.innovation import catalogue

    catalogue.install(apps.get_model("innovation", "RuleSet"), apps.get_model("innovation", "IndicatorDef"))


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("innovation", "RuleSet").objects.filter(year=2023, assessments=None).delete()


class Migration(migrations.Migration):
    dependencies = [("innovation", "0001_inventory_method_and_evidence")]

    operations = [migrations.RunPython(seed, unseed)]
