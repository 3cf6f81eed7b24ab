from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from balai.accounts.models import ApiToken, RoleAssignment, User


class RoleInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["area"]


@admin.register(User)
class BalaiUserAdmin(UserAdmin[User]):
    inlines = [RoleInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_staff"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["name", "user", "prefix", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = ["prefix", "key_hash", "last_used_at"]
    search_fields = ["name", "user__username", "prefix"]
