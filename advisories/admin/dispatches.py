"""Admin of dispatches: the document's parts as inlines, in printed order."""

from django.contrib import admin
from django.utils.html import format_html

from ..models import (
    Addressee,
    Attachment,
    Directive,
    Dispatch,
    DistributionLine,
    Reference,
    WarningMessage,
)
from ..services import publish_dispatch, refresh_search_text
from .importing import DispatchImportMixin


class AddresseeInline(admin.TabularInline):
    model = Addressee
    extra = 0
    fields = ["position", "text", "organisation", "members"]
    autocomplete_fields = ["organisation", "members"]


class DistributionInline(admin.TabularInline):
    model = DistributionLine
    extra = 0
    fields = ["position", "text", "organisation", "members"]
    autocomplete_fields = ["organisation", "members"]


class ReferenceInline(admin.StackedInline):
    model = Reference
    fk_name = "citing"
    extra = 0
    autocomplete_fields = ["target"]
    fields = [
        ("position", "kind", "is_attached"),
        "target",
        ("external_doc_type", "external_number_symbol"),
        ("external_date", "external_issuer"),
    ]


class DirectiveInline(admin.StackedInline):
    model = Directive
    extra = 0
    autocomplete_fields = ["assignees"]
    fields = [("position", "label"), "heading", "text", "assignees", "deadline"]


class WarningInline(admin.StackedInline):
    model = WarningMessage
    extra = 0
    fields = [("position", "channel"), "text"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["title", "file"]


@admin.register(Dispatch)
class DispatchAdmin(DispatchImportMixin, admin.ModelAdmin):
    list_display = [
        "number_symbol_col",
        "subject_short",
        "issuer",
        "date_col",
        "status",
        "public_link",
    ]
    list_filter = ["status", "doc_type", "year", "issuer__province", "scam_patterns"]
    search_fields = ["symbol", "=number", "subject", "issuer__name", "search_text"]
    list_select_related = ["issuer"]
    autocomplete_fields = ["issuer"]
    filter_horizontal = ["scam_patterns"]
    readonly_fields = ["published_at", "created_at", "updated_at"]
    date_hierarchy = "published_at"
    actions = ["publish_selected"]
    inlines = [
        AddresseeInline,
        ReferenceInline,
        DirectiveInline,
        WarningInline,
        DistributionInline,
        AttachmentInline,
    ]
    fieldsets = [
        ("Cơ quan ban hành", {"fields": ["issuer", "parent_body_line", "issuer_line"]}),
        (
            "Số, ký hiệu, ngày",
            {"fields": ["doc_type", ("number", "symbol"), "place", ("day", "month", "year")]},
        ),
        ("Nội dung", {"fields": ["subject", "body", "closing", "scam_patterns"]}),
        (
            "Ký",
            {"fields": [("signing_authority", "authority_title"), "signer_title", "signer_name"]},
        ),
        ("Trạng thái", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]

    @admin.display(description="số/ký hiệu", ordering="number")
    def number_symbol_col(self, obj):
        return obj.number_symbol

    @admin.display(description="trích yếu")
    def subject_short(self, obj):
        return obj.subject[:90]

    @admin.display(description="ngày", ordering="year")
    def date_col(self, obj):
        return obj.short_date

    @admin.display(description="trang công khai")
    def public_link(self, obj):
        if not obj.is_public:
            return "—"
        return format_html('<a href="{}" target="_blank">Xem</a>', obj.get_absolute_url())

    @admin.action(description="Công bố các văn bản đã chọn", permissions=["change"])
    def publish_selected(self, request, queryset):
        published = 0
        for dispatch in queryset.drafts():
            publish_dispatch(dispatch=dispatch, by=request.user)
            published += 1
        self.message_user(request, f"Đã công bố {published} văn bản.")

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_search_text(dispatch=form.instance)


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["citing", "kind", "target", "external_number_symbol"]
    list_filter = ["kind"]
    search_fields = ["citing__symbol", "target__symbol", "external_number_symbol"]
    autocomplete_fields = ["citing", "target"]
    list_select_related = ["citing", "target"]


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ["dispatch", "label", "heading", "deadline"]
    search_fields = ["text", "heading", "dispatch__symbol"]
    autocomplete_fields = ["dispatch", "assignees"]
    list_select_related = ["dispatch"]


@admin.register(WarningMessage)
class WarningMessageAdmin(admin.ModelAdmin):
    list_display = ["dispatch", "channel", "text"]
    list_filter = ["channel"]
    search_fields = ["text", "dispatch__symbol"]
    autocomplete_fields = ["dispatch"]
    list_select_related = ["dispatch"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["title", "dispatch", "uploaded_at"]
    search_fields = ["title", "dispatch__symbol"]
    autocomplete_fields = ["dispatch"]
    list_select_related = ["dispatch"]


@admin.register(Addressee)
class AddresseeAdmin(admin.ModelAdmin):
    list_display = ["dispatch", "position", "text", "organisation"]
    search_fields = ["text", "dispatch__symbol", "organisation__name"]
    autocomplete_fields = ["dispatch", "organisation", "members"]
    list_select_related = ["dispatch", "organisation"]


@admin.register(DistributionLine)
class DistributionLineAdmin(AddresseeAdmin):
    pass
