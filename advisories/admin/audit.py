"""Admin of the audit trail: read-only, for superusers; nobody edits or deletes history here."""

from django.contrib import admin

from ..models import AuditEvent
from .scoped import ReadOnlyMixin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "kind", "username", "target_repr", "ip_address", "path"]
    list_filter = ["kind"]
    search_fields = ["username", "target_repr", "target_id", "detail", "path"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
