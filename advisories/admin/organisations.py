"""Admin of organisations and scam patterns."""

from django.contrib import admin

from ..models import Organisation, ScamPattern


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
