from django.contrib import admin

from balai.finance.models import EarmarkRule


@admin.register(EarmarkRule)
class EarmarkRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("year", "focus", "bound", "percent", "confirmed", "legal_basis")
    list_filter = ("year", "confirmed")
