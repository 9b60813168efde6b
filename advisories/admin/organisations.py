"""Admin of organisations, scam patterns and staff accounts: each save calls its service, which
re-indexes and refreshes the public pages that print what changed."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm

from ..models import Organisation, ScamPattern, StaffMembership
from ..services import create_staff_user, save_organisation, save_scam_pattern
from ..services.staff import ROLES
from .scoped import is_autocomplete_for, scope_of

_SLUG_HELP = "Để trống để tạo tự động từ tên (chữ không dấu, ví dụ bvdk-kien-hai)."


class _OptionalSlugForm(forms.ModelForm):
    """The slug may be left blank: the service makes it from the name, đ as d (the admin's
    JavaScript prefill wrote "BVĐK" as "bvdjk")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:  # absent where the account may only view
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _SLUG_HELP


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "kind", "province", "parent", "is_active"]
    list_filter = ["kind", "province", "is_active"]
    search_fields = ["name", "short_name", "abbreviation", "slug"]
    form = _OptionalSlugForm
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

    def save_model(self, request, obj, form, change):
        save_organisation(organisation=obj, by=request.user)


def _beside_english(*names):
    """Each Vietnamese field on one row with its English version (`<name>_en`) beside it."""
    return [(name, f"{name}_en") for name in names]


@admin.register(ScamPattern)
class ScamPatternAdmin(admin.ModelAdmin):
    """Each text in Vietnamese with its English version beside it, for the pages under /en/
    (blank: the English page shows the Vietnamese)."""

    list_display = ["name", "name_en", "targets", "impersonates"]
    search_fields = ["name", "name_en", "summary", "summary_en", "targets", "impersonates"]
    list_filter = ["via_call", "via_link", "via_app", "via_sms"]
    form = _OptionalSlugForm
    fieldsets = [
        (None, {"fields": ["slug", *_beside_english("name", "summary")]}),
        ("Nhận biết", {"fields": _beside_english("steps", "red_flags", "targets", "impersonates")}),
        ("Kênh", {"fields": [("via_call", "via_link", "via_app", "via_sms")]}),
        ("Cần làm gì", {"fields": _beside_english("what_to_do", "where_to_report")}),
    ]

    def save_model(self, request, obj, form, change):
        save_scam_pattern(pattern=obj, by=request.user)


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


class StaffUserCreationForm(AdminUserCreationForm):
    """A new staff account names its organisation and role, as `create_staff_user` needs."""

    organisation = forms.ModelChoiceField(
        label="Cơ quan, đơn vị", queryset=Organisation.objects.filter(is_active=True)
    )
    role = forms.ChoiceField(
        label="Vai trò",
        choices=[(key, name) for key, name in ROLES.items()],
        help_text="Văn thư soạn và chuyển tiếp; lãnh đạo còn ban hành, thu hồi, đính chính.",
    )
    email = forms.EmailField(label="Thư điện tử", required=False)
    includes_child_units = forms.BooleanField(
        label="Phạm vi gồm các đơn vị trực thuộc", required=False
    )


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Django's user admin with the account's organisation on the same page; a new account is
    made by the same service as `manage.py create_staff_user`."""

    inlines = [StaffMembershipInline]
    list_display = [*UserAdmin.list_display, "staff_membership"]
    list_select_related = ["staff_membership__organisation"]
    add_form = StaffUserCreationForm
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "usable_password",
                    "password1",
                    "password2",
                    "email",
                    "organisation",
                    "role",
                    "includes_child_units",
                ],
            },
        )
    ]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # a new account's organisation is above

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        password = data.get("password1") if data.get("usable_password", "true") != "false" else None
        user = create_staff_user(
            username=data["username"],
            organisation=data["organisation"],
            role=data["role"],
            email=data.get("email") or "",
            password=password,
            includes_child_units=data.get("includes_child_units", False),
        )
        form.instance = obj = user  # the admin's log entry and redirect name the new account
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)
