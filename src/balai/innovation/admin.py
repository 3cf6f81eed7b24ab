"""The IID method per year in the admin (system admins): numbers and indicator rows.

Rounds, innovations and answers change only through the services (audited).
"""

from django.contrib import admin

from balai.innovation.models import IndicatorDef, RuleSet


class IndicatorDefInline(admin.TabularInline[IndicatorDef, RuleSet]):
    model = IndicatorDef
    extra = 0
    fields = (
        "aspect",
        "number",
        "sub",
        "variable",
        "name",
        "weight",
        "mandatory",
        "param1",
        "param2",
        "param3",
        "evidence_hint",
    )


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin[RuleSet]):
    list_display = (
        "year",
        "name",
        "divisor_min",
        "count_weight",
        "count_cap",
        "min_basic_urusan",
        "total_max",
    )
    inlines = [IndicatorDefInline]
