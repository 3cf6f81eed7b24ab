from django.contrib import admin

from balai.regions.models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin[Area]):
    list_display = ["code", "name", "level", "kind", "timezone", "is_active"]
    list_filter = ["level", "kind", "timezone", "is_active"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "level", "kind", "parent"]
    show_full_result_count = False
