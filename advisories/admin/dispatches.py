"""Admin of dispatches: the document's parts as inlines, in printed order, scoped to the staff
account's organisation; the life of a dispatch through buttons that call the services."""

from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from .. import access
from ..models import (
    Addressee,
    Attachment,
    Correction,
    Directive,
    Dispatch,
    DistributionLine,
    Reference,
    WarningMessage,
)
from ..services import delete_draft, save_draft, save_draft_parts
from ..services.indicators import may_mark_indicators
from ..sms import sms_stats, unaccented
from .forms import DirectiveFormSet
from .history import PartHistoryMixin
from .importing import DispatchImportMixin
from .indicators import DispatchIndicatorsMixin
from .scoped import (
    DraftPartInline,
    NotFoundOutsideScopeMixin,
    PartListAdmin,
    ReadOnlyMixin,
    is_autocomplete_for,
    scope_of,
)
from .workflow import DispatchWorkflowMixin, publish_confirmation


def formset_changes(formset):
    """What an inline formset would write, for save_draft_parts: the parts to save with the
    values of their many-to-many fields, and the parts to delete."""
    formset.save(commit=False)
    saved = []
    for form in formset.saved_forms:
        names = [f.name for f in form.instance._meta.many_to_many if f.name in form.cleaned_data]
        saved.append((form.instance, {name: form.cleaned_data[name] for name in names}))
    return saved, list(formset.deleted_objects)


def citable_dispatches(request):
    """What a reference may point at: any public dispatch, and the account's own drafts."""
    scope = scope_of(request)
    return Dispatch.objects.filter(
        Q(status__in=[Dispatch.Status.PUBLISHED, Dispatch.Status.WITHDRAWN])
        | Q(pk__in=scope.filter(Dispatch.objects.all()).values("pk"))
    )


class AddresseeInline(DraftPartInline, admin.TabularInline):
    model = Addressee
    related = ("organisation",)
    prefetched = ("members",)
    extra = 0
    fields = ["position", "text", "organisation", "members"]
    autocomplete_fields = ["organisation", "members"]


class DistributionInline(DraftPartInline, admin.TabularInline):
    model = DistributionLine
    related = ("organisation",)
    prefetched = ("members",)
    extra = 0
    fields = ["position", "text", "organisation", "members"]
    autocomplete_fields = ["organisation", "members"]


