"""Administrators switch the pilot mode of proposed instruments here (audited)."""

from django.contrib import admin
from django.http import HttpRequest

from kosh.access.policy import actor_for

from .models import PilotMode
from .pilot import pilot_mode_set


@admin.register(PilotMode)
class PilotModeAdmin(admin.ModelAdmin):
    list_display = ("instrument", "enabled", "reason", "changed_by", "changed_at")
    fields = ("instrument", "enabled", "reason")

    def get_readonly_fields(self, request: HttpRequest, obj: PilotMode | None = None):
        return ("instrument",) if obj else ()

    def save_model(self, request: HttpRequest, obj: PilotMode, form, change: bool) -> None:
        """Through the service, so that every switch is checked and audited."""
        saved = pilot_mode_set(actor=actor_for(request.user, channel="admin"),
                               instrument=obj.instrument, enabled=obj.enabled,
                               reason=obj.reason)
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: PilotMode | None = None) -> bool:
        return False
