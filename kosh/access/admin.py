"""Administrators give users their role and scope here. Person records are not editable in
the admin: changes to them go through the audited services (console, API, import)."""

from django.contrib import admin

from .models import ApiToken, AuditEvent, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "region", "mission_country")
    list_filter = ("role", "region")
    search_fields = ("user__username",)
    autocomplete_fields = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "created_at", "revoked")
    fields = ("name", "user", "revoked")
    readonly_fields = ("name", "user")

    def has_add_permission(self, request) -> bool:
        return False  # tokens are issued with `kosh token create`, which shows the secret once


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_name", "role", "channel", "action", "object_type",
                    "object_id", "person_id", "purpose", "reason")
    list_filter = ("action", "reason", "role", "channel")
    search_fields = ("actor_name", "object_id", "purpose")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
