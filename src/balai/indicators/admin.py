from django.contrib import admin

from balai.indicators.models import Dhis2Mapping, IndicatorTarget


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin[IndicatorTarget]):
    list_display = ("indicator", "area", "year", "direction", "value", "near_band")
    list_filter = ("year", "indicator")


@admin.register(Dhis2Mapping)
class Dhis2MappingAdmin(admin.ModelAdmin[Dhis2Mapping]):
    list_display = ("kind", "local_code", "uid")
    list_filter = ("kind",)
    search_fields = ("local_code", "uid")
