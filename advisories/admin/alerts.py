"""E-mail alerts in the admin: for superusers only, read-only, and never an address.

The subscriptions list opens with the counts (confirmed, waiting for confirmation, by frequency
and by target); a subscription's page shows what was asked and the consent given, not who
asked. Addresses are read by nobody here: they serve only to send the alerts.
"""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils import timezone

from ..models import AlertEvent, AlertSubscription, SentAlert
from ..models.alerts import confirm_before
from .scoped import ReadOnlyMixin


class SuperusersOnlyMixin(ReadOnlyMixin):
    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


class StateFilter(admin.SimpleListFilter):
    title = "tình trạng"
    parameter_name = "tinh-trang"

    def lookups(self, request, model_admin):
        return [
            ("da-xac-nhan", "Đã xác nhận"),
            ("cho-xac-nhan", "Chờ xác nhận"),
            ("qua-han", "Quá hạn xác nhận (sẽ bị xóa)"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "da-xac-nhan":
                return queryset.confirmed()
            case "cho-xac-nhan":
                return queryset.unconfirmed().filter(requested_at__gte=confirm_before())
            case "qua-han":
                return queryset.lapsed()
        return queryset


def subscription_counts() -> dict[str, int]:
    """Every count of the panel in one query."""
    now = timezone.now()
    confirmed = Q(confirmed_at__isnull=False)
    Target, Frequency = AlertSubscription.Target, AlertSubscription.Frequency
    return AlertSubscription.objects.aggregate(
        total=Count("pk"),
        confirmed=Count("pk", filter=confirmed),
        waiting=Count(
            "pk", filter=Q(confirmed_at__isnull=True, requested_at__gte=confirm_before(now=now))
        ),
        lapsed=Count(
            "pk", filter=Q(confirmed_at__isnull=True, requested_at__lt=confirm_before(now=now))
        ),
        immediate=Count("pk", filter=confirmed & Q(frequency=Frequency.IMMEDIATE)),
        daily=Count("pk", filter=confirmed & Q(frequency=Frequency.DAILY)),
        **{
            f"target_{value}": Count("pk", filter=confirmed & Q(target=value))
            for value in Target.values
        },
    )


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(SuperusersOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "target", "target_name", "frequency", "requested_at", "confirmed_at"]
    list_filter = [StateFilter, "target", "frequency", "language"]
    list_select_related = ["pattern", "organisation"]
    date_hierarchy = "requested_at"
    # No address, no token material: what was asked, the consent given and when.
    fields = readonly_fields = [
        "target",
        "pattern",
        "organisation",
        "province",
        "frequency",
        "language",
        "consent_version",
        "consent_text",
        "requested_at",
        "confirmed_at",
    ]
    change_list_template = "admin/advisories/alerts/subscription_change_list.html"

    @admin.display(description="về")
    def target_name(self, obj):
        return obj.pattern or obj.organisation or obj.province or "—"

    def changelist_view(self, request, extra_context=None):
        counts = subscription_counts() if self.has_view_permission(request) else {}
        context = {"alert_counts": counts, **(extra_context or {})}
        return super().changelist_view(request, context)


@admin.register(AlertEvent)
class AlertEventAdmin(SuperusersOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "dispatch", "sent_count"]
    list_filter = ["kind"]
    list_select_related = ["dispatch"]
    date_hierarchy = "created_at"
    fields = readonly_fields = ["dispatch", "kind", "correction", "created_at", "sent_count"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(sent_total=Count("sent"))

    @admin.display(description="số thư đã gửi")
    def sent_count(self, obj):
        return obj.sent_total


@admin.register(SentAlert)
class SentAlertAdmin(SuperusersOnlyMixin, admin.ModelAdmin):
    list_display = ["claimed_at", "event", "subscription", "sent_at"]
    list_select_related = ["event", "subscription"]
    list_filter = ["event__kind"]
    fields = readonly_fields = ["subscription", "event", "claim", "claimed_at", "sent_at"]
    show_full_result_count = False  # a large table: no second COUNT(*) per page
