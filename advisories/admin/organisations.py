"""Admin of organisations, scam patterns and staff accounts' organisations."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from ..models import Organisation, ScamPattern, StaffMembership
from .scoped import is_autocomplete_for, scope_of


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "kind", "province", "parent", "is_active"]
    list_filter = ["kind", "province", "is_active"]
    search_fields = ["name", "short_name", "abbreviation", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "abbreviation", "slug", "kind", "province"]}),
        ("Cấp trên và liên hệ", {"fields": ["parent", "email", "hotline", "is_active"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        # Anyone may be addressed or assigned, but a dispatch is issued only by one's own units.
        if is_autocomplete_for(request, "dispatch", "issuer"):
            queryset = scope_of(request).filter(queryset, field="pk")
        return super().get_search_results(request, queryset, search_term)


@admin.register(ScamPattern)
class ScamPatternAdmin(admin.ModelAdmin):
    list_display = ["name", "targets", "impersonates"]
    search_fields = ["name", "summary", "targets", "impersonates"]
    list_filter = ["via_call", "via_link", "via_app", "via_sms"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary"]}),
        ("Nhận biết", {"fields": ["steps", "red_flags", "targets", "impersonates"]}),
        ("Kênh", {"fields": [("via_call", "via_link", "via_app", "via_sms")]}),
        ("Cần làm gì", {"fields": ["what_to_do", "where_to_report"]}),
    ]


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "includes_child_units"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


class StaffMembershipInline(admin.StackedInline):
    model = StaffMembership
    autocomplete_fields = ["organisation"]
    can_delete = False


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Django's user admin with the account's organisation on the same page."""

    inlines = [StaffMembershipInline]
    list_display = [*UserAdmin.list_display, "staff_membership"]
    list_select_related = ["staff_membership__organisation"]