class ReferenceInline(DraftPartInline, admin.StackedInline):
    model = Reference
    fk_name = "citing"
    related = ("target__issuer",)
    extra = 0
    autocomplete_fields = ["target"]
    fields = [
        ("position", "kind", "is_attached"),
        "target",
        ("external_doc_type", "external_number_symbol"),
        ("external_date", "external_issuer"),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "target":
            kwargs["queryset"] = citable_dispatches(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DirectiveInline(DraftPartInline, admin.StackedInline):
    model = Directive
    formset = DirectiveFormSet
    prefetched = ("assignees",)
    extra = 0
    autocomplete_fields = ["assignees"]
    fields = [("position", "label"), "heading", "text", "assignees", "deadline"]


class WarningInline(DraftPartInline, admin.StackedInline):
    model = WarningMessage
    extra = 0
    fields = [("position", "channel"), "text", "sms_cost", "unaccented_version"]
    readonly_fields = ["sms_cost", "unaccented_version"]

    @admin.display(description="SMS: độ dài, mã hóa, số tin")
    def sms_cost(self, obj):
        if not obj or not obj.text:
            return "— (lưu để xem số tin)"
        return _sms_line(obj.text)

    @admin.display(description="Bản không dấu")
    def unaccented_version(self, obj):
        if not obj or not obj.text:
            return "—"
        plain = unaccented(obj.text)
        return format_html("<p>{}</p><p><strong>{}</strong></p>", plain, _sms_line(plain))


def _sms_line(text):
    stats = sms_stats(text)
    return (
        f"{stats.length} ký tự, {stats.encoding}, {stats.segments} tin SMS "
        f"({stats.per_segment} ký tự/tin)"
    )


class AttachmentInline(DraftPartInline, admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["title", "file"]


@admin.register(Dispatch)
class DispatchAdmin(
    DispatchIndicatorsMixin,
    DispatchImportMixin,
    DispatchWorkflowMixin,
    PartHistoryMixin,
    NotFoundOutsideScopeMixin,
    SimpleHistoryAdmin,
):
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
    readonly_fields = [
        "status",
        "published_at",
        "withdrawn_on",
        "withdrawal_reason",
        "corrections_list",
        "created_at",
        "updated_at",
    ]
    date_hierarchy = "published_at"
    actions = ["publish_selected"]
    history_list_display = ["status"]
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
            {
                "fields": [
                    "doc_type",
                    ("number", "symbol"),
                    "unnumbered",
                    "place",
                    ("day", "month", "year"),
                ]
            },
        ),
        ("Nội dung", {"fields": ["subject", "body", "closing", "scam_patterns", "summary_en"]}),
        (
            "Ký",
            {"fields": [("signing_authority", "authority_title"), "signer_title", "signer_name"]},
        ),
        (
            "Trạng thái",
            {
                "fields": [
                    "status",
                    "published_at",
                    ("withdrawn_on", "withdrawal_reason"),
                    "corrections_list",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    # --- Scope: the account's organisation(s) only -------------------------------------------

    def get_queryset(self, request):
        return scope_of(request).filter(super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or access.can_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or access.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or access.can_delete(request.user, obj))

    def history_view(self, request, object_id, extra_context=None):
        self.get_object(request, unquote(object_id))  # outside the scope: 404, as every page
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """An old version may be looked at, never saved back (no revert, published or not)."""
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_autocomplete_fields(self, request):
        # One organisation to choose from needs no search box.
        if request.user.is_superuser:
            return self.autocomplete_fields
        return []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "issuer":
            kwargs["queryset"] = scope_of(request).organisations()
            kwargs["empty_label"] = None if not request.user.is_superuser else "---------"
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        if is_autocomplete_for(request, "reference", "target"):
            queryset = citable_dispatches(request)
        return super().get_search_results(request, queryset, search_term)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        scope = scope_of(request)
        # A new dispatch is the clerk's own organisation's, unless it is an import naming an
        # issuer that matched no organisation of the portal: another body's document, which
        # must never go out under the clerk's name (the import's note asks to choose).
        if (
            scope.home_id is not None
            and not initial.get("issuer")
            and not initial.get("issuer_line")
        ):
            initial["issuer"] = scope.home_id
        return initial

    # --- Actions -----------------------------------------------------------------------------

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        # Deleting goes through each draft's own page, which checks it is a draft.
        actions.pop("delete_selected", None)
        if not request.user.has_perm("advisories.publish_dispatch"):
            actions.pop("publish_selected", None)
        return actions

    @admin.action(description="Ban hành các bản nháp đã chọn")
    def publish_selected(self, request, queryset):
        """Shows what publishing will do (public pages, units mailed, what is missing) and
        publishes on the confirmation's POST, as Django's delete action does."""
        drafts = list(queryset.drafts().select_related("issuer"))
        if not all(access.can_publish(request.user, d) for d in drafts):
            raise PermissionDenied
        return publish_confirmation(self, request, drafts, bulk=True)

    # --- Saving ------------------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The services check again, under a row lock, what the form checked: a draft another
        # leader published meanwhile is refused with a message, not a 500.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        save_draft(dispatch=obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        """Parts are written together in save_related, by one service call."""

    def save_related(self, request, form, formsets, change):
        saved, deleted = [], []
        for formset in formsets:
            formset_saved, formset_deleted = formset_changes(formset)
            saved += formset_saved
            deleted += formset_deleted
        save_draft_parts(
            dispatch=form.instance,
            by=request.user,
            saved=saved,
            deleted=deleted,
            scam_patterns=form.cleaned_data.get("scam_patterns"),
        )
        if not change:
            self.save_import_indicators(request, form)
        withdrawn = form.instance.references.filter(target__status=Dispatch.Status.WITHDRAWN)
        for reference in withdrawn.select_related("target"):
            messages.warning(
                request,
                f"Lưu ý: văn bản được dẫn chiếu {reference.target.number_symbol} đã bị thu hồi"
                f" ({reference.target.withdrawal_reason}). Hãy kiểm tra lại trước khi ban hành.",
            )

    def delete_model(self, request, obj):
        delete_draft(dispatch=obj, by=request.user)

    def get_deleted_objects(self, objs, request):
        # The parts go with their draft: delete_draft checks the account may delete the draft,
        # which is all that counts (the part lists are read-only for everyone).
        deleted, model_count, _, protected = super().get_deleted_objects(objs, request)
        return deleted, model_count, set(), protected

    def delete_queryset(self, request, queryset):
        for dispatch in queryset:
            delete_draft(dispatch=dispatch, by=request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        user = request.user
        context |= {
            "can_publish": bool(obj) and access.can_publish(user, obj),
            "can_withdraw": bool(obj) and access.can_withdraw(user, obj),
            "can_correct": bool(obj) and access.can_correct(user, obj),
            "can_mark_indicators": bool(obj) and may_mark_indicators(user, obj),
            "can_follow_receipts": bool(obj) and obj.is_public and access.can_follow_receipts(user),
            "import_checks": self.import_checks(request) if add else [],
        }
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Columns -----------------------------------------------------------------------------

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

    @admin.display(description="đính chính")
    def corrections_list(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        rows = [
            (
                f"{c.corrected_at:%d/%m/%Y}",
                "; ".join(f"{label}: «{old}» → «{new}»" for label, old, new in c.changed_fields),
                c.reason,
            )
            for c in obj.corrections.all()
        ]
        if not rows:
            return "—"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {} (lý do: {})</li>", rows))

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else None


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyMixin, NotFoundOutsideScopeMixin, admin.ModelAdmin):
    """Read-only: corrections are written by services.correct_dispatch alone."""

    list_display = ["dispatch", "corrected_at", "corrected_by", "reason"]
    list_select_related = ["dispatch", "corrected_by"]
    search_fields = ["dispatch__symbol", "reason"]
    fields = ["dispatch", "changes", "reason", "corrected_by", "corrected_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return scope_of(request).filter(super().get_queryset(request), field="dispatch__issuer")


@admin.register(Reference)
class ReferenceAdmin(PartListAdmin):
    list_display = ["citing", "kind", "target", "external_number_symbol"]
    list_filter = ["kind"]
    search_fields = ["citing__symbol", "target__symbol", "external_number_symbol"]
    autocomplete_fields = ["citing", "target"]
    list_select_related = ["citing", "target"]


@admin.register(Directive)
class DirectiveAdmin(PartListAdmin):
    list_display = ["dispatch", "label", "heading", "deadline"]
    search_fields = ["text", "heading", "dispatch__symbol"]
    autocomplete_fields = ["dispatch", "assignees"]
    list_select_related = ["dispatch"]


@admin.register(WarningMessage)
class WarningMessageAdmin(PartListAdmin):
    list_display = ["dispatch", "channel", "text"]
    list_filter = ["channel"]
    search_fields = ["text", "dispatch__symbol"]
    autocomplete_fields = ["dispatch"]
    list_select_related = ["dispatch"]


@admin.register(Attachment)
class AttachmentAdmin(PartListAdmin):
    list_display = ["title", "dispatch", "uploaded_at"]
    search_fields = ["title", "dispatch__symbol"]
    autocomplete_fields = ["dispatch"]
    list_select_related = ["dispatch"]


@admin.register(Addressee)
class AddresseeAdmin(PartListAdmin):
    list_display = ["dispatch", "position", "text", "organisation"]
    search_fields = ["text", "dispatch__symbol", "organisation__name"]
    autocomplete_fields = ["dispatch", "organisation", "members"]
    list_select_related = ["dispatch", "organisation"]


@admin.register(DistributionLine)
class DistributionLineAdmin(AddresseeAdmin):
    pass
